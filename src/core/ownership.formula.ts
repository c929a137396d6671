/* DILUTION and OWNERSHIP as native formulas (src/core/ownership.ts is the term). */
import { anyOf, guard, required, type Arg } from "./formulaText";

/** A share count argument must be whole and 0 or more (#NUM! in the core otherwise). */
const notWhole = (x: string) => `OR(${x}<0,${x}<>INT(${x}))`;

/** =CEO.DILUTION(newShares, outstanding): new / (outstanding + new). */
export function dilutionFormula(newShares: Arg, outstanding: Arg): string {
  const n = required(newShares, "newShares");
  const o = required(outstanding, "outstanding");
  return guard(anyOf([notWhole(n), notWhole(o), `${o}=0`]), `${n}/(${o}+${n})`);
}

/** =CEO.OWNERSHIP(held, exercisable, outstanding): (held + exercisable) / (outstanding + exercisable). */
export function ownershipFormula(held: Arg, exercisable: Arg, outstanding: Arg): string {
  const h = required(held, "held");
  const e = required(exercisable, "exercisable");
  const o = required(outstanding, "outstanding");
  return guard(anyOf([notWhole(h), notWhole(e), notWhole(o), `${o}=0`, `${h}>${o}`]), `(${h}+${e})/(${o}+${e})`);
}
