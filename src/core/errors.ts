import type { Decimal } from "./decimal";

/**
 * A deal term refused its input. `code` is the Excel error the cell shows:
 * "#VALUE!" for a wrong type or shape, "#NUM!" for a number outside the term's domain,
 * "#N/A" when the term has no value for these inputs (no price in FLOATPRICE's window; a public
 * float where BABYSHELF's limit does not apply). `message` says what was wrong and what is expected.
 */
export type CalcErrorCode = "#VALUE!" | "#NUM!" | "#N/A";

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
export const notAvailable = (message: string) => new CalcError("#N/A", message);

/** An amount in $, 0 or more; `what` names the argument in the message. */
export function checkedMoney(amount: Decimal, what: string): Decimal {
  if (amount.lt(0)) throw numError(`${what} is ${amount.toString()}: expected an amount of $0 or more`);
  return amount;
}

/** A price per share, 0 or more. */
export function checkedPrice(price: Decimal, what: string): Decimal {
  if (price.lt(0)) throw numError(`${what} is ${price.toString()}: expected a price of $0 or more`);
  return price;
}
