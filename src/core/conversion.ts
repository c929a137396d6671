import { Decimal, ZERO } from "./decimal";
import { checkedMoney, checkedPrice, numError, valueError } from "./errors";
import { floorDivide, pow10, scaleOf, unitsOf } from "./exact";
import { roundPrice } from "./rounding";

/*
 * The April 17, 2001 convertible debentures: "convertible into common stock at a conversion
 * price equal to an initial conversion price of 120% of the average per share market value of
 * our common stock over the five trading days preceding the date of issuance or, after 90 days
 * from the date of issuance, the lesser of the initial conversion price or 101% of the average
 * of the ten lowest closing bids of our common stock in the previous 30 trading days from the
 * date of conversion."
 *
 * Price series are daily values, oldest first, one per trading day; the last value is the
 * trading day just before issuance (initial price) or conversion (reset).
 */
export const INITIAL_PREMIUM = new Decimal("1.20");
export const INITIAL_DAYS = 5;
export const RESET_FACTOR = new Decimal("1.01");
export const RESET_LOWEST = 10;
export const RESET_WINDOW = 30;
export const INITIAL_ONLY_DAYS = 90;

function checkedPrices(prices: readonly Decimal[], what: string): readonly Decimal[] {
  prices.forEach((price, i) => {
    if (price.lt(0)) throw numError(`${what} value ${i + 1} is ${price.toString()}: expected a price of $0 or more`);
  });
  return prices;
}

const average = (values: readonly Decimal[]) => values.reduce((sum, v) => sum.plus(v), ZERO).dividedBy(values.length);

/** 120% of the average of the last five values (the five trading days preceding issuance). */
export function initialConversionPrice(marketValues: readonly Decimal[], decimals?: number | null): Decimal {
  if (marketValues.length < INITIAL_DAYS) {
    throw valueError(`prices has ${marketValues.length} values: expected at least ${INITIAL_DAYS}, the market values of the five trading days before issuance`);
  }
  const lastFive = checkedPrices(marketValues, "prices").slice(-INITIAL_DAYS);
  return roundPrice(INITIAL_PREMIUM.times(average(lastFive)), decimals);
}

/** 101% of the average of the ten lowest of the last 30 closing bids (older bids are dropped). */
export function resetPrice(closingBids: readonly Decimal[]): Decimal {
  if (closingBids.length < RESET_LOWEST) {
    throw valueError(`bids has ${closingBids.length} values: expected at least ${RESET_LOWEST} closing bids (the ten lowest of the previous 30 trading days)`);
  }
  const window = checkedPrices(closingBids, "bids").slice(-RESET_WINDOW);
  const lowest = [...window].sort((a, b) => a.comparedTo(b)).slice(0, RESET_LOWEST);
  return RESET_FACTOR.times(average(lowest));
}

/**
 * The conversion price on a conversion date. Without `initialPrice`: the reset price alone.
 * With it: the lesser of the two, except on days 0 to 90 after issuance, when it is the initial
 * price alone ("after 90 days" starts on day 91). `daysSinceIssue` without `initialPrice` is
 * refused: the price it selects would be unknown. The bids are checked in every case.
 */
export function conversionPrice(
  closingBids: readonly Decimal[],
  initialPrice?: Decimal,
  daysSinceIssue?: number,
  decimals?: number | null,
): Decimal {
  const reset = resetPrice(closingBids);
  if (daysSinceIssue !== undefined && (!Number.isInteger(daysSinceIssue) || daysSinceIssue < 0)) {
    throw numError(`daysSinceIssue is ${daysSinceIssue}: expected a whole number of days, 0 or more`);
  }
  if (initialPrice === undefined) {
    if (daysSinceIssue !== undefined) {
      throw valueError(`initialPrice is missing: with daysSinceIssue the conversion price depends on the initial conversion price`);
    }
    return roundPrice(reset, decimals);
  }
  checkedPrice(initialPrice, "initialPrice");
  if (daysSinceIssue !== undefined && daysSinceIssue <= INITIAL_ONLY_DAYS) return roundPrice(initialPrice, decimals);
  return roundPrice(Decimal.min(initialPrice, reset), decimals);
}

/** Shares issued on converting `principal`: floor(principal / conversion price); no fractional shares. */
export function conversionShares(principal: Decimal, closingBids: readonly Decimal[], initialPrice?: Decimal, daysSinceIssue?: number): Decimal {
  checkedMoney(principal, "principal");
  const price = conversionPrice(closingBids, initialPrice, daysSinceIssue);
  if (price.isZero()) throw numError("the conversion price is 0: shares on conversion need a price above $0");
  // dividedToIntegerBy truncates the exact quotient, so a quotient just below a whole number is not rounded up first.
  return principal.dividedToIntegerBy(price);
}

/*
 * The fast path of conversionShares for plain numbers. The reset price is exact in decimal
 * (a sum of bids / 10 x 1.01), so floor(principal / price) is a ratio of safe integers:
 * principal cents x 10 x 10^k / (101 x S), S the ten lowest bids in units of 10^-k. undefined
 * (anything unusual, or any error to report) sends the caller to conversionShares.
 * test/core/conversion.test.ts proves the two equal.
 */
export function conversionSharesOfNumbers(principal: unknown, closingBids: readonly unknown[], initialPrice?: unknown, daysSinceIssue?: unknown): number | undefined {
  const cents = unitsOf(principal, 2);
  if (cents === undefined || closingBids.length < RESET_LOWEST) return undefined;
  for (const bid of closingBids) if (typeof bid !== "number" || !(bid >= 0)) return undefined;
  const window = (closingBids as readonly number[]).slice(-RESET_WINDOW);
  const lowest = window.sort((a, b) => a - b).slice(0, RESET_LOWEST);
  const scale = Math.max(...lowest.map((bid) => scaleOf(bid, 6)));
  let sum = 0;
  for (const bid of lowest) {
    const units = unitsOf(bid, scale < 0 ? 0 : scale);
    if (units === undefined) return undefined;
    sum += units;
  }
  // reset = 101 x sum / (1000 x 10^scale); as a fraction resetNumerator / resetDenominator
  let numerator = 101 * sum;
  let denominator = 1000 * pow10(scale);
  if (initialPrice !== undefined && initialPrice !== null) {
    if (daysSinceIssue !== undefined && daysSinceIssue !== null && (typeof daysSinceIssue !== "number" || !Number.isInteger(daysSinceIssue) || daysSinceIssue < 0)) return undefined;
    const initialScale = scaleOf(initialPrice, 8);
    if (initialScale < 0) return undefined;
    const initial = unitsOf(initialPrice, initialScale)!;
    const initialOnly = typeof daysSinceIssue === "number" && daysSinceIssue <= INITIAL_ONLY_DAYS;
    const initialIsLess = initial * denominator < numerator * pow10(initialScale);
    if (!Number.isSafeInteger(initial * denominator) || !Number.isSafeInteger(numerator * pow10(initialScale))) return undefined;
    if (initialOnly || initialIsLess) {
      numerator = initial;
      denominator = pow10(initialScale);
    }
  } else if (daysSinceIssue !== undefined && daysSinceIssue !== null) {
    return undefined;
  }
  // shares = floor(cents / 100 / (numerator / denominator)) = floor(cents x denominator / (100 x numerator))
  const dividend = cents * denominator;
  const divisor = 100 * numerator;
  if (numerator === 0 || !Number.isSafeInteger(dividend) || !Number.isSafeInteger(divisor)) return undefined;
  return floorDivide(dividend, divisor);
}
