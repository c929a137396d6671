import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.REIMBURSE, CEO.RETAINER through dist/functions.js", () => {
  it("seed figures: the $60,000 cap and the $62,500 retainer share", () => {
    assert.strictEqual(call("REIMBURSE", 75_000, null, null), 60_000);
    assert.strictEqual(call("REIMBURSE", 25_000), 25_000);
    assert.strictEqual(call("RETAINER", null, null, null, null), 62_500);
    assert.strictEqual(call("RETAINER"), 62_500);
    assert.strictEqual(call("RETAINER", 75_000, 50_000, 2, 2), 62_500);
  });

  it("what is left of the cap, and uneven splits to the cent", () => {
    assert.strictEqual(call("REIMBURSE", 25_000, 45_000, null), 15_000);
    assert.strictEqual(call("REIMBURSE", 25_000, 70_000, null), 0);
    assert.strictEqual(call("REIMBURSE", 25_000, 0, 20_000), 20_000);
    assert.strictEqual(call("REIMBURSE", 100.005, null, null), 100.01);
    assert.strictEqual(call("RETAINER", 100_000, 0, 3, null), 33_333.33);
    assert.strictEqual(call("RETAINER", 100_000, 0, 3, 1), 33_333.34);
    assert.strictEqual(call("RETAINER", 100_000, 0, 3, 3), 33_333.33);
    assert.strictEqual(call("RETAINER", 75_000, 50_000, 1, null), 125_000);
  });

  it("bad input: #VALUE! for types, #NUM! for the domain, each with a message", () => {
    expectError(call("REIMBURSE", -1, null, null), "#NUM!", /expenses is -1: expected an amount of \$0 or more/);
    expectError(call("REIMBURSE", 1, -1, null), "#NUM!", /alreadyReimbursed is -1/);
    expectError(call("REIMBURSE", 1, null, -60_000), "#NUM!", /cap is -60000/);
    expectError(call("REIMBURSE", null, null, null), "#VALUE!", /expenses is missing/);
    expectError(call("REIMBURSE", "$500", null, null), "#VALUE!", /expenses is text "\$500"/);
    expectError(call("RETAINER", null, null, 0, null), "#NUM!", /offerings is 0: expected a whole number from 1 up/);
    expectError(call("RETAINER", null, null, 2.5, null), "#NUM!", /offerings is 2\.5/);
    expectError(call("RETAINER", null, null, 2, 3), "#NUM!", /offering is 3: expected a whole number from 1 to 2/);
    expectError(call("RETAINER", -75_000, null, null, null), "#NUM!", /retainer is -75000/);
    expectError(call("RETAINER", false, null, null, null), "#VALUE!", /retainer is FALSE: expected a number/);
  });

  it("the shares of n offerings add up to the total to the cent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 9 }), (cents, n) => {
        let sum = 0;
        for (let k = 1; k <= n; k++) sum += Math.round((call("RETAINER", cents / 100, 0, n, k) as number) * 100);
        return sum === cents;
      }),
    );
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 1, max: 5 }), fc.constant(null));
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, anyNumber, (a, b, c, e) => {
        for (const result of [call("REIMBURSE", a, b, c), call("RETAINER", a, b, c, e)]) {
          if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
          else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
