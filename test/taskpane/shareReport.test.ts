/*
 * Prepare for sharing with the quarterly report: the ATM Report sheet is copied with the deal's
 * sheets (it has CEO formulas), its CEO.CAPACITY becomes a native formula, and its SUMIFS read the
 * copied Placements table, not the original (whose CEO columns show #NAME? without the add-in).
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { applyPlan } from "../../src/taskpane/import/apply";
import { planImport } from "../../src/taskpane/import/plan";
import { writeReport } from "../../src/taskpane/report/apply";
import { REPORT_SHEET, reportLayout } from "../../src/taskpane/report/report";
import { convertFormula, retargetTables } from "../../src/taskpane/share/share";
import { prepareForSharing, restoreFormulas } from "../../src/taskpane/share/shareApply";
import { FakeWorkbook } from "../support/fakeExcel";

const sample = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-placements.csv"), "utf8"));

describe("Prepare for sharing keeps the quarterly report live", () => {
  it("retargetTables: a table's structured references point at its copy; text, this-row references and other tables stay", () => {
    const tables = new Map([["Placements", "Placements2"]]);
    assert.strictEqual(retargetTables('=SUMIFS(Placements[Gross],placements[Trade Date],"<="&B8)', tables), '=SUMIFS(Placements2[Gross],Placements2[Trade Date],"<="&B8)');
    assert.strictEqual(retargetTables('=Placements[[#This Row],[Gross]]+[@Gross]&"Placements[Gross]"', tables), '=Placements2[[#This Row],[Gross]]+[@Gross]&"Placements[Gross]"');
    assert.strictEqual(retargetTables("=SUM(Sales[Gross])", tables), "=SUM(Sales[Gross])");
    assert.strictEqual(retargetTables('=SUM(Placements[Gross])&"x', tables), '=SUM(Placements[Gross])&"x', "a formula the tokenizer cannot read is left as written");
  });

  it("the ATM Report is copied with Placements: its CAPACITY native, its sums over the copied table; Restore removes the copy", async () => {
    const book = new FakeWorkbook();
    await applyPlan(book.run, sample.rows);
    await writeReport(book.run, undefined, { year: 2001, quarter: 4 });
    const result = await prepareForSharing(book.run, { now: new Date("2026-01-05T12:00:00Z") });
    assert.ok(result.ok, result.message);
    const copy = `${REPORT_SHEET} (shared)`;
    assert.ok(book.sheets.has(copy) && book.sheets.has("Placements (shared)"), [...book.sheets.keys()].join(", "));
    const copiedTable = [...book.tables.values()].find((t) => t.sheet.name === "Placements (shared)")!.name;
    assert.notStrictEqual(copiedTable, "Placements");

    const layout = reportLayout({ year: 2001, quarter: 4 });
    const sales = layout.groups[0]!.header;
    // Shares sold (first figure) and capacity (seventh) of the quarter, in the copy.
    const shares = book.cell(copy, `B${sales + 1}`).formula as string;
    assert.strictEqual(shares, (layout.cells[sales]![1] as { formula: string }).formula.replace(/Placements\[/g, `${copiedTable}[`));
    const capacity = book.cell(copy, `B${sales + 7}`).formula as string;
    const original = (layout.cells[sales + 6]![1] as { formula: string }).formula;
    const native = convertFormula(original);
    assert.ok(native.kind === "native");
    assert.strictEqual(capacity, native.formula);
    for (const [r, row] of layout.cells.entries()) {
      for (const [c] of row.entries()) {
        const formula = String(book.cell(copy, `${String.fromCharCode(65 + c)}${r + 1}`).formula);
        assert.doesNotMatch(formula, /CEO\./, `${copy}!${String.fromCharCode(65 + c)}${r + 1}`);
        assert.doesNotMatch(formula, /(^|[^A-Za-z0-9_])Placements\[/, `${copy}!${String.fromCharCode(65 + c)}${r + 1} reads the original table`);
      }
    }
    // The original report is untouched.
    assert.strictEqual(book.cell(REPORT_SHEET, `B${sales + 7}`).formula, original);

    const restored = await restoreFormulas(book.run);
    assert.ok(restored.ok, restored.message);
    assert.deepStrictEqual([...book.sheets.keys()], ["Placements", REPORT_SHEET]);
  });
});
