import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.COMPPCT through dist/functions.js", () => {
  it("seed figures: 3.6% fee alone, 4.09% with the $60,000 expenses and the $62,500 retainer share", () => {
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, null, null), 0.036);
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, null), 0.0384);
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, [[62_500]]), 0.0409);
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, 62_500), 0.0409);
    assert.strictEqual(call("COMPPCT", 8_400_000, 336_000, 60_000, [[62_500]]), 458_500 / 8_400_000); // Other Agreement
  });

  it("sums other items given as a range, in either orientation, blanks skipped", () => {
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, [[62_500], [1_000_000], [null]]), 0.0809);
    assert.strictEqual(call("COMPPCT", 25_000_000, 900_000, 60_000, [[62_500, "", 977_500]]), 0.08);
  });

  it("bad input: #VALUE! for types and shapes, #NUM! for the domain, each with a message", () => {
    expectError(call("COMPPCT", 0, 0, null, null), "#NUM!", /gross is 0: compensation as a fraction of gross needs gross above \$0/);
    expectError(call("COMPPCT", -1, 0, null, null), "#NUM!", /gross is -1: expected an amount of \$0 or more/);
    expectError(call("COMPPCT", 100, null, null, null), "#VALUE!", /fee is missing/);
    expectError(call("COMPPCT", 100, -1, null, null), "#NUM!", /fee is -1: expected an amount of \$0 or more/);
    expectError(call("COMPPCT", 100, 1, "x", null), "#VALUE!", /expenses is text "x"/);
    expectError(call("COMPPCT", 100, 1, 0, [[1], ["warrants"]]), "#VALUE!", /other cell \(row 2, column 1\) is text "warrants": expected a number/);
    expectError(call("COMPPCT", 100, 1, 0, [[1], [-2]]), "#NUM!", /other item 2 is -2/);
  });

  it("is linear in the fee through the bundle (to a double's rounding)", () => {
    const amount = fc.integer({ min: 0, max: 1e12 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), amount, amount, (gross, a, b) => {
        const sum = (call("COMPPCT", gross, a, null, null) as number) + (call("COMPPCT", gross, b, null, null) as number);
        const whole = call("COMPPCT", gross, a + b, null, null) as number;
        return Math.abs(sum - whole) <= whole * 4e-16;
      }),
    );
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, anyNumber, (a, b, c, e) => {
        for (const result of [call("COMPPCT", a, b, c, e), call("COMPPCT", a, b, c, [[e], [c]])]) {
          if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
          else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
