import assert from "assert";
import fc from "fast-check";
import { classBExercisePrice } from "../../src/core/classB";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";

const d = (x: string | number) => new Decimal(x);
const opt = (x?: string | number) => (x === undefined ? undefined : d(x));
const price = (bid: string | number, market?: string | number, cap?: string | number, decimals?: number) =>
  classBExercisePrice(d(bid), opt(market), opt(cap), decimals).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/classB: the Class B Warrant exercise price on redemption", () => {
  // [bid, marketPrice, cap, decimals, price], by hand from the clause.
  const cases: [string, string | number, (string | number)?, (string | number)?, number?, string?][] = [
    ["the seed's $4.04 (Oct 31, 2001): 95%", "4.04", undefined, undefined, undefined, "3.838"],
    ["exactly $5.00: not below, so 97%", "5.00", undefined, undefined, undefined, "4.85"],
    ["$4.99: 95%", "4.99", undefined, undefined, undefined, "4.7405"],
    ["bid $5.00, market $4.99: 95%", "5.00", "4.99", undefined, undefined, "4.75"],
    ["bid $4.99, market $5.00: 97%", "4.99", "5.00", undefined, undefined, "4.8403"],
    ["$40: the $33.75 cap", 40, undefined, undefined, undefined, "33.75"],
    ["$34.79: just under the cap", "34.79", undefined, undefined, undefined, "33.7463"],
    ["$34.80: just over, so the cap", "34.80", undefined, undefined, undefined, "33.75"],
    ["cap after a 1-for-2 reverse split", 40, undefined, "67.50", undefined, "38.8"],
    ["cap after a 2-for-1 split", 20, undefined, "16.875", undefined, "16.875"],
    ["a bid of 0", 0, undefined, undefined, undefined, "0"],
    ["rounded to the cent", "4.04", undefined, undefined, 2, "3.84"],
    ["4.7405 to 3 dp, half-up", "4.99", undefined, undefined, 3, "4.741"],
  ];
  for (const [label, bid, market, cap, decimals, expected] of cases) {
    it(`${label}: ${expected}`, () => assert.strictEqual(price(bid, market, cap, decimals), expected));
  }

  it("the seed's 3,413,600 Class B warrant shares at $4.04 bring $13,101,396.80; each holder's 1,706,800, $6,550,698.40", () => {
    const perShare = classBExercisePrice(d("4.04"));
    assert.strictEqual(perShare.times(3_413_600).toFixed(2), "13101396.80");
    assert.strictEqual(perShare.times(1_706_800).toFixed(2), "6550698.40");
  });

  it("refuses negative prices with #NUM!", () => {
    throwsCalc(() => price("-1"), "#NUM!", /bid is -1: expected a price of \$0 or more/);
    throwsCalc(() => price(4, "-1"), "#NUM!", /marketPrice is -1: expected a price of \$0 or more/);
    throwsCalc(() => price(4, undefined, "-33.75"), "#NUM!", /cap is -33\.75: expected a price of \$0 or more/);
    throwsCalc(() => price(4, undefined, undefined, 11), "#NUM!", /decimals must be a whole number from 0 to 10/);
  });
});

describe("core/classB: properties", () => {
  const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => d(c).dividedBy(100));

  it("never above the cap nor 97% of the bid, never below the lesser of the cap and 95%", () => {
    fc.assert(
      fc.property(cents, fc.option(cents, { nil: undefined }), fc.option(cents, { nil: undefined }), (bid, market, cap) => {
        const p = classBExercisePrice(bid, market, cap);
        const c = cap ?? d("33.75");
        return p.lte(c) && p.lte(bid.times("0.97")) && p.gte(Decimal.min(c, bid.times("0.95")));
      }),
      { numRuns: 1000 },
    );
  });

  it("never falls when the bid rises (the market price following the bid)", () => {
    fc.assert(fc.property(cents, cents, (a, b) => classBExercisePrice(Decimal.min(a, b)).lte(classBExercisePrice(Decimal.max(a, b)))));
  });
});
