/* VWAP as a native formula (src/core/vwap.ts is the term): sum(shares x price) / sum(shares). */
import { anyOf, guard, price, required, type Arg } from "./formulaText";

/** The VWAP of parallel ranges; negative values and zero volume are #NUM! as in the core. */
export function vwapExpression(shares: string, prices: string): { expr: string; guards: string[] } {
  return {
    expr: `SUMPRODUCT(${shares},${prices})/SUM(${shares})`,
    guards: [`SUMPRODUCT((${shares}<0)+(${prices}<0))>0`, `SUM(${shares})=0`],
  };
}

/** =CEO.VWAP(shares, prices, decimals). */
export function vwapFormula(shares: Arg, prices: Arg, decimals?: Arg): string {
  const { expr, guards } = vwapExpression(required(shares, "shares"), required(prices, "prices"));
  return guard(anyOf(guards), price(expr, decimals));
}
