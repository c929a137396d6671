/*
 * Applying an import plan: the thin Excel.run layer. Rows go to the Placements table in
 * requests sized by bytes, calculation suspended while writing; a failure or a cancel removes
 * whatever this import wrote, so the workbook is as it was.
 */
import type { PlacementRow } from "./plan";
import { columnLetter, computedColumns, DIFFERENCE_COLUMNS, HEADERS, INPUT_COLUMNS, INPUT_FORMATS, rowKey, rowValues, SHEET, summary, TABLE, tableOrder } from "./placementsTable";
import type { DealTerms } from "./terms";

import type { ExcelRun } from "./excel/run";
export type { ExcelRun };

/** Excel on the web refuses requests over 5 MB; stay well under it. */
export const DEFAULT_CHUNK_BYTES = 1_500_000;
const KEY_ROWS_PER_REQUEST = 20_000;

export interface ApplyOptions {
  /** The workbook's Terms sheet, when it has one: the formulas then read its named ranges. */
  terms?: DealTerms;
  chunkBytes?: number;
  onProgress?: (written: number, total: number) => void;
  isCancelled?: () => boolean;
}

export interface ApplyResult {
  added: number;
  skipped: number;
  requests: number;
}

export class ImportCancelled extends Error {
  constructor() {
    super("import cancelled: nothing was written");
  }
}

/** Splits rows into consecutive chunks whose JSON size stays under maxBytes (one row at least). */
export function chunkByBytes<T>(rows: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 2;
  for (const row of rows) {
    const size = JSON.stringify(row).length + 1;
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const LAST_COLUMN = columnLetter(HEADERS.length - 1);

/** Keys of the rows already in the table, counted (a report may hold the same sale twice). */
async function existingKeys(context: Excel.RequestContext, table: Excel.Table): Promise<{ rowCount: number; keys: Map<string, number> }> {
  const body = table.getDataBodyRange().load("rowCount");
  await context.sync();
  const keys = new Map<string, number>();
  for (let start = 0; start < body.rowCount; start += KEY_ROWS_PER_REQUEST) {
    const count = Math.min(KEY_ROWS_PER_REQUEST, body.rowCount - start);
    const block = body.getCell(start, 0).getResizedRange(count - 1, INPUT_COLUMNS.indexOf("Placement")).load("values");
    await context.sync();
    for (const [date, shares, price, , agreement, placement] of block.values) {
      const key = rowKey(date, shares, price, agreement, placement);
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
  }
  return { rowCount: body.rowCount, keys };
}

function createTable(context: Excel.RequestContext, sheetExists: boolean, firstChunk: unknown[][], terms?: DealTerms): Excel.Table {
  const sheet = sheetExists ? context.workbook.worksheets.getItem(SHEET) : context.workbook.worksheets.add(SHEET);
  sheet.getRange(`A1:${LAST_COLUMN}${firstChunk.length + 1}`).values = [[...HEADERS], ...firstChunk] as any[][];
  const table = sheet.tables.add(`${SHEET}!A1:${LAST_COLUMN}${firstChunk.length + 1}`, true);
  table.name = TABLE;
  INPUT_FORMATS.forEach((format, i) => (table.columns.getItemAt(i).getDataBodyRange().numberFormat = format as any));
  computedColumns(terms).forEach((c) => (table.columns.getItem(c.name).getDataBodyRange().numberFormat = c.format as any));
  // A difference of a cent or more between the agent's figure and the contract's stands out.
  for (const name of DIFFERENCE_COLUMNS) {
    const column = table.columns.getItem(name).getDataBodyRange();
    const letter = columnLetter(HEADERS.indexOf(name));
    const rule = column.conditionalFormats.add("Custom" as Excel.ConditionalFormatType.custom);
    rule.custom.rule.formula = `=AND(ISNUMBER(${letter}2),ABS(${letter}2)>=0.01)`;
    rule.custom.format.fill.color = "#FDE7E9";
    rule.custom.format.font.color = "#C50F1F";
  }
  writeSummary(sheet, terms);
  return table;
}

/** The summary block's cells, and room below for a longer one (more agreements). */
function clearSummary(sheet: Excel.Worksheet): void {
  const { labelColumn, figureColumn } = summary();
  sheet.getRange(`${labelColumn}1:${figureColumn}60`).clear();
}

function writeSummary(sheet: Excel.Worksheet, terms?: DealTerms): void {
  const { labelColumn, figureColumn, rows } = summary(terms);
  sheet.getRange(`${labelColumn}1`).values = [["Summary"]];
  sheet.getRange(`${labelColumn}2:${labelColumn}${rows.length + 1}`).values = rows.map(([label]) => [label]);
  const figures = sheet.getRange(`${figureColumn}2:${figureColumn}${rows.length + 1}`);
  figures.formulas = rows.map(([, formula]) => [formula]);
  figures.numberFormat = rows.map(([, , format]) => [format]);
}

/** Rewrites the computed formulas and the summary for the terms (after the Terms sheet changes). */
export function writeFormulas(context: Excel.RequestContext, table: Excel.Table, terms?: DealTerms): void {
  // One formula text per computed column: structured references make it right on every row.
  for (const column of computedColumns(terms)) {
    (table.columns.getItem(column.name).getDataBodyRange() as any).formulas = column.formula;
  }
  const sheet = context.workbook.worksheets.getItem(SHEET);
  clearSummary(sheet);
  writeSummary(sheet, terms);
}

/** Puts the workbook back as it was: the table (and its sheet) gone if this import made them, else its old row count. */
async function rollback(context: Excel.RequestContext, before: { tableExisted: boolean; sheetExisted: boolean; rowCount: number }): Promise<void> {
  const table = context.workbook.tables.getItemOrNullObject(TABLE);
  const sheet = context.workbook.worksheets.getItemOrNullObject(SHEET);
  await context.sync();
  if (!before.tableExisted) {
    if (!before.sheetExisted && !sheet.isNullObject) sheet.delete();
    else if (!table.isNullObject) {
      const range = table.getRange();
      table.delete();
      range.clear();
      clearSummary(sheet);
    }
    await context.sync();
    return;
  }
  if (table.isNullObject) return;
  const body = table.getDataBodyRange().load("rowCount");
  await context.sync();
  if (body.rowCount > before.rowCount) {
    body.getCell(before.rowCount, 0).getResizedRange(body.rowCount - before.rowCount - 1, HEADERS.length - 1).delete("Up" as Excel.DeleteShiftDirection.up);
    await context.sync();
  }
}

export async function applyPlan(run: ExcelRun, rows: readonly PlacementRow[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const { terms, chunkBytes = DEFAULT_CHUNK_BYTES, onProgress, isCancelled = () => false } = options;
  return run(async (context) => {
    let requests = 0;
    const sync = async () => {
      requests++;
      await context.sync();
    };
    const existing = context.workbook.tables.getItemOrNullObject(TABLE);
    const sheet = context.workbook.worksheets.getItemOrNullObject(SHEET);
    await sync();
    const tableExisted = !existing.isNullObject;
    const { rowCount, keys } = tableExisted ? await existingKeys(context, existing) : { rowCount: 0, keys: new Map<string, number>() };

    const fresh: PlacementRow[] = [];
    let skipped = 0;
    for (const row of tableOrder(rows)) {
      const key = rowKey(row.tradeDate, row.shares, row.price, row.agreement, row.placement);
      const present = keys.get(key) ?? 0;
      if (present > 0) {
        keys.set(key, present - 1);
        skipped++;
      } else {
        fresh.push(row);
      }
    }
    if (fresh.length === 0) return { added: 0, skipped, requests };

    const before = { tableExisted, sheetExisted: !sheet.isNullObject, rowCount };
    let table = existing;
    let written = 0;
    onProgress?.(0, fresh.length);
    try {
      for (const chunk of chunkByBytes(fresh.map(rowValues), chunkBytes)) {
        if (isCancelled()) throw new ImportCancelled();
        context.application.suspendApiCalculationUntilNextSync();
        if (written === 0 && !tableExisted) table = createTable(context, before.sheetExisted, chunk, terms);
        else table.rows.add(undefined, chunk as any[][]);
        await sync();
        written += chunk.length;
        onProgress?.(written, fresh.length);
      }
      if (isCancelled()) throw new ImportCancelled();
      writeFormulas(context, table, terms);
      await sync();
    } catch (error) {
      await rollback(context, before);
      throw error;
    }
    return { added: fresh.length, skipped, requests };
  });
}
