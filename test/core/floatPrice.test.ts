import assert from "assert";
import fc from "fast-check";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { floatPrice, floatPriceWindow } from "../../src/core/floatPrice";

const d = (x: string | number) => new Decimal(x);
const highest = (rows: [price: string | number, date: number][], saleDate: number) =>
  floatPrice(
    rows.map(([p]) => d(p)),
    rows.map(([, date]) => date),
    saleDate,
  ).toString();

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

// Excel serials, by hand: 2024-01-01 is 45292; 2025-01-01 is 45292 + 366 = 45658.
const SALE = 45717; // 2025-03-01: 45658 + 31 (January) + 28 (February)
const DEC31 = 45657; // 2024-12-31 = SALE - 60

describe("core/floatPrice: FLOATPRICE, Form S-3 I.B.6 Instruction 1 (a price within 60 days prior to the sale)", () => {
  it("the window of a sale on 2025-03-01 is 2024-12-31 to 2025-02-28", () => {
    assert.deepStrictEqual(floatPriceWindow(SALE), { first: DEC31, last: SALE - 1 });
  });

  // [(price, date) rows, saleDate, the price]
  const cases: [[string | number, number][], number, string][] = [
    [[["3.1", SALE - 60]], SALE, "3.1"], // exactly 60 days before: in
    [[["3.1", SALE - 1]], SALE, "3.1"], // the day before: in
    [[["3.1", SALE - 61], ["2.9", SALE - 60]], SALE, "2.9"], // 61 days before: out
    [[["3.1", SALE], ["2.9", SALE - 30]], SALE, "2.9"], // the sale day itself: out ("prior to")
    [[["3.1", SALE - 50], ["3.4", SALE - 20], ["3.2", SALE - 1]], SALE, "3.4"], // the highest in the window
    [[["9", SALE - 61], ["3.4", SALE - 20], ["9", SALE + 1]], SALE, "3.4"], // higher prices outside do not count
    [[["3.3", SALE - 0.5]], SALE, "3.3"], // a time of day: the date is the day (SALE - 1)
    [[[0, SALE - 5]], SALE, "0"], // a price of 0 in the window is a price
    [[["3.1", SALE - 10]], SALE + 0.75, "3.1"], // a time of day on the sale date is dropped
  ];
  for (const [rows, sale, expected] of cases) {
    it(`FLOATPRICE(${rows.map(([p, t]) => `${p}@${t}`).join(", ")}; sale ${sale}) = ${expected}`, () => assert.strictEqual(highest(rows, sale), expected));
  }

  it("no price in the window is #N/A naming the window searched, as ISO dates", () => {
    throwsCalc(() => highest([["3.1", SALE - 61], ["3.2", SALE]], SALE), "#N/A", /no price is dated from 2024-12-31 to 2025-02-28, the 60 days before the sale on 2025-03-01/);
    throwsCalc(() => highest([["3.3", SALE - 60.5]], SALE), "#N/A", /2024-12-31 to 2025-02-28/); // day SALE - 61
    throwsCalc(() => highest([], SALE), "#N/A", /no price is dated/);
  });

  it("refuses unequal lists (#VALUE!), a negative price and a sale date outside the calendars (#NUM!)", () => {
    assert.throws(() => floatPrice([d(1)], [], SALE), (e: unknown) => e instanceof CalcError && e.code === "#VALUE!" && /1 prices and 0 dates: expected one date per price/.test(e.message));
    throwsCalc(() => highest([["-0.01", SALE - 5]], SALE), "#NUM!", /prices value 1 is -0.01: expected a price of \$0 or more/);
    throwsCalc(() => highest([["-1", SALE - 500]], SALE), "#NUM!", /prices value 1 is -1/); // outside the window too
    throwsCalc(() => highest([["3", 10]], 60), "#NUM!", /saleDate is 60/);
    throwsCalc(() => highest([["3", 10]], 2_958_466), "#NUM!", /saleDate is 2958466/);
  });

  it("property: the result is a price of the window, none in the window is higher, and prices outside never change it", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: -120, max: 10 }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.array(row, { maxLength: 10 }), (inside, noise) => {
        const rows = inside.map(([p, off]): [Decimal, number] => [d(p).dividedBy(10_000), SALE - 60 + ((off + 120) % 60)]);
        const outside = noise.map(([p, off]): [Decimal, number] => [d(p).dividedBy(10_000), off >= 0 ? SALE + off : SALE - 61 + off]);
        const all = [...rows, ...outside];
        const got = floatPrice(all.map(([p]) => p), all.map(([, t]) => t), SALE);
        const alone = floatPrice(rows.map(([p]) => p), rows.map(([, t]) => t), SALE);
        return got.eq(alone) && rows.some(([p]) => p.eq(got)) && rows.every(([p]) => p.lte(got));
      }),
      { numRuns: 300 },
    );
  });
});
