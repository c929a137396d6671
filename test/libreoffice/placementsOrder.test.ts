/*
 * The Placements table's running Prior Gross in LibreOffice, with INDEX([Column], ROW()-...) as
 * written (hyperformula needs it resolved: test/support/placementsSheet.ts): the banker's copy as
 * the pane's planner writes it, after what analysts do to a table (sorted, a row inserted, a date
 * edited out of order, a misspelt agreement), recalculated headless; every Prior Gross, Fee and Net
 * equal to the fee computed from the core's terms, or #N/A with the reason in Check. One soffice
 * run for every case. Skipped with a note without soffice, unless CEO_REQUIRE_LIBREOFFICE is set.
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { addHolidaysSheet, csvRows, recalculatedCsv, skipWithoutSoffice } from "../support/libreoffice";
import { columnFormulas, DAYS, expected, layout, sales, sheetRows, sortedBy, type SaleCells } from "../support/placementsSheet";

describe("LibreOffice (slower): the Placements table's running Prior Gross after sorts and hand edits, banker's copy", function () {
  this.timeout(600_000);
  before(function () {
    skipWithoutSoffice(this);
  });

  it("in order: equal to the core's; out of order or a bad cell: #N/A everywhere and Check says why", async () => {
    const lay = layout();
    const formulas = columnFormulas(lay, true);
    const rows = sortedBy(sales(), (s) => s.tradeDate, false);
    const filled: SaleCells = { tradeDate: rows[16]!.tradeDate, shares: 100_000, price: 5, gross: 500_000, agreement: "Other" };
    const cases: [string, SaleCells[], "right" | "refused"][] = [
      ["as imported", rows, "right"],
      ["sorted by Gross, largest first", sortedBy(rows, (r) => r.gross, true), "refused"],
      ["sorted by Agreement", sortedBy(rows, (r) => r.agreement, false), "refused"],
      ["sorted by Trade Date again after Agreement", sortedBy(sortedBy(rows, (r) => r.agreement, false), (r) => r.tradeDate, false), "right"],
      ["a row inserted and filled in order", [...rows.slice(0, 17), filled, ...rows.slice(17)], "right"],
      ["a blank row inserted", [...rows.slice(0, 17), { tradeDate: null, shares: null, price: null, gross: null, agreement: null }, ...rows.slice(17)], "refused"],
      ["Trade Date of row 2 edited to the last day", rows.map((r, i) => (i === 1 ? { ...r, tradeDate: DAYS[DAYS.length - 1]! } : r)), "refused"],
      ["Gross of row 4 edited", rows.map((r, i) => (i === 3 ? { ...r, gross: 2_345_678.91 } : r)), "right"],
      ["Agreement misspelt", rows.map((r, i) => (i === 9 ? { ...r, agreement: "Salse" } : r)), "refused"],
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-lo-order-"));
    try {
      const books: ExcelJS.Workbook[] = [];
      for (const [, changed] of cases) {
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet("Placements");
        for (const row of sheetRows(changed, lay, formulas, false)) {
          sheet.addRow(row.map((v) => (typeof v === "string" && v.startsWith("=") ? { formula: v.slice(1) } : v)));
        }
        for (const h of ["Prior Gross", "Fee", "Net"]) sheet.getColumn(lay.at(h) + 1).numFmt = "0.00##########";
        addHolidaysSheet(book);
        books.push(book);
      }
      const texts = await recalculatedCsv(dir, books, 600_000);
      for (const [k, [what, changed, outcome]] of cases.entries()) {
        const csv = csvRows(texts[k]!).slice(1);
        const column = (h: string) => csv.map((r) => r[lay.at(h)]);
        const want = expected(changed);
        if ("problem" in want) {
          assert.strictEqual(outcome, "refused", `${what}: expected to be refused`);
          assert.ok(column("Prior Gross").every((v) => v === "#N/A"), `${what}: Prior Gross ${column("Prior Gross").slice(0, 5).join(", ")}`);
          for (const h of ["Fee", "Net"]) assert.ok(column(h).every((v) => v?.startsWith("#") || v === "Err:502"), `${what}: ${h} shows a number: ${column(h).slice(0, 5).join(", ")}`);
          assert.ok(column("Check").some((v) => v?.startsWith(want.problem)), `${what}: Check says ${[...new Set(column("Check"))].join(" / ")}`);
        } else {
          assert.strictEqual(outcome, "right", `${what}: expected to be right`);
          want.forEach((w, i) => {
            assert.strictEqual(column("Check")[i], "", `${what}: row ${i + 1} Check`);
            assert.strictEqual(Number(column("Prior Gross")[i]), w.prior, `${what}: row ${i + 1} Prior Gross ${column("Prior Gross")[i]}`);
            assert.strictEqual(Number(column("Fee")[i]), w.fee, `${what}: row ${i + 1} Fee`);
            assert.strictEqual(Number(column("Net")[i]), w.net, `${what}: row ${i + 1} Net`);
          });
        }
      }
      console.log(`      LibreOffice: ${cases.length} tables of about ${rows.length} sales, each right or refused with the reason`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
