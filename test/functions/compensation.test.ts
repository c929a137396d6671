import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.COMPPCT, CEO.CAPACITY, CEO.REIMBURSE, CEO.RETAINER through dist/functions.js", () => {
  it("seed figures: 3.6% to 4.09% compensation, $60,000 cap, $62,500 retainer share, $25M program", () => {
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, null, null), 0.036);
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, [[62_500]]), 0.0409);
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, 62_500), 0.0409);
    assert.strictEqual(call("REIMBURSE", 75_000, null, null), 60_000);
    assert.strictEqual(call("RETAINER", null, null, null, null), 62_500);
    assert.strictEqual(call("RETAINER"), 62_500);
    assert.strictEqual(call("CAPACITY", 0, null), 25_000_000);
    assert.strictEqual(call("CAPACITY", 0, 8_400_000), 8_400_000);
  });

  it("COMPPCT sums other items given as a range, in either orientation, blanks skipped", () => {
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, [[62_500], [1_000_000], [null]]), 0.0809);
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, [[62_500, "", 977_500]]), 0.08);
    assert.strictEqual(call("COMPPCT", 8_400_000, 336_000, 60_000, [[62_500]]), 458_500 / 8_400_000);
  });

  it("CAPACITY, REIMBURSE and RETAINER to the cent", () => {
    assert.strictEqual(call("CAPACITY", 10_000_000, null), 15_000_000);
    assert.strictEqual(call("CAPACITY", 25_000_000, null), 0);
    assert.strictEqual(call("CAPACITY", 1234.567, null), 24_998_765.43);
    assert.strictEqual(call("REIMBURSE", 25_000, 45_000, null), 15_000);
    assert.strictEqual(call("REIMBURSE", 25_000, 70_000, null), 0);
    assert.strictEqual(call("REIMBURSE", 25_000, 0, 20_000), 20_000);
    assert.strictEqual(call("RETAINER", 100_000, 0, 3, null), 33_333.33);
    assert.strictEqual(call("RETAINER", 100_000, 0, 3, 1), 33_333.34);
    assert.strictEqual(call("RETAINER", 100_000, 0, 3, 3), 33_333.33);
    assert.strictEqual(call("RETAINER", 75_000, 50_000, 1, null), 125_000);
  });

  it("bad input: #VALUE! for types and shapes, #NUM! for the domain, each with a message", () => {
    expectError(call("COMPPCT", 0, 0, null, null), "#NUM!", /gross is 0: compensation as a fraction of gross needs gross above \$0/);
    expectError(call("COMPPCT", 100, null, null, null), "#VALUE!", /fee is missing/);
    expectError(call("COMPPCT", 100, -1, null, null), "#NUM!", /fee is -1: expected an amount of \$0 or more/);
    expectError(call("COMPPCT", 100, 1, "x", null), "#VALUE!", /expenses is text "x"/);
    expectError(call("COMPPCT", 100, 1, 0, [[1], ["warrants"]]), "#VALUE!", /other cell \(row 2, column 1\) is text "warrants": expected a number/);
    expectError(call("COMPPCT", 100, 1, 0, [[1], [-2]]), "#NUM!", /other item 2 is -2/);
    expectError(call("CAPACITY", 25_000_000.01, null), "#NUM!", /the program is over-sold by \$0\.01/);
    expectError(call("CAPACITY", 9_000_000, 8_400_000), "#NUM!", /soldGross 9000000 is above the program maximum 8400000: the program is over-sold by \$600000/);
    expectError(call("CAPACITY", -5, null), "#NUM!", /soldGross is -5/);
    expectError(call("CAPACITY", "all", null), "#VALUE!", /soldGross is text "all"/);
    expectError(call("REIMBURSE", -1, null, null), "#NUM!", /expenses is -1: expected an amount of \$0 or more/);
    expectError(call("REIMBURSE", 1, null, -60_000), "#NUM!", /cap is -60000/);
    expectError(call("REIMBURSE", null, null, null), "#VALUE!", /expenses is missing/);
    expectError(call("RETAINER", null, null, 0, null), "#NUM!", /offerings is 0: expected a whole number from 1 up/);
    expectError(call("RETAINER", null, null, 2.5, null), "#NUM!", /offerings is 2\.5/);
    expectError(call("RETAINER", null, null, 2, 3), "#NUM!", /offering is 3: expected a whole number from 1 to 2/);
    expectError(call("RETAINER", -75_000, null, null, null), "#NUM!", /retainer is -75000/);
    expectError(call("RETAINER", false, null, null, null), "#VALUE!", /retainer is FALSE: expected a number/);
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, anyNumber, (a, b, c, e) => {
        const results = [call("COMPPCT", a, b, c, e), call("COMPPCT", a, b, c, [[e], [c]]), call("CAPACITY", a, b), call("REIMBURSE", a, b, c), call("RETAINER", a, b, c, e)];
        for (const result of results) {
          if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
          else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
