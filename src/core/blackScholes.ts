import { Decimal, ONE, ZERO } from "./decimal";
import { checkedPrice, numError } from "./errors";
import { roundPrice } from "./rounding";

const HALF = new Decimal("0.5");
const SQRT_2PI = new Decimal("2.506628274631000502415765284811045253006986740609938316629923");
/** From here out the tail is taken by its continued fraction: relative, not absolute, accuracy. */
const TAIL_FROM = new Decimal(5);
/**
 * Beyond |x| = 40 the tail is below 4e-350: even times the largest discount factor the domain
 * allows (e^100 on a strike of $1e15) it is under 1e-290, so it is 0 (and exp(-x²/2) of a huge x,
 * which decimal.js would take long to compute, is never asked for).
 */
const TAIL_END = new Decimal(40);
const NEGLIGIBLE = new Decimal("1e-45");

/** The standard normal density φ(x). */
const density = (x: Decimal) => x.times(x).dividedBy(2).negated().exp().dividedBy(SQRT_2PI);

/**
 * The upper tail Q(x) = 1 - Φ(x) for x >= 5, to 40 significant digits however small: Laplace's
 * continued fraction Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + ...)))), evaluated by Lentz's method.
 * A tail as small as N(-14.78) ~ 1e-49 still counts in Black-Scholes when it multiplies a
 * discounted strike of K e^(-rT) ~ 1e44 (r = -100%, 100 years): cut to 0 it cost 5e-5 a share.
 */
function upperTail(x: Decimal): Decimal {
  let fraction = x;
  let c = x;
  let d = ZERO;
  for (let k = 1; k < 10_000; k++) {
    d = ONE.dividedBy(x.plus(d.times(k)));
    c = x.plus(new Decimal(k).dividedBy(c));
    const delta = c.times(d);
    fraction = fraction.times(delta);
    if (delta.minus(1).abs().lt(NEGLIGIBLE)) break;
  }
  return density(x).dividedBy(fraction);
}

/**
 * The standard normal CDF, in Decimal. For 0 <= x < 5, Marsaglia's series
 * Φ(x) = 1/2 + φ(x) (x + x³/3 + x⁵/(3·5) + ...), all terms positive so nothing cancels (good to
 * ~1e-38 at 40 digits); beyond, 1 - Q(x) with Q by its continued fraction; Φ(-x) = Q(x) there, so
 * a far lower tail keeps its 40 significant digits rather than cancelling to 0; beyond |x| = 40, 0 or 1.
 */
export function normalCdf(x: Decimal): Decimal {
  if (x.abs().gt(TAIL_END)) return x.lt(0) ? ZERO : ONE;
  if (x.lt(0)) return x.negated().gte(TAIL_FROM) ? upperTail(x.negated()) : ONE.minus(normalCdf(x.negated()));
  if (x.isZero()) return HALF;
  if (x.gte(TAIL_FROM)) return ONE.minus(upperTail(x));
  const x2 = x.times(x);
  let term = x;
  let sum = x;
  for (let odd = 3; term.gt(sum.times(NEGLIGIBLE)); odd += 2) {
    term = term.times(x2).dividedBy(odd);
    sum = sum.plus(term);
  }
  return HALF.plus(density(x).times(sum));
}

function checkedRange(value: Decimal, what: string, low: Decimal, high: Decimal, expected: string): Decimal {
  if (value.lt(low) || value.gt(high)) throw numError(`${what} is ${value.toString()}: expected ${expected}`);
  return value;
}

const MAX_YEARS = new Decimal(100);
const MAX_VOLATILITY = new Decimal(5);

/**
 * Plan of distribution: "The Warrants are exercisable for five years" at "an exercise price equal
 * to 130% of the volume weighted average sales price"; "Cantor ... may not receive compensation
 * greater than 8%". A value for the Warrants in that 8% test: the Black-Scholes(-Merton) value of a
 * European call on one share, unrounded like a price unless `decimals` asks:
 *   C = S e^(-qT) N(d1) - K e^(-rT) N(d2),  d1 = (ln(S/K) + (r - q + σ²/2) T) / (σ √T),  d2 = d1 - σ √T.
 * With σ√T = 0 the value is the discounted forward's intrinsic value, max(S e^(-qT) - K e^(-rT), 0).
 */
export function blackScholesCall(
  stockPrice: Decimal,
  strike: Decimal,
  years: Decimal,
  volatility: Decimal,
  riskFree: Decimal,
  dividendYield: Decimal,
  decimals?: number | null,
): Decimal {
  return roundPrice(callValue(stockPrice, strike, years, volatility, riskFree, dividendYield), decimals);
}

function callValue(stockPrice: Decimal, strike: Decimal, years: Decimal, volatility: Decimal, riskFree: Decimal, dividendYield: Decimal): Decimal {
  checkedPrice(stockPrice, "stockPrice");
  checkedPrice(strike, "strike");
  checkedRange(years, "years", ZERO, MAX_YEARS, "a term in years from 0 to 100");
  checkedRange(volatility, "volatility", ZERO, MAX_VOLATILITY, "an annual volatility as a fraction from 0 to 5 (80% is 0.8)");
  checkedRange(riskFree, "riskFree", ONE.negated(), ONE, "an annual rate as a fraction from -1 to 1 (5% is 0.05)");
  checkedRange(dividendYield, "dividendYield", ZERO, ONE, "an annual yield as a fraction from 0 to 1 (2% is 0.02)");

  const spot = stockPrice.times(dividendYield.times(years).negated().exp());
  const discountedStrike = strike.times(riskFree.times(years).negated().exp());
  if (stockPrice.isZero()) return ZERO;
  if (strike.isZero()) return spot;
  const spread = volatility.times(years.sqrt());
  if (spread.isZero()) return Decimal.max(spot.minus(discountedStrike), ZERO);
  const d1 = spot.dividedBy(discountedStrike).ln().dividedBy(spread).plus(spread.dividedBy(2));
  const d2 = d1.minus(spread);
  return Decimal.max(spot.times(normalCdf(d1)).minus(discountedStrike.times(normalCdf(d2))), ZERO);
}
