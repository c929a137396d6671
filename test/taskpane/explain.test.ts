import assert from "assert";
import fs from "fs";
import path from "path";
import type { Token } from "../../src/core/formulaText";
import { WRAPPERS } from "../../src/functions/wrappers";
import { runImport } from "../../src/taskpane/import/apply";
import { excelRunOn, type ExcelHost } from "../../src/taskpane/excel/run";
import { callFunction, evaluate, explainFormula, explainSelectedCell, explanationLines, resultUnit, unitOf, type Value } from "../../src/taskpane/explain/explain";
import { SEED_TERMS } from "../../src/taskpane/terms/terms";
import { readTermsSheet, writeTermsSheet } from "../../src/taskpane/terms/termsApply";
import { FakeWorkbook } from "../support/fakeExcel";

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

  it("says what every argument and every result measures (a new function or parameter is given its unit)", () => {
    const plain = new Set(["BSWARRANT.years"]); // a term in years: a plain number
    for (const [id, { params }] of Object.entries(WRAPPERS)) {
      for (const name of params) if (!plain.has(`${id}.${name}`)) assert.notStrictEqual(unitOf(id, name), "number", `CEO.${id}'s ${name}`);
      assert.notStrictEqual(resultUnit(id, 0), "number", `CEO.${id}'s result`);
    }
    assert.strictEqual(unitOf("CLASSBPRICE", "cap"), "price");
    assert.strictEqual(unitOf("REIMBURSE", "cap"), "money");
    assert.deepStrictEqual([resultUnit("WARRANTS", 0), resultUnit("WARRANTS", 1), resultUnit("LOCKUP", 1)], ["count", "price", "date"]);
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
    assert.match(lines.join("\n"), /gross = not shown: VLOOKUP\(\) is not evaluated by the pane from VLOOKUP\(1,A1:B2,2\)/);
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

  it("dates as dates: date arguments and date results (SETTLE, TRADEDAY, LOCKUP), the cell's date too", () => {
    // 2001-11-12 (Veterans Day: markets open, banks closed) is serial 37207.
    const settle = explainFormula("=CEO.SETTLE(A1)", cells({ A1: [[37207]] }));
    assert.deepStrictEqual(explanationLines("Placements!O10", "=CEO.SETTLE(A1)", 37210, settle), [
      "Placements!O10: =CEO.SETTLE(A1)",
      "The cell shows: 2001-11-15",
      "CEO.SETTLE(",
      "  tradeDate = 2001-11-12 from A1",
      ") = 2001-11-15",
    ]);
    // The seed's closure of 2001-09-11 to 14: the trading day after 2001-09-10 is the 17th.
    const tradeDay = explainFormula("=CEO.TRADEDAY(DATE(2001,9,10),1)", cells({}));
    assert.deepStrictEqual(explanationLines("Deal!B2", "=CEO.TRADEDAY(DATE(2001,9,10),1)", 37151, tradeDay).slice(1), [
      "The cell shows: 2001-09-17",
      "CEO.TRADEDAY(",
      "  date = 2001-09-10 from DATE(2001,9,10)",
      "  n = 1",
      ") = 2001-09-17",
    ]);
    // Terms agreed 2001-11-01: five trading days before is 2001-10-25; final settlement 2001-11-20:
    // five trading days after, past Thanksgiving (11-22), is 2001-11-28.
    const lockUp = explainFormula("=CEO.LOCKUP(A1,A2)", cells({ A1: [[37196]], A2: [[37215]] }));
    assert.deepStrictEqual(explanationLines("Deal!C2", "=CEO.LOCKUP(A1,A2)", 37189, lockUp).slice(2), [
      "CEO.LOCKUP(",
      "  termsDate = 2001-11-01 from A1",
      "  finalSettleDate = 2001-11-20 from A2",
      ") = start 2001-10-25, end 2001-11-28",
    ]);
    assert.strictEqual(explanationLines("Deal!C2", "=CEO.LOCKUP(A1,A2)", 37189, lockUp)[1], "The cell shows: 2001-10-25");
    // A time of day is shown (SETTLE drops it); a number that is no date of Excel's calendar stays a number.
    const noon = explainFormula("=CEO.SETTLE(A1)", cells({ A1: [[37207.5]] }));
    assert.deepStrictEqual(explanationLines("X!A1", "=CEO.SETTLE(A1)", 37210, noon).slice(3), ["  tradeDate = 2001-11-12 12:00 from A1", ") = 2001-11-15"]);
    const negative = explainFormula("=CEO.SETTLE(A1)", cells({ A1: [[-37207]] }));
    assert.match(explanationLines("X!A1", "=CEO.SETTLE(A1)", "#NUM!", negative).join("\n"), /tradeDate = -37,207 from A1\n\) gives #NUM!: /);
  });

  it("the schedule named (the Terms sheet's name, or the default's) with the tier(s) this gross fell in", () => {
    const formula = '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Sales",Sales_Schedule,IF([@Agreement]="Other",Other_Schedule,NA())))';
    const terms = { Sales_Schedule: [[0, 0.04], [10_000_000, 0.035], [20_000_000, 0.03]], Other_Schedule: [[0, 0.04]] };
    const row = (gross: number, prior: number, agreement: string) => cells({ "[@Gross]": [[gross]], "[@[Prior Gross]]": [[prior]], "[@Agreement]": [[agreement]], ...terms });
    // The sample's 2001-11-05 sale (P-002), which the agent charged $9,848.00.
    const calls = explainFormula(formula, row(241_200, 467_500, "Sales"));
    assert.deepStrictEqual(calls[0]!.args[2], { name: "schedule", text: 'IF([@Agreement]="Sales",Sales_Schedule,IF([@Agreement]="Other",Other_Schedule,NA()))', value: terms.Sales_Schedule, source: "Sales_Schedule" });
    assert.deepStrictEqual(explanationLines("Placements!K5", formula, 9648, calls), [
      `Placements!K5: ${formula}`,
      "The cell shows: $9,648.00",
      "CEO.FEE(",
      "  gross = $241,200.00 from [@Gross]",
      "  priorGross = $467,500.00 from [@[Prior Gross]]",
      '  schedule = Sales_Schedule: 4% to $10,000,000, 3.5% to $20,000,000, 3% above',
      ") = $9,648.00: $241,200 at 4%",
    ]);
    // Across a bound: $8,000,000 left in the 4% tier, then $2,000,000 at 3.5%.
    const across = explanationLines("Placements!K9", formula, 390_000, explainFormula(formula, row(10_000_000, 2_000_000, "Sales")));
    assert.strictEqual(across.at(-1), ") = $390,000.00: $8,000,000 at 4%, then $2,000,000 at 3.5%");
    const other = explanationLines("Placements!K7", formula, 7200, explainFormula(formula, row(180_000, 0, "Other")));
    assert.deepStrictEqual(other.slice(-2), ['  schedule = Other_Schedule: 4% on all', ") = $7,200.00: $180,000 at 4%"]);
    // Without a Terms sheet: the default's name; a flat rate; a schedule written in the formula.
    const noTerms = explanationLines("Placements!K2", PLACEMENTS_FEE, 8080, explainFormula(PLACEMENTS_FEE, cells({ "[@Gross]": [[202000]], "[@[Prior Gross]]": [[0]], "[@Agreement]": [["Sales"]] })));
    assert.deepStrictEqual(noTerms.slice(-2), ['  schedule = Sales Agreement tiers 4% / 3.5% / 3% from IF([@Agreement]="Other",0.04,"")', ") = $8,080.00: $202,000 at 4%"]);
    const flat = explanationLines("X!A1", "=CEO.FEE(1000000,0,2.5%)", 25000, explainFormula("=CEO.FEE(1000000,0,2.5%)", cells({})));
    assert.deepStrictEqual(flat.slice(3), ["  gross = $1,000,000.00", "  priorGross = $0.00", "  schedule = flat 2.5%", ") = $25,000.00: $1,000,000 at 2.5%"]);
    const written = explanationLines("X!A1", "=CEO.FEE(A1,,{0,0.05;1000000.5,0.02})", 0, explainFormula("=CEO.FEE(A1,,{0,0.05;1000000.5,0.02})", cells({ A1: [[2_000_000]] })));
    assert.deepStrictEqual(written.slice(4), ["  priorGross = (omitted)", "  schedule = 5% to $1,000,000.50, 2% above", ") = $70,000.02: $1,000,000.50 at 5%, then $999,999.50 at 2%"]);
  });

  it("each result in its unit: a net with its fee, a rate as a percentage, the warrant row labelled, counts and prices", () => {
    const lines = (formula: string, shown: unknown = null) => explanationLines("X!A1", formula, shown, explainFormula(formula, cells({}))).slice(2);
    assert.deepStrictEqual(lines("=CEO.NET(241200,467500)"), ["CEO.NET(", "  gross = $241,200.00", "  priorGross = $467,500.00", "  schedule = Sales Agreement tiers 4% / 3.5% / 3% (omitted: the default)", ") = $231,552.00: gross less the fee of $9,648.00 ($241,200 at 4%)"]);
    assert.deepStrictEqual(lines("=CEO.FEERATE(25000000)").at(-1), ") = 3.6%");
    assert.deepStrictEqual(lines("=CEO.WARRANTS(500000,4.1)"), ["CEO.WARRANTS(", "  shares = 500,000", "  vwap = $4.10", ") = warrant shares 50,000, exercise price $5.33"]);
    // A price unrounded (no decimals given), as the cell holds it.
    assert.deepStrictEqual(lines("=CEO.VWAP({50000;25000},{4.04;4.06})"), ["CEO.VWAP(", "  shares = {50,000; 25,000}", "  prices = {$4.04; $4.06}", ") = $4.046666666666667"]);
    assert.deepStrictEqual(lines("=CEO.WARRANTS(500000,4.1,0.1,1.3)").slice(3, 5), ["  coverage = 10%", "  premium = 130%"]);
    assert.deepStrictEqual(explanationLines("X!A1", "=CEO.FEE(-1)", "#NUM!", explainFormula("=CEO.FEE(-1)", cells({})))[1], "The cell shows: #NUM!");
    assert.deepStrictEqual(explanationLines("X!A1", "=CEO.FEE(A1)", "(text)", [])[1], 'The cell shows: "(text)"');
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
    // By hand: $2,000,000 to the $10,000,000 bound at 4% (80,000), the rest at 3.5% (105,000).
    assert.deepStrictEqual(lines, [
      "Deal!C1: =CEO.FEE(A1,B1)",
      "The cell shows: $185,000.00",
      "CEO.FEE(",
      "  gross = $5,000,000.00 from A1",
      "  priorGross = $8,000,000.00 from B1",
      "  schedule = Sales Agreement tiers 4% / 3.5% / 3% (omitted: the default)",
      ") = $185,000.00: $2,000,000 at 4%, then $3,000,000 at 3.5%",
    ]);
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
      "The cell shows: 45,000",
      "CEO.FEE(",
      "  gross = $2,000,000.00 from A1",
      "  priorGross = $750,000.00 from B1",
      "  schedule = Sales_Schedule: 5% to $1,000,000, 2% above",
      ") = $47,500.00: $250,000 at 5%, then $1,750,000 at 2%",
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

  it("on the Excel fake: a Fee cell the import wrote, with the Terms sheet's schedule by name and the tier that applied", async () => {
    const book = new FakeWorkbook();
    const run = excelRunOn(book as unknown as ExcelHost);
    assert.deepStrictEqual(await writeTermsSheet(run, SEED_TERMS), []);
    const report = fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-placements.csv"), "utf8");
    const outcome = await runImport(run, report, async (r) => {
      const terms = await readTermsSheet(r);
      return Array.isArray(terms) ? undefined : terms;
    });
    assert.ok(outcome.ok, outcome.message);
    // The 2001-11-05 sale (P-002, table row 4, sheet row 5). The fake computes nothing: the test
    // sets what Excel shows in its Prior Gross (N) and Fee (O) cells.
    const sheet = book.sheets.get("Placements")!;
    assert.strictEqual(sheet.rows[0]![14], "Fee");
    sheet.values = [];
    sheet.values[4] = [];
    sheet.values[4]![13] = 467_500;
    sheet.values[4]![14] = 9_648;
    book.selection = { sheet: "Placements", address: "O5" };
    const lines = await explainSelectedCell(run);
    const formula = '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Sales",Sales_Schedule,IF([@Agreement]="Other",Other_Schedule,NA())))';
    assert.deepStrictEqual(lines, [
      `Placements!O5: ${formula}`,
      "The cell shows: $9,648.00",
      "CEO.FEE(",
      "  gross = $241,200.00 from [@Gross]",
      "  priorGross = $467,500.00 from [@[Prior Gross]]",
      '  schedule = Sales_Schedule: 4% to $10,000,000, 3.5% to $20,000,000, 3% above',
      ") = $9,648.00: $241,200 at 4%",
    ]);
    // The Settlement Date cell of the Veterans Day sale (row 10): a date, with the Terms sheet's (blank) cycle.
    book.selection = { sheet: "Placements", address: "S10" };
    const settle = await explainSelectedCell(run);
    assert.deepStrictEqual(settle.slice(0, 1), ["Placements!S10: =IF(ISBLANK(Settlement_Cycle),CEO.SETTLE([@[Trade Date]]),CEO.SETTLE([@[Trade Date]],Settlement_Cycle))"]);
    assert.deepStrictEqual(settle.slice(2, 5), ["CEO.SETTLE(", "  tradeDate = 2001-11-12 from [@[Trade Date]]", ") = 2001-11-15"]);
  });
});
