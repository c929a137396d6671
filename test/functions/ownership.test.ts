import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.DILUTION, CEO.OWNERSHIP through dist/functions.js", () => {
  it("seed figures: 28% dilution, 19.3% and 2.6% ownership", () => {
    assert.strictEqual(call("DILUTION", 8_593_877, 21_862_772), 8_593_877 / 30_456_649);
    assert.strictEqual(Math.round((call("DILUTION", 8_593_877, 21_862_772) as number) * 100), 28);
    assert.strictEqual(call("OWNERSHIP", 579_098, 4_498_145, 21_862_772), 5_077_243 / 26_360_917);
    assert.strictEqual(Math.round((call("OWNERSHIP", 579_098, 4_498_145, 21_862_772) as number) * 1000), 193);
    assert.strictEqual(call("OWNERSHIP", 579_098, 0, 21_862_772), 579_098 / 21_862_772);
    assert.strictEqual(call("OWNERSHIP", 579_098, 173_320, 21_862_772), 752_418 / 22_036_092); // Rule 13d-3: within 60 days only
  });

  it("boundaries and single-cell ranges", () => {
    assert.strictEqual(call("DILUTION", 0, 100), 0);
    assert.strictEqual(call("DILUTION", [[1]], [[3]]), 0.25);
    assert.strictEqual(call("OWNERSHIP", 100, 0, 100), 1);
  });

  it("bad input: #VALUE! for types, #NUM! for the domain, each with a message", () => {
    expectError(call("DILUTION", "many", 100), "#VALUE!", /newShares is text "many": expected a number/);
    expectError(call("DILUTION", 1, null), "#VALUE!", /outstanding is missing: expected a number/);
    expectError(call("DILUTION", 1.5, 100), "#NUM!", /newShares is 1\.5: expected whole shares, 0 or more/);
    expectError(call("DILUTION", -1, 100), "#NUM!", /newShares is -1/);
    expectError(call("DILUTION", 1, 0), "#NUM!", /outstanding is 0: expected the shares outstanding, above 0/);
    expectError(call("DILUTION", [[1, 2]], 100), "#VALUE!", /newShares is a range: expected a single value/);
    expectError(call("OWNERSHIP", 101, 0, 100), "#NUM!", /held is 101, more than the 100 outstanding/);
    expectError(call("OWNERSHIP", 1, true, 100), "#VALUE!", /exercisable is TRUE: expected a number/);
    expectError(call("OWNERSHIP", 1, 0.5, 100), "#NUM!", /exercisable is 0\.5: expected whole shares/);
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    const anyNumber = fc.oneof(fc.double(), fc.integer({ min: 0, max: 2 ** 53 - 1 }));
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, (a, b, c) => {
        for (const result of [call("DILUTION", a, b), call("OWNERSHIP", a, b, c)]) {
          if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
          else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("DILUTION stays in [0, 1) through the bundle", () => {
    const count = fc.integer({ min: 0, max: 2 ** 53 - 1 });
    fc.assert(
      fc.property(count, count.filter((n) => n > 0), (added, outstanding) => {
        const q = call("DILUTION", added, outstanding) as number;
        return q >= 0 && q < 1;
      }),
    );
  });
});
