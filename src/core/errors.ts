/**
 * A deal term refused its input. `code` is the Excel error the cell shows:
 * "#VALUE!" for a wrong type or shape, "#NUM!" for a number outside the term's domain.
 * `message` says what was wrong and what is expected.
 */
export type CalcErrorCode = "#VALUE!" | "#NUM!";

export class CalcError extends Error {
  constructor(
    readonly code: CalcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CalcError";
  }
}

export const valueError = (message: string) => new CalcError("#VALUE!", message);
export const numError = (message: string) => new CalcError("#NUM!", message);
