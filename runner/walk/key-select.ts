// A one-line action prompt: `[r] Run  [s] Skip  [e] Edit  [d] Details  [q] Quit`. A shortcut
// key chooses at once; arrows move the highlight and Enter takes it (the default first).
import { createPrompt, isEnterKey, makeTheme, useKeypress, usePrefix, useState, type Status } from '@inquirer/core';
import type { Choice } from './prompter.js';
import { visibleLength } from './ansi.js';

interface KeySelectConfig<T> {
  message: string;
  choices: Array<Choice<T>>;
  default?: T;
  /** Overrides of inquirer's theme (the walk's answered mark). */
  theme?: { prefix?: { done?: string } };
  /** The terminal's width now: the row of choices breaks between them, never inside `[g] Steps`. */
  width?: () => number | undefined;
}

const LEFT_KEYS = new Set(['left', 'up', 'h', 'k']);
const RIGHT_KEYS = new Set(['right', 'down', 'tab', 'l', 'j']);

function label<T>(choice: Choice<T>): string {
  return choice.key ? `[${choice.key}] ${choice.name}` : choice.name;
}

/** The choices on as few lines as fit the width, each line a whole number of them. */
function fitRow(pieces: string[], width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const joined = line ? `${line} ${piece}` : piece;
    // One column spare: a line exactly as wide as the terminal would leave the cursor past its edge.
    if (line && visibleLength(joined) > width - 1) {
      lines.push(line);
      line = piece;
    } else line = joined;
  }
  lines.push(line);
  return lines.join('\n');
}

export const keySelect = createPrompt(<T>(config: KeySelectConfig<T>, done: (value: T) => void) => {
  const theme = makeTheme(config.theme);
  const [status, setStatus] = useState<Status>('idle');
  const prefix = usePrefix({ status, theme });
  const enabled = config.choices.map((choice, index) => ({ choice, index })).filter(({ choice }) => !choice.disabled);
  const start = Math.max(0, enabled.findIndex(({ choice }) => choice.value === config.default));
  const [active, setActive] = useState(start);

  const choose = (position: number) => {
    setActive(position);
    setStatus('done');
    done(enabled[position]!.choice.value);
  };

  useKeypress((key) => {
    if (status === 'done') return;
    if (isEnterKey(key)) return choose(active);
    const name = (key.name ?? '').toLowerCase();
    const shortcut = enabled.findIndex(({ choice }) => choice.key?.toLowerCase() === name && !key.ctrl);
    if (shortcut >= 0) return choose(shortcut);
    if (LEFT_KEYS.has(name)) setActive((active - 1 + enabled.length) % enabled.length);
    else if (RIGHT_KEYS.has(name)) setActive((active + 1) % enabled.length);
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(enabled[active]!.choice.name)}`;
  const current = enabled[active]!.choice;
  const pieces = config.choices.map((choice) => {
    if (choice.disabled) return theme.style.help(`  ${label(choice)} (${choice.disabled})`);
    return choice === current ? theme.style.highlight(`❯ ${label(choice)}`) : `  ${label(choice)}`;
  });
  const row = fitRow(pieces, config.width?.() ?? 80);
  const description = current.description ? `\n${theme.style.help(current.description)}` : '';
  return `${prefix} ${message}\n${row}${description}`;
});
