import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import * as fees from "../../src/core/fees";

const d = (x: string | number) => new Decimal(x);
const sales = fees.SALES_AGREEMENT_SCHEDULE;
const fee = (gross: string, prior = "0", schedule = sales) => fees.commission(d(gross), d(prior), schedule).toFixed(2);

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/fees: the Sales Agreement's tiered commission", () => {
  // [gross, priorGross, commission]: written from the prospectus supplement's tiers, by hand.
  const cases: [string, string, string][] = [
    ["25000000", "0", "900000.00"], // seed: "Underwriting fees ... under the Sales Agreement: $900,000"
    ["0", "0", "0.00"],
    ["1", "0", "0.04"],
    ["10000000", "0", "400000.00"], // first tier boundary, exactly
    ["9999999.99", "0", "400000.00"], // 399,999.9996 rounds half-up to the cent
    ["9999999.87", "0", "399999.99"], // 399,999.9948
    ["10000000.01", "0", "400000.00"], // 400,000.00035
    ["10000000.15", "0", "400000.01"], // 400,000.00525
    ["20000000", "0", "750000.00"], // 400,000 + 350,000
    ["20000000.17", "0", "750000.01"], // + 0.0051
    ["30000000", "0", "1050000.00"], // 3% continues above the $25M program size
    ["0.12", "0", "0.00"], // 0.0048
    ["0.125", "0", "0.01"], // 0.005: half-up
    ["0.13", "0", "0.01"], // 0.0052
    ["5000000", "8000000", "185000.00"], // spans $10M: 2M x 4% + 3M x 3.5%
    ["15000000", "8000000", "520000.00"], // spans both: 80,000 + 350,000 + 90,000
    ["1000000", "24000000", "30000.00"], // all in the 3% tier
    ["10000000", "10000000", "350000.00"], // exactly the second tier
    ["0.13", "0.13", "0.00"], // cumulative rounding: 0.0104 -> 0.01 less 0.0052 -> 0.01
  ];
  for (const [gross, prior, expected] of cases) {
    it(`FEE(${gross}, prior ${prior}) = ${expected}`, () => assert.strictEqual(fee(gross, prior), expected));
  }

  it("NET of the seed's $25M is $24,100,000.00 and FEERATE is 3.6%", () => {
    assert.strictEqual(fees.netProceeds(d(25_000_000), d(0), sales).toFixed(2), "24100000.00");
    assert.strictEqual(fees.effectiveRate(d(25_000_000), d(0), sales).toString(), "0.036");
    // With the commission known (as reconciliation has it): gross less it, to the cent.
    assert.strictEqual(fees.netOfCommission(d(25_000_000), d(900_000)).toFixed(2), "24100000.00");
    assert.strictEqual(fees.netOfCommission(d("1345.7196"), d("53.83")).toFixed(2), "1291.89");
  });

  it("the Other Agreement: a flat 4% of its $8.4M is $336,000.00", () => {
    assert.strictEqual(fee("8400000", "0", fees.OTHER_AGREEMENT_SCHEDULE), "336000.00");
    assert.strictEqual(fee("100", "9000000", fees.OTHER_AGREEMENT_SCHEDULE), "4.00");
  });

  it("custom schedules: one, two and three tiers", () => {
    const two = fees.feeSchedule([[d(0), d("0.05")], [d(1_000_000), d("0.02")]]);
    assert.strictEqual(fee("2000000", "0", two), "70000.00");
    assert.strictEqual(fee("500000", "750000", two), "17500.00"); // 250k x 5% + 250k x 2%
    assert.strictEqual(fee("1000", "0", fees.flatFee(d("0.025"))), "25.00");
    assert.strictEqual(fee("0", "0", fees.flatFee(d(0))), "0.00");
  });

  it("refuses what is out of domain with #NUM! and says what is expected", () => {
    throwsCalc(() => fee("-0.01"), "#NUM!", /gross is -0\.01: expected an amount of \$0 or more/);
    throwsCalc(() => fee("1", "-5"), "#NUM!", /priorGross is -5/);
    throwsCalc(() => fees.flatFee(d(4)), "#NUM!", /flat fee rate is 4: expected a fraction from 0 to 1 \(4% is 0\.04\)/);
    throwsCalc(() => fees.flatFee(d("-0.01")), "#NUM!", /expected a fraction/);
    throwsCalc(() => fees.feeSchedule([[d(5), d("0.04")]]), "#NUM!", /first fee tier must start at 0/);
    throwsCalc(() => fees.feeSchedule([[d(0), d("0.04")], [d(0), d("0.03")]]), "#NUM!", /bounds must rise/);
    throwsCalc(() => fees.feeSchedule([[d(0), d("0.04")], [d(10), d("1.5")]]), "#NUM!", /fee tier 2 is 1\.5/);
    throwsCalc(() => fees.feeSchedule([]), "#NUM!", /schedule is empty/);
    throwsCalc(() => fees.effectiveRate(d(0), d(0), sales), "#NUM!", /gross is 0/);
  });
});

describe("core/fees: properties", () => {
  const cents = fc.bigInt({ min: 0n, max: 5_000_000_000n }); // up to $50M, in cents
  const asDollars = (c: bigint) => new Decimal(c.toString()).dividedBy(100);

  // An independent oracle in integer arithmetic: per-mille rates on cents, rounded half-up.
  function oracleCumulativeCents(c: bigint): bigint {
    const clamp = (x: bigint, lo: bigint, hi: bigint) => (x < lo ? lo : x > hi ? hi : x);
    const milli = 40n * clamp(c, 0n, 1_000_000_000n) + 35n * clamp(c - 1_000_000_000n, 0n, 1_000_000_000n) + 30n * (c > 2_000_000_000n ? c - 2_000_000_000n : 0n);
    return (milli + 500n) / 1000n;
  }

  it("equals an integer-cents oracle on every sale and prior", () => {
    fc.assert(
      fc.property(cents, cents, (gross, prior) => {
        const expected = oracleCumulativeCents(prior + gross) - oracleCumulativeCents(prior);
        return fees.commission(asDollars(gross), asDollars(prior), sales).times(100).toFixed(0) === expected.toString();
      }),
      { numRuns: 2000 },
    );
  });

  it("is additive across placements: FEE(a, p) + FEE(b, p + a) = FEE(a + b, p), exactly", () => {
    const amount = fc.oneof(cents.map(asDollars), fc.double({ min: 0, max: 5e7, noNaN: true }).map((x) => new Decimal(x)));
    fc.assert(
      fc.property(amount, amount, amount, (a, b, p) => {
        const split = fees.commission(a, p, sales).plus(fees.commission(b, p.plus(a), sales));
        return split.equals(fees.commission(a.plus(b), p, sales));
      }),
      { numRuns: 2000 },
    );
  });

  it("is monotone in gross", () => {
    fc.assert(
      fc.property(cents, cents, cents, (a, b, p) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return fees.commission(asDollars(lo), asDollars(p), sales).lte(fees.commission(asDollars(hi), asDollars(p), sales));
      }),
    );
  });

  it("NET + FEE = gross for every gross in whole cents", () => {
    fc.assert(
      fc.property(cents, cents, (gross, prior) => {
        const g = asDollars(gross);
        return fees.netProceeds(g, asDollars(prior), sales).plus(fees.commission(g, asDollars(prior), sales)).equals(g);
      }),
    );
  });
});

describe("core/fees: the integer-cents fast path equals the Decimal path", () => {
  const amount = fc.oneof(
    fc.integer({ min: 0, max: 5_000_000_000 }).map((c) => c / 100), // whole cents up to $50M
    fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
    fc.double({ min: 0, max: 1e16, noNaN: true }), // anything: the fast path must decline or agree
    fc.constantFrom(0, -0, 10_000_000, 9_999_999.99, 10_000_000.01, 20_000_000, 1e13, 1e15 / 100, 0.1 + 0.2),
  );
  // Any schedule a Terms sheet could hold: 1-4 tiers, bounds in cents, rates with up to 7 decimals.
  const generated = fc
    .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 10_000_000_000 }), { maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 2, max: 7 }))
    .map(([bounds, rates, scale]) =>
      fees.feeSchedule([0, ...bounds.sort((a, b) => a - b)].map((cents, i) => [d(cents).dividedBy(100), d(rates[i]! % 10 ** scale).dividedBy(10 ** scale)])),
    );
  const schedules = fc.oneof(
    fc.constantFrom(
      fees.SALES_AGREEMENT_SCHEDULE,
      fees.OTHER_AGREEMENT_SCHEDULE,
      fees.flatFee(d("0.0375")),
      fees.flatFee(d("0.123456789")), // too many decimals for the fast path
      fees.feeSchedule([[d(0), d("0.05")], [d("1000000.5"), d("0.02")], [d("3333333.33"), d("0.0125")]]),
    ),
    generated,
  );

  it("on every amount and schedule: equal, or declined", () => {
    let answered = 0;
    fc.assert(
      fc.property(amount, amount, schedules, (gross, prior, schedule) => {
        const fast = fees.commissionCents(gross, prior, schedule);
        if (fast === undefined) return true;
        answered++;
        return d(fast).dividedBy(100).equals(fees.commission(d(gross), d(prior), schedule));
      }),
      { numRuns: 20_000 },
    );
    assert.ok(answered > 5_000, `the fast path answered only ${answered} of 20,000`);
  });

  it("declines what it cannot do exactly", () => {
    assert.strictEqual(fees.commissionCents(1345.7196, 0, sales), undefined); // not whole cents
    assert.strictEqual(fees.commissionCents(-1, 0, sales), undefined); // the Decimal path gives the error
    assert.strictEqual(fees.commissionCents(1e16, 0, sales), undefined); // past the exact range
    assert.strictEqual(fees.commissionCents("100", 0, sales), undefined);
    assert.strictEqual(fees.commissionCents(100, 0, fees.flatFee(d("0.123456789"))), undefined);
    assert.strictEqual(fees.commissionCents(25_000_000, 0, sales), 90_000_000);
  });
});

describe("core/fees: the tiers a sale's gross falls in (what Explain shows)", () => {
  const portions = (gross: string, prior: string, schedule = sales) => fees.tierPortions(d(gross), d(prior), schedule).map((p) => [p.amount.toString(), p.rate.toString()]);
  // [gross, priorGross, (amount, rate) per tier reached]: by hand from the Sales Agreement's tiers.
  const cases: [string, string, string[][]][] = [
    ["241200", "467500", [["241200", "0.04"]]],
    ["10000000", "0", [["10000000", "0.04"]]], // up to the first bound, exactly: one tier
    ["10000000", "8000000", [["2000000", "0.04"], ["8000000", "0.035"]]],
    ["25000000", "0", [["10000000", "0.04"], ["10000000", "0.035"], ["5000000", "0.03"]]],
    ["1", "20000000", [["1", "0.03"]]],
    ["0", "5000000", []],
  ];
  for (const [gross, prior, expected] of cases) {
    it(`${gross} after ${prior}`, () => assert.deepStrictEqual(portions(gross, prior), expected));
  }

  it("the portions add up to the gross, and at their rates to the unrounded commission", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e9 }), fc.integer({ min: 0, max: 4e9 }), (grossCents, priorCents) => {
        const gross = d(grossCents).dividedBy(100);
        const prior = d(priorCents).dividedBy(100);
        const parts = fees.tierPortions(gross, prior, sales);
        const total = parts.reduce((s, p) => s.plus(p.amount), d(0));
        const unrounded = parts.reduce((s, p) => s.plus(p.amount.times(p.rate)), d(0));
        return total.equals(gross) && unrounded.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).minus(fees.commission(gross, prior, sales)).abs().lte("0.01");
      }),
      { numRuns: 2_000 },
    );
  });
});
