/* CLASSBPRICE as a native formula (src/core/classB.ts is the term). */
import { anyOf, constant, guard, optional, price, required, type Arg } from "./formulaText";
import { CLASS_B_CAP, CLASS_B_LOW_MARKET, CLASS_B_LOW_RATE, CLASS_B_RATE } from "./classB";

/** =CEO.CLASSBPRICE(bid, marketPrice, cap, decimals): the lesser of the cap and 97% (95% below $5.00) of the bid. */
export function classBPriceFormula(bid: Arg, marketPrice?: Arg, cap?: Arg, decimals?: Arg): string {
  const b = required(bid, "bid");
  const market = optional(marketPrice, b);
  const c = optional(cap, constant(CLASS_B_CAP));
  const rate = `IF(${market}<${constant(CLASS_B_LOW_MARKET)},${constant(CLASS_B_LOW_RATE)},${constant(CLASS_B_RATE)})`;
  return guard(anyOf([`${b}<0`, `${market}<0`, `${c}<0`]), price(`MIN(${c},${rate}*${b})`, decimals));
}
