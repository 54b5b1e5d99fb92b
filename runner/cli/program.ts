// The `lab` command line: parses arguments and hands each command to its module, loaded only
// when that command runs so `lab --version` stays close to Node's own start-up time.
// main.ts is the binary around it; tests drive runCli in-process to go through the same edge.
import { Command, CommanderError, Option } from 'commander';
import { exitCodeFor, LabError } from '../errors/index.js';
import { printError } from './output.js';
import { runnerVersion } from '../fs/package-root.js';
import { DEFAULT_OUTPUT_LINES, TAIL_LINES } from '../model/events.js';


const collect = (value: string, previous: string[] = []) => [...previous, value];

const PROFILE_HELP = 'read the labs as native | eks-workshop (over lab.config.yaml\'s profile:)';

/** Flags of every command that executes steps (run, record, walk). */
function sessionOptions(command: Command): Command {
  return command
    .option('--var <NAME=VALUE>', 'set a lab variable (repeatable)', collect)
    .option('--ssh-config <file>', 'ssh client config for remote steps (ssh -F)')
    .option('--ssh-option <KEY=VALUE>', 'extra ssh -o option (repeatable)', collect)
    .option('--kube-context <name>', 'kubectl context for pod steps (over the lab\'s kube-context:)')
    .option('--kubeconfig <file>', 'kubeconfig for pod steps (kubectl --kubeconfig)')
    .option('--trust', 'run live a lab from outside this project\'s labs/ folder (read it first)')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--profile <name>', PROFILE_HELP);
}

/** Flags of the headless commands (run, record). */
function runnerOptions(command: Command): Command {
  return sessionOptions(command)
    .option('--reporter <name[:file]>', 'pretty | json | junit | tap | github; repeatable, e.g. --reporter junit:out.xml', collect)
    .option('--shard <i/n>', 'run only shard i of n (labs split deterministically)')
    .option('--only <step-id>', 'run only these steps (repeatable)', collect)
    .option('--from <step-id>', 'start at this step')
    .option('--timeout <duration>', 'default step timeout, e.g. 10m (a step\'s own timeout= wins)')
    .option('--yes', 'accept every confirm= step (headless live runs)')
    .option('--output-lines <N|all>', `lines of a live step's output the pretty reporter shows as they come, then its last ${TAIL_LINES} at the step's end (default ${DEFAULT_OUTPUT_LINES}; all or 0: every line)`);
}

/**
 * The whole command line in-process: parses `argv` (without node and the script), runs the
 * command and returns its exit code. Never throws: every error is printed once, here, on stderr
 * (`file:line:col: error: ...`) and mapped to an exit code. Output goes to process.stdout/stderr.
 */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('lab')
    .description('Run interactive, testable labs written in Markdown.')
    .version(runnerVersion(), '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command('list')
    .description('list labs by week, with step counts, durations and fixture provenance')
    .argument('[paths...]', 'lab files, folders or ids (default: labs/)')
    .option('--json', 'print the catalogue as JSON')
    .option('--profile <name>', PROFILE_HELP)
    .action(async (paths: string[], options) => {
      exitCode = await (await import('./commands/list.js')).listCommand(paths, options);
    });

  program
    .command('lint')
    .description('check labs and their fixtures; prints file:line:col: severity: message')
    .argument('[paths...]', 'lab files, folders or ids (default: labs/)')
    .addOption(new Option('--reporter <name>', 'text or github annotations').choices(['text', 'github']).default('text'))
    .option('--no-fixtures', 'do not check fixtures')
    .option('--max-age <days>', 'warn when a fixture is older than this many days', '180')
    .option('--profile <name>', PROFILE_HELP)
    .action(async (paths: string[], options) => {
      exitCode = await (await import('./commands/lint.js')).lintCommand(paths, options);
    });

  runnerOptions(
    program
      .command('run')
      .description('run labs headless: replay their fixtures (default) or --live for real')
      .argument('[paths...]', 'lab files, folders or ids (default: labs/)')
      .option('--live', 'execute the commands for real (costs money on AWS labs)')
      .option('--keep-going', 'run the steps after a failure too (skipping those that need its capture=), to see every failure in one pass'),
  ).action(async (paths: string[], options) => {
    exitCode = await (await import('./commands/run.js')).runCommand(paths, options);
  });

  runnerOptions(
    program
      .command('record')
      .description('run a lab live and write its fixture (refused under CI=true)')
      .argument('<path>', 'the lab to record')
      .option('--allow-ci', 'record even under CI=true (a scheduled job that records on purpose)'),
  ).action(async (labPath: string, options) => {
    exitCode = await (await import('./commands/record.js')).recordCommand(labPath, options);
  });

  sessionOptions(
    program
      .command('walk')
      .description('walk a lab interactively: practice (replay) by default, --live for real')
      .argument('[path]', 'the lab (default: pick from the catalogue)')
      .option('--live', 'execute the commands for real')
      .option('--restart', 'start from the first step, ignoring saved progress')
      .option('--from <step-id>', 'start at this step (practice fills in what the steps before it recorded)')
      .option('--files-root <dir>', 'where `::yaml{file=...}` in the pages is read from (default: the lab\'s folder)'),
  ).action(async (labPath: string | undefined, options) => {
      exitCode = await (await import('./commands/walk.js')).walkCommandLine(labPath, options);
    });

  program
    .command('shell')
    .description('an interactive bash with a lab\'s saved walk state (its variables and directory); what you change is saved for the walk')
    .argument('<path>', 'the lab (a file or id)')
    .option('--live', 'the live walk\'s state (default: practice\'s)')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--profile <name>', PROFILE_HELP)
    .action(async (labPath: string, options) => {
      exitCode = await (await import('./commands/shell.js')).shellCommandLine(labPath, options);
    });

  program
    .command('steps')
    .description('list a lab\'s steps: id, line, language, kind, fixture provenance and section')
    .argument('<path>', 'the lab (a file or id)')
    .option('--json', 'print the steps as JSON')
    .action(async (labPath: string, options) => {
      exitCode = await (await import('./commands/steps.js')).stepsCommand(labPath, options);
    });

  program
    .command('new')
    .description('scaffold a lab and its stamped fixture: it lints clean and replays green')
    .argument('<name>', 'e.g. week3/my-lab (created under labs/) or a path ending in .md')
    .option('--title <title>', 'the lab title')
    .action(async (name: string, options) => {
      exitCode = await (await import('./commands/new.js')).newCommand(name, options);
    });

  program
    .command('import')
    .description('draft a lab and its transcribed fixture from a blog post or write-up (redacted first)')
    .argument('<file>', 'the post: Markdown, Jekyll or scraped text; - for stdin')
    .argument('<name>', 'e.g. week3/my-lab (created under labs/) or a path ending in .md')
    .option('-y, --yes', 'take every block as a step, without asking')
    .option('--force', 'replace the lab and fixture if they exist')
    .option('--date <yyyy-mm-dd>', "when the post's output was produced (default: the date in the post)")
    .option('--source <file-or-url>', 'where the post came from, for the fixture (default: FILE)')
    .option('--title <title>', 'the lab title (default: the post\'s)')
    .action(async (file: string, name: string, options) => {
      exitCode = await (await import('./commands/import.js')).importCommand(file, name, options);
    });

  program
    .command('accept')
    .description('accept a hand-written or edited fixture: redact it and stamp the step hashes (refused under CI=true)')
    .argument('<path>', 'the lab whose fixture to accept')
    .option('--only <step-id>', 'stamp only these steps (repeatable)', collect)
    .option('--init', 'write (or extend) a skeleton fixture with one entry per step, to fill by hand')
    .action(async (labPath: string, options) => {
      exitCode = await (await import('./commands/accept.js')).acceptCommand(labPath, options);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (error instanceof LabError) {
      printError(error);
      return exitCodeFor(error);
    }
    printError(new LabError('INTERNAL', `internal error: ${(error as Error)?.stack ?? String(error)}`, { hint: 'this is a bug in lab; please report it with the command you ran' }));
    return 2;
  }
}
