import { Decimal } from "./decimal";
import { checkedPrice } from "./errors";
import { roundPrice } from "./rounding";

/**
 * "the exercise price of our outstanding Class B Warrants, if we deliver a redemption notice, is
 * equal to the lesser of $33.75 per share (subject to adjustment for stock splits, reverse splits
 * and combinations) and 97% (or 95% if the market price of our common stock is less than $5.00
 * per share) of the closing bid price of our common stock on the trading day after the
 * redemption notice is delivered."
 */
export const CLASS_B_CAP = new Decimal("33.75");
export const CLASS_B_RATE = new Decimal("0.97");
export const CLASS_B_LOW_RATE = new Decimal("0.95");
export const CLASS_B_LOW_MARKET = new Decimal("5.00");

/**
 * `closingBid` is the bid on the trading day after the notice; `marketPrice` (default: the same
 * bid) chooses 95% when strictly below $5.00, so exactly $5.00 takes 97%. `cap` is the
 * split-adjusted $33.75.
 */
export function classBExercisePrice(
  closingBid: Decimal,
  marketPrice: Decimal = closingBid,
  cap: Decimal = CLASS_B_CAP,
  decimals?: number | null,
): Decimal {
  checkedPrice(closingBid, "bid");
  checkedPrice(marketPrice, "marketPrice");
  checkedPrice(cap, "cap");
  const rate = marketPrice.lt(CLASS_B_LOW_MARKET) ? CLASS_B_LOW_RATE : CLASS_B_RATE;
  return roundPrice(Decimal.min(cap, rate.times(closingBid)), decimals);
}
