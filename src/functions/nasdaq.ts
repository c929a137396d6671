import { ZERO } from "../core/decimal";
import * as nasdaq from "../core/nasdaq";
import { excel, num, optNum } from "./excel";

/**
 * Shares still issuable below Nasdaq's 20% stockholder-approval line: the largest whole count strictly below 20% of the pre-transaction shares, less those already issued.
 * Example: =CEO.NASDAQ20(21862772) returns 4372554.
 * @customfunction NASDAQ20
 * @param preOutstanding Shares outstanding before the transaction, whole shares (0 or more).
 * @param [alreadyIssued] Shares already issued in the same transaction, whole shares (0 or more; default 0).
 * @returns Whole shares, 0 or more.
 */
export function nasdaq20(preOutstanding: number, alreadyIssued?: number): number {
  return excel(() => nasdaq.nasdaq20(num(preOutstanding, "preOutstanding"), optNum(alreadyIssued, "alreadyIssued") ?? ZERO));
}
