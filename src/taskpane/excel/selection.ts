/*
 * "Use current selection": the selected cells as tab-separated text for planImport. A selection
 * of several areas, an empty one or one too large to read is refused with a message, never sent
 * to Excel as a request that fails:
 * - Workbook.getSelectedRange: "If there are multiple ranges selected, this method will throw an
 *   error" (https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getselectedrange-member(1);
 *   the error's code is not documented). Where the host has ExcelApi 1.9 the areas are counted
 *   first (getSelectedRanges().areaCount); elsewhere the error is caught.
 * - Whole columns select a million rows: only the used part of the selection is read
 *   (Range.getUsedRangeOrNullObject, ExcelApi 1.4), in blocks whose responses stay under Excel on
 *   the web's 5 MB (excel/blocks.ts), and at most MAX_SELECTION_CELLS cells.
 */
import Papa from "papaparse";
import { blockOf, readBlocks } from "./blocks";
import { supports, type ExcelRun } from "./run";

/**
 * The most cells read from a selection: a report of 100,000 sales of 10 columns. Each response is
 * kept under 5 MB by reading in blocks, so the cap is about the pane's memory and the import's own
 * limit (a report over 30 MB of text is refused by planImport), not Excel's.
 */
export const MAX_SELECTION_CELLS = 1_000_000;

/** The selection cannot be read as a report: the message says why and what to do. */
export class SelectionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectionRefused";
  }
}

const whole = new Intl.NumberFormat("en-US");
const severalAreas = (count?: number) =>
  new SelectionRefused(`The selection has ${count ? `${count} separate areas` : "several separate areas"}: select one block of cells, the report's header row and its rows, and try again.`);

/** getSelectedRange's failure for a multiple selection: its code is not documented, so any InvalidSelection, or a message saying so. */
const isMultipleSelection = (error: unknown) => {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === "InvalidSelection" || /multiple|selection is invalid/i.test(message ?? "");
};

/** The used part of the current selection as tab-separated text; SelectionRefused with a message when it cannot be read. */
export async function readSelectionText(run: ExcelRun, canCountAreas: () => boolean = () => supports("ExcelApi", "1.9")): Promise<string> {
  return run(async (context) => {
    if (canCountAreas()) {
      const areas = context.workbook.getSelectedRanges().load("areaCount");
      await context.sync();
      if (areas.areaCount > 1) throw severalAreas(areas.areaCount);
    }
    const selected = context.workbook.getSelectedRange();
    const sheet = selected.worksheet.load("name");
    const used = selected.getUsedRangeOrNullObject(true).load("address,rowCount,columnCount,cellCount");
    try {
      await context.sync();
    } catch (error) {
      if (isMultipleSelection(error)) throw severalAreas();
      throw error;
    }
    if (used.isNullObject) throw new SelectionRefused("The selected cells are empty: select the report, its header row included, and try again.");
    if (used.cellCount > MAX_SELECTION_CELLS) {
      throw new SelectionRefused(
        `The selection holds ${whole.format(used.rowCount)} rows by ${whole.format(used.columnCount)} columns of data (${whole.format(used.cellCount)} cells): ` +
          `the pane reads at most ${whole.format(MAX_SELECTION_CELLS)} cells from a selection. Select just the report, or save it as a CSV file and choose the file.`,
      );
    }
    const [grids] = await readBlocks(context, [blockOf(sheet.name, used.address)], ["values"]);
    return Papa.unparse(grids!.values as unknown[][], { delimiter: "\t" });
  });
}
