import { Decimal, ZERO } from "./decimal";
import { checkedPrice, numError } from "./errors";
import { floorDivide, pow10, scaleOf, unitsOf } from "./exact";
import { roundPrice, roundShares } from "./rounding";
import { volumeWeightedPrice } from "./vwap";

/**
 * Sales Agreement: Cantor receives "warrants to purchase shares of common stock in an amount
 * equal to 10% of the number of shares sold by Cantor at an exercise price equal to 130% of the
 * volume weighted average sales price of the shares of common stock sold by Cantor", and under
 * the NASD rules "may not receive Warrants in excess of 10% of the shares of Common Stock sold
 * in this offering".
 */
export const WARRANT_COVERAGE = new Decimal("0.10");
export const WARRANT_PREMIUM = new Decimal("1.30");

export interface AgentWarrants {
  /** floor(coverage x shares sold): no fractional shares are issued. */
  readonly warrantShares: Decimal;
  /** premium x VWAP; not rounded unless `decimals` is given. */
  readonly exercisePrice: Decimal;
}

function checkedCoverage(coverage: Decimal): Decimal {
  // The NASD cap makes 10% a ceiling, not just the default: more is refused, less is allowed.
  if (coverage.lt(0) || coverage.gt(WARRANT_COVERAGE)) {
    throw numError(
      `coverage is ${coverage.toString()}: expected a fraction from 0 to 0.10 (Cantor "may not receive Warrants in excess of 10% of the shares of Common Stock sold")`,
    );
  }
  return coverage;
}

function checkedPremium(premium: Decimal): Decimal {
  // A multiplier of the VWAP (130% is 1.3). Below 1 is refused so that 0.3 is not read as "30% premium".
  if (premium.lt(1)) {
    throw numError(`premium is ${premium.toString()}: expected the exercise price as a multiple of the VWAP, 1 or more (130% is 1.3)`);
  }
  return premium;
}

/** Warrants on `sharesSold` shares sold in total at a volume-weighted average price `vwap`. */
export function agentWarrants(
  sharesSold: Decimal,
  vwap: Decimal,
  coverage: Decimal = WARRANT_COVERAGE,
  premium: Decimal = WARRANT_PREMIUM,
  decimals?: number | null,
): AgentWarrants {
  if (sharesSold.lt(0)) throw numError(`shares is ${sharesSold.toString()}: expected 0 or more shares sold`);
  checkedPrice(vwap, "vwap");
  return {
    warrantShares: roundShares(checkedCoverage(coverage).times(sharesSold)),
    exercisePrice: roundPrice(checkedPremium(premium).times(vwap), decimals),
  };
}

/** Shares sold in a list of sales, each 0 or more. */
export function totalShares(shares: readonly Decimal[]): Decimal {
  return shares.reduce((total, sold, i) => {
    if (sold.lt(0)) throw numError(`shares of sale ${i + 1} is ${sold.toString()}: expected 0 or more shares`);
    return total.plus(sold);
  }, ZERO);
}

/** Warrants on a list of sales (parallel shares and prices): shares summed, VWAP computed. */
export function agentWarrantsOnSales(
  shares: readonly Decimal[],
  prices: readonly Decimal[],
  coverage: Decimal = WARRANT_COVERAGE,
  premium: Decimal = WARRANT_PREMIUM,
  decimals?: number | null,
): AgentWarrants {
  return agentWarrants(totalShares(shares), volumeWeightedPrice(shares, prices), coverage, premium, decimals);
}

/*
 * The fast path of agentWarrants at the default 10% and 130%, for plain numbers: warrant shares
 * by integer division, the exercise price as 13 x VWAP units / 10^(scale+1), one correctly
 * rounded division (the Decimal product is exact, then rounded once to a double: the same
 * number). undefined sends the caller to agentWarrants. test/core/warrants.test.ts proves them equal.
 */
export function agentWarrantsOfNumbers(sharesSold: unknown, vwap: unknown): [warrantShares: number, exercisePrice: number] | undefined {
  const sharesScale = scaleOf(sharesSold, 6);
  const priceScale = scaleOf(vwap, 8);
  if (sharesScale < 0 || priceScale < 0) return undefined;
  const shares = unitsOf(sharesSold, sharesScale)!;
  const premiumUnits = 13 * unitsOf(vwap, priceScale)!;
  if (!Number.isSafeInteger(premiumUnits)) return undefined;
  return [floorDivide(shares, 10 * pow10(sharesScale)), premiumUnits / pow10(priceScale + 1)];
}
