import assert from "assert";
import fc from "fast-check";
import { cashlessShares } from "../../src/core/cashless";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";

const d = (x: string | number) => new Decimal(x);
const cashless = (warrants: string | number, strike: string | number, price: string | number) => cashlessShares(d(warrants), d(strike), d(price)).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/cashless: shares from a cashless exercise", () => {
  // [warrants, strike, price, shares], by hand: floor(warrants x (price - strike) / price).
  const cases: [string | number, string | number, string | number, string][] = [
    [1000, "5.2", 8, "350"], // 1,000 x 2.8 / 8
    [1234, "5.2", 8, "431"], // the warrants on 12,345 shares at VWAP $4: 431.9
    [1000, 4, 5, "200"], // exactly whole
    [3, 1, "1.5", "1"], // exactly 1: not rounded down to 0
    [1234, "5.252", 6, "153"], // 153.8387
    [1000, 8, 8, "0"], // price = strike
    [1000, 8, "7.99", "0"], // out of the money
    [1000, 0, 0, "0"], // no price: nothing to receive
    [1000, 0, 8, "1000"], // a strike of 0: every warrant
    [0, 4, 5, "0"],
    [1000, "4.99", 5, "2"], // 2.0
    [100000, "5.252", "5.2521", "1"], // 1.904 just above the strike
  ];
  for (const [warrants, strike, price, expected] of cases) {
    it(`CASHLESS(${warrants}, ${strike}, ${price}) = ${expected}`, () => assert.strictEqual(cashless(warrants, strike, price), expected));
  }

  it("refuses negatives with #NUM!", () => {
    throwsCalc(() => cashless(-1, 4, 5), "#NUM!", /warrants is -1: expected 0 or more warrant shares/);
    throwsCalc(() => cashless(1, "-4", 5), "#NUM!", /strike is -4: expected an exercise price of \$0 or more/);
    throwsCalc(() => cashless(1, 4, "-5"), "#NUM!", /price is -5: expected a market price of \$0 or more/);
  });
});

describe("core/cashless: properties", () => {
  const warrants = fc.integer({ min: 0, max: 100_000_000 }).map(d);
  const cents = fc.integer({ min: 0, max: 10_000_000 }).map((c) => d(c).dividedBy(100));

  it("whole, between 0 and the warrants exercised", () => {
    fc.assert(
      fc.property(warrants, cents, cents, (w, strike, price) => {
        const s = cashlessShares(w, strike, price);
        return s.isInteger() && s.gte(0) && s.lte(w);
      }),
      { numRuns: 1000 },
    );
  });

  it("monotone: never falls when the price rises, never rises when the strike rises", () => {
    fc.assert(
      fc.property(warrants, cents, cents, cents, (w, strike, a, b) => {
        const [lo, hi] = a.lte(b) ? [a, b] : [b, a];
        return cashlessShares(w, strike, lo).lte(cashlessShares(w, strike, hi)) && cashlessShares(w, hi, strike).lte(cashlessShares(w, lo, strike));
      }),
      { numRuns: 1000 },
    );
  });

  it("the shares are worth no more than the warrants' intrinsic value, and one more share would be", () => {
    fc.assert(
      fc.property(warrants, cents, cents, (w, strike, price) => {
        fc.pre(price.gt(strike));
        const s = cashlessShares(w, strike, price);
        const value = w.times(price.minus(strike));
        return s.times(price).lte(value) && s.plus(1).times(price).gt(value);
      }),
    );
  });
});
