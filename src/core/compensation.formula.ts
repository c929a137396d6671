/* COMPPCT as a native formula (src/core/compensation.ts is the term). */
import { anyOf, guard, isOmitted, optionalZero, required, wrap, type Arg } from "./formulaText";
import { holdsNonNumbers } from "./rangeFormula";

/**
 * =CEO.COMPPCT(gross, fee, expenses, other): (fee + expenses + each of other) / gross. `other` is
 * read as range() reads it: blanks skipped, text (even numeric) or a logical #VALUE!.
 */
export function compPctFormula(gross: Arg, fee: Arg, expenses?: Arg, other?: Arg): string {
  const g = required(gross, "gross");
  const f = required(fee, "fee");
  const e = optionalZero(expenses);
  const items = isOmitted(other) ? undefined : wrap(other);
  const guards = [`${g}<0`, `${f}<0`, `${e}<0`, `${g}=0`, ...(items ? [`SUMPRODUCT(--(${items}<0))>0`] : [])];
  const rate = guard(anyOf(guards), `(${f}+${e}${items ? `+SUM(${items})` : ""})/${g}`);
  const refused = items && holdsNonNumbers(items);
  return refused ? guard(refused, rate, "#VALUE!") : rate;
}
