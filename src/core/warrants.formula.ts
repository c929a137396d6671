/*
 * WARRANTS as native formulas (src/core/warrants.ts is the term): one formula per element of
 * the spilled row, warrant shares and exercise price. The add-in computes both or errs in both,
 * so every check guards both elements, decimals included.
 */
import { anyOf, constant, guard, isMany, isNumberLiteral, NoNativeFormula, optional, price, required, wholeShares, type Arg } from "./formulaText";
import { checksOf, holdsNonNumbers, notOneNumber, rangeShape } from "./rangeFormula";
import { salesOf } from "./vwap.formula";
import { WARRANT_COVERAGE, WARRANT_PREMIUM } from "./warrants";

/** =CEO.WARRANTS(shares, vwap, coverage, premium, decimals): [warrant shares, exercise price]. */
export function warrantsFormulas(shares: Arg, vwap: Arg, coverage?: Arg, premium?: Arg, decimals?: Arg): [string, string] {
  const s = required(shares, "shares");
  const v = required(vwap, "vwap");
  const sharesShape = rangeShape(shares);
  const vwapShape = rangeShape(vwap);
  // The wrapper chooses per-sale ranges or totals by the size of the arguments at run time.
  if (sharesShape.kind === "unknown" || vwapShape.kind === "unknown") {
    throw new NoNativeFormula("shares or vwap is an expression whose size (one figure or per-sale range) is not known from its text");
  }
  const cov = optional(coverage, constant(WARRANT_COVERAGE));
  const prem = optional(premium, constant(WARRANT_PREMIUM));
  // A literal coverage or premium (the defaults, or a number typed in) is checked here, not in every cell.
  const outOfDomain = (text: string, bad: (x: number) => boolean, check: string) => (isNumberLiteral(text) ? (bad(Number(text)) ? ["1"] : []) : [check]);
  const domain = [
    ...outOfDomain(cov, (c) => c < 0 || c > WARRANT_COVERAGE.toNumber(), `OR(${cov}<0,${cov}>${constant(WARRANT_COVERAGE)})`),
    ...outOfDomain(prem, (p) => p < 1, `${prem}<1`),
  ];
  const invalid: string[] = [];
  let total: string;
  let averagePrice: string;
  if (isMany(vwapShape)) {
    const sales = salesOf(s, v, "vwap");
    if (sales === "#VALUE!") return [sales, sales];
    total = sales.volume;
    averagePrice = `${sales.value}/${sales.volume}`;
    invalid.push(...sales.invalid);
    domain.push(...sales.domain);
  } else {
    // One price: shares is a total (one figure, read as num() reads it) or per-sale shares summed (range()).
    total = isMany(sharesShape) ? `SUM(${s})` : s;
    averagePrice = v;
    invalid.push(...checksOf(isMany(sharesShape) ? holdsNonNumbers(s) : notOneNumber(s), notOneNumber(v)));
    domain.push(isMany(sharesShape) ? `SUMPRODUCT(--(${s}<0))>0` : `${s}<0`, `${v}<0`);
  }
  // Warrant shares are not rounded to `decimals`, but a decimals the add-in refuses errs this cell
  // too: ROUND of a whole number to 0..10 places is that number.
  const checked = (expr: string) => guard(anyOf(domain), price(expr, decimals));
  const element = (expr: string) => (invalid.length > 0 ? guard(anyOf(invalid), checked(expr), "#VALUE!") : checked(expr));
  return [element(wholeShares(`${cov}*${total}`)), element(`${prem}*${averagePrice}`)];
}
