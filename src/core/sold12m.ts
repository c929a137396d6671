import { checkedDate, edate } from "./calendar";
import { ZERO, type Decimal } from "./decimal";
import { numError, valueError } from "./errors";
import { roundMoney } from "./rounding";

/*
 * Form S-3, General Instruction I.B.6(a): "the aggregate market value of securities sold by or on
 * behalf of the registrant pursuant to this Instruction I.B.6. during the period of 12 calendar
 * months immediately prior to, and including, the sale is no more than one-third of the aggregate
 * market value of the voting and non-voting common equity held by non-affiliates of the registrant"
 * (Form S-3 as printed in 2014, formsbank.com copy of the SEC form).
 *
 * "12 calendar months immediately prior to, and including, the sale": dates d with
 * EDATE(saleDate, -12) < d <= saleDate, EDATE as Excel computes it (a sale on 2025-02-28 looks back
 * past 2024-02-28, so a sale on 2024-02-29 counts; a sale on 2024-02-29 looks back past 2023-02-28).
 */
export const LOOK_BACK_MONTHS = 12;

/** The first and last day a sale counts for `saleDate` (serials). */
export function soldWindow(saleDate: number): { first: number; last: number } {
  const day = checkedDate(saleDate, "saleDate");
  return { first: edate(day, -LOOK_BACK_MONTHS) + 1, last: day };
}

/** Gross sold in the 12 calendar months up to and including saleDate, $, to the cent. */
export function soldLast12Months(dates: readonly number[], grosses: readonly Decimal[], saleDate: number): Decimal {
  if (dates.length !== grosses.length) {
    throw valueError(`${dates.length} dates and ${grosses.length} grosses: expected one date per gross`);
  }
  const { first, last } = soldWindow(saleDate);
  let sold = ZERO;
  grosses.forEach((gross, i) => {
    if (gross.lt(0)) throw numError(`grosses value ${i + 1} is ${gross.toString()}: expected an amount of $0 or more`);
    const day = Math.floor(dates[i]!);
    if (day >= first && day <= last) sold = sold.plus(gross);
  });
  return roundMoney(sold);
}
