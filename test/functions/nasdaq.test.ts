import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.NASDAQ20 through dist/functions.js", () => {
  it("seed: 4,372,554 shares below 20% of 21,862,772; exactly 20% needs approval", () => {
    assert.strictEqual(call("NASDAQ20", 21_862_772, null), 4_372_554);
    assert.strictEqual(call("NASDAQ20", 21_862_772), 4_372_554);
    assert.strictEqual(call("NASDAQ20", 1_000_000, null), 199_999);
    assert.strictEqual(call("NASDAQ20", 1_000_001, 0), 200_000);
    assert.strictEqual(call("NASDAQ20", 21_862_772, 4_000_000), 372_554);
    assert.strictEqual(call("NASDAQ20", 21_862_772, 5_000_000), 0);
    assert.strictEqual(call("NASDAQ20", 0, ""), 0);
    assert.strictEqual(call("NASDAQ20", [[6]], [[null]]), 1);
  });

  it("bad input: #VALUE! for types, #NUM! for the domain, each with a message", () => {
    expectError(call("NASDAQ20", 1_000_000.5, null), "#NUM!", /preOutstanding is 1000000\.5: expected whole shares/);
    expectError(call("NASDAQ20", 1_000_000, -1), "#NUM!", /alreadyIssued is -1/);
    expectError(call("NASDAQ20", NaN, null), "#VALUE!", /preOutstanding is NaN: expected a finite number/);
    expectError(call("NASDAQ20", null, null), "#VALUE!", /preOutstanding is missing/);
    expectError(call("NASDAQ20", 100, "some"), "#VALUE!", /alreadyIssued is text "some"/);
  });

  it("x stays below 20% and x + 1 would reach it, for safe whole counts", () => {
    const count = fc.integer({ min: 0, max: 2 ** 50 });
    fc.assert(
      fc.property(count, (pre) => {
        const x = call("NASDAQ20", pre, null) as number;
        return Number.isInteger(x) && (x === 0 ? 5 >= pre : 5 * x < pre && 5 * (x + 1) >= pre);
      }),
    );
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: 0, max: 2 ** 53 - 1 })), fc.option(fc.double()), (pre, already) => {
        const result = call("NASDAQ20", pre, already);
        if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
        else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
      }),
      { numRuns: 1000 },
    );
  });
});
