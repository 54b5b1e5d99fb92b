// runner/lab: Markdown -> Lab model, discovery of lab files, and lint. The parser itself
// (lab/parse.ts: marked, yaml, zod) is not exported here: loadLab loads it on a cache miss, and
// whoever parses text imports it directly.
export * from '../model/lab.js';
export { loadLab, defaultLabId, displayPathFor } from './load.js';
export { discoverLabs, sortLabs, BUNDLED_LABS, defaultLabRoots } from './discover.js';
export { lintLab, definedVariables, type LintOptions } from './lint.js';
export { formatDiagnostic } from './diagnostic-text.js';
export { parseDuration, formatDuration } from '../text/duration.js';
export { STEP_ATTRIBUTE_NAMES } from './step-attributes.js';
export { findVariableUses } from './shell-variables.js';
