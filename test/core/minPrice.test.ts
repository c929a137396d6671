import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { minimumPrice } from "../../src/core/minPrice";

const d = (x: string | number) => new Decimal(x);
const minPrice = (closes: (string | number)[], decimals?: number) => minimumPrice(closes.map(d), decimals).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/minPrice: MINPRICE, Nasdaq Rule 5635(d) Minimum Price", () => {
  // [closes oldest first, decimals, Minimum Price]: the lower of the last close and the five-day average, by hand.
  const cases: [(string | number)[], number | undefined, string][] = [
    [["4.1", "4.3", "4.2", "4.4", 4], undefined, "4"], // average 21/5 = 4.2, last 4: the close
    [[4, "4.1", "4.2", "4.3", "4.4"], undefined, "4.2"], // last 4.4, average 4.2: the average
    [[5, 5, 5, 5, 5], undefined, "5"], // both the same
    [[9, 1, 1, 1, 1, 1], undefined, "1"], // only the last five count
    [[1, 5, 5, 5, 5, 5], undefined, "5"],
    [[1, 1, 1, 1, "1.01"], undefined, "1.002"], // average 5.01/5; not rounded by default
    [[1, 1, 1, 1, "1.01"], 2, "1"],
    [[2, 2, 2, 2, "2.125"], 2, "2.03"], // average 10.125/5 = 2.025, half-up to 2.03
    [[2, 2, 2, 2, "2.125"], undefined, "2.025"],
    [["1.001", "1.002", "1.003", "1.004", "1.006"], undefined, "1.0032"], // 5.016/5
    [["1.001", "1.002", "1.003", "1.004", "1.006"], 3, "1.003"],
    [["0.0001", "0.0001", "0.0001", "0.0001", "0.0002"], undefined, "0.00012"], // a sub-penny stock
  ];
  for (const [closes, decimals, expected] of cases) {
    it(`MINPRICE(${closes.join(";")}${decimals === undefined ? "" : `; ${decimals} dp`}) = ${expected}`, () => assert.strictEqual(minPrice(closes, decimals), expected));
  }

  it("fewer than five closes is #VALUE!, naming the count", () => {
    throwsCalc(() => minPrice([4, 4, 4, 4]), "#VALUE!", /closes has 4 values: expected at least 5, the closing prices of the five trading days immediately preceding the signing/);
    throwsCalc(() => minPrice([]), "#VALUE!", /closes has 0 values/);
  });

  it("a close of 0 or less is #NUM!, wherever it is in the series", () => {
    throwsCalc(() => minPrice([4, 4, 4, 4, 0]), "#NUM!", /closes value 5 is 0: expected a closing price above \$0/);
    throwsCalc(() => minPrice([4, 4, "-0.01", 4, 4]), "#NUM!", /closes value 3 is -0.01/);
    throwsCalc(() => minPrice([0, 4, 4, 4, 4, 4]), "#NUM!", /closes value 1 is 0/);
  });

  it("decimals outside 0..10 is #NUM!", () => {
    throwsCalc(() => minPrice([4, 4, 4, 4, 4], 11), "#NUM!", /decimals must be a whole number from 0 to 10/);
  });

  it("property: never above the last close nor the five-day average, and equal to one of them; scales with the prices", () => {
    const close = fc.integer({ min: 1, max: 1_000_000 }); // in ten-thousandths of a dollar
    fc.assert(
      fc.property(fc.array(close, { minLength: 5, maxLength: 40 }), fc.integer({ min: 1, max: 1000 }), (units, k) => {
        const closes = units.map((u) => d(u).dividedBy(10_000));
        const min = minimumPrice(closes);
        const lastFive = closes.slice(-5);
        const last = lastFive[4]!;
        const average = lastFive.reduce((s, c) => s.plus(c), d(0)).dividedBy(5);
        const scaled = minimumPrice(closes.map((c) => c.times(k)));
        return min.lte(last) && min.lte(average) && (min.eq(last) || min.eq(average)) && scaled.eq(min.times(k));
      }),
      { numRuns: 500 },
    );
  });
});
