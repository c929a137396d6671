import { Decimal } from "./decimal";
import { numError } from "./errors";

/** A share count: a whole number of shares, 0 or more (a fraction of a share is refused, not floored). */
export function wholeShares(shares: Decimal, what: string): Decimal {
  if (shares.lt(0) || !shares.isInteger()) {
    throw numError(`${what} is ${shares.toString()}: expected whole shares, 0 or more`);
  }
  return shares;
}

function sharesOutstanding(outstanding: Decimal): Decimal {
  wholeShares(outstanding, "outstanding");
  if (outstanding.isZero()) throw numError("outstanding is 0: expected the shares outstanding, above 0");
  return outstanding;
}

/**
 * Risk factors: "There were 21,862,772 shares of our common stock outstanding as of October 2,
 * 2001 ... would obligate us to issue up to an additional 8,593,877 shares ... If all 8,593,877
 * shares were issued without any increase in our market capitalization, the market price per
 * share of our common stock may be reduced by approximately 28%."
 *
 * The fraction of the post-issue shares that are new: new / (outstanding + new), unrounded.
 */
export function dilution(newShares: Decimal, outstanding: Decimal): Decimal {
  wholeShares(newShares, "newShares");
  sharesOutstanding(outstanding);
  return newShares.dividedBy(outstanding.plus(newShares));
}

/**
 * Risk factors: "these stockholders collectively held 579,098 shares of our common stock, or
 * approximately 2.6% of the number of shares outstanding, and held warrants which could result in
 * the issuance of up to 4,498,145 additional shares, for a total of 5,077,243 shares or 19.3% of
 * the total number outstanding if all of those securities were converted or exercised. Of the
 * additional shares, only 173,320, or approximately 0.8%, could be issued at the option of the
 * holder within 60 days".
 *
 * (held + exercisable) / (outstanding + exercisable): the holder's own exercisable shares are
 * counted as issued, other holders' are not. Which shares are `exercisable` is the caller's
 * choice: the seed's 19.3% counts all 4,498,145; beneficial ownership under SEC Rule 13d-3(d)(1)
 * counts only those the holder may acquire within 60 days (the 173,320).
 */
export function ownership(held: Decimal, exercisable: Decimal, outstanding: Decimal): Decimal {
  wholeShares(held, "held");
  wholeShares(exercisable, "exercisable");
  sharesOutstanding(outstanding);
  if (held.gt(outstanding)) {
    throw numError(`held is ${held.toString()}, more than the ${outstanding.toString()} outstanding: held shares are part of those outstanding`);
  }
  return held.plus(exercisable).dividedBy(outstanding.plus(exercisable));
}
