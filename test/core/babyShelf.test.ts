import assert from "assert";
import fc from "fast-check";
import { BABY_SHELF_FLOAT, babyShelfCapacity } from "../../src/core/babyShelf";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";

const d = (x: string | number | bigint) => new Decimal(x.toString());
const shelf = (shares: string | number, price: string | number, sold?: string | number) =>
  babyShelfCapacity(d(shares), d(price), sold === undefined ? undefined : d(sold)).toFixed(2);

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

describe("core/babyShelf: BABYSHELF, Form S-3 General Instruction I.B.6", () => {
  it("the line is a public float of $75,000,000", () => assert.strictEqual(BABY_SHELF_FLOAT.toString(), "75000000"));

  // [nonAffiliateShares, floatPrice, soldLast12Months, still sellable]: one-third of shares x price, less sold, rounded down to the cent (by hand).
  const cases: [string | number, string | number, string | number | undefined, string][] = [
    [15_000_000, "3.4", 2_900_000, "14100000.00"], // README: 51,000,000 / 3 = 17,000,000 less 2,900,000
    [15_000_000, "3.4", undefined, "17000000.00"], // nothing sold yet
    [7_499_999, 10, 0, "24999996.66"], // one share under $75M: 74,999,990 / 3 = 24,999,996.666...
    [7_499_999_999, "0.01", 0, "24999999.99"], // one cent under: 74,999,999.99 / 3 = 24,999,999.99666...
    [7_500_000, "9.99", 0, "24975000.00"], // 74,925,000 / 3
    [100, "0.01", 0, "0.33"], // 1 / 3 = 0.333...
    [200, "0.01", 0, "0.66"], // 2 / 3 = 0.666...: down, where half-up would give 0.67
    [3003, "0.01", 0, "10.01"], // 30.03 / 3 = 10.01 exactly
    [1, "3.3", 0, "1.10"], // 3.3 / 3 = 1.1 exactly; in doubles 1.0999999999999999
    [3, "3.3", 0, "3.30"], // in doubles 3 x 3.3 = 9.899999999999999 and / 3 = 3.2999999999999994
    [3, 10, 10, "0.00"], // sold exactly one-third
    [3, 10, "9.99", "0.01"], // one cent under one-third
    [3, 10, "9.995", "0.00"], // 0.005 left: down to 0.00
    [1001, 3, "0.01", "1000.99"],
    [0, 5, 0, "0.00"], // no public float, nothing to sell
  ];
  for (const [shares, price, sold, expected] of cases) {
    it(`BABYSHELF(${shares}, ${price}${sold === undefined ? "" : `, ${sold}`}) = ${expected}`, () => assert.strictEqual(shelf(shares, price, sold), expected));
  }

  it("a public float of $75,000,000 or more is #N/A: I.B.6 does not apply", () => {
    throwsCalc(() => shelf(7_500_000, 10), "#N/A", /public float 7500000 x \$10 = \$75000000 is \$75,000,000 or more: General Instruction I\.B\.6 and its one-third limit do not apply/);
    throwsCalc(() => shelf(7_500_000_001, "0.01"), "#N/A", /\$75000000\.01 is \$75,000,000 or more/); // one cent over
    throwsCalc(() => shelf(7_500_001, 10, 0), "#N/A", /\$75000010/); // one share over
    throwsCalc(() => shelf(21_862_772, "4.04"), "#N/A", /\$88325598\.88/); // the seed's shares outstanding at $4.04
  });

  it("sold above one-third is #NUM! naming the excess (rounded up to the cent)", () => {
    throwsCalc(() => shelf(3, 10, "10.01"), "#NUM!", /soldLast12Months \$10\.01 is above one-third of the public float \$30: over the I\.B\.6 limit by \$0\.01/);
    throwsCalc(() => shelf(3, 10, "10.001"), "#NUM!", /over the I\.B\.6 limit by \$0\.01/);
    throwsCalc(() => shelf(15_000_000, "3.4", 18_000_000), "#NUM!", /over the I\.B\.6 limit by \$1000000\.00/);
  });

  it("negative inputs are #NUM!", () => {
    throwsCalc(() => shelf(-1, 3), "#NUM!", /nonAffiliateShares is -1: expected 0 or more shares/);
    throwsCalc(() => shelf(1, "-0.01"), "#NUM!", /floatPrice is -0.01: expected a price of \$0 or more/);
    throwsCalc(() => shelf(1, 3, -1), "#NUM!", /soldLast12Months is -1: expected an amount of \$0 or more/);
  });

  describe("properties", () => {
    const shares = fc.integer({ min: 0, max: 50_000_000 });
    const price = fc.integer({ min: 0, max: 500_000 }); // ten-thousandths
    const cents = fc.bigInt({ min: 0n, max: 3_000_000_000n });
    const inputs = fc.tuple(shares, price, cents).filter(([s, p, c]) => BigInt(s) * BigInt(p) < 750_000_000_000n && BigInt(c) * 3n * 100n <= BigInt(s) * BigInt(p));

    it("never overstates: the largest amount in cents with 3 x (amount + sold) <= public float, in exact integers", () => {
      fc.assert(
        fc.property(inputs, ([s, p, c]) => {
          const left = babyShelfCapacity(d(s), d(p).dividedBy(10_000), d(c).dividedBy(100));
          const leftCents = BigInt(left.times(100).toFixed(0));
          // public float in ten-thousandths = s x p; 3 x cents x 100 in the same unit
          const floatUnits = BigInt(s) * BigInt(p);
          const fits = (k: bigint) => 3n * (k + c) * 100n <= floatUnits;
          return left.times(100).isInteger() && fits(leftCents) && !fits(leftCents + 1n);
        }),
        { numRuns: 1000 },
      );
    });

    it("monotone: more shares or a higher price never give less; more sold never gives more", () => {
      fc.assert(
        fc.property(inputs, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100 }), fc.bigInt({ min: 0n, max: 100_000n }), ([s, p, c], ds, dp, dc) => {
          const at = (s2: number, p2: number, c2: bigint) => {
            try {
              return babyShelfCapacity(d(s2), d(p2).dividedBy(10_000), d(c2).dividedBy(100));
            } catch (e) {
              return e instanceof CalcError ? e.code : "crash";
            }
          };
          const base = at(s, p, c) as Decimal;
          const more = [at(s + ds, p, c), at(s, p + dp, c)];
          const sellMore = at(s, p, c + dc);
          const notLess = more.every((m) => m === "#N/A" || (m instanceof Decimal && m.gte(base)));
          const notMore = sellMore === "#NUM!" || (sellMore instanceof Decimal && sellMore.lte(base));
          return notLess && notMore;
        }),
        { numRuns: 1000 },
      );
    });
  });
});
