import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { toExcelNumber } from "../../src/core/rounding";
import * as warrants from "../../src/core/warrants";

const d = (x: string | number) => new Decimal(x);
const opt = (x?: string | number) => (x === undefined ? undefined : d(x));
function terms(shares: string | number, vwap: string | number, coverage?: string | number, premium?: string | number, decimals?: number) {
  const w = warrants.agentWarrants(d(shares), d(vwap), opt(coverage), opt(premium), decimals);
  return [w.warrantShares.toString(), w.exercisePrice.toString()];
}

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/warrants: 10% of shares sold at 130% of the VWAP", () => {
  // [shares sold, VWAP, coverage, premium, decimals, warrant shares, exercise price], by hand.
  const cases: [string | number, string | number, (string | number)?, (string | number)?, number?, string?, string?][] = [
    [12345, 4, undefined, undefined, undefined, "1234", "5.2"], // 1,234.5 rounds down
    [1_000_000, "4.04", undefined, undefined, undefined, "100000", "5.252"], // at the seed's $4.04
    [10, 1, undefined, undefined, undefined, "1", "1.3"],
    [9, 1, undefined, undefined, undefined, "0", "1.3"],
    [19, 1, undefined, undefined, undefined, "1", "1.3"],
    [0, 4, undefined, undefined, undefined, "0", "5.2"],
    [12345, 4, "0.05", undefined, undefined, "617", "5.2"], // 617.25
    [12345, 4, "0.10", undefined, undefined, "1234", "5.2"], // the NASD cap itself is allowed
    [12345, 4, 0, undefined, undefined, "0", "5.2"],
    [12345, 4, undefined, 1, undefined, "1234", "4"],
    [12345, 4, undefined, "2.5", undefined, "1234", "10"],
    [12345, "4.0385", undefined, undefined, undefined, "1234", "5.25005"], // not rounded by default
    [12345, "4.0385", undefined, undefined, 4, "1234", "5.2501"], // half-up
    [12345, "4.0385", undefined, undefined, 2, "1234", "5.25"],
    [123, 4, undefined, undefined, undefined, "12", "5.2"], // 12.3
    ["123.9", 4, undefined, undefined, undefined, "12", "5.2"], // 12.39
  ];
  for (const [shares, vwap, coverage, premium, decimals, expectedShares, expectedPrice] of cases) {
    it(`WARRANTS(${shares}, ${vwap}, ${coverage ?? "-"}, ${premium ?? "-"}, ${decimals ?? "-"}) = ${expectedShares} at ${expectedPrice}`, () =>
      assert.deepStrictEqual(terms(shares, vwap, coverage, premium, decimals), [expectedShares, expectedPrice]));
  }

  it("on a list of sales: shares summed, VWAP computed", () => {
    const w = warrants.agentWarrantsOnSales([d(1000), d(3000), d(1000)], [d(4), d(5), d(6)]);
    assert.deepStrictEqual([w.warrantShares.toString(), w.exercisePrice.toString()], ["500", "6.5"]); // 5,000 shares at VWAP 5
    const v = warrants.agentWarrantsOnSales([d(1000), d(3000)], [d(4), d(5)], d("0.05"), d("1.2"), 2);
    assert.deepStrictEqual([v.warrantShares.toString(), v.exercisePrice.toString()], ["200", "5.7"]); // 4,000 x 5%; 1.2 x 4.75
  });

  it("refuses what is out of domain with #NUM! and says what is expected", () => {
    throwsCalc(() => terms(-1, 4), "#NUM!", /shares is -1: expected 0 or more shares sold/);
    throwsCalc(() => terms(100, "-4"), "#NUM!", /vwap is -4: expected a price of \$0 or more/);
    throwsCalc(() => terms(100, 4, "0.1000001"), "#NUM!", /coverage is 0\.1000001: expected a fraction from 0 to 0\.10 .*in excess of 10%/);
    throwsCalc(() => terms(100, 4, 10), "#NUM!", /coverage is 10: expected a fraction from 0 to 0\.10/);
    throwsCalc(() => terms(100, 4, "-0.01"), "#NUM!", /coverage is -0\.01/);
    throwsCalc(() => terms(100, 4, undefined, "0.3"), "#NUM!", /premium is 0\.3: expected the exercise price as a multiple of the VWAP, 1 or more \(130% is 1\.3\)/);
    throwsCalc(() => terms(100, 4, undefined, undefined, 11), "#NUM!", /decimals must be a whole number from 0 to 10/);
    throwsCalc(() => warrants.agentWarrantsOnSales([d(5), d(-1)], [d(4), d(4)]), "#NUM!", /shares of sale 2 is -1/);
    throwsCalc(() => warrants.agentWarrantsOnSales([d(0)], [d(4)]), "#NUM!", /total volume is 0 shares/);
    throwsCalc(() => warrants.totalShares([d(5), d(-1)]), "#NUM!", /shares of sale 2 is -1/);
  });
});

describe("core/warrants: properties", () => {
  const shares = fc.integer({ min: 0, max: 1_000_000_000 }).map(d);
  const fractionalShares = fc.double({ min: 0, max: 1e12, noNaN: true }).map(d);
  const price = fc.integer({ min: 0, max: 10_000_000 }).map((c) => d(c).dividedBy(10_000));
  const coverage = fc.option(fc.integer({ min: 0, max: 10_000 }).map((x) => d(x).dividedBy(100_000)), { nil: undefined });

  it("warrant shares are whole and never exceed 10% of shares sold (nor the coverage given)", () => {
    fc.assert(
      fc.property(fc.oneof(shares, fractionalShares), price, coverage, (sold, vwap, cover) => {
        const w = warrants.agentWarrants(sold, vwap, cover).warrantShares;
        const rate = cover ?? d("0.1");
        return w.isInteger() && w.gte(0) && w.lte(sold.times("0.1")) && w.lte(sold.times(rate)) && w.gt(sold.times(rate).minus(1));
      }),
      { numRuns: 1000 },
    );
  });

  it("the exercise price is never below the VWAP, and is premium x VWAP exactly", () => {
    const premium = fc.option(fc.integer({ min: 100, max: 500 }).map((x) => d(x).dividedBy(100)), { nil: undefined });
    fc.assert(
      fc.property(shares, price, premium, (sold, vwap, p) => {
        const e = warrants.agentWarrants(sold, vwap, undefined, p).exercisePrice;
        return e.gte(vwap) && e.equals(vwap.times(p ?? "1.3"));
      }),
    );
  });

  it("splitting the sales never gives more warrants in total than the sales together", () => {
    fc.assert(
      fc.property(fc.array(shares, { minLength: 1, maxLength: 20 }), (parts) => {
        const separate = parts.reduce((sum, s) => sum.plus(warrants.agentWarrants(s, d(4)).warrantShares), d(0));
        return separate.lte(warrants.agentWarrants(warrants.totalShares(parts), d(4)).warrantShares);
      }),
    );
  });
});

describe("core/warrants: the plain-number fast path equals the Decimal path", () => {
  const number = fc.oneof(
    fc.integer({ min: 0, max: 1e9 }),
    fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100),
    fc.integer({ min: 0, max: 1e8 }).map((c) => c / 1e4),
    fc.double({ min: -1, max: 1e17, noNaN: true }),
    fc.constantFrom(0, -0, 12345, 12345.5, 0.1 + 0.2, 4.0412, 1e15, 2 ** 53),
  );
  it("equal wherever it answers, and it answers the usual inputs", () => {
    let answered = 0;
    fc.assert(
      fc.property(number, number, (shares, vwap) => {
        const fast = warrants.agentWarrantsOfNumbers(shares, vwap);
        if (fast === undefined) return true;
        answered++;
        const exact = warrants.agentWarrants(d(shares), d(vwap));
        assert.deepStrictEqual(fast, [toExcelNumber(exact.warrantShares), toExcelNumber(exact.exercisePrice)]); // as the wrapper returns them (no -0)
        return true;
      }),
      { numRuns: 20_000 },
    );
    assert.ok(answered > 5_000, `answered ${answered}`);
    assert.deepStrictEqual(warrants.agentWarrantsOfNumbers(12345, 4), [1234, 5.2]);
    assert.strictEqual(warrants.agentWarrantsOfNumbers(-1, 4), undefined);
    assert.strictEqual(warrants.agentWarrantsOfNumbers("12345", 4), undefined);
  });
});
