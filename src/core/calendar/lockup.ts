import { numError } from "../errors";
import { settlementClosure, tradingDay } from "./days";
import { checkedDate, isoDate } from "./serial";

export const LOCKUP_TRADING_DAYS = 5;

/**
 * Seed: "we will not ... offer to sell, sell, contract to sell ... any shares of our common
 * stock ... during the period beginning on the fifth trading day preceding the date on which we
 * and Cantor agree to the terms of a placement under the Sales Agreement and ending on the fifth
 * trading day after the settlement of the final sale made as part of that placement."
 *
 * The lock-up period as [first day, last day], both included. The terms may be agreed on any
 * day; the final sale settles on a settlement business day on or after the terms date.
 */
export function lockUpPeriod(termsDate: number, finalSettleDate: number): [start: number, end: number] {
  const terms = checkedDate(termsDate, "termsDate");
  const settled = checkedDate(finalSettleDate, "finalSettleDate");
  if (settled < terms) {
    throw numError(`finalSettleDate ${isoDate(settled)} is before termsDate ${isoDate(terms)}: a placement's sales settle after its terms are agreed`);
  }
  const closure = settlementClosure(settled);
  if (closure !== undefined) {
    throw numError(`finalSettleDate ${isoDate(settled)} is not a settlement business day (${closure}): expected the settlement date of the final sale`);
  }
  return [tradingDay(terms, -LOCKUP_TRADING_DAYS), tradingDay(settled, LOCKUP_TRADING_DAYS)];
}
