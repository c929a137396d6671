/*
 * MINPRICE, FLOATPRICE, SOLD12M and BABYSHELF as native formulas, through the converter's central
 * step (nativeFormula) and evaluated in hyperformula, against the wrapper called as Excel calls it
 * on the same cells: the same number exactly (FLOATPRICE picks a price, SOLD12M and BABYSHELF are
 * money; MINPRICE is a price, exact with decimals, else to a relative 1e-12), or the same error.
 */
import assert from "assert";
import fc from "fast-check";
import { nativeFormula } from "../../src/core/formulas";
import type { CellValue } from "../support/hyperformula";
import { babyShelf, floatPrice, minPrice, sold12m } from "../../src/functions/compliance";
import { agree } from "./agree";
import { agreeCall } from "./excelCall";

const col = (values: readonly CellValue[]) => values.map((v) => [v]);
/** Two columns side by side, A and B. */
const pairs = (a: readonly CellValue[], b: readonly CellValue[]) => a.map((v, i) => [v, b[i] ?? null]);

const SALE = 45717; // 2025-03-01
const FEB28_2025 = 45716;
const FEB29_2024 = 45351;

describe("native MINPRICE", () => {
  it("tables: the lower of the last close and the average; too few closes, a close of 0, text", () => {
    agreeCall("last close lower", col([4.1, 4.3, 4.2, 4.4, 4]), "MINPRICE", ["A1:A5"], { precision: "relative" });
    agreeCall("average lower", col([4, 4.1, 4.2, 4.3, 4.4]), "MINPRICE", ["A1:A5"], { precision: "relative" });
    agreeCall("only the last five, blanks skipped", col([9, 1, null, 1, 1, 1, 1.01, null]), "MINPRICE", ["A1:A8"], { precision: "relative" });
    agreeCall("decimals: 2.025 half-up", col([2, 2, 2, 2, 2.125, 2]), "MINPRICE", ["A1:A5", "B1"]);
    agreeCall("decimals from a cell", [[2, 2, 2, 2, 2.125, 2]], "MINPRICE", ["A1:E1", "F1"]);
    agreeCall("four closes: #VALUE!", col([4, 4, 4, 4]), "MINPRICE", ["A1:A4"]);
    agreeCall("four closes and a blank: #VALUE!", col([4, 4, null, 4, 4]), "MINPRICE", ["A1:A5"]);
    agreeCall("a close of 0: #NUM!", col([4, 4, 4, 4, 0]), "MINPRICE", ["A1:A5"]);
    agreeCall("an old negative close: #NUM!", col([-1, 4, 4, 4, 4, 4]), "MINPRICE", ["A1:A6"]);
    agreeCall("text among the closes: #VALUE!", col([4, 4, "'4", 4, 4, 4]), "MINPRICE", ["A1:A6"]);
    agreeCall("empty text is skipped", col([4, 4, '=""', 4, 4, 4]), "MINPRICE", ["A1:A6"], { precision: "relative" });
    agreeCall("decimals 11: #NUM!", col([4, 4, 4, 4, 4, 11]), "MINPRICE", ["A1:A5", "A6"]);
  });

  it("property: closes in ten-thousandths, with decimals exact, without to 1e-12", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 5, maxLength: 12 }), fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), (units, decimals) => {
        const closes = units.map((u) => u / 10_000);
        agreeCall("MINPRICE", [[...closes, decimals ?? null]], "MINPRICE", [`A1:${String.fromCharCode(64 + closes.length)}1`, decimals === undefined ? undefined : `${String.fromCharCode(65 + closes.length)}1`], {
          precision: decimals === undefined ? "relative" : "exact",
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe("native FLOATPRICE", () => {
  it("tables: 60 days before in, 61 out, the sale day out; none is #N/A; shapes", () => {
    const prices = [3.1, 2.9, 3.4, 3.2];
    agreeCall("60 in, 61 out", pairs(prices, [SALE - 61, SALE - 60, SALE - 30, SALE]), "FLOATPRICE", ["A1:A4", "B1:B4", String(SALE)]);
    agreeCall("the sale day is out", pairs([9, 3], [SALE, SALE - 1]), "FLOATPRICE", ["A1:A2", "B1:B2", String(SALE)]);
    agreeCall("a time of day", pairs([3.3, 4], [SALE - 0.5, SALE - 60.5]), "FLOATPRICE", ["A1:A2", "B1:B2", "C1"]);
    agreeCall("none in the window: #N/A", pairs([3.1, 3.2], [SALE - 61, SALE]), "FLOATPRICE", ["A1:A2", "B1:B2", String(SALE)]);
    agreeCall("a pair of blanks is skipped", pairs([3.1, null, 3.2], [SALE - 5, null, SALE - 4]), "FLOATPRICE", ["A1:A3", "B1:B3", String(SALE)]);
    agreeCall("a blank beside a price: #VALUE!", pairs([3.1, 3.3, 3.2], [SALE - 5, null, SALE - 4]), "FLOATPRICE", ["A1:A3", "B1:B3", String(SALE)]);
    agreeCall("unequal sizes: #VALUE!", pairs([3.1, 3.3, 3.2], [SALE - 5, SALE - 3, SALE - 4]), "FLOATPRICE", ["A1:A3", "B1:B2", String(SALE)]);
    agreeCall("text among the dates: #VALUE!", pairs([3.1, 3.3], [SALE - 5, "'45700"]), "FLOATPRICE", ["A1:A2", "B1:B2", String(SALE)]);
    agreeCall("a negative price: #NUM!", pairs([3.1, -3.3], [SALE - 5, SALE - 500]), "FLOATPRICE", ["A1:A2", "B1:B2", String(SALE)]);
    agreeCall("a sale date of 60: #NUM!", pairs([3.1], [SALE - 5]), "FLOATPRICE", ["A1", "B1", "60"]);
    agreeCall("a blank sale date: #VALUE!", pairs([3.1], [SALE - 5]), "FLOATPRICE", ["A1", "B1", "C1"]);
    agreeCall("rows", [[3.1, 3.4, 3.2], [SALE - 5, SALE - 3, SALE - 70]], "FLOATPRICE", ["A1:C1", "A2:C2", String(SALE)]);
    agreeCall("a price of 0 only", pairs([0], [SALE - 5]), "FLOATPRICE", ["A1", "B1", String(SALE)]);
  });

  it("a row against a column: paired k-th with k-th; a table column against a row keeps its value, saying why", () => {
    agreeCall("prices across, dates down", [[3.1, 3.4, 3.2], [SALE - 5], [SALE - 70], [SALE - 3]], "FLOATPRICE", ["A1:C1", "A2:A4", String(SALE)]);
    agreeCall("prices down, dates across", [[3.1, SALE - 5, SALE - 70, SALE - 3], [3.4], [3.2]], "FLOATPRICE", ["A1:A3", "B1:D1", String(SALE)]);
    agreeCall("a blank pair", [[3.1, null, 3.2], [SALE - 5], [null], [SALE - 3]], "FLOATPRICE", ["A1:C1", "A2:A4", String(SALE)]);
    agreeCall("none in the window", [[3.1, 3.4], [SALE - 70], [SALE]], "FLOATPRICE", ["A1:B1", "A2:A3", String(SALE)]);
    const result = nativeFormula("FLOATPRICE", ["A1:C1", "Prices[Date]", String(SALE)]);
    assert.ok(!result.ok && /pair a row with a column of unknown size/.test(result.reason), result.ok ? "" : result.reason);
  });

  it("property: prices in ten-thousandths on dates around the window, exactly, in either orientation", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: -70, max: 5 }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), fc.boolean(), (rows, crossed) => {
        const n = rows.length;
        if (crossed) {
          // prices across row 1, dates down column A from row 2
          const cells: CellValue[][] = [rows.map(([p]) => p / 10_000), ...rows.map(([, off]) => [SALE + off] as CellValue[])];
          agreeCall("FLOATPRICE crossed", cells, "FLOATPRICE", [`A1:${String.fromCharCode(64 + n)}1`, `A2:A${n + 1}`, String(SALE)]);
        } else {
          agreeCall("FLOATPRICE", rows.map(([p, off]) => [p / 10_000, SALE + off]), "FLOATPRICE", [`A1:A${n}`, `B1:B${n}`, String(SALE)]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("native SOLD12M", () => {
  it("tables: EDATE across February 29, the window's ends, rounding, shapes", () => {
    agreeCall("sale 2025-02-28 counts 2024-02-29, not 2024-02-28", pairs([FEB29_2024, FEB29_2024 - 1], [1_000_000, 500_000]), "SOLD12M", ["A1:A2", "B1:B2", String(FEB28_2025)]);
    agreeCall("sale 2024-02-29 looks back past 2023-02-28", pairs([44985, 44986, FEB29_2024, FEB29_2024 + 1], [7, 11, 13, 17]), "SOLD12M", ["A1:A4", "B1:B4", String(FEB29_2024)]);
    agreeCall("sale 2025-03-01 excludes 2024-03-01", pairs([FEB29_2024, 45352, 45353], [1, 2, 4]), "SOLD12M", ["A1:A3", "B1:B3", String(SALE)]);
    agreeCall("to the cent", pairs([FEB28_2025, FEB28_2025 - 1, FEB28_2025 - 2], [0.004, 0.004, 1234.561]), "SOLD12M", ["A1:A3", "B1:B3", String(FEB28_2025)]);
    agreeCall("a time of day", pairs([FEB28_2025 + 0.6, FEB29_2024 - 0.4], [5, 6]), "SOLD12M", ["A1:A2", "B1:B2", String(FEB28_2025)]);
    agreeCall("nothing in the window: 0", pairs([40000], [5]), "SOLD12M", ["A1", "B1", String(FEB28_2025)]);
    agreeCall("a pair of blanks and empty text skipped", pairs([FEB28_2025, null, FEB28_2025 - 3], [5, '=""', 6]), "SOLD12M", ["A1:A3", "B1:B3", String(FEB28_2025)]);
    agreeCall("a blank beside a gross: #VALUE!", pairs([FEB28_2025, null], [5, 6]), "SOLD12M", ["A1:A2", "B1:B2", String(FEB28_2025)]);
    agreeCall("unequal sizes: #VALUE!", pairs([FEB28_2025, FEB28_2025], [5, 6]), "SOLD12M", ["A1:A2", "B1", String(FEB28_2025)]);
    agreeCall("text gross: #VALUE!", pairs([FEB28_2025], ["'5"]), "SOLD12M", ["A1", "B1", String(FEB28_2025)]);
    agreeCall("a negative gross: #NUM!", pairs([FEB28_2025, 30000], [5, -6]), "SOLD12M", ["A1:A2", "B1:B2", String(FEB28_2025)]);
    agreeCall("dates down a column, grosses across a row", [[FEB29_2024, 1, 2, 4], [45352], [45353]], "SOLD12M", ["A1:A3", "B1:D1", String(SALE)]);
    agreeCall("dates across a row, grosses down a column", [[FEB29_2024, 45352, 45353, 1], [null, null, null, 2], [null, null, null, 4]], "SOLD12M", ["A1:C1", "D1:D3", String(SALE)]);
  });

  it("property: grosses in cents on dates around the window, exactly, in either orientation", () => {
    const row = fc.tuple(fc.integer({ min: 45_300, max: 45_800 }), fc.integer({ min: 0, max: 1_000_000_000 }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), fc.integer({ min: 45_600, max: 45_800 }), fc.boolean(), (rows, sale, crossed) => {
        const n = rows.length;
        if (crossed) {
          const cells = [rows.map(([t]) => t), ...rows.map(([, c]) => [null as CellValue])];
          rows.forEach(([, c], i) => (cells[1 + i] = [c / 100]));
          agreeCall("SOLD12M crossed", cells, "SOLD12M", [`A1:${String.fromCharCode(64 + n)}1`, `A2:A${n + 1}`, String(sale)]);
        } else {
          agreeCall("SOLD12M", rows.map(([t, c]) => [t, c / 100]), "SOLD12M", [`A1:A${n}`, `B1:B${n}`, String(sale)]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** The native elements of =CEO.id(args), or a failure naming the reason. */
function native(id: string, args: string[]): readonly string[] {
  const result = nativeFormula(id, args);
  if (!result.ok) assert.fail(`CEO.${id}(${args.join(",")}) has no native formula: ${result.reason}`);
  return result.elements;
}

describe("native MINPRICE, FLOATPRICE, SOLD12M: array constants (Excel passes their values)", () => {
  it("the README examples and constants Excel refuses", () => {
    agree("MINPRICE README", [], native("MINPRICE", ["{4.1;4.3;4.2;4.4;4}"]), () => minPrice([[4.1], [4.3], [4.2], [4.4], [4]]), "relative");
    agree("MINPRICE decimals", [], native("MINPRICE", ["{2,2,2,2,2.125}", "2"]), () => minPrice([[2, 2, 2, 2, 2.125]], 2));
    agree("MINPRICE four", [], native("MINPRICE", ["{1,2,3,4}"]), () => minPrice([[1, 2, 3, 4]]));
    agree("MINPRICE a zero", [], native("MINPRICE", ["{1,2,0,4,5}"]), () => minPrice([[1, 2, 0, 4, 5]]));
    agree("FLOATPRICE README", [], native("FLOATPRICE", ["{3.1;3.4;3.2}", "{45600;45640;45660}", "45661"]), () => floatPrice([[3.1], [3.4], [3.2]], [[45600], [45640], [45660]], 45661));
    agree("FLOATPRICE none", [], native("FLOATPRICE", ["{3.1;3.4}", "{45600;45601}", "45661"]), () => floatPrice([[3.1], [3.4]], [[45600], [45601]], 45661));
    agree("SOLD12M README", [], native("SOLD12M", ["{45292;45351;45716}", "{1000000;2500000;400000}", "45716"]), () => sold12m([[45292], [45351], [45716]], [[1_000_000], [2_500_000], [400_000]], 45716));
    agree("BABYSHELF README", [], native("BABYSHELF", ["15000000", "3.4", "2900000"]), () => babyShelf(15_000_000, 3.4, 2_900_000));
  });
});

describe("native BABYSHELF", () => {
  it("tables: $75,000,000 and one share or one cent either side; one-third rounded down; sold above it", () => {
    const cases: [number, number, number | null][] = [
      [15_000_000, 3.4, 2_900_000],
      [7_500_000, 10, 0], // exactly $75,000,000: #N/A
      [7_499_999, 10, 0],
      [7_500_001, 10, 0],
      [7_499_999_999, 0.01, 0], // $74,999,999.99
      [7_500_000_001, 0.01, 0], // $75,000,000.01
      [250_000_000, 0.3, 0], // 0.3 is not a double: the product still 75,000,000
      [200, 0.01, 0], // 0.666...: 0.66
      [1, 3.3, 0], // 1.1 where doubles give 1.0999999999999999
      [3, 3.3, null],
      [3, 10, 10],
      [3, 10, 10.01], // #NUM!
      [3, 10, 9.99],
      [0, 5, null],
      [-1, 5, null],
    ];
    for (const [shares, price, sold] of cases) {
      agreeCall(`BABYSHELF(${shares}, ${price}, ${sold})`, [[shares, price, sold]], "BABYSHELF", ["A1", "B1", "C1"]);
      agreeCall(`BABYSHELF(${shares}, ${price}, ${sold}) literals`, [], "BABYSHELF", [String(shares), String(price), sold === null ? undefined : String(sold)]);
    }
  });

  it("property: whole shares, prices in ten-thousandths, sold in cents: exactly, on both sides of $75M and of one-third", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000_000 }), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 3_000_000_000 }), (shares, priceUnits, soldCents) => {
        agreeCall("BABYSHELF", [[shares, priceUnits / 10_000, soldCents / 100]], "BABYSHELF", ["A1", "B1", "C1"]);
      }),
      { numRuns: 1000 },
    );
  });
});
