/*
 * The quarterly report in chromium on the fake workbook: the sample imported, Quarterly report run
 * with the picker on "Last with sales", the report sheet's figures equal to the sums of the
 * Placements table's columns, and its chart on the report sheet; a second click while it runs
 * starts nothing. The fake computes nothing: the test computes what Excel would show in the table's
 * formula columns (the CEO functions through their wrappers) and evaluates the report sheet's
 * formulas, as the fake holds them, in hyperformula over those values. Screenshots in
 * test-screenshots/report/ (git-ignored).
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { serialOf } from "../../src/core/calendar";
import { fee, net } from "../../src/functions/fees";
import { warrants } from "../../src/functions/warrants";
import { HEADERS } from "../../src/taskpane/import/placementsTable";
import { FIGURES, REPORT_SHEET, reportLayout, type Figure } from "../../src/taskpane/report/report";
import { convertFormula } from "../../src/taskpane/share/share";
import { openPane, slowExcel, type Session } from "../support/browser";
import { viaWrapper } from "../support/customFunctions";
import { Engine, type CellValue } from "../support/hyperformula";
import { tableRanges } from "../support/reportSample";

const SHOTS = path.resolve(__dirname, "../../test-screenshots/report");

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await page.locator("#report").screenshot({ path: path.join(SHOTS, `${name}-report.png`) });
  assert.strictEqual(await page.evaluate(() => document.documentElement.scrollWidth), 380, `${name}: the pane is wider than 380px`);
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();

describe("the quarterly report in chromium: sample imported, report written, figures and chart", function () {
  this.timeout(180_000);
  let session: Session | undefined;
  after(async () => {
    await session?.close();
    session = undefined;
  });

  it("Last with sales gives Q4 2001; the figures equal the table's column sums; the chart is on the report sheet; a second click starts nothing", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 900 });
    fs.rmSync(SHOTS, { recursive: true, force: true });

    // Wrong order first: no Placements table yet, refused in red, nothing written.
    await page.click("#report-button");
    await page.waitForFunction(() => /Placements table/.test(document.getElementById("report-result")?.textContent ?? ""));
    assert.strictEqual(await text(page, "#report-result"), "There is no Placements table to report on: import a placement report first. Nothing was written.");
    assert.strictEqual(await page.getAttribute("#report-result", "class"), "bad");
    assert.deepStrictEqual(await page.evaluate(() => [...(window as any).__book.sheets.keys()]), []);
    await shoot(page, "01-refused");

    // A quarter without its year: refused in red, focus on the year; nothing written.
    await page.selectOption("#report-quarter", "3");
    await page.click("#report-button");
    await page.waitForFunction(() => /^Choose the year/.test(document.getElementById("report-result")?.textContent ?? ""));
    assert.strictEqual(await text(page, "#report-result"), 'Choose the year of Q3 (1985 to 2100), or "Last with sales". Nothing was written.');
    assert.strictEqual(await page.getAttribute("#report-result", "class"), "bad");
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "report-year");
    await shoot(page, "01b-no-year");
    await page.selectOption("#report-quarter", "");

    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));

    // Slow requests, so that a second click arrives while the report is written: it is ignored.
    await slowExcel(page, 150);
    // Each run of the command adds its new sheet once: counted where the fake adds sheets.
    await page.evaluate(() => {
      const book = (window as any).__book;
      const add = book.addSheet.bind(book);
      book.reportSheetsAdded = 0;
      book.addSheet = (name: string) => {
        if (name === "CEO ATM Report (new)") book.reportSheetsAdded++;
        return add(name);
      };
    });
    await page.click("#report-button");
    await page.waitForFunction(() => document.getElementById("report-button")?.hasAttribute("disabled"));
    assert.ok(await page.evaluate(() => (document.getElementById("report-quarter") as HTMLSelectElement).disabled), "the picker is disabled while the report runs");
    await page.evaluate(() => document.getElementById("report-button")!.click());
    await page.waitForFunction(() => /^Wrote the/.test(document.getElementById("report-result")?.textContent ?? ""));
    assert.strictEqual(await page.evaluate(() => (window as any).__book.reportSheetsAdded), 1, "the click while it ran started nothing");
    assert.strictEqual(
      await text(page, "#report-result"),
      'Wrote the "ATM Report" sheet for Q4 2001 (quarter ended 2001-12-31), the last quarter with sales: quarter, year to date and since inception per agreement, the 10-Q paragraphs and the chart, all live formulas over the Placements table.',
    );
    assert.strictEqual(await page.getAttribute("#report-result", "class"), "");
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "report-button", "focus back on the button");
    assert.deepStrictEqual(await page.evaluate(() => [(document.getElementById("report-quarter") as HTMLSelectElement).value, (document.getElementById("report-year") as HTMLInputElement).value]), ["4", "2001"]);
    await shoot(page, "02-written");
    // Run again (the picker now on Q4 2001): the report is replaced, not added.
    await page.click("#report-button");
    await page.waitForFunction(() => (window as any).__book.reportSheetsAdded === 2 && !document.getElementById("report-button")?.hasAttribute("disabled"));
    assert.match(await text(page, "#report-result"), /^Wrote the "ATM Report" sheet for Q4 2001 \(quarter ended 2001-12-31\): /);

    const sheets: string[] = await page.evaluate(() => [...(window as any).__book.sheets.keys()]);
    assert.deepStrictEqual(sheets, ["Placements", REPORT_SHEET]);
    const charts = await page.evaluate((s) => (window as any).__book.charts(s), REPORT_SHEET);
    const layout = reportLayout({ year: 2001, quarter: 4 });
    assert.strictEqual(charts.length, 1, "the chart is on the report sheet");
    assert.deepStrictEqual(
      charts[0].series.map((s: { name: string }) => s.name),
      layout.chart.series.map((s) => s.name),
    );

    // What Excel would show in the table: the input columns as written, the CEO columns through the wrappers.
    const table: unknown[][] = await page.evaluate(() => (window as any).__book.tableValues("Placements"));
    const col = (name: string) => HEADERS.indexOf(name);
    const prior: Record<string, number> = {};
    const shown: CellValue[][] = table.map((row) => {
      const values = row.map((v) => (typeof v === "string" && v.startsWith("=") ? null : (v as CellValue)));
      const agreement = String(row[col("Agreement")]);
      const gross = row[col("Gross")] as number;
      const p = prior[agreement] ?? 0;
      const schedule = agreement === "Other" ? 0.04 : null;
      values[col("Fee")] = viaWrapper(() => fee(gross, p, schedule as any)) as number;
      values[col("Net")] = viaWrapper(() => net(gross, p, schedule as any)) as number;
      values[col("Warrant Shares")] = (viaWrapper(() => warrants(row[col("Shares")] as any, row[col("Price")] as any)) as number[][])[0]![0]!;
      prior[agreement] = Math.round((p + gross) * 100) / 100;
      return values;
    });

    // The report sheet's cells as the fake holds them, in hyperformula over those values.
    const cells: { formula: unknown }[][] = await page.evaluate(
      ([sheet, rows, columns]) => Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => (window as any).__book.cell(sheet, `${String.fromCharCode(65 + c)}${r + 1}`))),
      [REPORT_SHEET, layout.cells.length, layout.cells[0]!.length] as const,
    );
    const engine = new Engine();
    engine.hf.addSheet("Placements");
    engine.hf.setSheetContent(engine.hf.getSheetId("Placements")!, [[...HEADERS], ...shown]);
    engine.hf.addSheet(REPORT_SHEET);
    const report = engine.hf.getSheetId(REPORT_SHEET)!;
    engine.hf.setSheetContent(
      report,
      cells.map((row) =>
        row.map(({ formula }) => {
          if (typeof formula !== "string" || !formula.startsWith("=")) return formula === "" ? null : (formula as CellValue);
          const f = tableRanges(formula, shown.length);
          const c = /CEO\./.test(f) ? convertFormula(f) : undefined;
          return c?.kind === "native" ? c.formula : f;
        }),
      ),
    );
    const figure = (group: string, f: Figure, period: number) => engine.hf.getCellValue({ sheet: report, row: layout.groups.find((g) => g.name === group)!.header + FIGURES.indexOf(f), col: period + 1 });
    const inQuarter = shown.filter((r) => (r[col("Trade Date")] as number) >= serialOf(2001, 10, 1) && (r[col("Trade Date")] as number) <= serialOf(2001, 12, 31));
    const sum = (rows: CellValue[][], name: string) => Math.round(rows.reduce((s, r) => s + (r[col(name)] as number), 0) * 100) / 100;
    for (const [group, rows] of [
      ["Sales Agreement", inQuarter.filter((r) => r[col("Agreement")] === "Sales")],
      ["Other Agreement", inQuarter.filter((r) => r[col("Agreement")] === "Other")],
      ["Total", inQuarter],
    ] as const) {
      for (const period of [0, 1, 2]) {
        assert.strictEqual(figure(group, "Shares sold", period), sum(rows, "Shares"), `${group} shares`);
        assert.strictEqual(figure(group, "Gross proceeds", period), sum(rows, "Gross"), `${group} gross`);
        assert.ok(Math.abs((figure(group, "Commissions", period) as number) - sum(rows, "Fee")) < 1e-6, `${group} commissions`);
        assert.ok(Math.abs((figure(group, "Net proceeds", period) as number) - sum(rows, "Net")) < 1e-6, `${group} net`);
        assert.strictEqual(figure(group, "Warrants issued (warrant shares)", period), sum(rows, "Warrant Shares"), `${group} warrants`);
        assert.strictEqual(figure(group, "Weighted average price (gross / shares)", period), sum(rows, "Gross") / sum(rows, "Shares"));
      }
    }
    assert.strictEqual(figure("Total", "Gross proceeds", 0), 1_922_350, "the sample's gross");
    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });
});
