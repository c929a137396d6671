/* MINPRICE as a native formula (src/core/minPrice.ts is the term): the lower of the last close and the average of the last five. */
import { lastCells, series } from "./conversion.formula";
import { anyOf, guard, price, type Arg } from "./formulaText";
import { MINIMUM_PRICE_DAYS } from "./minPrice";
import { checksOf, holdsNonNumbers } from "./rangeFormula";

/** =CEO.MINPRICE(closes, decimals): #VALUE! for text, a logical or fewer than five closes, then #NUM! for a close of 0 or less. */
export function minPriceFormula(closes: Arg, decimals?: Arg): string {
  const s = series(closes, "closes", MINIMUM_PRICE_DAYS);
  if (s.kind === "error") return s.code;
  if (s.kind === "constants") {
    if (s.values.length < MINIMUM_PRICE_DAYS) return "#VALUE!";
    if (s.values.some((v) => Number(v) <= 0)) return "#NUM!";
    const lastFive = s.values.slice(-MINIMUM_PRICE_DAYS);
    return price(`MIN(${lastFive[MINIMUM_PRICE_DAYS - 1]},AVERAGE(${lastFive.join(",")}))`, decimals);
  }
  const r = s.ref;
  const lastClose = `SUMPRODUCT(${lastCells(r, "1")},${r})`;
  const average = `SUMPRODUCT(${lastCells(r, String(MINIMUM_PRICE_DAYS))},${r})/${MINIMUM_PRICE_DAYS}`;
  // A close of 0 or less, among the numbers only (a blank cell compares as 0, and is skipped).
  const notPositive = `SUMPRODUCT(ISNUMBER(${r})*(${r}<=0))>0`;
  // Text or a logical is refused by range() before the count is checked: #VALUE! either way.
  return guard(anyOf(checksOf(holdsNonNumbers(r), `COUNT(${r})<${MINIMUM_PRICE_DAYS}`)), guard(notPositive, price(`MIN(${lastClose},${average})`, decimals)), "#VALUE!");
}
