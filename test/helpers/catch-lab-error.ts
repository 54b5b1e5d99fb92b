// Runs an action that must throw a LabError and returns it, so a test can check its code and text.
import { LabError } from '../../runner/errors/index.js';

export function catchLabError(action: () => unknown): LabError {
  try {
    action();
  } catch (error) {
    if (error instanceof LabError) return error;
    throw error;
  }
  throw new Error('expected a LabError');
}
