import { numError } from "../errors";
import { exchangeClosure, isTradingDay, settlementDay } from "./days";
import { checkedDate, isoDate, serialOf } from "./serial";

/**
 * The standard settlement cycle by trade date: T+3 from 1995-06-07 (when SEC Rule 15c6-1 took
 * effect; the seed's "third business day"), T+2 from 2017-09-05, T+1 from 2024-05-28. Before
 * 1995-06-07 the street settled T+5: the calendar reaches back to 1985, so that era is kept too.
 */
export const SETTLEMENT_CYCLES: readonly { readonly from: number; readonly cycle: number }[] = [
  { from: serialOf(2024, 5, 28), cycle: 1 },
  { from: serialOf(2017, 9, 5), cycle: 2 },
  { from: serialOf(1995, 6, 7), cycle: 3 },
  { from: -Infinity, cycle: 5 },
];

export const MAX_CYCLE = 10;

/** The standard cycle, in settlement business days, for a trade on `tradeDate`. */
export function settlementCycle(tradeDate: number): number {
  const day = checkedDate(tradeDate, "tradeDate");
  for (const era of SETTLEMENT_CYCLES) if (day >= era.from) return era.cycle;
  throw new Error("unreachable: the first era starts at -Infinity");
}

/**
 * Seed: "In the event that sales are made, Cantor will provide written notice to us and we will
 * deliver such shares on the third business day following the date of such sale, unless
 * otherwise specified by the parties."
 *
 * The settlement date of a sale on `tradeDate`: the `cycle`-th settlement business day after it
 * (default: the standard cycle of the trade date's era). A sale is made on a trading day only.
 */
export function settlementDate(tradeDate: number, cycle?: number | null): number {
  const day = checkedDate(tradeDate, "tradeDate");
  if (!isTradingDay(day)) {
    throw numError(`tradeDate ${isoDate(day)} is not a trading day (${exchangeClosure(day)}): expected the date of a sale on the exchange`);
  }
  const n = cycle ?? settlementCycle(day);
  if (!Number.isInteger(n) || n < 0 || n > MAX_CYCLE) {
    throw numError(`cycle is ${n}: expected a whole number of business days from 0 to ${MAX_CYCLE} (the seed's T+3 is 3)`);
  }
  return settlementDay(day, n, "tradeDate");
}
