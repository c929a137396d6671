import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

// Excel serials, counted from 1899-12-30 (python's date arithmetic, checked against DATE() by hand).
const OCT_31_2001 = 37195;
const NOV_1_2001 = 37196;
const NOV_5_2001 = 37200;
const NOV_6_2001 = 37201;
const SEP_10_2001 = 37144;
const SEP_11_2001 = 37145;
const SEP_17_2001 = 37151;
const SEP_19_2001 = 37153;
const COLUMBUS_DAY_2001 = 37172; // 2001-10-08

// The bundle runs in its own realm: compare its arrays by value.
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe("CEO.SETTLE, CEO.TRADEDAY, CEO.TRADEDAYS, CEO.LOCKUP through dist/functions.js", () => {
  it("SETTLE: the seed's T+3 around November 1, 2001, and over the September 2001 closure", () => {
    assert.strictEqual(call("SETTLE", OCT_31_2001, null), NOV_5_2001);
    assert.strictEqual(call("SETTLE", NOV_1_2001), NOV_6_2001);
    assert.strictEqual(call("SETTLE", SEP_10_2001, null), SEP_19_2001);
    assert.strictEqual(call("SETTLE", COLUMBUS_DAY_2001, null), 37175); // 2001-10-11
  });

  it("SETTLE: the T+3 -> T+2 and T+2 -> T+1 cutovers, and an explicit cycle", () => {
    assert.strictEqual(call("SETTLE", 42979, null), 42985); // 2017-09-01 T+3 -> 2017-09-07
    assert.strictEqual(call("SETTLE", 42983, null), 42985); // 2017-09-05 T+2 -> 2017-09-07
    assert.strictEqual(call("SETTLE", 45436, null), 45441); // 2024-05-24 T+2 -> 2024-05-29
    assert.strictEqual(call("SETTLE", 45440, null), 45441); // 2024-05-28 T+1 -> 2024-05-29
    assert.strictEqual(call("SETTLE", 45440, 3), 45443); // 2024-05-31
    assert.strictEqual(call("SETTLE", OCT_31_2001, [[0]]), OCT_31_2001);
    assert.strictEqual(call("SETTLE", OCT_31_2001 + 0.75, ""), NOV_5_2001); // 6 pm: the time is dropped
  });

  it("TRADEDAY and TRADEDAYS over September 11-14, 2001", () => {
    assert.strictEqual(call("TRADEDAY", SEP_10_2001, 1), SEP_17_2001);
    assert.strictEqual(call("TRADEDAY", SEP_17_2001, -1), SEP_10_2001);
    assert.strictEqual(call("TRADEDAY", SEP_11_2001, 1), SEP_17_2001);
    assert.strictEqual(call("TRADEDAY", NOV_1_2001, 0), NOV_1_2001);
    assert.strictEqual(call("TRADEDAYS", SEP_10_2001, SEP_17_2001), 1);
    assert.strictEqual(call("TRADEDAYS", SEP_17_2001, SEP_10_2001), -1);
    assert.strictEqual(call("TRADEDAYS", 36891, 37256), 248); // 2000-12-31 .. 2001-12-31
  });

  it("LOCKUP spills [start, end]: 2001-10-25 .. 2001-11-13 for terms on 2001-11-01 settled 2001-11-06", () => {
    assert.deepStrictEqual(plain(call("LOCKUP", NOV_1_2001, NOV_6_2001)), [[37189, 37208]]);
    assert.deepStrictEqual(plain(call("LOCKUP", SEP_17_2001, 37154)), [[37138, 37161]]); // 2001-09-04 .. 2001-09-27
  });

  it("bad input: #VALUE! for text and blanks, #NUM! for dates and days out of domain, each with a message", () => {
    expectError(call("SETTLE", "2001-10-31", null), "#VALUE!", /tradeDate is text "2001-10-31": expected a number/);
    expectError(call("SETTLE", null, null), "#VALUE!", /tradeDate is missing/);
    expectError(call("SETTLE", true, null), "#VALUE!", /tradeDate is TRUE/);
    expectError(call("SETTLE", OCT_31_2001, "T+3"), "#VALUE!", /cycle is text "T\+3"/);
    expectError(call("SETTLE", SEP_11_2001, null), "#NUM!", /tradeDate 2001-09-11 is not a trading day \(closed after the September 11 attacks\)/);
    expectError(call("SETTLE", 37198, null), "#NUM!", /tradeDate 2001-11-03 is not a trading day \(a Saturday\)/);
    expectError(call("SETTLE", OCT_31_2001, 11), "#NUM!", /cycle is 11: expected a whole number of business days from 0 to 10/);
    expectError(call("SETTLE", OCT_31_2001, 2.5), "#NUM!", /cycle is 2\.5/);
    expectError(call("SETTLE", COLUMBUS_DAY_2001, 0), "#NUM!", /not a settlement business day \(Columbus Day\)/);
    expectError(call("SETTLE", 60, null), "#NUM!", /tradeDate is 60: serials up to 60 fall before 1900-03-01/);
    expectError(call("SETTLE", -1, null), "#NUM!", /tradeDate is -1/);
    expectError(call("SETTLE", 31047, null), "#NUM!", /tradeDate is 31047 \(1984-12-31\): expected a date from 1985-01-01 \(serial 31048\) to 2100-12-31 \(serial 73415\)/);
    expectError(call("SETTLE", 73416, null), "#NUM!", /\(2101-01-01\)/);
    expectError(call("TRADEDAY", "x", 1), "#VALUE!", /date is text "x"/);
    expectError(call("TRADEDAY", NOV_1_2001, null), "#VALUE!", /n is missing/);
    expectError(call("TRADEDAY", NOV_1_2001, 0.5), "#NUM!", /n is 0\.5: expected a whole number/);
    expectError(call("TRADEDAY", 37217, 0), "#NUM!", /date 2001-11-22 is not a trading day \(Thanksgiving Day\)/);
    expectError(call("TRADEDAY", 73415, 1), "#NUM!", /the trading day 1 after 2100-12-31 falls outside the calendar/);
    expectError(call("TRADEDAYS", NOV_1_2001, ""), "#VALUE!", /end is missing/);
    expectError(call("TRADEDAYS", 1e12, NOV_1_2001), "#NUM!", /start is 1000000000000: expected a date from/);
    expectError(call("LOCKUP", NOV_6_2001, NOV_1_2001), "#NUM!", /finalSettleDate 2001-11-01 is before termsDate 2001-11-06/);
    expectError(call("LOCKUP", NOV_1_2001, 37207), "#NUM!", /finalSettleDate 2001-11-12 is not a settlement business day \(Veterans Day\)/);
    expectError(call("LOCKUP", NOV_1_2001, [[1, 2]]), "#VALUE!", /finalSettleDate is a range: expected a single value/);
    expectError(call("TRADEDAY", Infinity, 1), "#VALUE!", /expected a finite number/);
  });

  it("returns a date serial, a count, a row of dates or a CustomFunctions.Error for any number", () => {
    const isError = (r: unknown) => r instanceof Error && r.message.length > 0 && "code" in r;
    const finiteInteger = (r: unknown) => typeof r === "number" && Number.isInteger(r);
    fc.assert(
      fc.property(fc.double(), fc.double(), (a, b) => {
        for (const result of [call("SETTLE", a, b), call("SETTLE", a, null), call("TRADEDAY", a, b), call("TRADEDAYS", a, b)]) {
          assert.ok(finiteInteger(result) || isError(result), String(result));
        }
        const lockUp = call("LOCKUP", a, b);
        assert.ok(isError(lockUp) || (Array.isArray(lockUp) && lockUp[0].every(finiteInteger)));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 31048, max: 73415 }), fc.integer({ min: -300, max: 300 }), (date, n) => {
        for (const result of [call("SETTLE", date, null), call("TRADEDAY", date, n), call("TRADEDAYS", date, date + n), call("LOCKUP", date, date + Math.abs(n))]) {
          assert.ok(finiteInteger(result) || isError(result) || (Array.isArray(result) && result[0].every(finiteInteger)));
        }
      }),
      { numRuns: 500 },
    );
  });
});
