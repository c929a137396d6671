import * as conversion from "../core/conversion";
import { excel, num, optInt, optNum, range } from "./excel";

/**
 * Initial conversion price of the debentures: 120% of the average of the last five values (the five trading days before issuance).
 * Example: =CEO.INITCONV({4;4.1;4.2;4.3;4.4}) returns 5.04.
 * @customfunction INITCONV
 * @param prices Market value per share on each trading day, $ (0 or more), oldest first, at least 5; only the last 5 count.
 * @param [decimals] Decimal places to round the price to, half-up (0 to 10); default not rounded.
 * @returns Initial conversion price, $ per share.
 */
export function initConv(prices: any[][], decimals?: number): number {
  return excel(() => conversion.initialConversionPrice(range(prices, "prices"), optInt(decimals, "decimals")));
}

/**
 * Conversion price of the debentures on a conversion date: 101% of the average of the ten lowest of the last 30 closing bids, or the lesser of that and the initial price after 90 days from issuance.
 * Example: =CEO.CONVPRICE({4;4;4;4;4;4;4;4;4;4}) returns 4.04.
 * @customfunction CONVPRICE
 * @param bids Closing bid of each trading day before the conversion, $ (0 or more), oldest first, at least 10; only the last 30 count.
 * @param [initialPrice] Initial conversion price, $ (0 or more); default none: the reset price alone.
 * @param [daysSinceIssue] Days from the date of issuance to the conversion (whole, 0 or more); up to 90 the price is initialPrice alone; default: after 90 days. Needs initialPrice.
 * @param [decimals] Decimal places to round the price to, half-up (0 to 10); default not rounded.
 * @returns Conversion price, $ per share.
 */
export function convPrice(bids: any[][], initialPrice?: number, daysSinceIssue?: number, decimals?: number): number {
  return excel(() =>
    conversion.conversionPrice(range(bids, "bids"), optNum(initialPrice, "initialPrice"), optInt(daysSinceIssue, "daysSinceIssue"), optInt(decimals, "decimals")),
  );
}

/**
 * Shares issued on converting a principal amount of debentures: principal / conversion price, rounded down.
 * Example: =CEO.CONVSHARES(1000000, A1:A30, 5.04, 45) returns 198412.
 * @customfunction CONVSHARES
 * @param principal Principal converted, $ (0 or more).
 * @param bids Closing bid of each trading day before the conversion, $ (0 or more), oldest first, at least 10; only the last 30 count.
 * @param [initialPrice] Initial conversion price, $ (0 or more); default none: the reset price alone.
 * @param [daysSinceIssue] Days from the date of issuance to the conversion (whole, 0 or more); up to 90 the price is initialPrice alone; default: after 90 days. Needs initialPrice.
 * @returns Shares of common stock, rounded down to whole shares.
 */
export function convShares(principal: number, bids: any[][], initialPrice?: number, daysSinceIssue?: number): number {
  const values = Array.isArray(bids) ? bids.flat().filter((bid) => bid !== null && bid !== "") : [];
  const fast = conversion.conversionSharesOfNumbers(principal, values, initialPrice, daysSinceIssue);
  if (fast !== undefined) return fast;
  return excel(() =>
    conversion.conversionShares(num(principal, "principal"), range(bids, "bids"), optNum(initialPrice, "initialPrice"), optInt(daysSinceIssue, "daysSinceIssue")),
  );
}
