/*
 * FLOATPRICE as a native formula (src/core/floatPrice.ts is the term), and the date window it
 * shares with SOLD12M: parallel ranges of prices (or amounts) and dates read as the add-in's
 * parallelRanges() reads them, a window of days on the sale date. A date cell d is in a window of whole days first..last exactly when
 * first <= d < last + 1 (the core drops a time of day); empty text compares above any number and
 * a blank cell as 0, so neither falls in a window.
 */
import { FIRST_DAY, LAST_DAY } from "./calendar";
import { FLOAT_PRICE_DAYS } from "./floatPrice";
import { anyOf, bare, guard, NoNativeFormula, required, type Arg } from "./formulaText";
import { blankBesideNumber, cellCount, checksOf, holdsNonNumbers, numbersOrZero, pairing, rangeShape } from "./rangeFormula";

/** The sale date as a whole day, and the #NUM! condition of checkedDate (outside 1985-2100). */
export function saleDay(saleDate: Arg): { day: string; outside: string } {
  const day = `INT(${bare(required(saleDate, "saleDate"))})`;
  return { day, outside: `OR(${day}<${FIRST_DAY},${day}>${LAST_DAY})` };
}

/** True when a number of the range is below 0 (text and blanks are not). */
export const anyBelowZero = (range: string) => `SUMPRODUCT(--(${range}<0))>0`;

/** Beyond this many cells a row and a column are not paired (their products make an n x n array). */
const MAX_CROSSED = 400;

/**
 * A row against a column: their product is an n x n array whose diagonal pairs the k-th of each
 * (MMULT would sum the pairs; the highest needs them one by one). (keys down = keys across) is
 * that diagonal, with the sizes in the text.
 */
function diagonal(a: string, b: string): string {
  const sizes = [cellCount(rangeShape(a)), cellCount(rangeShape(b))];
  const n = sizes[0] === sizes[1] ? sizes[0] : undefined;
  if (n === undefined || n > MAX_CROSSED) {
    throw new NoNativeFormula(`prices and dates pair a row with a column of ${n === undefined ? "unknown size" : `${n} cells`}: a native formula pairs them only when their sizes are in the text, up to ${MAX_CROSSED} cells`);
  }
  const keys = Array.from({ length: n }, (_, i) => i + 1);
  return `({${keys.join(";")}}={${keys.join(",")}})`;
}

/** =CEO.FLOATPRICE(prices, dates, saleDate): the highest price dated saleDate-60 to saleDate-1; none is #N/A. */
export function floatPriceFormula(prices: Arg, dates: Arg, saleDate: Arg): string {
  const p = required(prices, "prices");
  const d = required(dates, "dates");
  const { day, outside } = saleDay(saleDate);
  const pair = pairing(p, "prices", d, "dates");
  if (pair.kind === "sizes differ") return "#VALUE!";
  const inWindow = `(${d}>=${day}-${FLOAT_PRICE_DAYS})*(${d}<${day})`;
  const invalid = checksOf(holdsNonNumbers(p), holdsNonNumbers(d), blankBesideNumber(pair, p, d));
  // Prices are 0 or more once the guard passes, so the highest of (in window) x price is the highest in the window.
  const highest = `SUMPRODUCT(MAX(${inWindow}*${numbersOrZero(p)}${pair.kind === "crossed" ? `*${diagonal(p, d)}` : ""}))`;
  return guard(anyOf(invalid), guard(anyOf([outside, anyBelowZero(p)]), guard(`SUMPRODUCT(${inWindow})=0`, highest, "#N/A")), "#VALUE!");
}
