/*
 * The quarterly report's 10-Q paragraphs in LibreOffice (hyperformula's TEXT knows few formats):
 * the report sheet as report.ts lays it out, over the sample's placements (test/native/report.test.ts
 * says how they are set up), written to an .xlsx, recalculated headless and read back as CSV. The
 * paragraphs expected are written out by hand from the sample's sums.
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { reportLayout, type Quarter } from "../../src/taskpane/report/report";
import { csvRows, recalculatedCsv, skipWithoutSoffice } from "../support/libreoffice";
import { engineCells, samplePlacements } from "../support/reportSample";

describe("LibreOffice (slower): the quarterly report's 10-Q paragraphs, recalculated headless", function () {
  this.timeout(180_000);
  before(function () {
    skipWithoutSoffice(this);
  });

  it("Q4 2001 (the sample's quarter) and Q1 2002 (no sales): each agreement's and the total's paragraphs", async () => {
    const placements = samplePlacements();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-lo-report-"));
    const quarters: Quarter[] = [
      { year: 2001, quarter: 4 },
      { year: 2002, quarter: 1 },
    ];
    try {
      const books = quarters.map((quarter) => {
        const layout = reportLayout(quarter);
        const book = new ExcelJS.Workbook();
        // The report first: LibreOffice converts the first sheet to CSV.
        const sheet = book.addWorksheet("ATM Report");
        engineCells(layout, placements.length - 1).forEach((row, r) =>
          row.forEach((cell, c) => {
            if (cell === null) return;
            sheet.getCell(r + 1, c + 1).value = typeof cell === "string" && cell.startsWith("=") ? ({ formula: cell.slice(1) } as ExcelJS.CellFormulaValue) : cell;
          }),
        );
        const table = book.addWorksheet("Placements");
        placements.forEach((row) => table.addRow(row));
        return { book, layout };
      });
      const texts = await recalculatedCsv(dir, books.map((b) => b.book), 120_000);
      const paragraphs = books.map(({ layout }, i) => {
        const csv = csvRows(texts[i]!);
        return Object.fromEntries(layout.groups.map((g) => [g.name, [0, 1, 2].map((k) => csv[g.paragraphs - 1 + k]![5])]));
      });
      const sales = "the Sales Agreement";
      const both = "the Sales Agreement and the Other Agreement";
      const sold = (open: string, shares: string, under: string, price: string, gross: string, net: string, fee: string, asOf: string, left: string) =>
        `${open}, the Company sold ${shares} shares of common stock under ${under} at a weighted average price of ${price} per share, for gross proceeds of ${gross} and net proceeds of ${net}, after commissions of ${fee}. As of ${asOf}, ${left} remained available for sale under ${under}.`;
      assert.deepStrictEqual(paragraphs[0]!["Sales Agreement"], [
        sold("During the three months ended December 31, 2001", "370,000", sales, "$4.13", "$1,529,850.00", "$1,468,656.00", "$61,194.00", "December 31, 2001", "$23,470,150.00"),
        sold("During the twelve months ended December 31, 2001", "370,000", sales, "$4.13", "$1,529,850.00", "$1,468,656.00", "$61,194.00", "December 31, 2001", "$23,470,150.00"),
        sold("From the first sale under the program through December 31, 2001", "370,000", sales, "$4.13", "$1,529,850.00", "$1,468,656.00", "$61,194.00", "December 31, 2001", "$23,470,150.00"),
      ]);
      assert.strictEqual(
        paragraphs[0]!["Other Agreement"]![0],
        sold("During the three months ended December 31, 2001", "95,000", "the Other Agreement", "$4.13", "$392,500.00", "$376,800.00", "$15,700.00", "December 31, 2001", "$8,007,500.00"),
      );
      assert.strictEqual(paragraphs[0]!.Total![0], sold("During the three months ended December 31, 2001", "465,000", both, "$4.13", "$1,922,350.00", "$1,845,456.00", "$76,894.00", "December 31, 2001", "$31,477,650.00"));
      // No sales in the quarter (nor in the year to date): said in words, the capacity still given.
      assert.deepStrictEqual(paragraphs[1]!["Sales Agreement"]!.slice(0, 2), [
        "During the three months ended March 31, 2002, the Company did not sell any shares of common stock under the Sales Agreement. As of March 31, 2002, $23,470,150.00 remained available for sale under the Sales Agreement.",
        "During the three months ended March 31, 2002, the Company did not sell any shares of common stock under the Sales Agreement. As of March 31, 2002, $23,470,150.00 remained available for sale under the Sales Agreement.",
      ]);
      assert.strictEqual(paragraphs[1]!.Total![2], sold("From the first sale under the program through March 31, 2002", "465,000", both, "$4.13", "$1,922,350.00", "$1,845,456.00", "$76,894.00", "March 31, 2002", "$31,477,650.00"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
