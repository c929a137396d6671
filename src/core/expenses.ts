import { Decimal, ONE, ZERO } from "./decimal";
import { checkedMoney, numError } from "./errors";
import { roundMoney } from "./rounding";

/**
 * Plan of distribution: "we have also agreed to reimburse Cantor for its out-of-pocket expenses
 * incurred in connection with the Sales Agreement up to an aggregate of $60,000 ... An additional
 * $60,000 of expenses is reimbursable by us in connection with the offering contemplated by the
 * Other Agreement." (The same cap under each agreement.)
 */
export const REIMBURSEMENT_CAP = new Decimal(60_000);

/**
 * The part of `expenses` still reimbursable under an aggregate cap after `alreadyReimbursed`:
 * min(expenses, cap - alreadyReimbursed), never below 0, to the cent.
 */
export function reimbursement(expenses: Decimal, alreadyReimbursed: Decimal, cap: Decimal): Decimal {
  checkedMoney(expenses, "expenses");
  checkedMoney(alreadyReimbursed, "alreadyReimbursed");
  checkedMoney(cap, "cap");
  return roundMoney(Decimal.min(expenses, Decimal.max(cap.minus(alreadyReimbursed), ZERO)));
}

/**
 * Plan of distribution: "we paid Cantor a $75,000 annual retainer and $50,000 as a non-refundable
 * deposit against our reimbursement obligation. $62,500 or one-half of such aggregate amount has
 * been allocated to each of this Offering and the Offering contemplated by the Other Agreement."
 */
export const ANNUAL_RETAINER = new Decimal(75_000);
export const REIMBURSEMENT_DEPOSIT = new Decimal(50_000);
export const RETAINER_OFFERINGS = new Decimal(2);

function wholeCount(count: Decimal, what: string, max?: Decimal): Decimal {
  if (!count.isInteger() || count.lt(1) || (max && count.gt(max))) {
    throw numError(`${what} is ${count.toString()}: expected a whole number from 1${max ? ` to ${max.toString()}` : " up"}`);
  }
  return count;
}

/**
 * One offering's share of (retainer + deposit) split evenly among `offerings`.
 * Without `offering`: the even share rounded half-up to the cent (the seed's $62,500).
 * With `offering` k: the k-th share of an allocation that adds up exactly to the total to the
 * cent: each share is the total's cents divided evenly, and the cents left over go one each to
 * the first offerings ($100,000 in 3: $33,333.34, $33,333.33, $33,333.33).
 */
export function retainerAllocation(retainer: Decimal, deposit: Decimal, offerings: Decimal, offering?: Decimal): Decimal {
  checkedMoney(retainer, "retainer");
  checkedMoney(deposit, "deposit");
  wholeCount(offerings, "offerings");
  if (offering === undefined) return roundMoney(retainer.plus(deposit).dividedBy(offerings));
  wholeCount(offering, "offering", offerings);
  const cents = roundMoney(retainer.plus(deposit)).times(100);
  const extra = offering.lte(cents.mod(offerings)) ? ONE : ZERO;
  return cents.divToInt(offerings).plus(extra).dividedBy(100);
}
