/*
 * BSWARRANT as a native formula (src/core/blackScholes.ts is the term), with NORM.S.DIST
 * (Excel 2010 and later). Excel's normal distribution and logarithms are doubles, so the copy
 * agrees with the core's 40-digit value to about 1e-12 of the price, not to the last digit.
 */
import { anyOf, guard, optionalZero, price, required, type Arg } from "./formulaText";

/** =CEO.BSWARRANT(stockPrice, strike, years, volatility, riskFree, dividendYield, decimals). */
export function bsWarrantFormula(stockPrice: Arg, strike: Arg, years: Arg, volatility: Arg, riskFree: Arg, dividendYield?: Arg, decimals?: Arg): string {
  const s = required(stockPrice, "stockPrice");
  const k = required(strike, "strike");
  const t = required(years, "years");
  const v = required(volatility, "volatility");
  const r = required(riskFree, "riskFree");
  const q = optionalZero(dividendYield);
  const spot = `${s}*EXP(-${q}*${t})`;
  const discounted = `${k}*EXP(-${r}*${t})`;
  const spread = `(${v}*SQRT(${t}))`;
  const d1 = `(LN((${spot})/(${discounted}))/${spread}+${spread}/2)`;
  const call = `MAX(${spot}*NORM.S.DIST(${d1},1)-${discounted}*NORM.S.DIST(${d1}-${spread},1),0)`;
  const value = `IF(${s}=0,0,IF(${k}=0,${spot},IF(${spread}=0,MAX(${spot}-${discounted},0),${call})))`;
  const guards = [`${s}<0`, `${k}<0`, `OR(${t}<0,${t}>100)`, `OR(${v}<0,${v}>5)`, `OR(${r}<-1,${r}>1)`, `OR(${q}<0,${q}>1)`];
  return guard(anyOf(guards), price(value, decimals));
}
