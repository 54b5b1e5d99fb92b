// The EKS Workshop's ```bash annotations, read as their harness reads them (testing/util/src/lib/
// gatherer/gatherer.ts in their repository) and turned into this project's step attributes:
// `timeout=N` is seconds, `wait=N` is `settle=N`, `test=false` is a skip, `expectError=true`
// tolerates any exit and drops the block's shell changes, `hook=`/`hookTimeout=` name the page's
// hook script. Their harness ignores what it does not know, so an unknown key is a warning here;
// this project's own attributes (`id=`, `settle=`, `inputs=`...) may be written too.
import type { Attribute } from '../model/lab.js';
import { parseDuration } from '../text/duration.js';
import { readStepAttributes, STEP_ATTRIBUTE_NAMES, type ParsedStepAttributes } from './step-attributes.js';

/** Their harness's default block timeout. */
export const EKS_DEFAULT_TIMEOUT_MS = 120_000;
/** Their harness's default hook timeout. */
export const EKS_DEFAULT_HOOK_TIMEOUT_MS = 300_000;

export const EKS_ATTRIBUTE_NAMES = ['test', 'timeout', 'wait', 'hook', 'hookTimeout', 'expectError', 'raw'] as const;

export interface EksParsedAttributes extends ParsedStepAttributes {
  /** `raw=true`: the whole block is the script, not only its `$ ` lines. */
  raw: boolean;
  /** `test=false`: not run. */
  notTested: boolean;
  /** `output=lines|contains`: the sample output is checked strictly, in this mode. */
  sampleMode?: 'lines' | 'contains';
}

export function readEksAttributes(raw: Attribute[]): EksParsedAttributes {
  const native: Attribute[] = [];
  const later: Array<(parsed: EksParsedAttributes) => void> = [];
  const warnings: ParsedStepAttributes['diagnostics'] = [];
  const errors: ParsedStepAttributes['diagnostics'] = [];
  const seconds = (attribute: Attribute): number | undefined => {
    if (typeof attribute.value === 'string' && /^\d+$/.test(attribute.value)) return Number(attribute.value) * 1000;
    // lab's own form (`120s`, `2m`) too: a page may be written for lab as well as for their harness.
    const duration = typeof attribute.value === 'string' ? parseDuration(attribute.value) : undefined;
    if (duration !== undefined) return duration;
    errors.push({ severity: 'error', rule: 'bad-number', position: attribute.position, message: `\`${attribute.name}=${attribute.value === true ? '' : attribute.value}\` takes seconds, e.g. \`${attribute.name}=120\` (or lab's \`120s\`, \`2m\`)` });
    return undefined;
  };
  const flag = (attribute: Attribute) => attribute.value === true || attribute.value === 'true';
  for (const attribute of raw) {
    switch (attribute.name) {
      case 'test': later.push((p) => { p.notTested = attribute.value === 'false'; }); break;
      case 'raw': later.push((p) => { p.raw = flag(attribute); }); break;
      case 'timeout': { const ms = seconds(attribute); if (ms) later.push((p) => { p.attributes.timeoutMs = ms; }); break; }
      case 'wait': { const ms = seconds(attribute); if (ms) later.push((p) => { p.attributes.settleMs = ms; }); break; }
      case 'hookTimeout': { const ms = seconds(attribute); if (ms) later.push((p) => { p.attributes.hookTimeoutMs = ms; }); break; }
      case 'hook':
        if (typeof attribute.value === 'string' && /^[\w.-]+$/.test(attribute.value)) later.push((p) => { p.attributes.hook = attribute.value as string; });
        else errors.push({ severity: 'error', rule: 'bad-name', position: attribute.position, message: '`hook=` names a script `tests/hook-NAME.sh`: write `hook=NAME` (letters, digits, `.`, `_`, `-`)' });
        break;
      case 'expectError':
        if (flag(attribute)) later.push((p) => { p.attributes.exit = 'any'; p.attributes.isolated = true; });
        break;
      case 'output':
        if (attribute.value === 'lines' || attribute.value === 'contains') { const mode = attribute.value; later.push((p) => { p.sampleMode = mode; }); }
        else errors.push({ severity: 'error', rule: 'bad-attribute', position: attribute.position, message: '`output=` makes the sample output strict: write `output=lines` or `output=contains`' });
        break;
      default:
        if ((STEP_ATTRIBUTE_NAMES as readonly string[]).includes(attribute.name)) native.push(attribute);
        else warnings.push({ severity: 'warning', rule: 'unknown-attribute', position: attribute.position, message: `unknown key \`${attribute.name}\` on a \`bash\` block: the EKS Workshop's harness ignores it, and so does lab (theirs: ${EKS_ATTRIBUTE_NAMES.join(', ')})` });
    }
  }
  const parsed: EksParsedAttributes = { ...readStepAttributes(native), raw: false, notTested: false };
  parsed.attributes.timeoutMs = EKS_DEFAULT_TIMEOUT_MS;
  for (const apply of later) apply(parsed);
  if (parsed.notTested) parsed.attributes.skip = 'test=false: the page says not to run it';
  parsed.diagnostics.push(...errors, ...warnings);
  return parsed;
}
