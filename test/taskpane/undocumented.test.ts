/*
 * The pane against each answer Excel may give where its documentation is silent (the fake's
 * FakeWorkbook.undocumented switches; the Script Lab checks of test/support/excelRules.ts tell which
 * one real Excel gives): import, Prepare for sharing and Explain give the same result either way.
 */
import assert from "assert";
import { explainSelectedCell } from "../../src/taskpane/explain/explain";
import { applyPlan } from "../../src/taskpane/import/apply";
import { computedColumns, DIFFERENCE_COLUMNS, HEADERS } from "../../src/taskpane/import/placementsTable";
import type { PlacementRow } from "../../src/taskpane/import/plan";
import { ORIGINALS_SHEET, prepareForSharing, restoreFormulas } from "../../src/taskpane/share/shareApply";
import { warrants } from "../../src/functions/warrants";
import "../../src/functions/wrappers"; // the functions Explain evaluates with, as the functions bundle leaves them
import { FakeWorkbook } from "../support/fakeExcel";

const row = (i: number): PlacementRow => ({
  line: i + 2,
  tradeDate: 37196 + i,
  shares: 1000 + i,
  price: 4.04,
  gross: Math.round((1000 + i) * 404) / 100,
  agreement: "Sales",
  placement: `P-${i}`,
  notes: "",
});
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

/** With ExcelApi `version` installed (isSetSupported), or none. */
async function withExcelApi<T>(book: FakeWorkbook, version: string | undefined, body: () => Promise<T>): Promise<T> {
  const uninstall = book.installOffice(version ? { ExcelApi: version } : {});
  try {
    return await body();
  } finally {
    uninstall();
  }
}

/** A deal sheet with =CEO.WARRANTS(12345,4) in C1, spilled into D1 (1,234 warrants at $5.20), and the same in C2, blocked by "x" in D2 (#SPILL!). */
async function spilledBook(spilledFormulas: "empty" | "parent"): Promise<FakeWorkbook> {
  const book = new FakeWorkbook();
  book.undocumented.spilledFormulas = spilledFormulas;
  book.arrays = (formula) => (formula === "=CEO.WARRANTS(12345,4)" ? warrants([[12345]], [[4]]) : undefined);
  await book.run(async (context) => {
    const sheet = context.workbook.worksheets.add("Deal");
    sheet.getRange("D2").values = [["x"]];
    sheet.getRange("A1:C2").formulas = [
      ["Warrants", 12345, "=CEO.WARRANTS(12345,4)"],
      ["Blocked", 12345, "=CEO.WARRANTS(12345,4)"],
    ];
    await context.sync();
  });
  assert.deepStrictEqual(book.sheets.get("Deal")!.values!.map((r) => r?.slice(2, 4)), [[1234, 5.2], ["#SPILL!"]]);
  return book;
}

describe("the pane under each answer to Excel's undocumented behaviours", () => {
  describe("table.rows.add with null cells (undocumented.rowsAddNull) and conditional formats on added rows (undocumented.conditionalFormatsGrow)", () => {
    for (const rowsAddNull of ["leaves", "refused", "clears"] as const) {
      for (const grow of [true, false]) {
        it(`null ${rowsAddNull}, formats ${grow ? "grow" : "stay"}: a second import adds its rows with the computed formulas, no agent figures, and the difference highlighting`, async () => {
          const book = new FakeWorkbook();
          book.undocumented.rowsAddNull = rowsAddNull;
          book.undocumented.conditionalFormatsGrow = grow;
          await applyPlan(book.run, rows(3));
          const second = await applyPlan(book.run, rows(6));
          assert.deepStrictEqual([second.added, second.skipped], [3, 3]);
          const table = book.tableValues("Placements");
          assert.strictEqual(table.length, 6);
          for (const added of table.slice(3)) {
            assert.deepStrictEqual(["Agent Commission", "Agent Net", "Agent Settlement"].map((h) => added[HEADERS.indexOf(h)]), [null, null, null]);
            assert.deepStrictEqual(computedColumns().map((c) => added[HEADERS.indexOf(c.name)]), computedColumns().map((c) => c.formula));
          }
          // The last added row (sheet row 7, index 6) is under each difference column's highlighting.
          const formats = book.sheets.get("Placements")!.conditionalFormatRows!;
          const covering = DIFFERENCE_COLUMNS.map((name) => {
            const column = HEADERS.indexOf(name);
            return (formats[`column ${column}:${column}`] ?? []).filter(([r0, r1]) => r0 <= 6 && r1 >= 6).length;
          });
          assert.deepStrictEqual(covering, DIFFERENCE_COLUMNS.map(() => 1));
        });
      }
      it(`null ${rowsAddNull}: a column of the user's own keeps its structured formula in the rows an import adds; one with A1 references gets an empty cell`, async () => {
        const book = new FakeWorkbook();
        book.undocumented.rowsAddNull = rowsAddNull;
        await applyPlan(book.run, rows(2));
        const old = book.tableValues("Placements");
        book.tables.clear();
        book.sheets.clear();
        const headers = [...HEADERS, "Double", "Next"];
        book.addTable("Placements", "Placements", "A1", headers, old.map((r, i) => [...r.map((v) => (typeof v === "string" && !v.startsWith("=") ? `'${v}` : v)), "=[@Shares]*2", `=B${i + 3}`]));
        const result = await applyPlan(book.run, rows(4));
        assert.deepStrictEqual([result.added, result.skipped], [2, 2]);
        const table = book.tableValues("Placements");
        assert.deepStrictEqual(table.map((r) => r.slice(-2)), [["=[@Shares]*2", "=B3"], ["=[@Shares]*2", "=B4"], ["=[@Shares]*2", null], ["=[@Shares]*2", null]]);
      });
    }
  });

  describe("what formulas gives for a spilled cell (undocumented.spilledFormulas), with and without the spill APIs (ExcelApi 1.12)", () => {
    for (const spilledFormulas of ["empty", "parent"] as const) {
      for (const api of ["1.12", undefined]) {
        const setting = `spilled cells ${spilledFormulas === "empty" ? 'give ""' : "give the formula"}, ${api ? "spill APIs" : "no spill APIs"}`;

        it(`Prepare for sharing, ${setting}: the spilled row becomes two native formulas, the blocked one keeps its value; Restore (the original gone) puts back one formula`, async () => {
          const book = await spilledBook(spilledFormulas);
          const result = await withExcelApi(book, api ?? "1.11", () => prepareForSharing(book.run));
          assert.ok(result.ok, result.message);
          const copy = book.sheets.get("Deal (shared)")!.rows;
          assert.match(String(copy[0]![2]), /^=(?!.*CEO\.).+/, "the warrant shares, native");
          assert.match(String(copy[0]![3]), /^=(?!.*CEO\.).*1\.3\*/, "the exercise price, native, in the cell the row spilled into");
          assert.deepStrictEqual(copy[1]!.slice(2, 4), ["=NA()", "x"]);
          assert.ok(result.details.some((d) => /C2: value kept \(its row of values is blocked by the cell to its right/.test(d)), result.details.join("\n"));
          // The cell the row spilled into is recorded empty: Restore must not write the formula there too (it would block the spill).
          const recorded = book.sheets.get(ORIGINALS_SHEET)!.rows.filter((r) => r?.[0] === "Deal (shared)").map((r) => [r[1], r[2] ?? ""]);
          assert.deepStrictEqual(recorded.filter(([cell]) => cell === "C1" || cell === "D1"), [["C1", "=CEO.WARRANTS(12345,4)"], ["D1", ""]]);
          // The analyst deleted the original and kept working in the copy: Restore puts the CEO formulas back there.
          book.sheets.delete("Deal");
          const restored = await withExcelApi(book, api ?? "1.11", () => restoreFormulas(book.run));
          assert.ok(restored.ok, restored.message);
          assert.deepStrictEqual(book.sheets.get("Deal (shared)")!.rows[0]!.slice(2, 4).map((v) => v ?? ""), ["=CEO.WARRANTS(12345,4)", ""]);
        });

        it(`Explain, ${setting}: the cell the row spilled into is explained by the formula that spilled; its own cell as before`, async () => {
          const book = await spilledBook(spilledFormulas);
          const explain = (address: string) => {
            book.selection = { sheet: "Deal", address };
            return withExcelApi(book, api, () => explainSelectedCell(book.run));
          };
          const spilled = await explain("D1");
          assert.deepStrictEqual(spilled.slice(0, 3), ["Deal!D1 holds no formula of its own: it shows the exercise price of the row C1's formula spilled ($5.20).", "Deal!C1: =CEO.WARRANTS(12345,4)", "The cell shows: 1,234"]);
          assert.strictEqual(spilled.at(-1), ") = warrant shares 1,234, exercise price $5.20");
          assert.deepStrictEqual((await explain("C1")).slice(0, 2), ["Deal!C1: =CEO.WARRANTS(12345,4)", "The cell shows: 1,234"]);
          // The blocked one spilled nothing: "x" beside it is text, not part of its row.
          assert.deepStrictEqual(await explain("D2"), ["Deal!D2: no formula."]);
        });
      }
    }
  });

  describe("a copied sheet's structured references (undocumented.copiedTableReferences)", () => {
    for (const references of ["copy", "original"] as const) {
      it(`Excel's copy names the ${references} table: the shared copy's formulas read the copy's table either way`, async () => {
        const book = new FakeWorkbook();
        book.undocumented.copiedTableReferences = references;
        book.addTable("Deal", "Sales", "A1", ["Gross"], [[5_000_000], [3_000_000]]);
        const deal = book.sheets.get("Deal")!;
        deal.rows[0]![2] = "=CEO.FEE(SUM(Sales[Gross]))";
        deal.rows[1]![2] = "=SUM(Sales[Gross])*2";
        deal.values = [[null, null, 290000], [null, null, 16_000_000]];
        const result = await prepareForSharing(book.run);
        assert.ok(result.ok, result.message);
        const copyTable = [...book.tables.values()].find((t) => t.sheet.name === "Deal (shared)")!.name;
        assert.notStrictEqual(copyTable, "Sales");
        const copy = book.sheets.get("Deal (shared)")!.rows;
        assert.ok(String(copy[0]![2]).includes(`SUM(${copyTable}[Gross])`) && !/CEO\.|\bSales\[/.test(String(copy[0]![2])), String(copy[0]![2]));
        assert.strictEqual(copy[1]![2], `=SUM(${copyTable}[Gross])*2`);
      });
    }
  });

  describe("error values outside the formula grammar written as formulas (undocumented.errorLiterals)", () => {
    for (const errorLiterals of ["grammar", "any"] as const) {
      it(`Excel ${errorLiterals === "any" ? "takes" : "refuses"} =#SPILL!: a kept #SPILL! is written =NA() with a note either way`, async () => {
        const book = new FakeWorkbook();
        book.undocumented.errorLiterals = errorLiterals;
        const deal = book.addSheet("Deal");
        deal.rows = [[1000, "=CEO.FEE(A1#)"]];
        deal.values = [[null, "#SPILL!"]];
        const result = await prepareForSharing(book.run);
        assert.ok(result.ok, result.message);
        assert.strictEqual(book.sheets.get("Deal (shared)")!.rows[0]![1], "=NA()");
        assert.ok(result.details.some((d) => /B1: value kept \(A1# is a spill reference.*it showed #SPILL!, written as =NA\(\)/.test(d)), result.details.join("\n"));
      });
    }
  });
});
