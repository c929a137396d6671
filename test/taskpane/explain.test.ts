import assert from "assert";
import fs from "fs";
import path from "path";
import type { Token } from "../../src/core/formulaText";
import { WRAPPERS } from "../../src/functions/wrappers";
import { callFunction, evaluate, explainFormula, explainSelectedCell, explanationLines, type Value } from "../../src/taskpane/explain";

const PLACEMENTS_FEE = '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))';

/** References resolved from a map of token text to cell values. */
const cells = (values: Record<string, Value[][]>) => (t: Token) => {
  const v = values[t.text];
  if (!v) throw new Error(`unexpected reference ${t.text}`);
  return v;
};

describe("explain: the selected cell's CEO call, inputs, result and message", () => {
  it("knows every function, with the parameter names of its wrapper", () => {
    const dir = path.resolve(__dirname, "../../src/functions");
    const found = new Map<string, string[]>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      for (const m of text.matchAll(/@customfunction (\w+)[\s\S]*?export function \w+\(([^)]*)\)/g)) {
        found.set(m[1]!, m[2]!.split(",").map((p) => p.trim().replace(/\??:.*$/, "")).filter((p) => p !== ""));
      }
    }
    assert.deepStrictEqual(Object.keys(WRAPPERS).sort(), [...found.keys()].sort());
    for (const [id, params] of found) assert.deepStrictEqual(WRAPPERS[id]!.params, params, id);
  });

  it("a Placements row: each input's value, the IF evaluated, the result", () => {
    const lookup = cells({ "[@Gross]": [[202000]], "[@[Prior Gross]]": [[0]], "[@Agreement]": [["Sales"]] });
    const [call] = explainFormula(PLACEMENTS_FEE, lookup);
    assert.deepStrictEqual(call, {
      id: "FEE",
      args: [
        { name: "gross", text: "[@Gross]", value: [[202000]] },
        { name: "priorGross", text: "[@[Prior Gross]]", value: [[0]] },
        { name: "schedule", text: 'IF([@Agreement]="Other",0.04,"")', value: "" },
      ],
      result: 8080,
    });
    const other = explainFormula(PLACEMENTS_FEE, cells({ "[@Gross]": [[180000]], "[@[Prior Gross]]": [[0]], "[@Agreement]": [["Other"]] }));
    assert.strictEqual(other[0]!.result, 7200);
  });

  it("the core's message for bad input (Excel shows #NUM! alone)", () => {
    const [call] = explainFormula("=CEO.FEE(A1,B1)", cells({ A1: [[-1]], B1: [[null]] }));
    assert.deepStrictEqual(call!.error, { code: "#NUM!", message: "gross is -1: expected an amount of $0 or more" });
    const [text] = explainFormula("=CEO.SETTLE(A1)", cells({ A1: [["n/a"]] }));
    assert.deepStrictEqual(text!.error, { code: "#VALUE!", message: 'tradeDate is text "n/a": expected a number' });
    const [saturday] = explainFormula("=CEO.SETTLE(DATE(2001,11,3))", cells({}));
    assert.strictEqual(saturday!.error!.code, "#NUM!");
    assert.match(saturday!.error!.message, /2001-11-03 is not a trading day \(a Saturday\)/);
    assert.deepStrictEqual(callFunction("FEE", [1, 2, 3, 4]).error, { code: "#VALUE!", message: "CEO.FEE takes 3 arguments, got 4" });
  });

  it("nested calls are explained each; an argument the pane cannot evaluate is said so", () => {
    const calls = explainFormula("=CEO.CAPACITY(CEO.NET(A1)+CEO.FEE(A1))+1", cells({ A1: [[25_000_000]] }));
    assert.deepStrictEqual(calls.map((c) => [c.id, c.result]), [["CAPACITY", 0], ["NET", 24_100_000], ["FEE", 900_000]]);
    const [vlookup] = explainFormula("=CEO.FEE(VLOOKUP(1,A1:B2,2))", cells({}));
    assert.deepStrictEqual(vlookup!.args[0]!.unknown, "VLOOKUP() is not evaluated by the pane");
    assert.strictEqual(vlookup!.result, undefined);
    const lines = explanationLines("Deal!F2", "=CEO.FEE(VLOOKUP(1,A1:B2,2))", "#VALUE!", [vlookup!]);
    assert.match(lines.join("\n"), /gross = not shown \(VLOOKUP\(\) is not evaluated by the pane\)/);
  });

  it("expressions: arithmetic, text, comparisons, IF taking one branch only, arrays", () => {
    const none = cells({});
    const nested = () => {
      throw new Error("no CEO call expected");
    };
    assert.strictEqual(evaluate("1+2*3^2-4/2", none, nested), 17);
    assert.strictEqual(evaluate('"a"&1&"b"', none, nested), "a1b");
    assert.strictEqual(evaluate('IF(2>1,"yes",1/0)', none, nested), "yes");
    assert.strictEqual(evaluate('"ABC"="abc"', none, nested), true);
    assert.strictEqual(evaluate("-5%", none, nested), -0.05);
    assert.deepStrictEqual(evaluate("{1,2;3,4}", none, nested), [[1, 2], [3, 4]]);
    assert.strictEqual(evaluate("DATE(2001,11,1)", none, nested), 37196);
  });

  it("explainSelectedCell reads the active cell and its references in Excel.run", async () => {
    const sheets: Record<string, Record<string, unknown[][]>> = { Deal: { A1: [[5_000_000]], B1: [[8_000_000]] } };
    const context: any = {
      sync: async () => undefined,
      workbook: {
        getActiveCell: () => ({ load: () => ({ address: "Deal!C1", formulas: [["=CEO.FEE(A1,B1)"]], values: [[185000]] }) }),
        worksheets: {
          getActiveWorksheet: () => ({ load: () => ({ name: "Deal", getRange: (a: string) => ({ load: () => ({ values: sheets.Deal![a] }) }) }) }),
          getItem: (name: string) => ({ getRange: (a: string) => ({ load: () => ({ values: sheets[name]![a] }) }) }),
        },
        tables: { load: () => ({ items: [] }) },
        names: { load: () => ({ items: [] }) },
      },
    };
    const lines = await explainSelectedCell(async (batch) => batch(context));
    assert.deepStrictEqual(lines, ["Deal!C1: =CEO.FEE(A1,B1)", "The cell shows: 185000", "CEO.FEE(", "  gross = {5000000}   [A1]", "  priorGross = {8000000}   [B1]", ") = 185000"]);
  });

  it("explainSelectedCell reads a workbook name (a Terms sheet's schedule) as the range it stands for", async () => {
    const sheets: Record<string, Record<string, unknown[][]>> = { Deal: { A1: [[2_000_000]], B1: [[750_000]] }, Terms: { "A13:B14": [[0, 0.05], [1_000_000, 0.02]] } };
    const context: any = {
      sync: async () => undefined,
      workbook: {
        getActiveCell: () => ({ load: () => ({ address: "Deal!C1", formulas: [["=CEO.FEE(A1,B1,Sales_Schedule)"]], values: [[45000]] }) }),
        worksheets: {
          getActiveWorksheet: () => ({ load: () => ({ name: "Deal", getRange: (a: string) => ({ load: () => ({ values: sheets.Deal![a] }) }) }) }),
          getItem: (name: string) => ({ getRange: (a: string) => ({ load: () => ({ values: sheets[name]![a] }) }) }),
        },
        tables: { load: () => ({ items: [] }) },
        names: { load: () => ({ items: [{ name: "Sales_Schedule", formula: "=Terms!$A$13:$B$14" }] }) },
      },
    };
    const lines = await explainSelectedCell(async (batch) => batch(context));
    // By hand: C(2.75M) = 5% of 1M + 2% of 1.75M = 85,000; C(0.75M) = 37,500; the fee is 47,500.
    assert.deepStrictEqual(lines, [
      "Deal!C1: =CEO.FEE(A1,B1,Sales_Schedule)",
      "The cell shows: 45000",
      "CEO.FEE(",
      "  gross = {2000000}   [A1]",
      "  priorGross = {750000}   [B1]",
      "  schedule = {0, 0.05; 1000000, 0.02}   [Terms!$A$13:$B$14]",
      ") = 47500",
    ]);
  });

  it("a text cell that reads like a CEO formula (its value is its text) is not explained as a formula", async () => {
    // Range.formulas gives a quote-prefixed text cell's text without the apostrophe (office-js issue 6687): only values tell.
    const context: any = {
      sync: async () => undefined,
      workbook: {
        getActiveCell: () => ({ load: () => ({ address: "Deal!C1", formulas: [["=CEO.FEE(A1,B1)"]], values: [["=CEO.FEE(A1,B1)"]] }) }),
        worksheets: { getActiveWorksheet: () => ({ load: () => ({ name: "Deal" }) }) },
        tables: { load: () => ({ items: [] }) },
        names: { load: () => ({ items: [] }) },
      },
    };
    const lines = await explainSelectedCell(async (batch) => batch(context));
    assert.deepStrictEqual(lines, ['Deal!C1: no formula: the cell holds the text "=CEO.FEE(A1,B1)", which Excel does not calculate.']);
  });
});
