import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.CLASSBPRICE through dist/functions.js", () => {
  it("seed figures and boundaries", () => {
    assert.strictEqual(call("CLASSBPRICE", 4.04, null, null, null), 3.838); // the $4.04 of Oct 31, 2001
    assert.strictEqual(call("CLASSBPRICE", 5, null, null, null), 4.85);
    assert.strictEqual(call("CLASSBPRICE", 4.99, null, null, null), 4.7405);
    assert.strictEqual(call("CLASSBPRICE", 5, 4.99, null, null), 4.75);
    assert.strictEqual(call("CLASSBPRICE", 40, null, null, null), 33.75);
    assert.strictEqual(call("CLASSBPRICE", 40, null, 67.5, null), 38.8);
    assert.strictEqual(call("CLASSBPRICE", 4.04, null, null, 2), 3.84);
    assert.strictEqual(call("CLASSBPRICE", 4.04), 3.838);
  });

  it("3,413,600 Class B warrant shares at the price for $4.04: $13,101,396.80", () => {
    const price = call("CLASSBPRICE", 4.04, null, null, null) as number;
    assert.strictEqual(Math.round(3_413_600 * price * 100) / 100, 13_101_396.8);
  });

  it("bad input: #VALUE! for types, #NUM! for the domain, each with a message", () => {
    expectError(call("CLASSBPRICE", "4.04", null, null, null), "#VALUE!", /bid is text "4\.04": expected a number/);
    expectError(call("CLASSBPRICE", null, null, null, null), "#VALUE!", /bid is missing/);
    expectError(call("CLASSBPRICE", -1, null, null, null), "#NUM!", /bid is -1: expected a price of \$0 or more/);
    expectError(call("CLASSBPRICE", 4, -1, null, null), "#NUM!", /marketPrice is -1/);
    expectError(call("CLASSBPRICE", 4, null, -1, null), "#NUM!", /cap is -1/);
    expectError(call("CLASSBPRICE", 4, null, null, 1.5), "#VALUE!", /decimals is 1\.5: expected a whole number/);
    expectError(call("CLASSBPRICE", 4, null, null, -1), "#NUM!", /decimals must be a whole number from 0 to 10/);
  });

  it("returns a finite number or a CustomFunctions.Error for any finite input", () => {
    const n = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(n, fc.option(n), fc.option(n), fc.option(fc.integer({ min: -2, max: 12 })), (bid, market, cap, decimals) => {
        const result = call("CLASSBPRICE", bid, market, cap, decimals);
        if (typeof result === "number") assert.ok(Number.isFinite(result));
        else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
      }),
      { numRuns: 500 },
    );
  });
});
