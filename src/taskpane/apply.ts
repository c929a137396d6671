/*
 * Applying an import plan: the thin Excel.run layer. Rows go to the Placements table in
 * requests sized by bytes, calculation suspended while writing; a failure or a cancel removes
 * whatever this import wrote, so the workbook is as it was.
 */
import type { PlacementRow } from "./plan";
import { COMPUTED_COLUMNS, HEADERS, INPUT_COLUMNS, INPUT_FORMATS, rowKey, rowValues, SHEET, SUMMARY, SUMMARY_ADDRESS, TABLE } from "./placementsTable";

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Excel on the web refuses requests over 5 MB; stay well under it. */
export const DEFAULT_CHUNK_BYTES = 1_500_000;
const KEY_ROWS_PER_REQUEST = 20_000;

export interface ApplyOptions {
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

const columnLetter = (index: number) => String.fromCharCode(65 + index);
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

function createTable(context: Excel.RequestContext, sheetExists: boolean, firstChunk: unknown[][]): Excel.Table {
  const sheet = sheetExists ? context.workbook.worksheets.getItem(SHEET) : context.workbook.worksheets.add(SHEET);
  sheet.getRange(`A1:${LAST_COLUMN}${firstChunk.length + 1}`).values = [[...HEADERS], ...firstChunk] as any[][];
  const table = sheet.tables.add(`${SHEET}!A1:${LAST_COLUMN}${firstChunk.length + 1}`, true);
  table.name = TABLE;
  INPUT_FORMATS.forEach((format, i) => (table.columns.getItemAt(i).getDataBodyRange().numberFormat = format as any));
  COMPUTED_COLUMNS.forEach((c) => (table.columns.getItem(c.name).getDataBodyRange().numberFormat = c.format as any));
  sheet.getRange(SUMMARY_ADDRESS.title).values = [["Summary"]];
  sheet.getRange(SUMMARY_ADDRESS.labels).values = SUMMARY.map(([label]) => [label]);
  sheet.getRange(SUMMARY_ADDRESS.figures).formulas = SUMMARY.map(([, formula]) => [formula]);
  sheet.getRange(SUMMARY_ADDRESS.figures).numberFormat = SUMMARY.map(([, , format]) => [format]);
  return table;
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
      sheet.getRange(`${SUMMARY_ADDRESS.title}:${SUMMARY_ADDRESS.figures.split(":")[1]}`).clear();
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
  const { chunkBytes = DEFAULT_CHUNK_BYTES, onProgress, isCancelled = () => false } = options;
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
    for (const row of [...rows].sort((a, b) => a.tradeDate - b.tradeDate || a.line - b.line)) {
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
        if (written === 0 && !tableExisted) table = createTable(context, before.sheetExisted, chunk);
        else table.rows.add(undefined, chunk as any[][]);
        await sync();
        written += chunk.length;
        onProgress?.(written, fresh.length);
      }
      if (isCancelled()) throw new ImportCancelled();
      // One formula text per computed column: structured references make it right on every row.
      for (const column of COMPUTED_COLUMNS) {
        (table.columns.getItem(column.name).getDataBodyRange() as any).formulas = column.formula;
      }
      await sync();
    } catch (error) {
      await rollback(context, before);
      throw error;
    }
    return { added: fresh.length, skipped, requests };
  });
}
