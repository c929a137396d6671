import { ZERO } from "../core/decimal";
import { ANNUAL_RETAINER, REIMBURSEMENT_CAP, REIMBURSEMENT_DEPOSIT, RETAINER_OFFERINGS, reimbursement, retainerAllocation } from "../core/expenses";
import { excel, num, optNum } from "./excel";

/**
 * Agent expenses still reimbursable under an aggregate cap (default $60,000 per agreement), in $.
 * Example: =CEO.REIMBURSE(25000, 45000) returns 15000.
 * @customfunction REIMBURSE
 * @param expenses Out-of-pocket expenses claimed, $ (0 or more).
 * @param [alreadyReimbursed] Expenses already reimbursed under the same agreement, $ (0 or more; default 0).
 * @param [cap] The aggregate cap, $ (0 or more; default 60,000).
 * @returns min(expenses, cap - alreadyReimbursed), not below 0, in $ rounded to the cent.
 */
export function reimburse(expenses: number, alreadyReimbursed?: number, cap?: number): number {
  return excel(() =>
    reimbursement(
      num(expenses, "expenses"),
      optNum(alreadyReimbursed, "alreadyReimbursed") ?? ZERO,
      optNum(cap, "cap") ?? REIMBURSEMENT_CAP,
    ),
  );
}

/**
 * One offering's share of the advisory retainer and deposit, in $ (default: $75,000 + $50,000 in 2 offerings).
 * Example: =CEO.RETAINER() returns 62500.
 * @customfunction RETAINER
 * @param [retainer] The annual retainer paid, $ (0 or more; default 75,000).
 * @param [deposit] The deposit against reimbursement paid, $ (0 or more; default 50,000).
 * @param [offerings] Offerings the total is allocated to, a whole number (1 or more; default 2).
 * @param [offering] Which offering's share, 1 to offerings: shares then add up to the total exactly, leftover cents going to the first offerings. Omitted: the even share rounded half-up to the cent.
 * @returns The share in $, to the cent.
 */
export function retainerShare(retainer?: number, deposit?: number, offerings?: number, offering?: number): number {
  return excel(() =>
    retainerAllocation(
      optNum(retainer, "retainer") ?? ANNUAL_RETAINER,
      optNum(deposit, "deposit") ?? REIMBURSEMENT_DEPOSIT,
      optNum(offerings, "offerings") ?? RETAINER_OFFERINGS,
      optNum(offering, "offering"),
    ),
  );
}
