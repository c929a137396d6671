import assert from "assert";
import fc from "fast-check";
import { call, expectError } from "../support/bundle";

// The bundle runs in its own vm context, whose arrays have another prototype: copy before comparing.
const spill = (result: unknown) => (Array.isArray(result) ? Array.from(result, (row: unknown[]) => Array.from(row)) : result);

const finiteOrError = (result: unknown) => {
  if (typeof result === "number") assert.ok(Number.isFinite(result), `got ${result}`);
  else if (Array.isArray(result)) result.flat().forEach((x) => assert.ok(typeof x === "number" && Number.isFinite(x), `got ${x}`));
  else assert.ok(result instanceof Error && result.message.length > 0 && "code" in result, `got ${String(result)}`);
};

describe("CEO.VWAP and CEO.WARRANTS through dist/functions.js", () => {
  it("VWAP of parallel ranges, in either orientation, blank pairs skipped", () => {
    assert.strictEqual(call("VWAP", [[1000], [3000]], [[4], [5]], null), 4.75);
    assert.strictEqual(call("VWAP", [[1000, 3000]], [[4, 5]], null), 4.75);
    assert.strictEqual(call("VWAP", [[1000], [""], [3000]], [[4], [null], [5]], null), 4.75);
    assert.strictEqual(call("VWAP", [[1000, 3000]], [[4], [5]], null), 4.75); // a row beside a column of the same size
    assert.strictEqual(call("VWAP", [[100]], [[4.04]], null), 4.04);
    assert.strictEqual(call("VWAP", 100, 4.04), 4.04);
    assert.strictEqual(call("VWAP", [[100], [200], [300]], [[1], [2], [3]], 4), 2.3333);
    assert.strictEqual(call("VWAP", [[1], [1]], [[2.34], [2.35]], 2), 2.35);
    assert.strictEqual(call("VWAP", [[1], [1]], [[2.34], [2.35]], null), 2.345);
  });

  it("WARRANTS spills [warrant shares, exercise price]", () => {
    assert.deepStrictEqual(spill(call("WARRANTS", [[12345]], [[4]], null, null, null)), [[1234, 5.2]]);
    assert.deepStrictEqual(spill(call("WARRANTS", 12345, 4)), [[1234, 5.2]]);
    assert.deepStrictEqual(spill(call("WARRANTS", [[1_000_000]], [[4.04]], null, null, null)), [[100_000, 5.252]]);
    assert.deepStrictEqual(spill(call("WARRANTS", [[12345]], [[4]], 0.05, null, null)), [[617, 5.2]]);
    assert.deepStrictEqual(spill(call("WARRANTS", [[12345]], [[4.0385]], null, null, 4)), [[1234, 5.2501]]);
    assert.deepStrictEqual(spill(call("WARRANTS", [[12345]], [[4]], null, 2.5, null)), [[1234, 10]]);
  });

  it("WARRANTS on per-sale ranges: VWAP computed, shares summed; or one VWAP beside a range of shares", () => {
    assert.deepStrictEqual(spill(call("WARRANTS", [[1000], [3000], [1000]], [[4], [5], [6]], null, null, null)), [[500, 6.5]]);
    assert.deepStrictEqual(spill(call("WARRANTS", [[1000, 3000, 1000]], [[4, 5, 6]], null, null, null)), [[500, 6.5]]);
    assert.deepStrictEqual(spill(call("WARRANTS", [[1000], [3000], [""], [8345]], [[5]], null, null, null)), [[1234, 6.5]]);
  });

  it("bad input: #VALUE! for types and shapes, #NUM! for the domain, each with a message", () => {
    expectError(call("VWAP", [[0], [0]], [[4], [5]], null), "#NUM!", /total volume is 0 shares/);
    expectError(call("VWAP", [[""], [""]], [[""], [""]], null), "#NUM!", /total volume is 0 shares/);
    expectError(call("VWAP", [[100], [200]], [[4], [5], [6]], null), "#VALUE!", /shares has 2 cells and prices has 3: expected ranges of the same size/);
    expectError(call("VWAP", [[100], [200]], [[4], ["5.0x"]], null), "#VALUE!", /prices cell \(row 2, column 1\) is text "5\.0x": expected a number/);
    expectError(call("VWAP", [[100], [""]], [[4], [5]], null), "#VALUE!", /shares cell \(row 2, column 1\) is blank but its pair is not/);
    expectError(call("VWAP", [[100], [-200]], [[4], [5]], null), "#NUM!", /shares of sale 2 is -200: expected 0 or more shares/);
    expectError(call("VWAP", [[100]], [[-4]], null), "#NUM!", /price of sale 1 is -4/);
    expectError(call("VWAP", [[100]], [[4]], 2.5), "#VALUE!", /decimals is 2\.5: expected a whole number/);
    expectError(call("VWAP", [[100]], [[4]], 11), "#NUM!", /decimals must be a whole number from 0 to 10, got 11/);
    expectError(call("WARRANTS", [["abc"]], [[4]], null, null, null), "#VALUE!", /shares is text "abc": expected a number/);
    expectError(call("WARRANTS", [[null]], [[4]], null, null, null), "#VALUE!", /shares is missing/);
    expectError(call("WARRANTS", [[100]], [[null]], null, null, null), "#VALUE!", /vwap is missing/);
    expectError(call("WARRANTS", [[100], [200]], [[4], [5], [6]], null, null, null), "#VALUE!", /shares has 2 cells and vwap has 3/);
    expectError(call("WARRANTS", [[100], ["x"]], [[4]], null, null, null), "#VALUE!", /shares cell \(row 2, column 1\) is text "x"/);
    expectError(call("WARRANTS", [[100], [-200]], [[4]], null, null, null), "#NUM!", /shares of sale 2 is -200/);
    expectError(call("WARRANTS", [[-1]], [[4]], null, null, null), "#NUM!", /shares is -1: expected 0 or more shares sold/);
    expectError(call("WARRANTS", [[100]], [[4]], 0.15, null, null), "#NUM!", /coverage is 0\.15: expected a fraction from 0 to 0\.10/);
    expectError(call("WARRANTS", [[100]], [[4]], 10, null, null), "#NUM!", /coverage is 10/);
    expectError(call("WARRANTS", [[100]], [[4]], null, 0.3, null), "#NUM!", /premium is 0\.3: expected the exercise price as a multiple of the VWAP, 1 or more \(130% is 1\.3\)/);
    expectError(call("WARRANTS", [[100]], [[4]], "10%", null, null), "#VALUE!", /coverage is text "10%"/);
    expectError(call("WARRANTS", [[0], [0]], [[4], [5]], null, null, null), "#NUM!", /total volume is 0 shares/);
  });

  it("returns finite numbers or a CustomFunctions.Error for any finite input", () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.constant(""));
    const column = (n: number) => fc.array(cell, { minLength: n, maxLength: n }).map((xs) => xs.map((x) => [x]));
    const pair = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(column(n), column(n)));
    const option = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(pair, option, option, fc.option(fc.integer({ min: -2, max: 12 })), ([shares, prices], coverage, premium, decimals) => {
        finiteOrError(call("VWAP", shares, prices, decimals));
        finiteOrError(call("WARRANTS", shares, prices, coverage, premium, decimals));
        finiteOrError(call("WARRANTS", shares, [[prices[0]![0]]], coverage, premium, decimals));
      }),
      { numRuns: 500 },
    );
  });
});
