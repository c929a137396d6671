import { Decimal, ZERO } from "./decimal";
import { checkedMoney, numError } from "./errors";
import { centsOf, divideHalfUp, pow10, scaleOf, unitsOf } from "./exact";
import { roundMoney } from "./rounding";

/** A marginal tier: `rate` applies to cumulative gross from `from` up to the next tier's `from`. */
export interface FeeTier {
  readonly from: Decimal;
  readonly rate: Decimal;
}
export type FeeSchedule = readonly FeeTier[];

/**
 * Tiers from (lower bound, rate) pairs. Bounds start at 0 and rise strictly; a rate is a
 * fraction from 0 to 1 (0.04 is 4%; 4 is refused, not read as 4%).
 */
export function feeSchedule(rows: readonly (readonly [Decimal, Decimal])[]): FeeSchedule {
  if (rows.length === 0) throw numError("the fee schedule is empty: expected (tier lower bound, rate) rows");
  return rows.map(([from, rate], i) => {
    if (i === 0 && !from.isZero()) {
      throw numError(`the first fee tier must start at 0, got ${from.toString()}`);
    }
    const previous = rows[i - 1];
    if (previous && from.lte(previous[0])) {
      throw numError(`fee tier ${i + 1} starts at ${from.toString()}, not above tier ${i}'s ${previous[0].toString()}: bounds must rise`);
    }
    return { from, rate: checkedRate(rate, `fee tier ${i + 1}`) };
  });
}

export function flatFee(rate: Decimal): FeeSchedule {
  return [{ from: ZERO, rate: checkedRate(rate, "the flat fee rate") }];
}

export function checkedRate(rate: Decimal, what: string): Decimal {
  if (rate.lt(0) || rate.gt(1)) {
    throw numError(`${what} is ${rate.toString()}: expected a fraction from 0 to 1 (4% is 0.04)`);
  }
  return rate;
}

/**
 * Sales Agreement, prospectus supplement cover: "commission/discount of 4% on the aggregate
 * sales price of the securities up to $10,000,000, 3.5% on aggregate sales price of the
 * securities between $10,000,000 and $20,000,000, and 3% on the aggregate sales price of
 * the securities above $20,000,000."
 */
export const SALES_AGREEMENT_SCHEDULE = feeSchedule([
  [new Decimal(0), new Decimal("0.04")],
  [new Decimal(10_000_000), new Decimal("0.035")],
  [new Decimal(20_000_000), new Decimal("0.03")],
]);

/** Other Agreement: "Cantor is to receive compensation of 4% of the gross proceeds of such sales". */
export const OTHER_AGREEMENT_SCHEDULE = flatFee(new Decimal("0.04"));

/** Unrounded commission on the first `cumulativeGross` dollars sold under one agreement. */
function cumulativeCommission(cumulativeGross: Decimal, schedule: FeeSchedule): Decimal {
  let total = ZERO;
  schedule.forEach((tier, i) => {
    const next = schedule[i + 1];
    const top = next ? Decimal.min(cumulativeGross, next.from) : cumulativeGross;
    if (top.gt(tier.from)) total = total.plus(top.minus(tier.from).times(tier.rate));
  });
  return total;
}

/**
 * Commission on a sale of `gross` after `priorGross` already sold under the same agreement.
 * The cumulative commission is rounded to the cent and each sale gets the difference, so the
 * fees of all sales add up exactly to the fee on their total (README: rounding and differences).
 */
export function commission(gross: Decimal, priorGross: Decimal, schedule: FeeSchedule): Decimal {
  checkedMoney(gross, "gross");
  checkedMoney(priorGross, "priorGross");
  const after = roundMoney(cumulativeCommission(priorGross.plus(gross), schedule));
  const before = roundMoney(cumulativeCommission(priorGross, schedule));
  return after.minus(before);
}

/** The part of a sale's gross in one tier, and that tier's rate. */
export interface TierPortion {
  readonly from: Decimal;
  readonly rate: Decimal;
  readonly amount: Decimal;
}

/**
 * The tiers a sale of `gross` after `priorGross` falls in, in order, each with the part of the
 * gross inside it (tiers it does not reach left out; the amounts add up to `gross`): what the
 * pane's Explain shows, "$2,000,000 at 4%, then $8,000,000 at 3.5%". The commission itself is
 * commission()'s, rounded once on the cumulative amounts.
 */
export function tierPortions(gross: Decimal, priorGross: Decimal, schedule: FeeSchedule): TierPortion[] {
  const end = priorGross.plus(gross);
  const out: TierPortion[] = [];
  schedule.forEach((tier, i) => {
    const next = schedule[i + 1];
    const low = Decimal.max(priorGross, tier.from);
    const high = next ? Decimal.min(end, next.from) : end;
    if (high.gt(low)) out.push({ from: tier.from, rate: tier.rate, amount: high.minus(low) });
  });
  return out;
}

/** Net proceeds: the aggregate sales price "after deduction for Cantor Fitzgerald & Co.'s commission/discount". */
export function netProceeds(gross: Decimal, priorGross: Decimal, schedule: FeeSchedule): Decimal {
  return netOfCommission(gross, commission(gross, priorGross, schedule));
}

/** Net proceeds of a sale whose commission is already known (gross less it, to the cent). */
export function netOfCommission(gross: Decimal, fee: Decimal): Decimal {
  return roundMoney(gross.minus(fee));
}

/** The commission as a fraction of this sale's gross. */
export function effectiveRate(gross: Decimal, priorGross: Decimal, schedule: FeeSchedule): Decimal {
  const fee = commission(gross, priorGross, schedule);
  if (gross.isZero()) throw numError("gross is 0: a fee rate needs a sale above $0");
  return fee.dividedBy(gross);
}

/*
 * The fast path: the same commission in integer cents, while every amount is a whole number of
 * cents and every product a safe integer; undefined sends the caller to the Decimal path (which
 * also gives the errors). test/core/fees.test.ts proves the two equal.
 */
interface CentsSchedule {
  /** 10^scale: rates are rateUnits / divisor. */
  divisor: number;
  fromCents: number[];
  rateUnits: number[];
  /** The commission, in rate units x cents, on everything below each tier's lower bound. */
  belowUnits: number[];
}
const centsSchedules = new WeakMap<FeeSchedule, CentsSchedule | null>();

// The last schedule asked for, in front of the WeakMap: a column of FEE cells uses one schedule.
let lastSchedule: FeeSchedule | undefined;
let lastCents: CentsSchedule | null = null;

function centsSchedule(schedule: FeeSchedule): CentsSchedule | null {
  if (schedule === lastSchedule) return lastCents;
  let cached = centsSchedules.get(schedule);
  if (cached === undefined) {
    const scale = Math.max(...schedule.map((t) => scaleOf(t.rate.toNumber(), 6)));
    const fromCents = schedule.map((t) => unitsOf(t.from.toNumber(), 2));
    const rateUnits = schedule.map((t) => unitsOf(t.rate.toNumber(), Math.max(scale, 0)));
    const belowUnits = [0];
    for (let i = 1; i < schedule.length; i++) belowUnits.push(belowUnits[i - 1]! + (fromCents[i]! - fromCents[i - 1]!) * rateUnits[i - 1]!);
    const exact =
      scale >= 0 &&
      belowUnits.every(Number.isSafeInteger) &&
      schedule.every(
        (t, i) =>
          fromCents[i] !== undefined && rateUnits[i] !== undefined && new Decimal(rateUnits[i]!).dividedBy(pow10(scale)).equals(t.rate) && new Decimal(fromCents[i]!).dividedBy(100).equals(t.from),
      );
    cached = exact ? { divisor: pow10(scale), fromCents: fromCents as number[], rateUnits: rateUnits as number[], belowUnits } : null;
    centsSchedules.set(schedule, cached);
  }
  lastSchedule = schedule;
  lastCents = cached;
  return cached;
}

/** The cumulative commission on `totalCents`, rounded to the cent: the top tier reached, plus all below it. */
function cumulativeCents(totalCents: number, schedule: CentsSchedule): number | undefined {
  const { fromCents } = schedule;
  let i = fromCents.length - 1;
  while (i > 0 && totalCents <= fromCents[i]!) i--;
  const units = schedule.belowUnits[i]! + (totalCents - fromCents[i]!) * schedule.rateUnits[i]!;
  return Number.isSafeInteger(units) ? divideHalfUp(units, schedule.divisor) : undefined;
}

/** commission() in cents for plain numbers, or undefined (then use commission()). */
export function commissionCents(gross: unknown, priorGross: unknown, schedule: FeeSchedule): number | undefined {
  const grossCents = centsOf(gross);
  const priorCents = centsOf(priorGross);
  const cents = centsSchedule(schedule);
  if (grossCents === undefined || priorCents === undefined || cents === null) return undefined;
  const after = cumulativeCents(priorCents + grossCents, cents);
  const before = priorCents === 0 ? 0 : cumulativeCents(priorCents, cents);
  return after === undefined || before === undefined ? undefined : after - before;
}
