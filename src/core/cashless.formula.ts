/* CASHLESS as a native formula (src/core/cashless.ts is the term). */
import { anyOf, guard, required, wholeShares, type Arg } from "./formulaText";

/** =CEO.CASHLESS(warrants, strike, price): floor(warrants x (price - strike) / price), 0 when price <= strike. */
export function cashlessFormula(warrants: Arg, strike: Arg, price: Arg): string {
  const w = required(warrants, "warrants");
  const s = required(strike, "strike");
  const p = required(price, "price");
  // ROUND(price - strike, 10): the difference of two 4-decimal prices cancels their binary error
  // into a large relative one (3.8383 - 3.8157 is 0.02259999999999973); rounded, it is the decimal
  // difference again, for prices of up to 10 decimals, and the share count is not a share short.
  return guard(anyOf([`${w}<0`, `${s}<0`, `${p}<0`]), `IF(${p}<=${s},0,${wholeShares(`${w}*ROUND(${p}-${s},10)/${p}`)})`);
}
