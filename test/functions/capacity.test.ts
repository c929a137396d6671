import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.CAPACITY through dist/functions.js", () => {
  it("seed programs: $25,000,000 by default, the Other Agreement's $8.4 million when given", () => {
    assert.strictEqual(call("CAPACITY", 0, null), 25_000_000);
    assert.strictEqual(call("CAPACITY", 10_000_000), 15_000_000);
    assert.strictEqual(call("CAPACITY", 25_000_000, null), 0);
    assert.strictEqual(call("CAPACITY", 0, 8_400_000), 8_400_000);
    assert.strictEqual(call("CAPACITY", 5_000_000, 8_400_000), 3_400_000);
    assert.strictEqual(call("CAPACITY", 1234.567, null), 24_998_765.43);
  });

  it("bad input: over-sold and negative amounts are #NUM!, text is #VALUE!", () => {
    expectError(call("CAPACITY", 25_000_000.01, null), "#NUM!", /the program is over-sold by \$0\.01/);
    expectError(call("CAPACITY", 9_000_000, 8_400_000), "#NUM!", /soldGross 9000000 is above the program maximum 8400000: the program is over-sold by \$600000/);
    expectError(call("CAPACITY", -5, null), "#NUM!", /soldGross is -5/);
    expectError(call("CAPACITY", 0, -5), "#NUM!", /programMax is -5/);
    expectError(call("CAPACITY", "all", null), "#VALUE!", /soldGross is text "all"/);
    expectError(call("CAPACITY", null, null), "#VALUE!", /soldGross is missing/);
  });

  it("sold + left = $25M for sales in whole cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_500_000_000 }), (cents) => {
        const left = call("CAPACITY", cents / 100, null) as number;
        return Math.round(left * 100) + cents === 2_500_000_000;
      }),
    );
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(anyNumber, anyNumber, (a, b) => {
        const result = call("CAPACITY", a, b);
        if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
        else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
      }),
      { numRuns: 1000 },
    );
  });
});
