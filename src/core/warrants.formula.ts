/*
 * WARRANTS as native formulas (src/core/warrants.ts is the term): one formula per element of
 * the spilled row, warrant shares and exercise price.
 */
import { anyOf, constant, guard, isMany, NoNativeFormula, optional, price, required, shapeOf, wholeShares, type Arg } from "./formulaText";
import { vwapExpression } from "./vwap.formula";
import { WARRANT_COVERAGE, WARRANT_PREMIUM } from "./warrants";

/** =CEO.WARRANTS(shares, vwap, coverage, premium, decimals): [warrant shares, exercise price]. */
export function warrantsFormulas(shares: Arg, vwap: Arg, coverage?: Arg, premium?: Arg, decimals?: Arg): [string, string] {
  const s = required(shares, "shares");
  const v = required(vwap, "vwap");
  const sharesShape = shapeOf(shares);
  const vwapShape = shapeOf(vwap);
  // The wrapper chooses per-sale ranges or totals by the size of the arguments at run time.
  if (sharesShape.kind === "unknown" || vwapShape.kind === "unknown") {
    throw new NoNativeFormula("shares or vwap is an expression whose size (one figure or per-sale range) is not known from its text");
  }
  const cov = optional(coverage, constant(WARRANT_COVERAGE));
  const prem = optional(premium, constant(WARRANT_PREMIUM));
  const guards = [`OR(${cov}<0,${cov}>${constant(WARRANT_COVERAGE)})`, `${prem}<1`];
  let total: string;
  let averagePrice: string;
  if (isMany(vwapShape)) {
    const per = vwapExpression(s, v);
    total = `SUM(${s})`;
    averagePrice = per.expr;
    guards.push(...per.guards);
  } else {
    total = isMany(sharesShape) ? `SUM(${s})` : s;
    averagePrice = v;
    guards.push(isMany(sharesShape) ? `SUMPRODUCT(--(${s}<0))>0` : `${s}<0`, `${v}<0`);
  }
  const check = anyOf(guards);
  return [guard(check, wholeShares(`${cov}*${total}`)), guard(check, price(`${prem}*${averagePrice}`, decimals))];
}
