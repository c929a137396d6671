import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.FEE, CEO.NET, CEO.FEERATE through dist/functions.js", () => {
  it("seed figures: $900,000 fee, $24,100,000 net, 3.6% on $25M", () => {
    assert.strictEqual(call("FEE", 25_000_000, null, null), 900_000);
    assert.strictEqual(call("NET", 25_000_000, null, null), 24_100_000);
    assert.strictEqual(call("FEERATE", 25_000_000, null, null), 0.036);
  });

  it("priorGross and omitted arguments", () => {
    assert.strictEqual(call("FEE", 5_000_000, 8_000_000, null), 185_000);
    assert.strictEqual(call("FEE", 10_000_000.01), 400_000);
    assert.strictEqual(call("FEE", 0.13, 0.13, [[""]]), 0);
    assert.strictEqual(call("FEE", -0, -0, null), 0); // -0 is 0, not a negative amount
    assert.strictEqual(call("NET", 1234.56, null, [[null]]), 1185.18); // 1234.56 - 49.3824 -> 49.38
  });

  it("schedule as a flat rate or a 2-column range, in either blank-padded shape", () => {
    assert.strictEqual(call("FEE", 8_400_000, 0, [[0.04]]), 336_000);
    assert.strictEqual(call("FEE", 8_400_000, 0, 0.04), 336_000);
    assert.strictEqual(call("FEE", 2_000_000, 0, [[0, 0.05], [1_000_000, 0.02], ["", ""]]), 70_000);
  });

  it("bad input: #VALUE! for types and shapes, #NUM! for the domain, each with a message", () => {
    expectError(call("FEE", "abc", null, null), "#VALUE!", /gross is text "abc": expected a number/);
    expectError(call("FEE", true, null, null), "#VALUE!", /gross is TRUE: expected a number/);
    expectError(call("FEE", null, null, null), "#VALUE!", /gross is missing/);
    expectError(call("FEE", -1, null, null), "#NUM!", /gross is -1: expected an amount of \$0 or more/);
    expectError(call("FEE", 100, "x", null), "#VALUE!", /priorGross is text "x"/);
    expectError(call("FEE", 100, null, [[4]]), "#NUM!", /flat fee rate is 4: expected a fraction from 0 to 1/);
    expectError(call("FEE", 100, null, [[0, 0.04, 1]]), "#VALUE!", /schedule row 1 has 3 columns: expected 2/);
    expectError(call("FEE", 100, null, [[0, 0.04], [10, "3%"]]), "#VALUE!", /schedule cell \(row 2, column 2\) is text "3%"/);
    expectError(call("FEE", 100, null, [[1, 0.04]]), "#NUM!", /first fee tier must start at 0/);
    expectError(call("FEERATE", 0, null, null), "#NUM!", /gross is 0/);
    expectError(call("FEE", Infinity, null, null), "#VALUE!", /expected a finite number/);
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    fc.assert(
      fc.property(fc.double(), fc.option(fc.double()), (gross, prior) => {
        for (const id of ["FEE", "NET", "FEERATE"]) {
          const result = call(id, gross, prior, null);
          if (typeof result === "number") assert.ok(Number.isFinite(result));
          else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
        }
      }),
      { numRuns: 500 },
    );
  });
});
