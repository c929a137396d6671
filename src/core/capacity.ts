import { Decimal, ZERO } from "./decimal";
import { checkedMoney, numError } from "./errors";
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
  checkedMoney(soldGross, "soldGross");
  checkedMoney(programMax, "programMax");
  if (soldGross.gt(programMax)) {
    throw numError(
      `soldGross ${soldGross.toString()} is above the program maximum ${programMax.toString()}: the program is over-sold by $${soldGross.minus(programMax).toString()}`,
    );
  }
  return roundMoney(programMax.minus(soldGross));
}

/**
 * Gross sold past the program maximum, $, to the cent; 0 within it (sold out exactly is within).
 * The import's check before it writes: "maximum aggregate public offering price of $25,000,000"
 * is a ceiling on the agreement's sales, so a report that would take the gross sold above it is
 * shown with this excess and imported only when the analyst confirms it.
 */
export function programExcess(soldGross: Decimal, programMax: Decimal): Decimal {
  checkedMoney(soldGross, "soldGross");
  checkedMoney(programMax, "programMax");
  return soldGross.gt(programMax) ? roundMoney(soldGross.minus(programMax)) : ZERO;
}
