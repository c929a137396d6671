import assert from "assert";
import fc from "fast-check";
import { compensationRate } from "../../src/core/compensation";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { isCorrectlyRounded } from "../support/rational";

const d = (x: string | number | bigint) => new Decimal(x.toString());
const rate = (gross: string, fee: string, expenses = "0", other: string[] = []) => compensationRate(d(gross), d(fee), d(expenses), other.map(d)).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/compensation: COMPPCT, compensation / gross for the NASD 8% cap", () => {
  // [gross, fee, expenses, other, (fee + expenses + other) / gross]
  const cases: [string, string, string, string[], string][] = [
    ["25000000", "900000", "0", [], "0.036"], // the seed's $900,000 on $25M
    ["25000000", "900000", "60000", [], "0.0384"], // + the $60,000 expense cap
    ["25000000", "900000", "60000", ["62500"], "0.0409"], // + the $62,500 retainer allocation: 1,022,500 / 25M
    ["25000000", "900000", "60000", ["62500", "1000000"], "0.0809"], // + $1M of Warrant value: over 8%
    ["25000000", "900000", "60000", ["62500", "977500"], "0.08"], // exactly at the cap
    ["8400000", "336000", "60000", ["62500"], "0.05458333333333333333333333333333333333333"], // Other Agreement: 458,500 / 8.4M
    ["1", "0", "0", [], "0"],
    ["100", "100", "0", [], "1"],
    ["100", "100", "100", [], "2"], // over 100% is reported, not refused
  ];
  for (const [gross, fee, expenses, other, expected] of cases) {
    it(`COMPPCT(${gross}, ${fee}, ${expenses}, [${other.join(", ")}]) = ${expected}`, () => assert.strictEqual(rate(gross, fee, expenses, other), expected));
  }

  it("refuses a zero gross and negative amounts", () => {
    throwsCalc(() => rate("0", "0"), "#NUM!", /gross is 0: compensation as a fraction of gross needs gross above \$0/);
    throwsCalc(() => rate("-1", "0"), "#NUM!", /gross is -1: expected an amount of \$0 or more/);
    throwsCalc(() => rate("100", "-1"), "#NUM!", /fee is -1: expected an amount/);
    throwsCalc(() => rate("100", "1", "-0.01"), "#NUM!", /expenses is -0\.01/);
    throwsCalc(() => rate("100", "1", "0", ["-5"]), "#NUM!", /other is -5/);
    throwsCalc(() => rate("100", "1", "0", ["1", "-5"]), "#NUM!", /other item 2 is -5/);
  });
});

describe("core/compensation: properties", () => {
  const cents = fc.bigInt({ min: 0n, max: 10n ** 12n });
  const grossCents = fc.bigInt({ min: 1n, max: 10n ** 12n });
  const dollars = (c: bigint) => d(c).dividedBy(100);

  it("is (fee + expenses + other) / gross correctly rounded to 40 digits", () => {
    fc.assert(
      fc.property(grossCents, cents, cents, fc.array(cents, { maxLength: 4 }), (g, f, e, o) => {
        const q = compensationRate(dollars(g), dollars(f), dollars(e), o.map(dollars));
        return isCorrectlyRounded(q, f + e + o.reduce((a, b) => a + b, 0n), g);
      }),
      { numRuns: 1000 },
    );
  });

  it("is linear: the rate of a sum of items is the sum of their rates (to 1e-38), and scaling every amount changes nothing", () => {
    fc.assert(
      fc.property(grossCents, cents, cents, fc.bigInt({ min: 1n, max: 10n ** 6n }), (g, a, b, k) => {
        const none: Decimal[] = [];
        const whole = compensationRate(dollars(g), dollars(a + b), d(0), none);
        const parts = compensationRate(dollars(g), dollars(a), d(0), none).plus(compensationRate(dollars(g), dollars(b), d(0), none));
        const scaled = compensationRate(dollars(g * k), dollars(a * k), dollars(b * k), none);
        const both = compensationRate(dollars(g), dollars(a), dollars(b), none);
        return whole.minus(parts).abs().lte(whole.times("1e-38").plus("1e-60")) && scaled.equals(both) && both.equals(whole);
      }),
      { numRuns: 1000 },
    );
  });
});
