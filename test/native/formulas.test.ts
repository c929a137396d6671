import assert from "assert";
import fs from "fs";
import path from "path";
import { NATIVE_FORMULAS, nativeFormula } from "../../src/core/formulas";

/** Every @customfunction id in src/functions with its parameter count, read from the source. */
function customFunctions(): Map<string, number> {
  const dir = path.resolve(__dirname, "../../src/functions");
  const found = new Map<string, number>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    for (const m of text.matchAll(/@customfunction (\w+)[\s\S]*?export function \w+\(([^)]*)\)/g)) {
      found.set(m[1]!, m[2]!.split(",").filter((p) => p.trim() !== "").length);
    }
  }
  return found;
}

describe("native formula registry (src/core/formulas.ts)", () => {
  it("has a builder for every CEO function, taking as many arguments as the function", () => {
    const functions = customFunctions();
    assert.ok(functions.size >= 22, `only ${functions.size} functions found`);
    assert.deepStrictEqual(Object.keys(NATIVE_FORMULAS).sort(), [...functions.keys()].sort());
    for (const [id, arity] of functions) assert.strictEqual(NATIVE_FORMULAS[id]!.params.length, arity, id);
  });

  it("says why when an argument's form has no native formula, and refuses extra arguments", () => {
    assert.deepStrictEqual(nativeFormula("FEE", ["A1", "B1", "Tiers"]), { ok: false, reason: "CEO.FEE: schedule is a table column or a name: its rows are not known to a native formula" });
    assert.deepStrictEqual(nativeFormula("FEE", ["A1", "B1", "C1:E3"]), { ok: false, reason: "CEO.FEE: schedule must be a range of 2 columns" });
    assert.match((nativeFormula("WARRANTS", ["OFFSET(A1,0,0,5,1)", "B1"]) as { reason: string }).reason, /size .* is not known/);
    assert.match((nativeFormula("FEE", ["A1", "B1", "C1", "D1"]) as { reason: string }).reason, /takes 3 arguments/);
    assert.match((nativeFormula("NOSUCH", []) as { reason: string }).reason, /no native formula/);
    assert.match((nativeFormula("FEE", [""]) as { reason: string }).reason, /gross is missing/);
  });

  it("the Placements table's formulas all have native forms; calendar ones need the holidays sheet", () => {
    const fee = nativeFormula("FEE", ["[@Gross]", "[@[Prior Gross]]", 'IF([@Agreement]="Other",0.04,"")']);
    assert.ok(fee.ok && !fee.holidays);
    // The schedule's condition is tested once, around both tier sums (C(p + g) and C(p)), not inside each.
    assert.strictEqual(fee.elements[0]!.split('[@Agreement]="Other"').length - 1, 1, fee.elements[0]);
    const settle = nativeFormula("SETTLE", ["[@[Trade Date]]"]);
    assert.ok(settle.ok && settle.holidays && /INDEX\('CEO Holidays'!\$G\$2:\$G\$\d+,MATCH\(/.test(settle.elements[0]!));
    const warrants = nativeFormula("WARRANTS", ["Placements[Shares]", "Placements[Price]"]);
    assert.ok(warrants.ok && warrants.elements.length === 2);
  });
});
