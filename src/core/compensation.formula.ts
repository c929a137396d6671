/* COMPPCT as a native formula (src/core/compensation.ts is the term). */
import { anyOf, guard, isOmitted, optionalZero, required, wrap, type Arg } from "./formulaText";

/** =CEO.COMPPCT(gross, fee, expenses, other): (fee + expenses + each of other) / gross. */
export function compPctFormula(gross: Arg, fee: Arg, expenses?: Arg, other?: Arg): string {
  const g = required(gross, "gross");
  const f = required(fee, "fee");
  const e = optionalZero(expenses);
  const items = isOmitted(other) ? undefined : wrap(other);
  const guards = [`${g}<0`, `${f}<0`, `${e}<0`, `${g}=0`, ...(items ? [`SUMPRODUCT(--(${items}<0))>0`] : [])];
  return guard(anyOf(guards), `(${f}+${e}${items ? `+SUM(${items})` : ""})/${g}`);
}
