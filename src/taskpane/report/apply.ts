/*
 * The quarterly ATM report in the workbook: the Placements table found (and its columns by header),
 * the quarter chosen (or the last one with sales), the report sheet (report.ts) written beside the
 * old one with its chart, then swapped; a failure leaves the old sheet (excel/undo.ts).
 *
 * The chart uses only ExcelApi 1.1 to 1.7 (the manifest's floor): ChartCollection.add (1.1),
 * ChartSeries.name (1.1), setXAxisValues (1.7), ChartLineFormat.lineStyle (1.7),
 * ChartAxis.categoryType (1.7) (https://learn.microsoft.com/javascript/api/excel/excel.chartseries).
 */
import { isoDate } from "../../core/calendar";
import { addressCorners } from "../../core/address";
import { blockOf, readBlocks } from "../excel/blocks";
import type { ExcelRun } from "../excel/run";
import { textContent } from "../excel/text";
import { replacementSheets, swapInSheet, undoReplacement } from "../excel/replaceSheet";
import { columnLetter, TABLE } from "../import/placementsTable";
import type { DealTerms } from "../terms/terms";
import { quarterEnd, quarterLabel, quarterOf, REPORT_SHEET, reportLayout, type Quarter, type ReportCell } from "./report";

export const CHART_NAME = "ATM gross sold";

/** The Placements columns the report's formulas read. */
export const REPORTED_COLUMNS = ["Trade Date", "Shares", "Gross", "Agreement", "Fee", "Net", "Warrant Shares"] as const;

/** A report refused before anything was written: the message says why and what to do. */
export class ReportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportRefused";
  }
}

export interface ReportOutcome {
  quarter: Quarter;
  /** The quarter was chosen as the last with sales (none given). */
  latest: boolean;
}

const contentOf = (cell: ReportCell): string | number | null => (cell === null ? null : "formula" in cell ? cell.formula : "text" in cell ? textContent(cell.text) : cell.value);

/**
 * The Placements table checked (there, with the columns the formulas read) and the quarter to report:
 * `quarter`, or the quarter of the table's last trade date.
 */
async function checkedPlacements(context: Excel.RequestContext, quarter: Quarter | undefined): Promise<ReportOutcome> {
  const table = context.workbook.tables.getItemOrNullObject(TABLE);
  await context.sync();
  if (table.isNullObject) throw new ReportRefused(`There is no ${TABLE} table to report on: import a placement report first. Nothing was written.`);
  const header = table.getHeaderRowRange().load("values");
  const body = table.getDataBodyRange().load("address");
  await context.sync();
  const names = (header.values[0] ?? []).map((h) => String(h ?? "").trim().toLowerCase());
  const missing = REPORTED_COLUMNS.filter((c) => !names.includes(c.toLowerCase()));
  if (missing.length > 0) {
    throw new ReportRefused(
      `The ${TABLE} table has no ${missing.map((m) => `"${m}"`).join(", ")} column${missing.length === 1 ? "" : "s"}: the report reads ${REPORTED_COLUMNS.join(", ")} by their headers (rename the column back, or import the report again). Nothing was written.`,
    );
  }
  if (quarter) return { quarter, latest: false };
  const sheet = addressCorners(body.address)?.sheet;
  if (sheet === undefined) throw new Error(`the ${TABLE} table's address ${body.address} names no sheet`);
  const where = blockOf(sheet, body.address);
  const [dates] = await readBlocks(context, [{ ...where, column: where.column + names.indexOf("trade date"), columns: 1 }], ["values"]);
  const last = Math.max(0, ...dates!.values.map((row) => row[0]).filter((v): v is number => typeof v === "number" && Number.isFinite(v)));
  if (last <= 60) throw new ReportRefused(`The ${TABLE} table has no sales yet: choose the quarter and year to report. Nothing was written.`);
  return { quarter: quarterOf(last), latest: true };
}

/** Writes the report sheet for `quarter` (or the last quarter with sales) with its chart; replaces an earlier report. */
export async function writeReport(run: ExcelRun, terms: DealTerms | undefined, quarter?: Quarter): Promise<ReportOutcome> {
  return run(async (context) => {
    const outcome = await checkedPlacements(context, quarter);
    const layout = reportLayout(outcome.quarter, terms);
    const { cells, formats, chart } = layout;
    const last = columnLetter(cells[0]!.length - 1);
    try {
      const fresh = context.workbook.worksheets.add(replacementSheets(REPORT_SHEET).fresh);
      const range = fresh.getRange(`A1:${last}${cells.length}`);
      range.formulas = cells.map((row) => row.map(contentOf)) as any[][];
      range.numberFormat = formats as any[][];
      // Widths in points (RangeFormat.columnWidth, ExcelApi 1.2): labels, figures, and the paragraphs wrapped.
      fresh.getRange("A1").format.columnWidth = 250;
      fresh.getRange("B1:D1").format.columnWidth = 110;
      fresh.getRange("F1").format.columnWidth = 520;
      fresh.getRange(`F1:F${chart.header - 2}`).format.wrapText = true;

      const lastSeries = chart.series[chart.series.length - 1]!.column;
      const drawn = fresh.charts.add("Line" as Excel.ChartType.line, fresh.getRange(`B${chart.first}:${lastSeries}${chart.last}`), "Columns" as Excel.ChartSeriesBy.columns);
      drawn.name = CHART_NAME;
      drawn.title.text = chart.title;
      chart.series.forEach((s, i) => {
        const series = drawn.series.getItemAt(i);
        series.name = s.name;
        series.setXAxisValues(fresh.getRange(`A${chart.first}:A${chart.last}`));
        // The maxima and tier bounds are lines to stay under: dashed, unlike the gross sold.
        if (s.kind !== "gross") series.format.line.lineStyle = (s.kind === "maximum" ? "Dash" : "Dot") as Excel.ChartLineStyle.dash;
      });
      drawn.axes.categoryAxis.categoryType = "DateAxis" as Excel.ChartAxisCategoryType.dateAxis;
      drawn.legend.position = "Bottom" as Excel.ChartLegendPosition.bottom;
      drawn.setPosition(`H${chart.header}`, `P${chart.header + 24}`);
      await context.sync();

      await swapInSheet(context, fresh, REPORT_SHEET);
    } catch (error) {
      await undoReplacement(context, error, REPORT_SHEET);
    }
    return outcome;
  });
}

/** What the pane says after the report is written. */
export function reportMessage(outcome: ReportOutcome): string {
  const end = isoDate(quarterEnd(outcome.quarter));
  return `Wrote the "${REPORT_SHEET}" sheet for ${quarterLabel(outcome.quarter)} (quarter ended ${end})${outcome.latest ? ", the last quarter with sales" : ""}: quarter, year to date and since inception per agreement, the 10-Q paragraphs and the chart, all live formulas over the ${TABLE} table.`;
}
