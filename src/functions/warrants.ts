import * as vwapTerm from "../core/vwap";
import * as warrantsTerm from "../core/warrants";
import { excel, excelRow, num, optInt, optNum, parallelRanges, range, single } from "./excel";

/** More than one cell: a range of per-sale values rather than one figure. */
const isRangeOfMany = (value: unknown) =>
  Array.isArray(value) && (value.length > 1 || (Array.isArray(value[0]) && value[0].length > 1));

/** One total, or a range of per-sale shares summed. */
const sharesSold = (shares: unknown) =>
  isRangeOfMany(shares) ? warrantsTerm.totalShares(range(shares, "shares")) : num(shares, "shares");

/**
 * Volume-weighted average price of sales given as parallel ranges of shares and prices.
 * Example: =CEO.VWAP({1000;3000}, {4;5}) returns 4.75.
 * @customfunction VWAP
 * @param shares Shares of each sale (0 or more), a range in either orientation; blank rows are skipped.
 * @param prices Price per share of each sale, $ (0 or more), a range of the same size as shares.
 * @param [decimals] Decimal places to round the price to, half-up (0 to 10); default not rounded.
 * @returns The VWAP, $ per share.
 */
export function vwap(shares: any[][], prices: any[][], decimals?: number): number {
  return excel(() => {
    const [sold, price] = parallelRanges(shares, "shares", prices, "prices");
    return vwapTerm.volumeWeightedPrice(sold, price, optInt(decimals, "decimals"));
  });
}

/**
 * The agent's warrants on shares sold: spills one row of warrant shares and exercise price.
 * Example: =CEO.WARRANTS(12345, 4) returns 1234 and 5.2.
 * @customfunction WARRANTS
 * @param shares Shares sold (0 or more): a total, or a range of per-sale shares (summed).
 * @param vwap Volume-weighted average sales price, $ (0 or more); or a range of per-sale prices parallel to shares (VWAP computed).
 * @param [coverage] Warrant shares as a fraction of shares sold, 0 to 0.10 (the NASD cap); default 0.10.
 * @param [premium] Exercise price as a multiple of the VWAP, 1 or more; default 1.3 (130%).
 * @param [decimals] Decimal places to round the exercise price to, half-up (0 to 10); default not rounded.
 * @returns One row: warrant shares (rounded down), exercise price ($ per share).
 */
export function warrants(shares: any[][], vwap: any[][], coverage?: number, premium?: number, decimals?: number): number[][] {
  const defaults = (coverage ?? null) === null && (premium ?? null) === null && (decimals ?? null) === null;
  const fast = defaults ? warrantsTerm.agentWarrantsOfNumbers(single(shares), single(vwap)) : undefined;
  if (fast) return [fast];
  return excelRow(() => {
    const options = [optNum(coverage, "coverage"), optNum(premium, "premium"), optInt(decimals, "decimals")] as const;
    const terms = isRangeOfMany(vwap)
      ? warrantsTerm.agentWarrantsOnSales(...parallelRanges(shares, "shares", vwap, "vwap"), ...options)
      : warrantsTerm.agentWarrants(sharesSold(shares), num(vwap, "vwap"), ...options);
    return [terms.warrantShares, terms.exercisePrice];
  });
}
