import * as classB from "../core/classB";
import { excel, num, optInt, optNum } from "./excel";

/**
 * Class B Warrant exercise price after a redemption notice: the lesser of $33.75 and 97% of the closing bid (95% when the market price is below $5.00).
 * Example: =CEO.CLASSBPRICE(4.04) returns 3.838.
 * @customfunction CLASSBPRICE
 * @param bid Closing bid on the trading day after the redemption notice, $ (0 or more).
 * @param [marketPrice] Market price that chooses 95% (below $5.00) or 97%, $ (0 or more); default the bid.
 * @param [cap] The $33.75 cap as adjusted for splits, reverse splits and combinations, $ (0 or more); default 33.75.
 * @param [decimals] Decimal places to round the price to, half-up (0 to 10); default not rounded.
 * @returns Exercise price, $ per share.
 */
export function classBPrice(bid: number, marketPrice?: number, cap?: number, decimals?: number): number {
  return excel(() => classB.classBExercisePrice(num(bid, "bid"), optNum(marketPrice, "marketPrice"), optNum(cap, "cap"), optInt(decimals, "decimals")));
}
