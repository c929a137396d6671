import { Decimal, ZERO } from "./decimal";
import { wholeShares } from "./ownership";
import { roundShares } from "./rounding";

/**
 * Risk factors: "Nasdaq rules prohibit an issuer of listed securities from issuing 20% or more of
 * its outstanding capital stock at less than the greater of book value or the then current market
 * value without obtaining prior stockholder consent."
 *
 * Shares still issuable without stockholder approval: the largest whole count strictly below 20%
 * of the shares outstanding before the transaction (20% itself needs approval), less the shares
 * already issued in it, never below 0. Largest x with 5x < pre is floor((pre - 1) / 5).
 */
export function nasdaq20(preOutstanding: Decimal, alreadyIssued: Decimal): Decimal {
  wholeShares(preOutstanding, "preOutstanding");
  wholeShares(alreadyIssued, "alreadyIssued");
  const below20 = Decimal.max(roundShares(preOutstanding.minus(1).dividedBy(5)), ZERO);
  return Decimal.max(below20.minus(alreadyIssued), ZERO);
}
