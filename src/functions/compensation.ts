import { ZERO } from "../core/decimal";
import * as compensation from "../core/compensation";
import { excel, num, optNum, range } from "./excel";

/**
 * Underwriting compensation as a fraction of gross proceeds, to compare with the NASD 8% cap (0.08).
 * Example: =CEO.COMPPCT(25000000, 900000, 60000, 62500) returns 0.0409.
 * @customfunction COMPPCT
 * @param gross Gross proceeds of the offering, $ (above 0).
 * @param fee Agent commission, $ (0 or more).
 * @param [expenses] Expenses reimbursed to the agent, $ (0 or more; default 0).
 * @param [other] Other items of value, $ (0 or more each): one number or a range, summed, blanks skipped (e.g. the retainer allocation and the Warrants' value).
 * @returns (fee + expenses + other) / gross, a fraction.
 */
export function compPct(gross: number, fee: number, expenses?: number, other?: any[][]): number {
  return excel(() =>
    compensation.compensationRate(num(gross, "gross"), num(fee, "fee"), optNum(expenses, "expenses") ?? ZERO, range(other, "other")),
  );
}
