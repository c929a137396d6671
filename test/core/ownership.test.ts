import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import * as ownership from "../../src/core/ownership";
import { isCorrectlyRounded } from "../support/rational";

const d = (x: string | number | bigint) => new Decimal(x.toString());

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/ownership: DILUTION", () => {
  // [newShares, outstanding, new / (outstanding + new) to 40 significant digits, by long division]
  const cases: [string, string, string][] = [
    // seed: 8,593,877 / (21,862,772 + 8,593,877) = 8,593,877 / 30,456,649 = 0.28216751619654545711841115547544314543599330...
    ["8593877", "21862772", "0.282167516196545457118411155475443145436"],
    ["0", "21862772", "0"],
    ["1", "1", "0.5"],
    ["1", "3", "0.25"],
    ["100", "300", "0.25"],
    ["1", "2", "0.3333333333333333333333333333333333333333"],
    ["2", "1", "0.6666666666666666666666666666666666666667"],
    ["2515000", "21862772", "0.1031677546249919803991931666273685716644"], // 2,515,000 / 24,377,772: the currently exercisable part
  ];
  for (const [added, outstanding, expected] of cases) {
    it(`DILUTION(${added}, ${outstanding}) = ${expected}`, () => assert.strictEqual(ownership.dilution(d(added), d(outstanding)).toString(), expected));
  }

  it("-0 (which JavaScript can produce) counts as 0 shares", () => {
    assert.ok(ownership.dilution(new Decimal(-0), d(100)).isZero());
    assert.ok(ownership.ownership(new Decimal(-0), new Decimal(-0), d(100)).isZero());
  });

  it('the seed\'s "approximately 28%"', () => {
    assert.strictEqual(ownership.dilution(d(8_593_877), d(21_862_772)).toDecimalPlaces(2).toString(), "0.28");
  });

  it("refuses negative or fractional share counts and no shares outstanding", () => {
    throwsCalc(() => ownership.dilution(d(-1), d(100)), "#NUM!", /newShares is -1: expected whole shares, 0 or more/);
    throwsCalc(() => ownership.dilution(d("1.5"), d(100)), "#NUM!", /newShares is 1\.5: expected whole shares/);
    throwsCalc(() => ownership.dilution(d(1), d("100.25")), "#NUM!", /outstanding is 100\.25: expected whole shares/);
    throwsCalc(() => ownership.dilution(d(1), d(-100)), "#NUM!", /outstanding is -100/);
    throwsCalc(() => ownership.dilution(d(5), d(0)), "#NUM!", /outstanding is 0: expected the shares outstanding, above 0/);
    throwsCalc(() => ownership.dilution(d(0), d(0)), "#NUM!", /outstanding is 0/);
  });
});

describe("core/ownership: OWNERSHIP", () => {
  // [held, exercisable, outstanding, (held + exercisable) / (outstanding + exercisable), 40 digits]
  const cases: [string, string, string, string][] = [
    // seed: 5,077,243 / (21,862,772 + 4,498,145) = 5,077,243 / 26,360,917: "19.3%"
    ["579098", "4498145", "21862772", "0.1926049461784656429061250031628262400735"],
    // seed: 579,098 / 21,862,772: "approximately 2.6%"
    ["579098", "0", "21862772", "0.02648785798982855421993148901703772970783"],
    // Rule 13d-3: only the 173,320 exercisable within 60 days: 752,418 / 22,036,092
    ["579098", "173320", "21862772", "0.03414480208196625790090184775049949873144"],
    ["0", "0", "100", "0"],
    ["100", "0", "100", "1"],
    ["50", "50", "50", "1"],
    ["25", "0", "100", "0.25"],
    ["0", "100", "300", "0.25"],
  ];
  for (const [held, exercisable, outstanding, expected] of cases) {
    it(`OWNERSHIP(${held}, ${exercisable}, ${outstanding}) = ${expected}`, () =>
      assert.strictEqual(ownership.ownership(d(held), d(exercisable), d(outstanding)).toString(), expected));
  }

  it('the seed\'s "19.3%", "approximately 2.6%" and "approximately 0.8%"', () => {
    const pct = (held: number, exercisable: number) => ownership.ownership(d(held), d(exercisable), d(21_862_772)).times(100).toDecimalPlaces(1).toString();
    assert.strictEqual(pct(579_098, 4_498_145), "19.3");
    assert.strictEqual(pct(579_098, 0), "2.6");
    assert.strictEqual(pct(0, 173_320), "0.8"); // 173,320 / 22,036,092 = 0.79%
    assert.strictEqual(579_098 + 4_498_145, 5_077_243); // "for a total of 5,077,243 shares"
  });

  it("refuses bad share counts and held above outstanding", () => {
    throwsCalc(() => ownership.ownership(d(-1), d(0), d(100)), "#NUM!", /held is -1: expected whole shares/);
    throwsCalc(() => ownership.ownership(d(1), d("0.5"), d(100)), "#NUM!", /exercisable is 0\.5: expected whole shares/);
    throwsCalc(() => ownership.ownership(d(1), d(0), d(0)), "#NUM!", /outstanding is 0/);
    throwsCalc(() => ownership.ownership(d(101), d(0), d(100)), "#NUM!", /held is 101, more than the 100 outstanding/);
  });
});

describe("core/ownership: properties", () => {
  const shares = fc.bigInt({ min: 0n, max: 10n ** 12n });
  const positive = fc.bigInt({ min: 1n, max: 10n ** 12n });

  it("the BigInt oracle accepts the correctly rounded quotient and nothing a unit off", () => {
    assert.ok(isCorrectlyRounded(d("0.3333333333333333333333333333333333333333"), 1n, 3n));
    assert.ok(!isCorrectlyRounded(d("0.3333333333333333333333333333333333333334"), 1n, 3n));
    assert.ok(!isCorrectlyRounded(d("0.3333333333333333333333333333333333333332"), 1n, 3n));
    assert.ok(isCorrectlyRounded(d("0.6666666666666666666666666666666666666667"), 2n, 3n));
    assert.ok(!isCorrectlyRounded(d("0.6666666666666666666666666666666666666666"), 2n, 3n));
    assert.ok(isCorrectlyRounded(d("12345678901234567890123456789012345678900000"), 12345678901234567890123456789012345678900001n, 1n));
  });

  it("DILUTION is new / (outstanding + new) correctly rounded to 40 digits, in [0, 1)", () => {
    fc.assert(
      fc.property(shares, positive, (added, outstanding) => {
        const q = ownership.dilution(d(added), d(outstanding));
        return isCorrectlyRounded(q, added, outstanding + added) && q.gte(0) && q.lt(1);
      }),
      { numRuns: 1000 },
    );
  });

  it("DILUTION is monotone in newShares", () => {
    fc.assert(
      fc.property(shares, shares, positive, (a, b, outstanding) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return ownership.dilution(d(lo), d(outstanding)).lte(ownership.dilution(d(hi), d(outstanding)));
      }),
    );
  });

  it("OWNERSHIP is exact, in [0, 1], and never falls as exercisable rises", () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 0, max: 1, noNaN: true }), shares, shares, (outstanding, share, e1, e2) => {
        const held = BigInt(Math.floor(Number(outstanding) * share));
        const [lo, hi] = e1 <= e2 ? [e1, e2] : [e2, e1];
        const a = ownership.ownership(d(held), d(lo), d(outstanding));
        const b = ownership.ownership(d(held), d(hi), d(outstanding));
        return isCorrectlyRounded(a, held + lo, outstanding + lo) && a.gte(0) && b.lte(1) && a.lte(b);
      }),
      { numRuns: 1000 },
    );
  });
});
