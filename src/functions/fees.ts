import { Decimal, ZERO } from "../core/decimal";
import * as fees from "../core/fees";
import { excel, isOmitted, num, optNum, rows } from "./excel";

const builtSchedules = new Map<string, fees.FeeSchedule>();

/**
 * The schedule for the fast path, built once per distinct argument (a flat rate, or a small range
 * like a Terms sheet's Sales_Schedule); undefined when it is not a valid one (the slow path then
 * gives the error).
 */
function commonTiers(value: unknown): fees.FeeSchedule | undefined {
  const cell = Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].length === 1 ? value[0][0] : value;
  if (cell === null || cell === undefined || cell === "") return fees.SALES_AGREEMENT_SCHEDULE;
  const small = typeof cell === "number" || (Array.isArray(value) && value.length <= 12 && value.every((row) => Array.isArray(row) && row.length === 2));
  if (!small) return undefined;
  const key = typeof cell === "number" ? String(cell) : JSON.stringify(value);
  let schedule = builtSchedules.get(key);
  if (!schedule) {
    try {
      schedule = tiers(value);
    } catch {
      return undefined;
    }
    if (builtSchedules.size < 256) builtSchedules.set(key, schedule);
  }
  return schedule;
}

/** Omitted: the Sales Agreement tiers; one number: a flat rate; a 2-column range: (tier lower bound, rate) rows. */
function tiers(value: unknown): fees.FeeSchedule {
  if (isOmitted(value)) return fees.SALES_AGREEMENT_SCHEDULE;
  if (!Array.isArray(value) || (value.length === 1 && Array.isArray(value[0]) && value[0].length === 1)) {
    return fees.flatFee(num(value, "schedule"));
  }
  return fees.feeSchedule(rows(value, "schedule", 2).map(([from, rate]) => [from!, rate!] as [Decimal, Decimal]));
}

/**
 * Agent commission on a sale, in $, on marginal tiers of cumulative gross (default: the Sales Agreement's 4% to $10M, 3.5% to $20M, 3% above).
 * Example: =CEO.FEE(25000000) returns 900000.
 * @customfunction FEE
 * @param gross Gross proceeds of this sale, $ (0 or more).
 * @param [priorGross] Gross already sold under the same agreement before this sale, $ (0 or more; default 0).
 * @param [schedule] A flat rate (0.04 = 4%), or a 2-column range of (tier lower bound $, rate); default the Sales Agreement tiers.
 * @returns Commission in $, rounded to the cent.
 */
export function fee(gross: number, priorGross?: number, schedule?: any[][]): number {
  const common = commonTiers(schedule);
  const cents = common && fees.commissionCents(gross, priorGross ?? 0, common);
  if (cents !== undefined) return cents / 100;
  return excel(() => fees.commission(num(gross, "gross"), optNum(priorGross, "priorGross") ?? ZERO, tiers(schedule)));
}

/**
 * Net proceeds of a sale, in $: gross less the agent's commission.
 * Example: =CEO.NET(25000000) returns 24100000.
 * @customfunction NET
 * @param gross Gross proceeds of this sale, $ (0 or more).
 * @param [priorGross] Gross already sold under the same agreement before this sale, $ (0 or more; default 0).
 * @param [schedule] A flat rate (0.04 = 4%), or a 2-column range of (tier lower bound $, rate); default the Sales Agreement tiers.
 * @returns Net proceeds in $, rounded to the cent.
 */
export function net(gross: number, priorGross?: number, schedule?: any[][]): number {
  const common = commonTiers(schedule);
  const cents = common && fees.commissionCents(gross, priorGross ?? 0, common);
  if (cents !== undefined) return (Math.round(gross * 100) - cents) / 100 + 0; // + 0: no -0 in a cell
  return excel(() => fees.netProceeds(num(gross, "gross"), optNum(priorGross, "priorGross") ?? ZERO, tiers(schedule)));
}

/**
 * The agent's commission on a sale as a fraction of its gross (0.036 = 3.6%).
 * Example: =CEO.FEERATE(25000000) returns 0.036.
 * @customfunction FEERATE
 * @param gross Gross proceeds of this sale, $ (above 0).
 * @param [priorGross] Gross already sold under the same agreement before this sale, $ (0 or more; default 0).
 * @param [schedule] A flat rate (0.04 = 4%), or a 2-column range of (tier lower bound $, rate); default the Sales Agreement tiers.
 * @returns Commission / gross, a fraction.
 */
export function feeRate(gross: number, priorGross?: number, schedule?: any[][]): number {
  return excel(() => fees.effectiveRate(num(gross, "gross"), optNum(priorGross, "priorGross") ?? ZERO, tiers(schedule)));
}
