/* BABYSHELF as a native formula (src/core/babyShelf.ts is the term). */
import { BABY_SHELF_FLOAT } from "./babyShelf";
import { anyOf, guard, optional, required, type Arg } from "./formulaText";

/**
 * =CEO.BABYSHELF(nonAffiliateShares, floatPrice, soldLast12Months). Exact in double arithmetic in
 * whole millionths of a dollar: F = the public float and S = 3 x sold, each rounded to an integer
 * count of millionths (exact when the public float and the amount sold have at most 6 decimals, as
 * whole shares at a quoted price and an amount in cents do; F < 7.5e13 is far below 2^53 where it
 * matters), so the $75,000,000 test and "sold above one-third" (S > F) are exact comparisons of
 * integers, and one-third of F - S rounded down to the cent is INT((F - S) / 30000) / 100: a
 * quotient of integers that is whole comes out whole, and one that is not lies at least 1/30000
 * from the next whole number, far beyond a double's error. No ROUNDDOWN of x.xx9999999.
 */
export function babyShelfFormula(nonAffiliateShares: Arg, floatPrice: Arg, soldLast12Months?: Arg): string {
  const shares = required(nonAffiliateShares, "nonAffiliateShares");
  const price = required(floatPrice, "floatPrice");
  const sold = optional(soldLast12Months, "0");
  const float = `ROUND(${shares}*${price}*1000000,0)`;
  const threeTimesSold = `ROUND(${sold}*3000000,0)`;
  const limit = BABY_SHELF_FLOAT.times(1_000_000).toFixed();
  return guard(
    anyOf([`${shares}<0`, `${price}<0`, `${sold}<0`]),
    guard(`${float}>=${limit}`, guard(`${threeTimesSold}>${float}`, `INT((${float}-${threeTimesSold})/30000)/100`), "#N/A"),
  );
}
