/*
 * Reconcile in the workbook: the Placements table's sales read as a table (columns by header, in
 * blocks under Excel on the web's 5 MB), reconciled against the terms (reconcile.ts, pure), and the
 * Reconciliation sheet written beside the old one in byte-sized requests, then swapped; a failure
 * leaves the old sheet (excel/undo.ts).
 */
import { addressCorners } from "../../core/address";
import { blockOf, readBlocks, type Block } from "../excel/blocks";
import { DEFAULT_CHUNK_BYTES } from "../excel/limits";
import type { ExcelRun } from "../excel/run";
import { writeContents } from "../excel/text";
import { undoAfter } from "../excel/undo";
import { chunkByBytes } from "../import/apply";
import { columnLetter, TABLE } from "../import/placementsTable";
import type { DealTerms } from "../terms/terms";
import { columnPositions, placementRows, RECONCILED_COLUMNS, reconcile, reconciliationCells, reconciliationText, type ReconciledColumn, type Reconciliation } from "./reconcile";

export const RECONCILIATION_SHEET = "Reconciliation";
const RECONCILIATION_NEW = "CEO Reconciliation (new)";
const RECONCILIATION_OLD = "CEO Reconciliation (old)";

/** After a failure: the old Reconciliation sheet back under its name, the new one gone. */
async function restoreReconciliation(context: Excel.RequestContext): Promise<void> {
  const sheets = context.workbook.worksheets;
  const current = sheets.getItemOrNullObject(RECONCILIATION_SHEET);
  const fresh = sheets.getItemOrNullObject(RECONCILIATION_NEW);
  const old = sheets.getItemOrNullObject(RECONCILIATION_OLD);
  await context.sync();
  if (!fresh.isNullObject) fresh.delete();
  if (!old.isNullObject) {
    if (!current.isNullObject) current.delete(); // the new one, already renamed
    old.name = RECONCILIATION_SHEET;
  }
  await context.sync();
}

/**
 * The Placements table's sales, read as a table wherever it is: its data body's address gives its
 * sheet and place, its header row where each column sits (by name, not position), and each column
 * reconcile needs is read in blocks whose responses stay under 5 MB.
 */
async function readPlacements(context: Excel.RequestContext) {
  const table = context.workbook.tables.getItemOrNullObject(TABLE);
  await context.sync();
  if (table.isNullObject) throw new Error(`there is no ${TABLE} table to reconcile: import a placement report first`);
  const body = table.getDataBodyRange().load("address");
  const header = table.getHeaderRowRange().load("values");
  await context.sync();
  // Range.address names the sheet: "Placements!A2:Q101", or "'Deal 2'!C4:S90".
  const sheet = addressCorners(body.address)?.sheet;
  if (sheet === undefined) throw new Error(`the ${TABLE} table's address ${body.address} names no sheet`);
  const where = blockOf(sheet, body.address);
  const positions = columnPositions(header.values[0] ?? []);
  const blocks = RECONCILED_COLUMNS.map((c): Block => ({ ...where, column: where.column + positions[c], columns: 1 }));
  const grids = await readBlocks(context, blocks, ["values"]);
  const columns = Object.fromEntries(RECONCILED_COLUMNS.map((c, k) => [c, grids[k]!.values.map((row) => row[0])])) as Record<ReconciledColumn, unknown[]>;
  return placementRows(columns, where.row + 1);
}

/** Reconciles the Placements table against the terms and writes the Reconciliation sheet; returns the e-mail text. */
export async function reconcileWorkbook(run: ExcelRun, terms: DealTerms): Promise<{ result: Reconciliation; text: string }> {
  return run(async (context) => {
    const result = reconcile(await readPlacements(context), terms);
    const text = reconciliationText(result, terms);
    const { cells, formats } = reconciliationCells(result, text, terms);
    const last = columnLetter(cells[0]!.length - 1);

    // Written beside the old sheet, a request per chunk of rows, then swapped: a failure at any point leaves the old one.
    // A chunk carries each row's cells and number formats (a 2-D array the range's size, null leaving General), sized by both.
    try {
      const fresh = context.workbook.worksheets.add(RECONCILIATION_NEW);
      let top = 1;
      for (const chunk of chunkByBytes(cells.map((row, i) => ({ row, format: formats[i]! })), DEFAULT_CHUNK_BYTES)) {
        const range = fresh.getRange(`A${top}:${last}${top + chunk.length - 1}`);
        writeContents(range, chunk.map((c) => c.row));
        if (chunk.some((c) => c.format.some((f) => f !== null))) range.numberFormat = chunk.map((c) => c.format) as any[][];
        await context.sync();
        top += chunk.length;
      }
      const old = context.workbook.worksheets.getItemOrNullObject(RECONCILIATION_SHEET);
      await context.sync();
      if (!old.isNullObject) old.name = RECONCILIATION_OLD;
      fresh.name = RECONCILIATION_SHEET;
      await context.sync();
      if (!old.isNullObject) old.delete();
      await context.sync();
    } catch (error) {
      await undoAfter(error, () => restoreReconciliation(context), `check the sheets "${RECONCILIATION_SHEET}", "${RECONCILIATION_NEW}" and "${RECONCILIATION_OLD}": the last two are this command's and can be deleted once "${RECONCILIATION_SHEET}" is right`);
    }
    return { result, text };
  });
}
