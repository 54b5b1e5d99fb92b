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

/** The LabError a promise rejects with (an async action that must fail). */
export async function rejectedLabError(action: Promise<unknown>): Promise<LabError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof LabError) return error;
    throw error;
  }
  throw new Error('expected a LabError');
}
