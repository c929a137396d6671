import fc from "fast-check";
import { vwapFormula } from "../../src/core/vwap.formula";
import { warrantsFormulas } from "../../src/core/warrants.formula";
import { vwap, warrants } from "../../src/functions/warrants";
import assert from "assert";
import { viaWrapper } from "../support/customFunctions";
import { agree, column, engine } from "./agree";

describe("native VWAP and WARRANTS in a spreadsheet engine", () => {
  it("decimals outside 0..10 are #NUM!, a fraction #VALUE!, as a literal and from a cell, the same code as the core", () => {
    for (const d of [-1, 11, 2.5, 0, 10]) {
      const core = viaWrapper(() => warrants(12345 as any, 4.0412 as any, undefined, undefined, d)) as unknown;
      const coreCode = Array.isArray(core) ? undefined : String(core);
      // From a cell: not -1, which the test engine's ROUND (test/support/hyperformula.ts) cannot take even in the IF branch not taken.
      for (const text of d < 0 ? [String(d)] : [String(d), "C1"]) {
        const e = engine();
        e.clear();
        e.set(0, 0, [[12345, 4.0412, d]]);
        const native = e.evaluate(`=${warrantsFormulas("A1", "B1", "", "", text)[1]}`);
        if (coreCode) assert.strictEqual(native, coreCode, `decimals ${text} = ${d}`);
        else assert.strictEqual(native, (core as number[][])[0]![1], `decimals ${text} = ${d}`);
      }
      if (d >= 0) agree(`VWAP decimals ${d}`, [[1000, 4.0412, d], [3000, 5.0017, null]], [vwapFormula("A1:A2", "B1:B2", "C1")], () => vwap([[1000], [3000]], [[4.0412], [5.0017]], d));
    }
  });

  it("seed-shaped cases: one total, per-sale ranges, the README examples", () => {
    agree("VWAP", [[1000, 4], [3000, 5]], [vwapFormula("A1:A2", "B1:B2")], () => vwap([[1000], [3000]], [[4], [5]]), "relative");
    agree("VWAP decimals", [[1000, 4.0412], [3000, 5.0017]], [vwapFormula("A1:A2", "B1:B2", "2")], () => vwap([[1000], [3000]], [[4.0412], [5.0017]], 2));
    agree("VWAP array", [], [vwapFormula("{1000;3000}", "{4;5}")], () => vwap([[1000], [3000]], [[4], [5]]), "relative");
    agree("WARRANTS 12345 at 4", [[12345, 4]], warrantsFormulas("A1", "B1"), () => warrants(12345 as any, 4 as any), ["exact", "relative"]);
    agree("WARRANTS literal", [], warrantsFormulas("12345", "4"), () => warrants(12345 as any, 4 as any), ["exact", "relative"]);
    agree("WARRANTS decimals", [[12345, 4.0412]], warrantsFormulas("A1", "B1", "", "", "4"), () => warrants(12345 as any, 4.0412 as any, undefined, undefined, 4), "exact");
    agree("WARRANTS coverage 0.2 is #NUM!", [[12345, 4]], warrantsFormulas("A1", "B1", "0.2"), () => warrants(12345 as any, 4 as any, 0.2), "exact");
    agree("WARRANTS premium 0.3 is #NUM!", [[12345, 4]], warrantsFormulas("A1", "B1", "", "0.3"), () => warrants(12345 as any, 4 as any, undefined, 0.3), "exact");
    agree("WARRANTS blank coverage cell = default", [[12345, 4, null]], warrantsFormulas("A1", "B1", "C1"), () => warrants(12345 as any, 4 as any, null as any), ["exact", "relative"]);
    // The NEOT 2001 sample's Sales placements, per sale and for the offering.
    const shares = [50000, 25000, 40000, 60000, 30000, 35000, 20000, 55000, 15000, 40000];
    const prices = [4.04, 4.06, 4.1, 4.02, 3.98, 4.15, 4.2, 4.3, 4.32, 4.28];
    const cells = shares.map((s, i) => [s, prices[i]!]);
    agree("WARRANTS offering", cells, warrantsFormulas("A1:A10", "B1:B10"), () => warrants(column(shares) as any, column(prices) as any), ["exact", "relative"]);
    agree("WARRANTS total shares, one vwap", cells, warrantsFormulas("A1:A10", "B1"), () => warrants(column(shares) as any, 4.04 as any), ["exact", "relative"]);
    cells.forEach((_, i) => agree(`WARRANTS sale ${i + 1}`, cells, warrantsFormulas(`A${i + 1}`, `B${i + 1}`), () => warrants(shares[i] as any, prices[i] as any), ["exact", "relative"]));
    agree("VWAP zero volume is #NUM!", [[0, 4]], [vwapFormula("A1", "B1")], () => vwap([[0]], [[4]]));
    agree("VWAP negative is #NUM!", [[-1, 4], [5, 4]], [vwapFormula("A1:A2", "B1:B2")], () => vwap([[-1], [5]], [[4], [4]]));
  });

  it("property: per-sale shares and 4-decimal prices, coverage and premium in their domains", () => {
    const sale = fc.tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 1, max: 1_000_000 }).map((p) => p / 10_000));
    fc.assert(
      fc.property(fc.array(sale, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 10_000, max: 20_000 }), fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }), (sales, c, p, decimals) => {
        if (sales.every(([s]) => s === 0)) sales[0]![0] = 1;
        const coverage = c / 10_000;
        const premium = p / 10_000;
        const n = sales.length;
        const cells = sales.map(([s, pr], i) => (i === 0 ? [s, pr, coverage, premium, decimals ?? null] : [s, pr, null, null, null]));
        const shares = column(sales.map(([s]) => s));
        const prices = column(sales.map(([, pr]) => pr));
        agree("VWAP", cells, [vwapFormula(`A1:A${n}`, `B1:B${n}`, "E1")], () => vwap(shares, prices, (decimals ?? null) as any), decimals === undefined ? "relative" : "exact");
        const precision = decimals === undefined ? (["exact", "relative"] as const) : (["exact", "exact"] as const);
        agree("WARRANTS ranges", cells, warrantsFormulas(`A1:A${n}`, `B1:B${n}`, "C1", "D1", "E1"), () => warrants(shares as any, prices as any, coverage, premium, (decimals ?? null) as any), precision);
        agree("WARRANTS one sale", cells, warrantsFormulas("A1", "B1", "C1", "D1", "E1"), () => warrants(sales[0]![0] as any, sales[0]![1] as any, coverage, premium, (decimals ?? null) as any), precision);
      }),
      { numRuns: 300 },
    );
  });
});
