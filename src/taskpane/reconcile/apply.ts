/*
 * Reconcile in the workbook: the Placements table's sales read as a table (columns by header, in
 * blocks under Excel on the web's 5 MB), reconciled against the terms (reconcile.ts, pure), and the
 * Reconciliation sheet written beside the old one in byte-sized requests, then swapped; a failure
 * leaves the old sheet (excel/replaceSheet.ts).
 */
import { addressCorners } from "../../core/address";
import { blockOf, readBlocks, type Block } from "../excel/blocks";
import { replaceSheet } from "../excel/replaceSheet";
import type { ExcelRun } from "../excel/run";
import { TABLE } from "../import/placementsTable";
import type { DealTerms } from "../terms/terms";
import { columnPositions, placementRows, RECONCILED_COLUMNS, reconcile, reconciliationCells, reconciliationText, SETTLEMENT_COLUMN, type PlacementColumns, type ReconciledColumn, type Reconciliation } from "./reconcile";

export const RECONCILIATION_SHEET = "Reconciliation";

/**
 * The Placements table's sales, read as a table wherever it is: its data body's address gives its
 * sheet and place, its header row where each column sits (by name, not position), and each column
 * reconcile needs is read in blocks whose responses stay under 5 MB.
 */
export async function readPlacements(context: Excel.RequestContext) {
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
  // The Agent Settlement column too, when the table has it (tables made before it reconcile without it).
  const read = [...RECONCILED_COLUMNS, ...(positions[SETTLEMENT_COLUMN] !== undefined ? [SETTLEMENT_COLUMN] : [])] as (ReconciledColumn | typeof SETTLEMENT_COLUMN)[];
  const blocks = read.map((c): Block => ({ ...where, column: where.column + positions[c]!, columns: 1 }));
  const grids = await readBlocks(context, blocks, ["values"]);
  const columns = Object.fromEntries(read.map((c, k) => [c, grids[k]!.values.map((row) => row[0])])) as unknown as PlacementColumns;
  return placementRows(columns, where.row + 1);
}

/** Reconciles the Placements table against the terms and writes the Reconciliation sheet; returns the e-mail text. */
export async function reconcileWorkbook(run: ExcelRun, terms: DealTerms): Promise<{ result: Reconciliation; text: string }> {
  return run(async (context) => {
    const result = reconcile(await readPlacements(context), terms);
    const text = reconciliationText(result, terms);
    const { cells, formats } = reconciliationCells(result, text, terms);
    await replaceSheet(context, RECONCILIATION_SHEET, cells, formats);
    return { result, text };
  });
}
