import { Decimal, ZERO } from "./decimal";
import { numError, valueError } from "./errors";
import { roundPrice } from "./rounding";

/**
 * Sales Agreement: the Warrants' exercise price is set on "the volume weighted average sales
 * price of the shares of common stock sold by Cantor".
 *
 * The volume-weighted average price of sales given as parallel lists of shares and price per
 * share: sum(shares x price) / sum(shares). A price, so not rounded unless `decimals` is given.
 */
export function volumeWeightedPrice(shares: readonly Decimal[], prices: readonly Decimal[], decimals?: number | null): Decimal {
  if (shares.length !== prices.length) {
    throw valueError(`${shares.length} share counts and ${prices.length} prices: expected one price per sale`);
  }
  let volume = ZERO;
  let value = ZERO;
  shares.forEach((sold, i) => {
    const price = prices[i]!;
    if (sold.lt(0)) throw numError(`shares of sale ${i + 1} is ${sold.toString()}: expected 0 or more shares`);
    if (price.lt(0)) throw numError(`price of sale ${i + 1} is ${price.toString()}: expected a price of $0 or more`);
    volume = volume.plus(sold);
    value = value.plus(sold.times(price));
  });
  if (volume.isZero()) throw numError("the total volume is 0 shares: a volume-weighted price needs shares sold");
  return roundPrice(value.dividedBy(volume), decimals);
}

