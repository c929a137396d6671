import * as ownership from "../core/ownership";
import { excel, num } from "./excel";

/**
 * Dilution: the fraction of the shares outstanding after an issue that the new shares make up (0.28 = 28%).
 * Example: =CEO.DILUTION(8593877, 21862772) returns 0.28216751619654546.
 * @customfunction DILUTION
 * @param newShares Shares to be issued, whole shares (0 or more).
 * @param outstanding Shares outstanding before the issue, whole shares (above 0).
 * @returns newShares / (outstanding + newShares), a fraction from 0 to below 1.
 */
export function dilution(newShares: number, outstanding: number): number {
  return excel(() => ownership.dilution(num(newShares, "newShares"), num(outstanding, "outstanding")));
}

/**
 * Ownership: the fraction of the shares outstanding a holder would own, counting the holder's own exercisable shares as issued.
 * Example: =CEO.OWNERSHIP(579098, 4498145, 21862772) returns 0.19260494617846564.
 * @customfunction OWNERSHIP
 * @param held Shares the holder owns, whole shares (0 to outstanding).
 * @param exercisable Shares the holder may acquire by exercise or conversion, whole shares (0 or more): all of them for the "if all exercised" figure, only those exercisable within 60 days for beneficial ownership under SEC Rule 13d-3.
 * @param outstanding Shares outstanding, whole shares (above 0).
 * @returns (held + exercisable) / (outstanding + exercisable), a fraction from 0 to 1.
 */
export function ownershipFraction(held: number, exercisable: number, outstanding: number): number {
  return excel(() => ownership.ownership(num(held, "held"), num(exercisable, "exercisable"), num(outstanding, "outstanding")));
}
