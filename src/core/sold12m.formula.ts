/* SOLD12M as a native formula (src/core/sold12m.ts is the term); the window as in floatPrice.formula.ts. */
import { anyBelowZero, saleDay } from "./floatPrice.formula";
import { anyOf, guard, money, required, type Arg } from "./formulaText";
import { blankBesideNumber, checksOf, holdsNonNumbers, numbersOrZero, pairing } from "./rangeFormula";
import { LOOK_BACK_MONTHS } from "./sold12m";

/** =CEO.SOLD12M(dates, grosses, saleDate): the grosses dated after EDATE(saleDate,-12) up to saleDate, to the cent. */
export function sold12mFormula(dates: Arg, grosses: Arg, saleDate: Arg): string {
  const d = required(dates, "dates");
  const g = required(grosses, "grosses");
  const { day, outside } = saleDay(saleDate);
  const pair = pairing(d, "dates", g, "grosses");
  if (pair.kind === "sizes differ") return "#VALUE!";
  const inWindow = (range: string) => `(${range}>=EDATE(${day},-${LOOK_BACK_MONTHS})+1)*(${range}<${day}+1)`;
  // A row against a column: MMULT pairs the k-th of each (grosses checked to be 0 or more first, for numbersOrZero).
  const sold =
    pair.kind === "crossed"
      ? pair.row === d
        ? `SUMPRODUCT(MMULT(${inWindow(d)},${numbersOrZero(g)}))`
        : `SUMPRODUCT(MMULT(${numbersOrZero(g)},${inWindow(d)}))`
      : `SUMPRODUCT(${inWindow(d)},${g})`;
  const invalid = checksOf(holdsNonNumbers(d), holdsNonNumbers(g), blankBesideNumber(pair, d, g));
  return guard(anyOf(invalid), guard(anyOf([outside, anyBelowZero(g)]), money(sold)), "#VALUE!");
}
