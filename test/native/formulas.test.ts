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
    const settle = nativeFormula("SETTLE", ["[@[Trade Date]]"]);
    assert.ok(settle.ok && settle.holidays && /INDEX\('CEO Holidays'!\$G\$2:\$G\$\d+,MATCH\(/.test(settle.elements[0]!));
    const warrants = nativeFormula("WARRANTS", ["Placements[Shares]", "Placements[Price]"]);
    assert.ok(warrants.ok && warrants.elements.length === 2);
  });

  it("FEE, NET and FEERATE of cells: a fast path where every cell holds a number, the full formula (the coercion and checks) otherwise", () => {
    const full = nativeFormula("FEE", ["A1", "B1", "0.03"], { fast: false });
    const fast = nativeFormula("FEE", ["A1", "B1", "0.03"]);
    assert.ok(full.ok && fast.ok);
    const numbers = "IF(OR(A1<0,B1<0),#NUM!,ROUND(ROUND(0.03*(B1+A1),2)-ROUND(0.03*B1,2),2))";
    assert.strictEqual(fast.elements[0], `IF(AND(ISNUMBER(A1),ISNUMBER(B1)),${numbers},${full.elements[0]})`);
    assert.match(full.elements[0]!, /^IF\(OR\(0\*\(IF\(A1="",0,--A1\)\+IF\(B1="",0,--B1\)\)/);
    // A cell given by an expression, and a literal, are read as before: only the cell is tested.
    const mixed = nativeFormula("FEE", ["A1*2", "B1"]);
    assert.ok(mixed.ok && mixed.elements[0]!.startsWith("IF(ISNUMBER(B1),"));
    assert.ok(nativeFormula("FEE", ["1000", "0"]).ok);
    const literal = nativeFormula("FEE", ["1000"]);
    assert.ok(literal.ok && !literal.elements[0]!.includes("ISNUMBER"));
    // Measured slower in LibreOffice for SETTLE: no fast path there.
    const settle = nativeFormula("SETTLE", ["A1"]);
    assert.ok(settle.ok && !settle.elements[0]!.includes("ISNUMBER(A1)"));
  });
});
