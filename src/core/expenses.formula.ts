/* REIMBURSE and RETAINER as native formulas (src/core/expenses.ts is the term). */
import { anyOf, constant, guard, ifGiven, money, optional, optionalZero, required, type Arg } from "./formulaText";
import { ANNUAL_RETAINER, REIMBURSEMENT_CAP, REIMBURSEMENT_DEPOSIT, RETAINER_OFFERINGS } from "./expenses";

/** =CEO.REIMBURSE(expenses, alreadyReimbursed, cap): min(expenses, cap - already), not below 0, to the cent. */
export function reimburseFormula(expenses: Arg, alreadyReimbursed?: Arg, cap?: Arg): string {
  const e = required(expenses, "expenses");
  const already = optionalZero(alreadyReimbursed);
  const c = optional(cap, constant(REIMBURSEMENT_CAP));
  return guard(anyOf([`${e}<0`, `${already}<0`, `${c}<0`]), money(`MIN(${e},MAX(${c}-${already},0))`));
}

/**
 * =CEO.RETAINER(retainer, deposit, offerings, offering). Without `offering`: the even share to
 * the cent; with it, the k-th share of the total's cents, leftover cents one each to the first.
 */
export function retainerFormula(retainer?: Arg, deposit?: Arg, offerings?: Arg, offering?: Arg): string {
  const r = optional(retainer, constant(ANNUAL_RETAINER));
  const d = optional(deposit, constant(REIMBURSEMENT_DEPOSIT));
  const n = optional(offerings, constant(RETAINER_OFFERINGS));
  const wholeFrom1 = (x: string) => `OR(${x}<1,${x}<>INT(${x}))`;
  const guards = [`${r}<0`, `${d}<0`, wholeFrom1(n)];
  const cents = `ROUND(ROUND(${r}+${d},2)*100,0)`;
  const share = ifGiven(
    offering,
    (k) => `IF(OR(${wholeFrom1(k)},${k}>${n}),#NUM!,ROUND((INT(${cents}/${n})+(${k}<=MOD(${cents},${n})))/100,2))`,
    money(`(${r}+${d})/${n}`),
  );
  return guard(anyOf(guards), share);
}
