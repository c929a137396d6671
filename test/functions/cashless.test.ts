import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.CASHLESS through dist/functions.js", () => {
  it("floor(warrants x (price - strike) / price); 0 at or below the strike", () => {
    assert.strictEqual(call("CASHLESS", 1000, 5.2, 8), 350);
    assert.strictEqual(call("CASHLESS", 1234, 5.2, 8), 431);
    assert.strictEqual(call("CASHLESS", 3, 1, 1.5), 1);
    assert.strictEqual(call("CASHLESS", 1000, 8, 8), 0);
    assert.strictEqual(call("CASHLESS", 1000, 8, 7.99), 0);
    assert.strictEqual(call("CASHLESS", [[1000]], [[0]], [[8]]), 1000);
  });

  it("bad input: #VALUE! for types, #NUM! for the domain, each with a message", () => {
    expectError(call("CASHLESS", "1000", 5.2, 8), "#VALUE!", /warrants is text "1000": expected a number/);
    expectError(call("CASHLESS", 1000, null, 8), "#VALUE!", /strike is missing/);
    expectError(call("CASHLESS", 1000, 5.2, [[8, 9]]), "#VALUE!", /price is a range: expected a single value/);
    expectError(call("CASHLESS", -1, 5.2, 8), "#NUM!", /warrants is -1: expected 0 or more warrant shares/);
    expectError(call("CASHLESS", 1, -5.2, 8), "#NUM!", /strike is -5\.2/);
    expectError(call("CASHLESS", 1, 5.2, -8), "#NUM!", /price is -8: expected a market price of \$0 or more/);
  });

  it("returns a finite number or a CustomFunctions.Error for any finite input; never more than the warrants", () => {
    const n = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(n, n, n, (warrants, strike, price) => {
        const result = call("CASHLESS", warrants, strike, price);
        if (typeof result === "number") assert.ok(Number.isFinite(result) && result >= 0 && result <= warrants);
        else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
      }),
      { numRuns: 1000 },
    );
  });
});
