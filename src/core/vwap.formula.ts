/* VWAP as a native formula (src/core/vwap.ts is the term): sum(shares x price) / sum(shares). */
import { anyOf, guard, price, required, type Arg } from "./formulaText";
import { anyNegative, blankBesideNumber, checksOf, holdsNonNumbers, pairing, sumOfProducts } from "./rangeFormula";

/** Sales given as parallel ranges of shares and prices, read as the add-in's parallelRanges() reads them. */
export interface Sales {
  /** Shares sold in all. */
  volume: string;
  /** Sum of shares x price. */
  value: string;
  /** #VALUE! in the add-in: text or a logical in either range, a blank beside a number. */
  invalid: string[];
  /** #NUM! in the core: a negative value, no volume. */
  domain: string[];
}

/**
 * The sales of two parallel ranges (texts as written, wrapped), paired in reading order in either
 * orientation; "#VALUE!" when their sizes differ, as the add-in says whatever they hold.
 */
export function salesOf(shares: string, prices: string, pricesName: string): Sales | "#VALUE!" {
  const p = pairing(shares, "shares", prices, pricesName);
  if (p.kind === "sizes differ") return "#VALUE!";
  return {
    volume: `SUM(${shares})`,
    value: sumOfProducts(p, shares, prices),
    invalid: checksOf(holdsNonNumbers(shares), holdsNonNumbers(prices), blankBesideNumber(p, shares, prices)),
    domain: [anyNegative(p, shares, prices), `SUM(${shares})=0`],
  };
}

/** =CEO.VWAP(shares, prices, decimals): #VALUE! for what the coercion refuses, then #NUM! for the core's domain. */
export function vwapFormula(shares: Arg, prices: Arg, decimals?: Arg): string {
  const sales = salesOf(required(shares, "shares"), required(prices, "prices"), "prices");
  if (sales === "#VALUE!") return sales;
  return guard(anyOf(sales.invalid), guard(anyOf(sales.domain), price(`${sales.value}/${sales.volume}`, decimals)), "#VALUE!");
}
