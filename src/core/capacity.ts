import { Decimal } from "./decimal";
import { numError } from "./errors";
import { roundMoney } from "./rounding";

/** Cover: "maximum aggregate public offering price of $25,000,000". */
export const SALES_AGREEMENT_MAX = new Decimal(25_000_000);

/** Plan of distribution: the Other Agreement, "for up to $8.4 million worth of our common stock". */
export const OTHER_AGREEMENT_MAX = new Decimal(8_400_000);

/**
 * Program capacity left, $: the maximum less the gross already sold, to the cent. Gross sold
 * above the maximum is an error naming the overage, not a capacity of 0: an over-sold program
 * is something to correct, not to hide.
 */
export function capacityLeft(soldGross: Decimal, programMax: Decimal): Decimal {
  if (soldGross.lt(0)) throw numError(`soldGross is ${soldGross.toString()}: expected an amount of $0 or more`);
  if (programMax.lt(0)) throw numError(`programMax is ${programMax.toString()}: expected an amount of $0 or more`);
  if (soldGross.gt(programMax)) {
    throw numError(
      `soldGross ${soldGross.toString()} is above the program maximum ${programMax.toString()}: the program is over-sold by $${soldGross.minus(programMax).toString()}`,
    );
  }
  return roundMoney(programMax.minus(soldGross));
}
