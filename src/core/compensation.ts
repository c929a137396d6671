import { Decimal } from "./decimal";
import { checkedMoney, numError } from "./errors";

/** The NASD cap on underwriting compensation, as a fraction of gross (see compensationRate). */
export const NASD_COMPENSATION_CAP = new Decimal("0.08");

/**
 * Plan of distribution: "Pursuant to the applicable NASD rules, Cantor and any NASD member
 * participating in the distribution may not receive compensation greater than 8%, as determined
 * by the Corporate Finance Department of the NASD."
 *
 * Underwriting compensation as a fraction of gross proceeds, unrounded, to compare with 0.08:
 * (fee + expenses + each of `other`) / gross. What counts as compensation (reimbursed expenses,
 * the retainer allocation, a value for the Warrants) is the caller's; none is assumed.
 */
export function compensationRate(gross: Decimal, fee: Decimal, expenses: Decimal, other: readonly Decimal[]): Decimal {
  checkedMoney(gross, "gross");
  checkedMoney(fee, "fee");
  checkedMoney(expenses, "expenses");
  other.forEach((amount, i) => checkedMoney(amount, other.length === 1 ? "other" : `other item ${i + 1}`));
  if (gross.isZero()) throw numError("gross is 0: compensation as a fraction of gross needs gross above $0");
  return other.reduce((sum, amount) => sum.plus(amount), fee.plus(expenses)).dividedBy(gross);
}
