// Redaction, a stage of its own: what a fixture may hold (account ids and the lab's own rules
// too) and what a person may see (credentials and secret values), with the same patterns.
export { createRedactor, MIN_SECRET_VALUE_LENGTH, type FixedPoints, type Redactor, type RedactorOptions, type RedactionCount } from './redact.js';
export { displayRedactor, redactCredentials, rememberDisplayFixedPoints, redactStepResult, type RedactText } from './display.js';
export { LineRedactor, type LineRedaction } from './line-redactor.js';
export { secretValues, secretVariable, redactVariable } from './secrets.js';
