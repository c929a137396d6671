import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { volumeWeightedPrice } from "../../src/core/vwap";

const d = (x: string | number) => new Decimal(x);
const ds = (xs: (string | number)[]) => xs.map(d);
const vwap = (shares: (string | number)[], prices: (string | number)[], decimals?: number) =>
  volumeWeightedPrice(ds(shares), ds(prices), decimals).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/vwap: the volume weighted average sales price", () => {
  // [shares, prices, decimals, VWAP], computed by hand: sum(shares x price) / sum(shares).
  const cases: [(string | number)[], (string | number)[], number | undefined, string][] = [
    [[1000, 3000], [4, 5], undefined, "4.75"], // 19,000 / 4,000
    [[100], ["4.04"], undefined, "4.04"], // one sale: its price (the seed's Oct 31 last sale)
    [[1000, 3000, 1000], [4, 5, 6], undefined, "5"], // 25,000 / 5,000
    [[0, 500], [100, 3], undefined, "3"], // a sale of 0 shares weighs nothing
    [[100, 100], [0, 4], undefined, "2"],
    [[100, 200, 300], [1, 2, 3], undefined, "2." + "3".repeat(39)], // 1,400 / 600, 40 significant digits
    [[100, 200, 300], [1, 2, 3], 4, "2.3333"],
    [[100, 200, 300], [1, 2, 3], 0, "2"],
    [[1, 1], ["2.34", "2.35"], 2, "2.35"], // 2.345: half-up
    [[1, 1], ["2.34", "2.35"], undefined, "2.345"], // prices are not rounded by default
    [["0.5", "1.5"], [8, 4], undefined, "5"], // fractional weights allowed: 10 / 2
  ];
  for (const [shares, prices, decimals, expected] of cases) {
    it(`VWAP(${shares}; ${prices}${decimals === undefined ? "" : `; ${decimals} dp`}) = ${expected}`, () =>
      assert.strictEqual(vwap(shares, prices, decimals), expected));
  }

  it("refuses zero volume, negatives, unequal lists and bad decimals", () => {
    throwsCalc(() => vwap([0, 0], [4, 5]), "#NUM!", /total volume is 0 shares/);
    throwsCalc(() => vwap([], []), "#NUM!", /total volume is 0 shares/);
    throwsCalc(() => vwap([100, -1], [4, 5]), "#NUM!", /shares of sale 2 is -1: expected 0 or more shares/);
    throwsCalc(() => vwap([100, 1], [4, "-0.01"]), "#NUM!", /price of sale 2 is -0\.01: expected a price of \$0 or more/);
    throwsCalc(() => vwap([100, 1], [4]), "#VALUE!", /2 share counts and 1 prices: expected one price per sale/);
    throwsCalc(() => vwap([100], [4], 11), "#NUM!", /decimals must be a whole number from 0 to 10, got 11/);
    throwsCalc(() => vwap([100], [4], -1), "#NUM!", /decimals must be a whole number from 0 to 10, got -1/);
  });
});

describe("core/vwap: properties", () => {
  const sale = fc.record({
    shares: fc.integer({ min: 0, max: 10_000_000 }),
    cents: fc.integer({ min: 0, max: 100_000_000 }),
  });
  const sales = fc.array(sale, { minLength: 1, maxLength: 40 }).filter((xs) => xs.some((x) => x.shares > 0));
  const split = (xs: { shares: number; cents: number }[]) => [xs.map((x) => d(x.shares)), xs.map((x) => d(x.cents).dividedBy(100))] as const;

  it("lies between the lowest and highest price of the sales with shares", () => {
    fc.assert(
      fc.property(sales, (xs) => {
        const [shares, prices] = split(xs);
        const traded = prices.filter((_, i) => !shares[i]!.isZero());
        const v = volumeWeightedPrice(shares, prices);
        return v.gte(Decimal.min(...traded)) && v.lte(Decimal.max(...traded));
      }),
      { numRuns: 1000 },
    );
  });

  it("does not change when every sale's shares are scaled alike", () => {
    fc.assert(
      fc.property(sales, fc.integer({ min: 1, max: 1000 }), (xs, k) => {
        const [shares, prices] = split(xs);
        return volumeWeightedPrice(shares.map((s) => s.times(k)), prices).equals(volumeWeightedPrice(shares, prices));
      }),
    );
  });

  it("is the price itself when every sale has one price", () => {
    fc.assert(
      fc.property(sales, fc.integer({ min: 0, max: 100_000_000 }), (xs, cents) => {
        const price = d(cents).dividedBy(100);
        return volumeWeightedPrice(split(xs)[0], xs.map(() => price)).equals(price);
      }),
    );
  });
});
