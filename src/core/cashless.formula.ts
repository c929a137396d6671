/* CASHLESS as a native formula (src/core/cashless.ts is the term). */
import { anyOf, guard, required, wholeShares, type Arg } from "./formulaText";

/** =CEO.CASHLESS(warrants, strike, price): floor(warrants x (price - strike) / price), 0 when price <= strike. */
export function cashlessFormula(warrants: Arg, strike: Arg, price: Arg): string {
  const w = required(warrants, "warrants");
  const s = required(strike, "strike");
  const p = required(price, "price");
  return guard(anyOf([`${w}<0`, `${s}<0`, `${p}<0`]), `IF(${p}<=${s},0,${wholeShares(`${w}*(${p}-${s})/${p}`)})`);
}
