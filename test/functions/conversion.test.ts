import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

const column = (xs: unknown[]) => xs.map((x) => [x]);
const repeat = (x: unknown, n: number) => Array.from({ length: n }, () => x);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("CEO.INITCONV, CEO.CONVPRICE, CEO.CONVSHARES through dist/functions.js", () => {
  it("INITCONV: 120% of the last five values", () => {
    assert.strictEqual(call("INITCONV", column([4, 4.1, 4.2, 4.3, 4.4]), null), 5.04);
    assert.strictEqual(call("INITCONV", [[4, 4.1, 4.2, 4.3, 4.4]], null), 5.04); // a row
    assert.strictEqual(call("INITCONV", column([100, 4, 4.1, "", 4.2, 4.3, 4.4]), null), 5.04); // blanks skipped, the oldest dropped
    assert.strictEqual(call("INITCONV", column(repeat(4.04, 5)), null), 4.848);
    assert.strictEqual(call("INITCONV", column(repeat(1.23456, 5)), 4), 1.4815);
  });

  it("CONVPRICE: the ten lowest of the last 30 bids; the initial price within 90 days", () => {
    assert.strictEqual(call("CONVPRICE", column(upTo(10)), null, null, null), 5.555);
    assert.strictEqual(call("CONVPRICE", [upTo(30)], null, null, null), 5.555);
    assert.strictEqual(call("CONVPRICE", column([1, ...repeat(5, 29)]), null, null, null), 4.646);
    assert.strictEqual(call("CONVPRICE", column([1, ...repeat(5, 30)]), null, null, null), 5.05);
    assert.strictEqual(call("CONVPRICE", column(repeat(4, 10)), 5.04, null, null), 4.04);
    assert.strictEqual(call("CONVPRICE", column(repeat(4, 10)), 5.04, 90, null), 5.04);
    assert.strictEqual(call("CONVPRICE", column(repeat(4, 10)), 5.04, 91, null), 4.04);
    assert.strictEqual(call("CONVPRICE", column(upTo(10)), null, null, 2), 5.56);
    assert.strictEqual(call("CONVPRICE", column(repeat(4, 10))), 4.04);
  });

  it("CONVSHARES: principal / conversion price, rounded down", () => {
    assert.strictEqual(call("CONVSHARES", 1_000_000, column(repeat(4, 10)), null, null), 247_524);
    assert.strictEqual(call("CONVSHARES", 1_000_000, column(repeat(4, 10)), 5.04, 45), 198_412);
    assert.strictEqual(call("CONVSHARES", 8_000_000, column(repeat(4, 10)), 4.848, 30), 1_650_165);
    assert.strictEqual(call("CONVSHARES", 4040, column(repeat(4, 10)), null, null), 1000);
  });

  it("bad input: #VALUE! for types and shapes, #NUM! for the domain, each with a message", () => {
    expectError(call("INITCONV", column([4, 4, 4, 4]), null), "#VALUE!", /prices has 4 values: expected at least 5/);
    expectError(call("INITCONV", column([4, 4, "n/a", 4, 4]), null), "#VALUE!", /prices cell \(row 3, column 1\) is text "n\/a": expected a number/);
    expectError(call("INITCONV", column([4, 4, -4, 4, 4]), null), "#NUM!", /prices value 3 is -4/);
    expectError(call("CONVPRICE", column(upTo(9)), null, null, null), "#VALUE!", /bids has 9 values: expected at least 10 closing bids/);
    expectError(call("CONVPRICE", column([...upTo(9), ""]), null, null, null), "#VALUE!", /bids has 9 values/);
    expectError(call("CONVPRICE", column(upTo(9)), 5.04, 10, null), "#VALUE!", /bids has 9 values/);
    expectError(call("CONVPRICE", column([...upTo(9), true]), null, null, null), "#VALUE!", /bids cell \(row 10, column 1\) is TRUE: expected a number/);
    expectError(call("CONVPRICE", column([...upTo(9), -1]), null, null, null), "#NUM!", /bids value 10 is -1/);
    expectError(call("CONVPRICE", column(upTo(10)), -5, null, null), "#NUM!", /initialPrice is -5/);
    expectError(call("CONVPRICE", column(upTo(10)), 5, 90.5, null), "#VALUE!", /daysSinceIssue is 90\.5: expected a whole number/);
    expectError(call("CONVPRICE", column(upTo(10)), 5, -1, null), "#NUM!", /daysSinceIssue is -1: expected a whole number of days, 0 or more/);
    expectError(call("CONVPRICE", column(upTo(10)), null, 120, null), "#VALUE!", /initialPrice is missing/);
    expectError(call("CONVPRICE", column(upTo(10)), "5.04", null, null), "#VALUE!", /initialPrice is text "5\.04"/);
    expectError(call("CONVSHARES", 1000, column(repeat(0, 10)), null, null), "#NUM!", /the conversion price is 0/);
    expectError(call("CONVSHARES", 1000, column(repeat(4, 10)), 0, 10), "#NUM!", /the conversion price is 0/);
    expectError(call("CONVSHARES", -1, column(repeat(4, 10)), null, null), "#NUM!", /principal is -1/);
    expectError(call("CONVSHARES", null, column(repeat(4, 10)), null, null), "#VALUE!", /principal is missing/);
    expectError(call("CONVSHARES", 1000, column(upTo(9)), null, null), "#VALUE!", /bids has 9 values/);
  });

  it("returns a finite number or a CustomFunctions.Error for any finite input", () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(null));
    const bids = fc.array(cell, { minLength: 0, maxLength: 40 }).map(column);
    const option = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }));
    const days = fc.option(fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double({ noNaN: true, noDefaultInfinity: true })));
    fc.assert(
      fc.property(bids, fc.double({ noNaN: true, noDefaultInfinity: true }), option, days, (b, principal, initial, day) => {
        for (const result of [call("INITCONV", b, null), call("CONVPRICE", b, initial, day, null), call("CONVSHARES", principal, b, initial, day)]) {
          if (typeof result === "number") assert.ok(Number.isFinite(result), `got ${result}`);
          else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result, `got ${String(result)}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});
