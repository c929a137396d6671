import * as cashless from "../core/cashless";
import { excel, num } from "./excel";

/**
 * Shares received on a cashless (net) exercise of warrants: warrants x (price - strike) / price, rounded down; 0 when price <= strike.
 * Example: =CEO.CASHLESS(1000, 5.2, 8) returns 350.
 * @customfunction CASHLESS
 * @param warrants Warrant shares exercised (0 or more).
 * @param strike Exercise price, $ per share (0 or more).
 * @param price Market price of the common stock, $ per share (0 or more).
 * @returns Shares of common stock, rounded down to whole shares.
 */
export function cashlessExercise(warrants: number, strike: number, price: number): number {
  return excel(() => cashless.cashlessShares(num(warrants, "warrants"), num(strike, "strike"), num(price, "price")));
}
