import { Decimal, ZERO } from "./decimal";
import { numError } from "./errors";

/**
 * "The Warrants are exercisable for five years, contain a cashless exercise provision
 * commencing one year after issuance". The seed does not state the formula; this is the usual
 * net-exercise one: the holder surrenders warrants worth the strike and receives
 * floor(warrants x (price - strike) / price) shares, none when price <= strike.
 */
export function cashlessShares(warrants: Decimal, strike: Decimal, price: Decimal): Decimal {
  if (warrants.lt(0)) throw numError(`warrants is ${warrants.toString()}: expected 0 or more warrant shares`);
  if (strike.lt(0)) throw numError(`strike is ${strike.toString()}: expected an exercise price of $0 or more`);
  if (price.lt(0)) throw numError(`price is ${price.toString()}: expected a market price of $0 or more`);
  if (price.lte(strike)) return ZERO;
  // dividedToIntegerBy truncates the exact quotient (floor, as every operand is >= 0).
  return warrants.times(price.minus(strike)).dividedToIntegerBy(price);
}
