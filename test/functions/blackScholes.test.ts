import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

describe("CEO.BSWARRANT through dist/functions.js", () => {
  it("textbook and seed-like values (references from mpmath)", () => {
    assert.strictEqual(call("BSWARRANT", 100, 100, 1, 0.2, 0.05, null, null), Number("10.450583572185566781651231209678335279308737"));
    assert.strictEqual(call("BSWARRANT", 100, 100, 1, 0.2, 0.05, null, 4), 10.4506);
    assert.strictEqual(call("BSWARRANT", 42, 40, 0.5, 0.2, 0.1), Number("4.7594223928715332196007284626105665798743059"));
    assert.strictEqual(call("BSWARRANT", 100, 95, 0.25, 0.5, 0.1, 0.05, null), Number("12.8787261362526897702032772425202077644731098"));
    // the Warrants: 5 years, strike 130% of a $4.04 VWAP; 100% volatility and 4% assumed
    assert.strictEqual(call("BSWARRANT", 4.04, 5.252, 5, 1, 0.04, null, null), Number("2.94176364683305040439686529565094248238824386"));
    assert.strictEqual(call("BSWARRANT", 4.04, 5.252, 5, 1, 0.04, 0, 2), 2.94);
  });

  it("degenerate inputs give intrinsic values", () => {
    assert.strictEqual(call("BSWARRANT", 100, 90, 0, 0.2, 0.05, null, null), 10);
    assert.strictEqual(call("BSWARRANT", 90, 100, 0, 0.2, 0.05, null, null), 0);
    assert.strictEqual(call("BSWARRANT", 0, 100, 1, 0.2, 0.05, null, null), 0);
    assert.strictEqual(call("BSWARRANT", 100, 0, 1, 0.2, 0.05, null, null), 100);
  });

  it("bad input: #VALUE! for types, #NUM! for the domain, each with a message", () => {
    expectError(call("BSWARRANT", "4.04", 5.252, 5, 1, 0.04, null, null), "#VALUE!", /stockPrice is text "4\.04": expected a number/);
    expectError(call("BSWARRANT", 4.04, null, 5, 1, 0.04, null, null), "#VALUE!", /strike is missing/);
    expectError(call("BSWARRANT", -4.04, 5.252, 5, 1, 0.04, null, null), "#NUM!", /stockPrice is -4\.04: expected a price of \$0 or more/);
    expectError(call("BSWARRANT", 4.04, 5.252, 500, 1, 0.04, null, null), "#NUM!", /years is 500: expected a term in years from 0 to 100/);
    expectError(call("BSWARRANT", 4.04, 5.252, 5, 100, 0.04, null, null), "#NUM!", /volatility is 100: expected an annual volatility as a fraction from 0 to 5 \(80% is 0\.8\)/);
    expectError(call("BSWARRANT", 4.04, 5.252, 5, 1, 4, null, null), "#NUM!", /riskFree is 4: expected an annual rate as a fraction from -1 to 1 \(5% is 0\.05\)/);
    expectError(call("BSWARRANT", 4.04, 5.252, 5, 1, 0.04, 1.5, null), "#NUM!", /dividendYield is 1\.5/);
    expectError(call("BSWARRANT", 4.04, 5.252, 5, 1, 0.04, null, 1.5), "#VALUE!", /decimals is 1\.5: expected a whole number/);
    expectError(call("BSWARRANT", 4.04, 5.252, 5, 1, 0.04, null, 11), "#NUM!", /decimals must be a whole number from 0 to 10, got 11/);
  });

  it("max(S - K, 0) <= C <= S and C rises with S, through the bundle", () => {
    const price = fc.double({ min: 0, max: 1e6, noNaN: true });
    const args = fc.tuple(price, price, price, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(args, ([a, b, k, t, v, r]) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const cLo = call("BSWARRANT", lo, k, t, v, r, null, null) as number;
        const cHi = call("BSWARRANT", hi, k, t, v, r, null, null) as number;
        const ulp = (x: number) => x * 1e-15; // one rounding to a double
        return cLo >= Math.max(lo - k, 0) - ulp(lo) && cHi <= hi && cLo <= cHi + ulp(hi);
      }),
      { numRuns: 200 },
    );
  });

  it("returns a finite number or a CustomFunctions.Error for any number", () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: -2, max: 6, noNaN: true }), fc.double({ min: 0, max: 1e308, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(anyNumber, { minLength: 7, maxLength: 7 }), (args) => {
        const result = call("BSWARRANT", ...args);
        if (typeof result === "number") assert.ok(Number.isFinite(result) && !Object.is(result, -0));
        else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result);
      }),
      { numRuns: 500 },
    );
  });

  it("in-domain extremes stay finite", () => {
    for (const [s, k] of [[1e308, 1e-300], [1.7976931348623157e308, 5e-324], [5e-324, 1e308], [1e-300, 1e-300]] as const) {
      for (const [t, v, r] of [[100, 5, -1], [100, 5, 1], [1e-300, 1e-300, 0], [100, 0, -1]] as const) {
        const result = call("BSWARRANT", s, k, t, v, r, 1, null);
        assert.ok(typeof result === "number" && Number.isFinite(result), `BSWARRANT(${s}, ${k}, ${t}, ${v}, ${r}, 1) gave ${String(result)}`);
      }
    }
  });
});
