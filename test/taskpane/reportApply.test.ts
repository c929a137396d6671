/*
 * The quarterly report in the workbook, against the fake that follows Excel's documented behaviour
 * (test/support/fakeExcel.ts): what it writes (formulas, text as text, the chart on the report
 * sheet), a second run replacing the first, and refusals that write nothing.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { serialOf } from "../../src/core/calendar";
import { textContent } from "../../src/taskpane/excel/text";
import { HEADERS, rowValues } from "../../src/taskpane/import/placementsTable";
import { planImport } from "../../src/taskpane/import/plan";
import { CHART_NAME, reportMessage, ReportRefused, writeReport } from "../../src/taskpane/report/apply";
import { REPORT_SHEET, reportLayout } from "../../src/taskpane/report/report";
import { SEED_TERMS } from "../../src/taskpane/terms/terms";
import { FakeWorkbook } from "../support/fakeExcel";

const sample = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-placements.csv"), "utf8"));

function withPlacements(headers: readonly string[] = HEADERS, rows = sample.rows): FakeWorkbook {
  const book = new FakeWorkbook();
  const cells = rows.map((row) => {
    const values = rowValues(row).map((v) => (typeof v === "string" && v !== "" && !v.startsWith("'") ? textContent(v) : v));
    return headers.map((h) => (HEADERS.includes(h) ? values[HEADERS.indexOf(h)] : null));
  });
  book.addTable("Placements", "Placements", "A1", [...headers], cells);
  return book;
}

describe("Quarterly report in the workbook", () => {
  it("writes the ATM Report sheet: the quarter end as a date, every formula of the layout, labels as text, and its chart", async () => {
    const book = withPlacements();
    const outcome = await writeReport(book.run, SEED_TERMS, { year: 2001, quarter: 4 });
    assert.deepStrictEqual(outcome, { quarter: { year: 2001, quarter: 4 }, latest: false });
    const layout = reportLayout({ year: 2001, quarter: 4 }, SEED_TERMS);
    assert.deepStrictEqual([...book.sheets.keys()], ["Placements", REPORT_SHEET]);
    assert.deepStrictEqual(book.cell(REPORT_SHEET, "B4"), { formula: serialOf(2001, 12, 31), value: serialOf(2001, 12, 31), isFormula: false, quotePrefix: false, numberFormat: "yyyy-mm-dd" });
    layout.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        const address = `${String.fromCharCode(65 + c)}${r + 1}`;
        const got = book.cell(REPORT_SHEET, address);
        if (cell === null) assert.strictEqual(got.formula, "", address);
        else if ("formula" in cell) assert.ok(got.isFormula && got.formula === cell.formula, `${address}: ${String(got.formula)}`);
        else if ("text" in cell) assert.ok(!got.isFormula && got.quotePrefix && got.formula === cell.text, `${address} is text: ${String(got.formula)}`);
        else assert.strictEqual(got.formula, cell.value, address);
        assert.strictEqual(got.numberFormat, layout.formats[r]![c] ?? "General", `${address} format`);
      }),
    );

    const charts = book.charts(REPORT_SHEET);
    assert.strictEqual(charts.length, 1);
    const chart = charts[0]!;
    const { first, last } = layout.chart;
    assert.strictEqual(chart.name, CHART_NAME);
    assert.strictEqual(chart.type, "Line");
    assert.strictEqual(chart.categoryType, "DateAxis");
    assert.strictEqual(chart.title, layout.chart.title);
    assert.deepStrictEqual(
      chart.series.map((s) => [s.name, s.values, s.xValues, s.lineStyle]),
      layout.chart.series.map((s) => [s.name, `'${REPORT_SHEET}'!${s.column}${first}:${s.column}${last}`, `'${REPORT_SHEET}'!A${first}:A${last}`, s.kind === "gross" ? undefined : s.kind === "maximum" ? "Dash" : "Dot"]),
    );
  });

  it("without a chosen quarter: the quarter of the table's last trade date (Q4 2001 for the sample), said so", async () => {
    const book = withPlacements();
    const outcome = await writeReport(book.run, undefined);
    assert.deepStrictEqual(outcome, { quarter: { year: 2001, quarter: 4 }, latest: true });
    assert.strictEqual(book.cell(REPORT_SHEET, "B4").formula, serialOf(2001, 12, 31));
    assert.match(reportMessage(outcome), /^Wrote the "ATM Report" sheet for Q4 2001 \(quarter ended 2001-12-31\), the last quarter with sales: /);
  });

  it("run again: the report is replaced (one sheet, one chart, the new quarter), nothing of the run's own left", async () => {
    const book = withPlacements();
    await writeReport(book.run, undefined, { year: 2001, quarter: 4 });
    await writeReport(book.run, undefined, { year: 2002, quarter: 1 });
    assert.deepStrictEqual([...book.sheets.keys()], ["Placements", REPORT_SHEET]);
    assert.strictEqual(book.cell(REPORT_SHEET, "B4").formula, serialOf(2002, 3, 31));
    assert.strictEqual(book.charts(REPORT_SHEET).length, 1);
  });

  it("a failure while writing leaves the earlier report as it was", async () => {
    const book = withPlacements();
    await writeReport(book.run, undefined, { year: 2001, quarter: 4 });
    const before = book.snapshot();
    // Requests of a run: find the table, read its header, write the sheet and chart, find the old one, rename, delete.
    for (const k of [3, 4, 5, 6]) {
      book.failAtRequest = book.requests + k;
      await assert.rejects(writeReport(book.run, undefined, { year: 2002, quarter: 1 }), /injected failure/);
      book.failAtRequest = undefined;
      assert.deepStrictEqual(book.snapshot(), before, `failure at request ${k}`);
    }
  });

  it("wrong order: no Placements table is refused with what to do, nothing written", async () => {
    const book = new FakeWorkbook();
    book.addSheet("Terms");
    const before = book.snapshot();
    await assert.rejects(writeReport(book.run, undefined), (error: Error) => error instanceof ReportRefused && error.message === "There is no Placements table to report on: import a placement report first. Nothing was written.");
    assert.deepStrictEqual(book.snapshot(), before);
  });

  it("a column the formulas read that is missing (renamed) is refused naming it; a table without sales needs a chosen quarter", async () => {
    const renamed = withPlacements(HEADERS.map((h) => (h === "Fee" ? "Commission" : h)));
    const before = renamed.snapshot();
    await assert.rejects(writeReport(renamed.run, undefined, { year: 2001, quarter: 4 }), /^ReportRefused: The Placements table has no "Fee" column: the report reads Trade Date, Shares, Gross, Agreement, Fee, Net, Warrant Shares by their headers/);
    assert.deepStrictEqual(renamed.snapshot(), before);

    const empty = withPlacements(HEADERS, []);
    await assert.rejects(writeReport(empty.run, undefined), /has no sales yet: choose the quarter and year to report\. Nothing was written\./);
    await writeReport(empty.run, undefined, { year: 2024, quarter: 3 });
    assert.strictEqual(empty.cell(REPORT_SHEET, "B4").formula, serialOf(2024, 9, 30));
  });
});
