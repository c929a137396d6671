/*
 * Putting the workbook back after a command failed, and saying honestly when that failed too.
 */

/** A command failed and putting the workbook back failed too: the message says what may remain. */
export class NotUndone extends Error {
  constructor(failure: unknown, undo: unknown, remains: string) {
    super(`${reason(failure)}; putting the workbook back failed as well (${reason(undo)}): ${remains}`);
    this.name = "NotUndone";
  }
}
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `undo` after `failure`; throws the failure when undone, a NotUndone saying what remains when not. */
export async function undoAfter(failure: unknown, undo: () => Promise<void>, remains: string): Promise<never> {
  try {
    await undo();
  } catch (undoError) {
    throw new NotUndone(failure, undoError, remains);
  }
  throw failure;
}
