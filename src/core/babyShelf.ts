import { Decimal, ZERO } from "./decimal";
import { checkedMoney, checkedPrice, notAvailable, numError } from "./errors";

/*
 * Form S-3, General Instruction I.B.6(a): "the aggregate market value of securities sold by or on
 * behalf of the registrant pursuant to this Instruction I.B.6. during the period of 12 calendar
 * months immediately prior to, and including, the sale is no more than one-third of the aggregate
 * market value of the voting and non-voting common equity held by non-affiliates of the registrant"
 * (Form S-3 as printed in 2014, formsbank.com copy of the SEC form).
 *
 * Where the limit stops: the S-3 text of its Instruction 3 to I.B.6 was not in the reference
 * library; Form F-3's parallel Instruction 3 to I.B.5 (2011) reads: "If the aggregate market value
 * of the registrant's outstanding voting and nonvoting common equity computed pursuant to General
 * Instruction I.B.5. equals or exceeds $75 million subsequent to the effective date of this
 * registration statement, then the onethird limitation on sales specified in General Instruction
 * I.B.5(a) shall not apply". So at a public float of $75,000,000 or more: #N/A, I.B.6 does not apply.
 *
 * Public float = non-affiliate shares x the price of Instruction 1 (FLOATPRICE). What may still
 * be sold is rounded DOWN to the cent: the limit is a ceiling, so never overstate it.
 */
export const BABY_SHELF_FLOAT = new Decimal(75_000_000);

/** The public float, $: the non-affiliate shares at the price of Instruction 1 (FLOATPRICE). */
export const publicFloat = (nonAffiliateShares: Decimal, floatPrice: Decimal): Decimal => nonAffiliateShares.times(floatPrice);

/** Still sellable under I.B.6, $: one-third of the public float less what was sold in the last 12 months, rounded down to the cent. */
export function babyShelfCapacity(nonAffiliateShares: Decimal, floatPrice: Decimal, soldLast12Months: Decimal = ZERO): Decimal {
  if (nonAffiliateShares.lt(0)) throw numError(`nonAffiliateShares is ${nonAffiliateShares.toString()}: expected 0 or more shares`);
  checkedPrice(floatPrice, "floatPrice");
  checkedMoney(soldLast12Months, "soldLast12Months");
  const float = publicFloat(nonAffiliateShares, floatPrice);
  if (float.gte(BABY_SHELF_FLOAT)) {
    throw notAvailable(
      `the public float ${nonAffiliateShares.toString()} x $${floatPrice.toString()} = $${float.toString()} is $75,000,000 or more: General Instruction I.B.6 and its one-third limit do not apply`,
    );
  }
  // One-third exactly: publicFloat / 3 - sold = (publicFloat - 3 x sold) / 3, compared without rounding.
  const headroomTimesThree = float.minus(soldLast12Months.times(3));
  if (headroomTimesThree.lt(0)) {
    const excess = headroomTimesThree.negated().dividedBy(3).toDecimalPlaces(2, Decimal.ROUND_CEIL);
    throw numError(
      `soldLast12Months $${soldLast12Months.toString()} is above one-third of the public float $${float.toString()}: over the I.B.6 limit by $${excess.toFixed(2)}`,
    );
  }
  return headroomTimesThree.dividedBy(3).toDecimalPlaces(2, Decimal.ROUND_FLOOR);
}
