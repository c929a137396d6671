/* NASDAQ20 as a native formula (src/core/nasdaq.ts is the term). */
import { anyOf, guard, optionalZero, required, wholeShares, type Arg } from "./formulaText";

/** =CEO.NASDAQ20(preOutstanding, alreadyIssued): the largest count below 20%, less those issued, not below 0. */
export function nasdaq20Formula(preOutstanding: Arg, alreadyIssued?: Arg): string {
  const pre = required(preOutstanding, "preOutstanding");
  const issued = optionalZero(alreadyIssued);
  const notWhole = (x: string) => `OR(${x}<0,${x}<>INT(${x}))`;
  return guard(anyOf([notWhole(pre), notWhole(issued)]), `MAX(0,MAX(0,${wholeShares(`(${pre}-1)/5`)})-${issued})`);
}
