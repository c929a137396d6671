import assert from "assert";
import fc from "fast-check";
import { edate } from "../../src/core/calendar";
import { Decimal } from "../../src/core/decimal";
import { CalcError } from "../../src/core/errors";
import { soldLast12Months, soldWindow } from "../../src/core/sold12m";

const d = (x: string | number) => new Decimal(x);
const sold = (rows: [date: number, gross: string | number][], saleDate: number) =>
  soldLast12Months(
    rows.map(([t]) => t),
    rows.map(([, g]) => d(g)),
    saleDate,
  ).toFixed(2);

function throwsCalc(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => e instanceof CalcError && e.code === code && pattern.test(e.message));
}

// Excel serials, by hand from 2024-01-01 = 45292 (2023-01-01 = 45292 - 365, 2025-01-01 = 45292 + 366).
const D = {
  "2023-02-28": 44985, // 44927 + 31 + 27
  "2023-03-01": 44986,
  "2024-01-01": 45292,
  "2024-02-28": 45350,
  "2024-02-29": 45351,
  "2024-03-01": 45352,
  "2024-03-02": 45353,
  "2024-03-31": 45382,
  "2024-12-15": 45641,
  "2025-01-15": 45672,
  "2025-02-28": 45716,
  "2025-03-01": 45717,
  "2023-03-31": 45016,
  "2024-01-31": 45322,
} as const;

describe("core/calendar: edate, Excel's EDATE", () => {
  const cases: [from: keyof typeof D, months: number, to: keyof typeof D][] = [
    ["2024-02-29", -12, "2023-02-28"], // no February 29 in 2023: the month's last day
    ["2025-02-28", -12, "2024-02-28"], // the same day, not the month's end
    ["2024-03-31", -1, "2024-02-29"],
    ["2023-03-31", -1, "2023-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2024-12-15", 1, "2025-01-15"], // across the year
    ["2025-01-15", -1, "2024-12-15"],
    ["2025-03-01", -12, "2024-03-01"],
    ["2024-02-29", 0, "2024-02-29"],
  ];
  for (const [from, months, to] of cases) {
    it(`EDATE(${from}, ${months}) = ${to}`, () => assert.strictEqual(edate(D[from], months), D[to]));
  }

  it("drops a time of day", () => assert.strictEqual(edate(D["2025-03-01"] + 0.9, -12), D["2024-03-01"]));

  it("property: the day of the month is kept when the target month has it, else the target's last day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 31_048, max: 73_000 }), fc.integer({ min: -240, max: 240 }), (serial, months) => {
        const from = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
        const to = new Date(Date.UTC(1899, 11, 30) + edate(serial, months) * 86_400_000);
        const monthIndex = from.getUTCFullYear() * 12 + from.getUTCMonth() + months;
        const daysInTarget = new Date(Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0)).getUTCDate();
        return to.getUTCFullYear() * 12 + to.getUTCMonth() === monthIndex && to.getUTCDate() === Math.min(from.getUTCDate(), daysInTarget);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("core/sold12m: SOLD12M, gross sold in the 12 calendar months up to and including the sale", () => {
  it("windows: after EDATE(saleDate, -12), through the sale date", () => {
    assert.deepStrictEqual(soldWindow(D["2025-02-28"]), { first: D["2024-02-29"], last: D["2025-02-28"] });
    assert.deepStrictEqual(soldWindow(D["2024-02-29"]), { first: D["2023-03-01"], last: D["2024-02-29"] });
    assert.deepStrictEqual(soldWindow(D["2025-03-01"]), { first: D["2024-03-02"], last: D["2025-03-01"] });
  });

  // [(date, gross) rows, saleDate, gross sold]
  const cases: [[number, string | number][], number, string][] = [
    [[[D["2024-02-29"], 1_000_000], [D["2024-02-28"], 500_000]], D["2025-02-28"], "1000000.00"], // Feb 29 counts for a sale on 2025-02-28, Feb 28 does not
    [[[D["2024-02-29"], 1_000_000], [D["2024-03-01"], 250_000]], D["2025-03-01"], "0.00"], // a sale on 2025-03-01 looks back past 2024-03-01
    [[[D["2024-03-02"], 250_000]], D["2025-03-01"], "250000.00"],
    [[[D["2023-02-28"], 7], [D["2023-03-01"], 11], [D["2024-02-29"], 13], [D["2024-03-01"], 17]], D["2024-02-29"], "24.00"], // sale on Feb 29: back past 2023-02-28, the sale day included, the day after not
    [[[D["2024-01-01"], 1_000_000], [D["2024-02-29"], 2_500_000], [D["2025-02-28"], 400_000]], D["2025-02-28"], "2900000.00"], // README example
    [[[D["2025-02-28"] + 0.6, 5]], D["2025-02-28"], "5.00"], // a time of day on the sale date: that day
    [[[D["2024-02-28"] + 0.6, 5]], D["2025-02-28"], "0.00"], // on the excluded day, whatever the time
    [[[D["2025-02-28"], "0.005"]], D["2025-02-28"], "0.01"], // to the cent, half-up
    [[[D["2025-02-28"], "0.004"], [D["2025-02-28"] - 1, "0.004"]], D["2025-02-28"], "0.01"], // summed, then rounded
    [[[D["2025-02-28"], "1234.564"]], D["2025-02-28"], "1234.56"],
    [[], D["2025-02-28"], "0.00"],
  ];
  for (const [rows, sale, expected] of cases) {
    it(`SOLD12M(${rows.map(([t, g]) => `${g}@${t}`).join(", ")}; sale ${sale}) = ${expected}`, () => assert.strictEqual(sold(rows, sale), expected));
  }

  it("refuses unequal lists (#VALUE!), a negative gross and a sale date outside the calendars (#NUM!)", () => {
    throwsCalc(() => soldLast12Months([1, 2], [d(1)], D["2025-02-28"]), "#VALUE!", /2 dates and 1 grosses: expected one date per gross/);
    throwsCalc(() => sold([[D["2025-01-15"], "-0.01"]], D["2025-02-28"]), "#NUM!", /grosses value 1 is -0.01: expected an amount of \$0 or more/);
    throwsCalc(() => sold([[D["2025-01-15"], 1]], 60), "#NUM!", /saleDate is 60/);
  });

  it("property: additive over any split of the sales (amounts in cents), and only the window counts", () => {
    const row = fc.tuple(fc.integer({ min: 44_927, max: 46_000 }), fc.integer({ min: 0, max: 10_000_000_000 }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), fc.integer({ min: 45_300, max: 45_800 }), (rows, side, sale) => {
        const total = (part: [number, number][]) => soldLast12Months(part.map(([t]) => t), part.map(([, c]) => d(c).dividedBy(100)), sale);
        const a = rows.filter((_, i) => side[i]);
        const b = rows.filter((_, i) => !side[i]);
        const { first, last } = soldWindow(sale);
        const inWindow = rows.filter(([t]) => t >= first && t <= last);
        const byHand = inWindow.reduce((s, [, c]) => s + BigInt(c), 0n);
        return total(rows).eq(total(a).plus(total(b))) && total(rows).times(100).toFixed(0) === byHand.toString();
      }),
      { numRuns: 500 },
    );
  });
});
