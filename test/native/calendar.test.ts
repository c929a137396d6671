import fc from "fast-check";
import { FIRST_DAY, LAST_DAY, serialOf } from "../../src/core/calendar";
import { holidayLists, lockUpFormulas, settleFormula, tradeDayFormula, tradeDaysFormula } from "../../src/core/calendar.formula";
import { lockUp, settle, tradeDay, tradeDays } from "../../src/functions/calendar";
import { agree } from "./agree";
import assert from "assert";

const date = (y: number, m: number, d: number) => serialOf(y, m, d);

describe("native SETTLE, TRADEDAY, TRADEDAYS, LOCKUP in a spreadsheet engine (WORKDAY.INTL over the CEO Holidays sheet)", () => {
  it("the holiday lists hold the seed's closures: September 11-14 2001, Veterans Day as a settlement closure only", () => {
    const { trading, settlement } = holidayLists();
    const has = (list: { date: number }[], d: number) => list.some((c) => c.date === d);
    for (const d of [11, 12, 13, 14]) assert.ok(has(trading, date(2001, 9, d)) && has(settlement, date(2001, 9, d)));
    assert.ok(!has(trading, date(2001, 11, 12)) && has(settlement, date(2001, 11, 12)));
    assert.ok(has(trading, date(2001, 4, 13)) && has(settlement, date(2001, 4, 13))); // Good Friday shuts the exchange, so settlement too
  });

  it("the seed's dates: T+3 from 2001-10-31, across the September 2001 closure, on Veterans Day; the README's lock-up", () => {
    const cells = [[date(2001, 10, 31), date(2001, 9, 10), date(2001, 11, 12), date(2001, 11, 1), date(2001, 11, 6), date(2001, 11, 3), date(2001, 9, 17) + 0.75]];
    agree("SETTLE 2001-10-31", cells, [settleFormula("A1")], () => settle(cells[0]![0]!));
    agree("SETTLE 2001-09-10", cells, [settleFormula("B1")], () => settle(cells[0]![1]!));
    agree("SETTLE Veterans Day", cells, [settleFormula("C1")], () => settle(cells[0]![2]!));
    agree("SETTLE Veterans Day, cycle 0", cells, [settleFormula("C1", "0")], () => settle(cells[0]![2]!, 0));
    agree("SETTLE a Saturday is #NUM!", cells, [settleFormula("F1")], () => settle(cells[0]![5]!));
    agree("SETTLE with a time of day", cells, [settleFormula("G1")], () => settle(cells[0]![6]!));
    agree("SETTLE literal DATE()", [], [settleFormula("DATE(2001,10,31)")], () => settle(date(2001, 10, 31)));
    agree("TRADEDAY", cells, [tradeDayFormula("B1", "1")], () => tradeDay(cells[0]![1]!, 1));
    agree("TRADEDAY back", cells, [tradeDayFormula("B1", "-3")], () => tradeDay(cells[0]![1]!, -3));
    agree("TRADEDAY 0 on a Saturday", cells, [tradeDayFormula("F1", "0")], () => tradeDay(cells[0]![5]!, 0));
    agree("TRADEDAYS", cells, [tradeDaysFormula("B1", "G1")], () => tradeDays(cells[0]![1]!, cells[0]![6]!));
    agree("TRADEDAYS backwards", cells, [tradeDaysFormula("G1", "B1")], () => tradeDays(cells[0]![6]!, cells[0]![1]!));
    agree("LOCKUP", cells, lockUpFormulas("D1", "E1"), () => lockUp(cells[0]![3]!, cells[0]![4]!));
    agree("LOCKUP settlement on Veterans Day is #NUM!", cells, lockUpFormulas("D1", "C1"), () => lockUp(cells[0]![3]!, cells[0]![2]!));
    agree("SETTLE before 1985 is #NUM!", [[date(1984, 12, 31)]], [settleFormula("A1")], () => settle(date(1984, 12, 31)));
    agree("TRADEDAY past 2100 is #NUM!", [[date(2100, 12, 30)]], [tradeDayFormula("A1", "5")], () => tradeDay(date(2100, 12, 30), 5));
    // SETTLE steps through the settlement business days listed on the holidays sheet: both ends of the list.
    agree("SETTLE on the first trading day, 1985-01-02", [[date(1985, 1, 2)]], [settleFormula("A1")], () => settle(date(1985, 1, 2)));
    agree("SETTLE whose date is the list's last day", [[date(2100, 12, 30)]], [settleFormula("A1")], () => settle(date(2100, 12, 30)));
    agree("SETTLE past the list's end is #NUM!", [[date(2100, 12, 31)]], [settleFormula("A1")], () => settle(date(2100, 12, 31)));
    agree("SETTLE 10 days from late 2100 is #NUM!", [[date(2100, 12, 20)]], [settleFormula("A1", "10")], () => settle(date(2100, 12, 20), 10));
    agree("SETTLE cycle 0 on a settlement day", [[date(2001, 11, 13)]], [settleFormula("A1", "0")], () => settle(date(2001, 11, 13), 0));
  });

  it("the settlement business days SETTLE steps through are the core's: every weekday 1985-2100 not closed for settlement, ascending", () => {
    const { settlement, settlementDays } = holidayLists();
    const closed = new Set(settlement.map((c) => c.date));
    let expected = 0;
    for (let d = FIRST_DAY; d <= LAST_DAY; d++) {
      const weekend = (d + 6) % 7 === 0 || (d + 6) % 7 === 6; // (d + 6) % 7: the weekday of serial d, 0 a Sunday (2001-11-13, 37208, a Tuesday: 2)
      if (!weekend && !closed.has(d)) assert.strictEqual(settlementDays[expected++], d);
    }
    assert.strictEqual(settlementDays.length, expected);
    assert.ok(settlementDays.includes(date(2001, 11, 13)) && !settlementDays.includes(date(2001, 11, 12)) && !settlementDays.includes(date(2001, 9, 11)));
  });

  it("each settlement era's cycle: T+5, T+3, T+2, T+1 around their first days", () => {
    for (const d of [date(1995, 6, 6), date(1995, 6, 7), date(2017, 9, 1), date(2017, 9, 5), date(2024, 5, 24), date(2024, 5, 28)]) {
      agree(`SETTLE ${d}`, [[d]], [settleFormula("A1")], () => settle(d));
    }
  });

  it("property: any date 1985-2100, steps, cycles", () => {
    const day = fc.integer({ min: FIRST_DAY, max: LAST_DAY });
    fc.assert(
      fc.property(day, day, fc.integer({ min: -40, max: 40 }), fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }), (a, b, n, cycle) => {
        const cells = [[a, b, n, cycle ?? null]];
        agree("SETTLE", cells, [settleFormula("A1", "D1")], () => settle(a, (cycle ?? null) as any));
        agree("TRADEDAY", cells, [tradeDayFormula("A1", "C1")], () => tradeDay(a, n));
        agree("TRADEDAYS", cells, [tradeDaysFormula("A1", "B1")], () => tradeDays(a, b));
        const [terms, settled] = a <= b ? [a, b] : [b, a];
        agree("LOCKUP", [[terms, settled]], lockUpFormulas("A1", "B1"), () => lockUp(terms, settled));
      }),
      { numRuns: 200 },
    );
  });
});
