import { Decimal, ZERO } from "./decimal";
import { numError, valueError } from "./errors";
import { roundPrice } from "./rounding";

/*
 * Nasdaq Listing Rule 5635(d), as Nasdaq's Listing Center FAQ #271 quotes it (the rule text
 * itself was not in the reference library): "Listing Rule 5635(d) defines "Minimum Price" as the
 * lower of: (i) the closing price (as reflected on Nasdaq.com); or (ii) the average closing price
 * of the common stock (as reflected on Nasdaq.com) for the five trading days immediately preceding
 * the signing of the binding agreement." FAQ #272 adds: "For purposes of Listing Rule 5635(d), the
 * "closing price" means the Nasdaq Official Closing Price".
 * (https://listingcenter.nasdaq.com/Material_Search.aspx?materials=271, ...materials=272)
 *
 * `closes` are the Nasdaq Official Closing Prices of consecutive trading days, oldest first; the
 * last is the trading day immediately preceding the signing, so "the closing price" is the last
 * value and the average is over the last five.
 */
export const MINIMUM_PRICE_DAYS = 5;

/** The Minimum Price, $/share: the lower of the last close and the average of the last five; a price, so unrounded unless `decimals`. */
export function minimumPrice(closes: readonly Decimal[], decimals?: number): Decimal {
  if (closes.length < MINIMUM_PRICE_DAYS) {
    throw valueError(
      `closes has ${closes.length} values: expected at least ${MINIMUM_PRICE_DAYS}, the closing prices of the five trading days immediately preceding the signing`,
    );
  }
  closes.forEach((close, i) => {
    if (close.lte(0)) throw numError(`closes value ${i + 1} is ${close.toString()}: expected a closing price above $0`);
  });
  const lastFive = closes.slice(-MINIMUM_PRICE_DAYS);
  const average = lastFive.reduce((sum, close) => sum.plus(close), ZERO).dividedBy(MINIMUM_PRICE_DAYS);
  return roundPrice(Decimal.min(lastFive[MINIMUM_PRICE_DAYS - 1]!, average), decimals);
}
