/*
 * Applying an import plan: the thin Excel.run layer. Rows go to the Placements table in
 * requests sized by bytes, calculation suspended while writing; a failure or a cancel removes
 * whatever this import wrote, so the workbook is as it was. When that removal itself fails, the
 * error says exactly which rows remain.
 *
 * The table is found as a table (workbook.tables, whatever sheet it is on) and its columns by the
 * names in its header row, so a moved or added column is handled; a missing or renamed column the
 * import needs is refused, naming it, before anything is written.
 */
import { isoDate } from "../core/calendar";
import { blockOf, readBlocks } from "./excel/blocks";
import { DEFAULT_CHUNK_BYTES } from "./excel/limits";
import type { ExcelRun } from "./excel/run";
import { columnLetter, computedColumns, DIFFERENCE_COLUMNS, HEADERS, INPUT_FORMATS, KEY_COLUMNS, rowKey, rowValues, SHEET, summary, TABLE, tableOrder } from "./placementsTable";
import { planImport, type ImportPlan, type PlacementRow } from "./plan";
import type { DealTerms } from "./terms";

export type { ExcelRun };
export { DEFAULT_CHUNK_BYTES };

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
    this.name = "ImportCancelled";
  }
}

/** The workbook is not one the import can write to as it is (the message says why); nothing was written. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportRefused";
  }
}

/** The import failed and putting the workbook back failed too: the message says what remains. */
export class RollbackFailed extends Error {
  constructor(
    message: string,
    readonly cause: unknown,
    readonly rollbackError: unknown,
  ) {
    super(message);
    this.name = "RollbackFailed";
  }
}

/** Excel's serial dates in a 1904-date-system workbook count from 1904-01-01: 1,462 days fewer for the same day. */
export const DATE_1904_SHIFT = 1462;

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
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The Placements table as it is in the workbook: its sheet, its columns by header, its rows. */
interface FoundTable {
  table: Excel.Table;
  sheet: string;
  /** Header names in the table's column order. */
  headers: string[];
  rowCount: number;
  bodyAddress: string;
}

/** The workbook's Placements table, or undefined; refused (ImportRefused) when a column the import needs is missing. */
async function findTable(context: Excel.RequestContext, sync: () => Promise<void>): Promise<FoundTable | undefined> {
  const table = context.workbook.tables.getItemOrNullObject(TABLE);
  await sync();
  if (table.isNullObject) return undefined;
  const worksheet = table.worksheet.load("name");
  const header = table.getHeaderRowRange().load("values");
  const body = table.getDataBodyRange().load("rowCount,address");
  await sync();
  const headers = header.values[0]!.map((h) => String(h ?? "").trim());
  const missing = HEADERS.filter((h) => !headers.includes(h));
  if (missing.length > 0) {
    throw new ImportRefused(
      `The ${TABLE} table (sheet "${worksheet.name}") has no column ${missing.map((m) => `"${m}"`).join(", ")}: ` +
        `the import needs every column it wrote (${HEADERS.join(", ")}). Rename the column back, or rename the table to keep it and import into a new one. Nothing was written.`,
    );
  }
  const twice = HEADERS.filter((h) => headers.indexOf(h) !== headers.lastIndexOf(h));
  if (twice.length > 0) throw new ImportRefused(`The ${TABLE} table has the column "${twice[0]}" twice. Nothing was written.`);
  return { table, sheet: worksheet.name, headers, rowCount: body.rowCount, bodyAddress: body.address };
}

/** Keys of the rows already in the table, counted (a report may hold the same sale twice); read in blocks under 5 MB. */
async function existingKeys(context: Excel.RequestContext, found: FoundTable): Promise<Map<string, number>> {
  const at = KEY_COLUMNS.map((name) => found.headers.indexOf(name));
  const first = Math.min(...at);
  const body = blockOf(found.sheet, found.bodyAddress);
  const block = { ...body, column: body.column + first, columns: Math.max(...at) - first + 1 };
  const [grids] = await readBlocks(context, [block], ["values"]);
  const keys = new Map<string, number>();
  for (const row of grids!.values) {
    const [date, shares, price, agreement, placement] = at.map((i) => row[i - first]);
    const key = rowKey(date, shares, price, agreement, placement);
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  return keys;
}

/**
 * Whether Excel shows `serial` in a "yyyy-mm-dd" cell as that date shifted by 1,462 days, as a
 * 1904-date-system workbook does. No released API set says which date system a workbook uses
 * (Workbook.use1904DateSystem is in ExcelApi BETA only, @types/office-js-preview), so the pane
 * compares a date cell's value with its text; undefined when the text is not a yyyy-mm-dd date.
 */
function shows1904(serial: unknown, text: unknown): boolean | undefined {
  if (typeof serial !== "number" || typeof text !== "string") return undefined;
  // The import formats the column yyyy-mm-dd; a user may have changed it to the US m/d/yyyy.
  const us = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  const shown = us ? `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(shown)) return undefined;
  if (shown === isoDate(serial)) return false;
  return shown === isoDate(serial + DATE_1904_SHIFT);
}

const date1904Refusal = () =>
  new ImportRefused(
    "This workbook uses the 1904 date system (Excel options, \"Use 1904 date system\"): every trade and settlement date the import writes would show 1,462 days (4 years and a day) later " +
      "than the report says, and CEO.SETTLE and the lock-up dates count in the 1900 system. Turn the option off (File > Options > Advanced, or Excel > Preferences > Calculation on a Mac) " +
      "in a copy of the workbook, or import into a new workbook. Nothing was written.",
  );

/** The first chunk of a new table: header, table, formats (text columns "@") before any value, then the values. */
function createTable(context: Excel.RequestContext, sheetExisted: boolean, firstChunk: unknown[][], terms?: DealTerms): { table: Excel.Table; firstDate: Excel.Range } {
  const sheet = sheetExisted ? context.workbook.worksheets.getItem(SHEET) : context.workbook.worksheets.add(SHEET);
  sheet.getRange(`A1:${LAST_COLUMN}1`).values = [[...HEADERS]];
  const table = sheet.tables.add(`${SHEET}!A1:${LAST_COLUMN}${firstChunk.length + 1}`, true);
  table.name = TABLE;
  // Formats first: a string written to a General cell is read as typed ("00123" becomes 123), to a
  // "@" cell it stays text; rows added later take the column's format (the table extends it), so
  // every chunk stores the same thing and re-imports find the same keys.
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
  table.getDataBodyRange().values = firstChunk as any[][];
  writeSummary(sheet, terms);
  // Read back in the same request: how Excel shows the first trade date tells the date system.
  const firstDate = table.getDataBodyRange().getCell(0, HEADERS.indexOf("Trade Date")).load("values,text");
  return { table, firstDate };
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

/** Rewrites the computed formulas and the summary for the terms (after the Terms sheet changes), on the table's own sheet. */
export function writeFormulas(_context: Excel.RequestContext, table: Excel.Table, terms?: DealTerms): void {
  // One formula text per computed column: structured references make it right on every row.
  for (const column of computedColumns(terms)) {
    (table.columns.getItem(column.name).getDataBodyRange() as any).formulas = column.formula;
  }
  const sheet = table.worksheet;
  clearSummary(sheet);
  writeSummary(sheet, terms);
}

interface Before {
  found?: FoundTable;
  sheetExisted: boolean;
}

/** Puts the workbook back as it was: the table (and its sheet) gone if this import made them, else its old row count. */
async function rollback(context: Excel.RequestContext, before: Before): Promise<void> {
  if (!before.found) {
    const table = context.workbook.tables.getItemOrNullObject(TABLE);
    const sheet = context.workbook.worksheets.getItemOrNullObject(SHEET);
    await context.sync();
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
  const { table, rowCount, headers } = before.found;
  const body = table.getDataBodyRange().load("rowCount");
  await context.sync();
  if (body.rowCount > rowCount) {
    body.getCell(rowCount, 0).getResizedRange(body.rowCount - rowCount - 1, headers.length - 1).delete("Up" as Excel.DeleteShiftDirection.up);
    await context.sync();
  }
}

/** What remains after a failed rollback, in words: the rows this import wrote, by table row and sheet row. */
function remains(before: Before, written: number, failedChunk: number): string {
  const maybe = failedChunk > 0 ? ` (and perhaps some of the ${failedChunk} rows of the request that failed)` : "";
  if (!before.found) {
    if (written === 0) return `the ${TABLE} table this import started on sheet "${SHEET}" may remain, with up to ${failedChunk} rows: delete ${before.sheetExisted ? "the table" : "the sheet"}`;
    return `the ${TABLE} table this import created on sheet "${SHEET}" remains with its first ${written} rows${maybe}: delete ${before.sheetExisted ? "the table" : "the sheet"}, or import the same report again to add the rest`;
  }
  const from = before.found.rowCount + 1;
  // The body's first row, 0-based, is the header's row, 1-based: table row i is sheet row top + i.
  const top = blockOf(before.found.sheet, before.found.bodyAddress).row;
  if (written === 0) return `rows ${from} to ${from + failedChunk - 1} of the ${TABLE} table (sheet "${before.found.sheet}") may have been written by the request that failed: check them`;
  return `rows ${from} to ${from + written - 1} of the ${TABLE} table (sheet "${before.found.sheet}", sheet rows ${top + from} to ${top + from + written - 1}) remain${maybe}: delete them, or import the same report again to add the rest (rows already there are skipped)`;
}

export async function applyPlan(run: ExcelRun, rows: readonly PlacementRow[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const { terms, chunkBytes = DEFAULT_CHUNK_BYTES, onProgress, isCancelled = () => false } = options;
  return run(async (context) => {
    // Every request of this import is counted, readBlocks' too, so that a failure can name its request.
    let requests = 0;
    const send = context.sync.bind(context);
    context.sync = (async (passThroughValue?: unknown) => {
      requests++;
      return send(passThroughValue);
    }) as typeof context.sync;
    const sync = async () => {
      await context.sync();
    };
    const found = await findTable(context, sync);
    const sheet = context.workbook.worksheets.getItemOrNullObject(SHEET);
    await sync();
    const keys = found ? await existingKeys(context, found) : new Map<string, number>();
    if (found && found.rowCount > 0) {
      // The table's first trade date, as stored and as shown: a 1904 workbook shows it 1,462 days later.
      const first = found.table.getDataBodyRange().getCell(0, found.headers.indexOf("Trade Date")).load("values,text");
      await sync();
      if (shows1904(first.values[0]![0], first.text[0]![0])) throw date1904Refusal();
    }

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

    // The table's own column order: each header's value, null for a column the import does not fill.
    const order = found?.headers ?? HEADERS;
    const inTableOrder = (values: (string | number | null)[]) => order.map((h) => (HEADERS.includes(h) ? values[HEADERS.indexOf(h)]! : null));
    const before: Before = { found, sheetExisted: !sheet.isNullObject };
    let table = found?.table;
    let written = 0;
    let failedChunk = 0;
    onProgress?.(0, fresh.length);
    try {
      for (const chunk of chunkByBytes(fresh.map((r) => inTableOrder(rowValues(r))), chunkBytes)) {
        if (isCancelled()) throw new ImportCancelled();
        failedChunk = chunk.length;
        context.application.suspendApiCalculationUntilNextSync();
        if (!table) {
          const created = createTable(context, before.sheetExisted, chunk, terms);
          table = created.table;
          await sync();
          if (shows1904(created.firstDate.values[0]![0], created.firstDate.text[0]![0])) {
            written = chunk.length;
            failedChunk = 0;
            throw date1904Refusal();
          }
        } else {
          table.rows.add(undefined, chunk as any[][]);
          await sync();
        }
        written += chunk.length;
        failedChunk = 0;
        onProgress?.(written, fresh.length);
      }
      if (isCancelled()) throw new ImportCancelled();
      writeFormulas(context, table!, terms);
      await sync();
    } catch (error) {
      const stoppedAt = requests;
      try {
        await rollback(context, before);
      } catch (rollbackError) {
        const what = error instanceof ImportCancelled ? "the import was cancelled" : `the import stopped at request ${stoppedAt} (${message(error)})`;
        throw new RollbackFailed(`${what} and could not be undone (${message(rollbackError)}): ${remains(before, written, failedChunk)}.`, error, rollbackError);
      }
      throw error;
    }
    return { added: fresh.length, skipped, requests };
  });
}

/** The code of an Excel error (OfficeExtension.Error.code), if it has one. */
export const errorCode = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code;

/** Excel refuses every batch while the user edits a cell, on hosts without delayForCellEdit (Excel.ErrorCodes.invalidOperationInCellEditMode). */
export const isCellEditError = (error: unknown) => errorCode(error) === "InvalidOperationInCellEditMode" || /InvalidOperationInCellEditMode/.test(message(error));

export const CELL_EDIT_MESSAGE = "Excel is busy editing a cell: press Enter or Esc and try again.";

/** What the pane says when an import did not complete: what happened, and what the workbook holds now. */
export function importFailureMessage(error: unknown): string {
  if (error instanceof ImportCancelled) return "Cancelled: nothing was written.";
  if (error instanceof RollbackFailed) return `The import did not complete: ${error.message}`;
  if (error instanceof ImportRefused) return error.message;
  if (isCellEditError(error)) return `${CELL_EDIT_MESSAGE} Nothing was written.`;
  return `The import failed and was undone, nothing was written: ${message(error)}`;
}

export interface ImportOutcome {
  ok: boolean;
  /** The report planned against the terms read at the start of the command. */
  plan?: ImportPlan;
  result?: ApplyResult;
  /** What the pane shows: what happened and what the workbook holds now. */
  message: string;
}

const count = new Intl.NumberFormat("en-US");

/**
 * The Import command: the Terms sheet read again first (the shared runtime outlives the pane, and
 * the user may have edited the sheet by hand since the report was checked), the report planned
 * again against those terms, then applied. Never throws: the outcome's message says what happened.
 */
export async function runImport(
  excel: ExcelRun,
  reportText: string,
  readTerms: (excel: ExcelRun) => Promise<DealTerms | undefined>,
  hooks: Pick<ApplyOptions, "onProgress" | "isCancelled" | "chunkBytes"> = {},
): Promise<ImportOutcome> {
  let terms: DealTerms | undefined;
  try {
    terms = await readTerms(excel);
  } catch (error) {
    if (isCellEditError(error)) return { ok: false, message: `${CELL_EDIT_MESSAGE} Nothing was written.` };
    return { ok: false, message: `Could not read the Terms sheet, nothing was written: ${message(error)}` };
  }
  const plan = planImport(reportText, terms?.agreements.map((a) => a.name));
  if (!plan.ok) {
    const problems = `${plan.errors.length} problem${plan.errors.length === 1 ? "" : "s"}`;
    return { ok: false, plan, message: `The Terms sheet was read again and the report no longer fits it (${problems}, listed below): nothing was written.` };
  }
  try {
    const result = await applyPlan(excel, plan.rows, { ...hooks, terms });
    return { ok: true, plan, result, message: `Done: ${count.format(result.added)} new rows added to the ${TABLE} table, ${count.format(result.skipped)} already there skipped.` };
  } catch (error) {
    return { ok: false, plan, message: importFailureMessage(error) };
  }
}
