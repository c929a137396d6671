/*
 * Applying an import plan: the thin Excel.run layer. Rows go to the Placements table in
 * requests sized by bytes, calculation suspended while writing; a failure or a cancel removes
 * whatever this import wrote, so the workbook is as it was. When that removal itself fails, the
 * error says exactly which rows remain.
 *
 * The table is found as a table (workbook.tables, whatever sheet it is on) and its columns by the
 * names in its header row, so a moved or added column is handled; a missing or renamed column the
 * import needs is refused, naming it, before anything is written.
 *
 * An agent's statement (a report with Commission and/or Net Proceeds) imported after the placement
 * report fills the Agent Commission, Agent Net and Agent Settlement of the same sales (rowKey: trade date, shares,
 * price, agreement, placement). A figure already stored is never overwritten: the same figure is
 * "already there", a different one is listed with the sale and both figures, the stored one kept
 * (the analyst decides which is right; an import that silently replaced it would erase the very
 * difference a reconciliation is for). A statement row whose sale is not in the table is added as a
 * new sale (a statement is a report of sales too, and may be the first one imported), unless the
 * table has a sale of the same trade date, agreement and placement that no row of this report
 * matched: then the two disagree on shares or price, adding it would count the sale twice, and it
 * is not written but listed ("could not be matched").
 */
import { isoDate } from "../../core/calendar";
import { Decimal } from "../../core/decimal";
import { cellAddress } from "../../core/address";
import { tokenize } from "../../core/formulaText";
import { formulaOf } from "../share/share";
import { roundMoney } from "../../core/rounding";
import { blockOf, readBlocks, type Block, type Grids } from "../excel/blocks";
import { reentered } from "../excel/text";
import { DEFAULT_CHUNK_BYTES } from "../excel/limits";
import { watchSyncs, type ExcelRun } from "../excel/run";
import { columnLetter, COMPLIANCE_COLUMN, computedColumns, DEFAULT_SUMMARY_PLACE, DIFFERENCE_COLUMNS, HEADERS, INPUT_COLUMNS, INPUT_FORMATS, KEY_COLUMNS, PREVIOUS_LAYOUTS, rowKey, rowValues, SHEET, summary, TABLE, tableOrder, type SummaryPlace } from "./placementsTable";
import { formatCount, formatMoney, formatPrice } from "../format";
import { planImport, type ImportPlan, type PlacementRow } from "./plan";
import { excessMessage, programExcesses, tableGross, unconfirmed, type ProgramExcess } from "./programSize";
import type { DealTerms } from "../terms/terms";

export type { ExcelRun };
export { DEFAULT_CHUNK_BYTES };

export interface ApplyOptions {
  /** The workbook's Terms sheet, when it has one: the formulas then read its named ranges. */
  terms?: DealTerms;
  chunkBytes?: number;
  onProgress?: (written: number, total: number) => void;
  isCancelled?: () => boolean;
  /**
   * Check program size before writing (the Import command always does): the new sales plus the
   * table's gross per agreement against each program maximum (the terms', or the seed's). Past it,
   * nothing is written (PastProgram) unless `confirmed` covers each agreement's excess.
   */
  program?: { confirmed: readonly ProgramExcess[] };
}

/** The agent's figures a statement fills, by the table's column names. */
export const AGENT_COLUMNS = ["Agent Commission", "Agent Net", "Agent Settlement"] as const;
export type AgentColumn = (typeof AGENT_COLUMNS)[number];

/** A stated figure that differs from the one already in the table: listed, the table's kept. */
export interface FigureConflict {
  row: PlacementRow;
  column: AgentColumn;
  /** What the cell holds (Range.formulas: a number, or a formula or text someone put there). */
  stored: unknown;
  stated: number;
}

/** A statement row not written: the table has a sale of the same date, agreement and placement with other shares or price. */
export interface UnmatchedRow {
  row: PlacementRow;
  /** Those sales of the table, as stored. */
  near: { shares: unknown; price: unknown }[];
}

export interface ApplyResult {
  /** New sales appended to the table. */
  added: number;
  /** Rows whose sale is already in the table with nothing to write (no agent figures, or the same ones, or a differing one listed in conflicts). */
  skipped: number;
  /** Sales already in the table whose blank Agent Commission and/or Agent Net this import filled. */
  filled: number;
  conflicts: FigureConflict[];
  unmatched: UnmatchedRow[];
  requests: number;
  /** A table an earlier version made, brought to this version's layout: the version, the columns added, the computed columns whose formula changed. */
  upgraded?: { wroteIt: string; added: string[]; formulas: string[] };
}

/** Whether a report row carries the agent's figures (a statement row). */
const statesFigures = (row: PlacementRow) => row.statedCommission !== undefined || row.statedNet !== undefined || row.statedSettlement !== undefined;

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

/** The import would take an agreement past its program maximum and the analyst has not confirmed it: nothing was written. */
export class PastProgram extends ImportRefused {
  constructor(readonly excesses: ProgramExcess[]) {
    super(
      `Past the program maximum, nothing was written: ${excesses.map(excessMessage).join("; ")}. ` +
        `Check the report; to import it anyway, confirm "Import past the program maximum" and import again.`,
    );
    this.name = "PastProgram";
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
  /** What rows.add is given in each column the import does not fill (rowsAddFill). */
  otherColumns: (string | null)[];
  /** The first row's formulas, in the table's column order. */
  firstFormulas: unknown[];
  /** A table an earlier version made: the columns this import adds to it (upgradeTable). */
  upgrade?: Upgrade;
}

/** The columns an earlier version's table lacks, each with the table index it is added at (after those before it). */
interface Upgrade {
  wroteIt: string;
  adds: { name: string; index: number }[];
}

/** The columns the import writes and needs: every one of HEADERS but Compliance (Check compliance fills it when the table has it). */
const NEEDED = HEADERS.filter((h) => h !== COMPLIANCE_COLUMN);

/**
 * The earlier layout a table's headers are, or undefined: its own columns (those of HEADERS or of
 * that layout, Compliance aside) are exactly that layout's, in any order; columns of the user's own
 * may be anywhere. A table with one of those columns renamed or deleted is no layout and is refused.
 */
function previousLayout(headers: readonly string[]) {
  return PREVIOUS_LAYOUTS.find((layout) => {
    const own = headers.filter((h) => h !== COMPLIANCE_COLUMN && (HEADERS.includes(h) || layout.headers.includes(h)));
    return own.length === layout.headers.length && layout.headers.every((h) => own.includes(h));
  });
}

/** Where each missing column goes: right after the nearest column before it in HEADERS order that the table has (else first). */
function upgradeOf(headers: readonly string[], wroteIt: string): Upgrade {
  const now = [...headers];
  const adds: Upgrade["adds"] = [];
  NEEDED.forEach((name, k) => {
    if (now.includes(name)) return;
    const before = NEEDED.slice(0, k).reverse().find((h) => now.includes(h));
    const index = before === undefined ? 0 : now.indexOf(before) + 1;
    now.splice(index, 0, name);
    adds.push({ name, index });
  });
  return { wroteIt, adds };
}

/**
 * What table.rows.add is given in a column the import does not fill, never null: what rows.add does
 * with a null cell is undocumented (its values are typed boolean | string | number; it may leave
 * the cell to the column's formula, refuse the row or write an empty cell: docs/EXCEL-CHECKS.md,
 * rows-add-null). So a column of the user's own whose first row holds a formula of structured
 * references alone ([@Shares]*2, the same text on every row) is given that formula; any other gets
 * "" (a formula with A1 references differs from row to row: fill it down after an import). The
 * import's own computed columns get "" here and their formula on every row once the rows are in
 * (writeFormulas). null marks the import's own columns.
 */
function rowsAddFill(headers: readonly string[], firstFormulas: readonly unknown[], firstValues: readonly unknown[]): (string | null)[] {
  return headers.map((h, i) => {
    if (HEADERS.includes(h)) return null;
    const formula = formulaOf(firstFormulas[i], firstValues[i]);
    if (formula === undefined) return "";
    try {
      return tokenize(formula).some((t) => t.kind === "ref") ? "" : formula;
    } catch {
      return "";
    }
  });
}

/** The workbook's Placements table, or undefined; refused (ImportRefused) when a column the import needs is missing. */
async function findTable(context: Excel.RequestContext, sync: () => Promise<void>): Promise<FoundTable | undefined> {
  const table = context.workbook.tables.getItemOrNullObject(TABLE);
  await sync();
  if (table.isNullObject) return undefined;
  const worksheet = table.worksheet.load("name");
  const header = table.getHeaderRowRange().load("values");
  const body = table.getDataBodyRange().load("rowCount,address");
  const first = table.getDataBodyRange().getRow(0).load("formulas,values");
  await sync();
  const headers = header.values[0]!.map((h) => String(h ?? "").trim());
  // A table made before the Compliance column existed is imported into as it is (Check compliance says how to add it).
  const missing = NEEDED.filter((h) => !headers.includes(h));
  const layout = missing.length > 0 ? previousLayout(headers) : undefined;
  if (missing.length > 0 && !layout) {
    throw new ImportRefused(
      `The ${TABLE} table (sheet "${worksheet.name}") has no column ${missing.map((m) => `"${m}"`).join(", ")}: ` +
        `the import needs every column it wrote (${HEADERS.join(", ")}). Rename the column back, or rename the table to keep it and import into a new one. Nothing was written.`,
    );
  }
  const twice = HEADERS.filter((h) => headers.indexOf(h) !== headers.lastIndexOf(h));
  if (twice.length > 0) throw new ImportRefused(`The ${TABLE} table has the column "${twice[0]}" twice. Nothing was written.`);
  return {
    table,
    sheet: worksheet.name,
    headers,
    rowCount: body.rowCount,
    bodyAddress: body.address,
    otherColumns: rowsAddFill(headers, first.formulas[0] ?? [], first.values[0] ?? []),
    firstFormulas: first.formulas[0] ?? [],
    ...(layout ? { upgrade: upgradeOf(headers, layout.wroteIt) } : {}),
  };
}

/** A sale already in the table: its row (0-based in the data body), key cells (Range.values) and agent cells (Range.formulas). */
interface TableSale {
  index: number;
  cells: Record<(typeof KEY_COLUMNS)[number], unknown>;
  agent: Record<AgentColumn, unknown>;
  /** The Gross cell, read only for the program-size check. */
  gross?: unknown;
}

/**
 * The sales already in the table, read in blocks under 5 MB. The agent columns are read as
 * formulas: a cell holding a formula whose value is "" is not blank and is never written over.
 */
async function tableSales(context: Excel.RequestContext, found: FoundTable, withGross = false): Promise<TableSale[]> {
  const body = blockOf(found.sheet, found.bodyAddress);
  const columnBlock = (name: string) => ({ ...body, column: body.column + found.headers.indexOf(name), columns: 1 });
  const keys = await readBlocks(context, [...KEY_COLUMNS, ...(withGross ? ["Gross"] : [])].map(columnBlock), ["values"]);
  // A table an earlier version made may lack an agent column (Agent Settlement): its cells read as blank, the upgrade adds it before any fill.
  const present = AGENT_COLUMNS.filter((name) => found.headers.includes(name));
  const read = await readBlocks(context, present.map(columnBlock), ["formulas"]);
  const agent = AGENT_COLUMNS.map((name) => read[present.indexOf(name)] ?? { formulas: [] as unknown[][] });
  const gross = keys[KEY_COLUMNS.length];
  return Array.from({ length: found.rowCount }, (_, index) => ({
    index,
    cells: Object.fromEntries(KEY_COLUMNS.map((name, k) => [name, keys[k]!.values[index]?.[0]])) as TableSale["cells"],
    agent: Object.fromEntries(AGENT_COLUMNS.map((name, k) => [name, agent[k]!.formulas[index]?.[0]])) as TableSale["agent"],
    ...(gross ? { gross: gross.values[index]?.[0] } : {}),
  }));
}

/** The program-size check on what an import would add: every agreement it would take past its maximum. */
function pastProgram(fresh: readonly PlacementRow[], sales: readonly TableSale[], terms: DealTerms | undefined) {
  return programExcesses(fresh, tableGross(sales.map((s) => ({ agreement: s.cells.Agreement, gross: s.gross })), terms), terms);
}

const saleKey = (s: TableSale) => rowKey(s.cells["Trade Date"], s.cells.Shares, s.cells.Price, s.cells.Agreement, s.cells.Placement);
/** Trade date, agreement and placement: a statement row and a table sale that share it but not shares and price disagree on the sale. */
const nearKey = (tradeDate: unknown, agreement: unknown, placement: unknown) => rowKey(tradeDate, "", "", agreement, placement);
const blank = (v: unknown) => v === null || v === undefined || v === "";
const sameCents = (a: number, b: number) => roundMoney(new Decimal(a)).eq(roundMoney(new Decimal(b)));

/** Agent cells to fill: a column's cells from table row `first` on, a number to write or null to leave a cell as it is. */
interface FillChunk {
  column: AgentColumn;
  first: number;
  values: (number | null)[][];
}

/** What a report does to the table: the sales to append, the agent cells to fill, and what is counted or listed. */
function matchReport(rows: readonly PlacementRow[], sales: readonly TableSale[], chunkBytes: number) {
  const available = new Map<string, TableSale[]>();
  for (const sale of sales) {
    const key = saleKey(sale);
    const list = available.get(key);
    if (list) list.push(sale);
    else available.set(key, [sale]);
  }
  const matched: { row: PlacementRow; sale: TableSale }[] = [];
  const unplaced: PlacementRow[] = [];
  for (const row of tableOrder(rows)) {
    const sale = available.get(rowKey(row.tradeDate, row.shares, row.price, row.agreement, row.placement))?.shift();
    if (sale) matched.push({ row, sale });
    else unplaced.push(row);
  }
  // The table's sales no row of this report matched, by date, agreement and placement.
  const leftOver = new Map<string, TableSale[]>();
  for (const sale of [...available.values()].flat()) {
    const key = nearKey(sale.cells["Trade Date"], sale.cells.Agreement, sale.cells.Placement);
    const list = leftOver.get(key);
    if (list) list.push(sale);
    else leftOver.set(key, [sale]);
  }
  const fresh: PlacementRow[] = [];
  const unmatched: UnmatchedRow[] = [];
  for (const row of unplaced) {
    const near = statesFigures(row) ? leftOver.get(nearKey(row.tradeDate, row.agreement, row.placement)) : undefined;
    if (near) unmatched.push({ row, near: near.map((s) => ({ shares: s.cells.Shares, price: s.cells.Price })) });
    else fresh.push(row);
  }

  const fills: Record<AgentColumn, Map<number, number>> = { "Agent Commission": new Map(), "Agent Net": new Map(), "Agent Settlement": new Map() };
  const conflicts: FigureConflict[] = [];
  let filled = 0;
  let skipped = 0;
  for (const { row, sale } of matched) {
    let wrote = 0;
    for (const [column, stated] of [["Agent Commission", row.statedCommission], ["Agent Net", row.statedNet], ["Agent Settlement", row.statedSettlement]] as const) {
      if (stated === undefined) continue;
      const stored = sale.agent[column];
      if (blank(stored)) {
        fills[column].set(sale.index, stated);
        wrote++;
      } else if (!(typeof stored === "number" && (column === "Agent Settlement" ? stored === stated : sameCents(stored, stated)))) {
        conflicts.push({ row, column, stored, stated });
      }
    }
    if (wrote > 0) filled++;
    else skipped++;
  }

  // Each column's cells from its first to its last fill, null between (Range.values: "Use null in 2-D
  // arrays to leave specific cells unchanged", excel-add-ins-blank-null-values), in chunks by bytes.
  const chunks: FillChunk[] = [];
  for (const column of AGENT_COLUMNS) {
    const at = [...fills[column].keys()].sort((a, b) => a - b);
    if (at.length === 0) continue;
    const span = Array.from({ length: at.at(-1)! - at[0]! + 1 }, (_, i) => [fills[column].get(at[0]! + i) ?? null]);
    let first = at[0]!;
    for (const values of chunkByBytes(span, chunkBytes)) {
      chunks.push({ column, first, values });
      first += values.length;
    }
  }
  return { fresh, fills: chunks, filled, skipped, conflicts, unmatched };
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
  INPUT_FORMATS.forEach((format, i) => (table.columns.getItem(INPUT_COLUMNS[i]!).getDataBodyRange().numberFormat = format as any));
  computedColumns(terms).forEach((c) => (table.columns.getItem(c.name).getDataBodyRange().numberFormat = c.format as any));
  // A difference of a cent or more between the agent's figure and the contract's stands out: on the
  // whole column below the header (the table is at A1), down to Excel's last row (1,048,576), so
  // that rows added later have it whether or not Excel extends a table column's conditional
  // formats with the table (undocumented: docs/EXCEL-CHECKS.md, conditional-formats-grow).
  for (const name of DIFFERENCE_COLUMNS) {
    const letter = columnLetter(HEADERS.indexOf(name));
    const column = sheet.getRange(`${letter}2:${letter}1048576`);
    const rule = column.conditionalFormats.add("Custom" as Excel.ConditionalFormatType.custom);
    rule.custom.rule.formula = `=AND(ISNUMBER(${letter}2),ABS(${letter}2)>=0.01)`;
    rule.custom.format.fill.color = "#FDE7E9";
    rule.custom.format.font.color = "#C50F1F";
  }
  table.getDataBodyRange().values = firstChunk as any[][];
  writeSummary(sheet, terms, DEFAULT_SUMMARY_PLACE);
  // Read back in the same request: how Excel shows the first trade date tells the date system.
  const firstDate = table.getDataBodyRange().getCell(0, HEADERS.indexOf("Trade Date")).load("values,text");
  return { table, firstDate };
}

/** The summary block's cells, and room below for a longer one (more agreements). */
function clearSummary(sheet: Excel.Worksheet, place: SummaryPlace, terms?: DealTerms): void {
  const { labelColumn, figureColumn, top, rows } = summary(terms, place);
  sheet.getRange(`${labelColumn}${top}:${figureColumn}${top + Math.max(60, rows.length + 1) - 1}`).clear();
}

function writeSummary(sheet: Excel.Worksheet, terms: DealTerms | undefined, place: SummaryPlace): void {
  const { labelColumn, figureColumn, top, rows } = summary(terms, place);
  sheet.getRange(`${labelColumn}${top}`).values = [["Summary"]];
  sheet.getRange(`${labelColumn}${top + 1}:${labelColumn}${top + rows.length}`).values = rows.map(([label]) => [label]);
  const figures = sheet.getRange(`${figureColumn}${top + 1}:${figureColumn}${top + rows.length}`);
  figures.formulas = rows.map(([, formula]) => [formula]);
  figures.numberFormat = rows.map(([, , format]) => [format]);
}

/**
 * Rewrites the computed formulas and the summary for the terms (after the Terms sheet changes), on
 * the table's own sheet, the summary beside the table (`place`: summaryPlaceOf the table's address).
 */
export function writeFormulas(_context: Excel.RequestContext, table: Excel.Table, terms?: DealTerms, place: SummaryPlace = DEFAULT_SUMMARY_PLACE): void {
  // One formula text per computed column: structured references make it right on every row.
  for (const column of computedColumns(terms)) {
    (table.columns.getItem(column.name).getDataBodyRange() as any).formulas = column.formula;
  }
  const sheet = table.worksheet;
  clearSummary(sheet, place, terms);
  writeSummary(sheet, terms, place);
}

/** The summary's place beside a found table: one blank column after its last, level with its header (the row above its body). */
function placeBeside(found: FoundTable): SummaryPlace {
  const body = blockOf(found.sheet, found.bodyAddress);
  return { column: body.column + body.columns + 1, row: body.row };
}

interface Before {
  found?: FoundTable;
  sheetExisted: boolean;
  upgrade?: BeforeUpgrade;
}

/** What an upgrade changes, read before it, to put back after a failure. */
interface BeforeUpgrade {
  upgrade: Upgrade;
  /** The summary's place beside the table before the upgrade. */
  place: SummaryPlace;
  /** The cells from the old summary's label column to the new one's figure column, over the rows clearSummary clears. */
  region: { block: Block; grids: Grids };
  /** The computed columns the table had: their body cells. */
  columns: { name: string; grids: Grids }[];
  /** Those whose first row's formula is not this version's. */
  changed: string[];
}

const blockAddress = (b: Block) => `${cellAddress(b.row + 1, b.column + 1)}:${cellAddress(b.row + b.rows, b.column + b.columns)}`;

/** Reads what upgradeTable will change (the summary's cells and the computed columns' cells, formats included). */
async function readBeforeUpgrade(context: Excel.RequestContext, found: FoundTable, terms: DealTerms | undefined): Promise<BeforeUpgrade> {
  const upgrade = found.upgrade!;
  const place = placeBeside(found);
  const height = Math.max(60, summary(terms, place).rows.length + 1);
  const region: Block = { sheet: found.sheet, row: place.row - 1, column: place.column, rows: height, columns: upgrade.adds.length + 2 };
  const body = blockOf(found.sheet, found.bodyAddress);
  const computed = computedColumns(terms).filter((c) => found.headers.includes(c.name));
  const blocks = computed.map((c) => ({ ...body, column: body.column + found.headers.indexOf(c.name), columns: 1 }));
  const [regionGrids, ...columnGrids] = await readBlocks(context, [region, ...blocks], ["values", "formulas", "numberFormat"]);
  return {
    upgrade,
    place,
    region: { block: region, grids: regionGrids! },
    columns: computed.map((c, i) => ({ name: c.name, grids: columnGrids[i]! })),
    changed: computed.filter((c) => found.firstFormulas[found.headers.indexOf(c.name)] !== c.formula).map((c) => c.name),
  };
}

/**
 * Brings a table an earlier version made to this version's layout, in one request: the summary
 * beside it cleared (inserted table columns move the cells right of the table in its rows only),
 * each missing column added at its place by name (TableColumnCollection.add: index and name,
 * ExcelApi 1.4; -1 appends), the input formats of those added, then every computed column's
 * format and formula and the summary written again beside the wider table. `found` then describes it.
 */
async function upgradeTable(context: Excel.RequestContext, found: FoundTable, terms: DealTerms | undefined, before: BeforeUpgrade): Promise<void> {
  const { table } = found;
  const { adds } = before.upgrade;
  context.workbook.worksheets.getItem(found.sheet).getRange(blockAddress(before.region.block)).clear();
  let count = found.headers.length;
  for (const { name, index } of adds) table.columns.add(index === count++ ? -1 : index, undefined, name);
  for (const { name } of adds) {
    const input = (INPUT_COLUMNS as readonly string[]).indexOf(name);
    if (input >= 0) table.columns.getItem(name).getDataBodyRange().numberFormat = INPUT_FORMATS[input] as any;
  }
  computedColumns(terms).forEach((c) => (table.columns.getItem(c.name).getDataBodyRange().numberFormat = c.format as any));
  writeFormulas(context, table, terms, { column: before.place.column + adds.length, row: before.place.row });
  const body = table.getDataBodyRange().load("address");
  await context.sync();
  const headers = [...found.headers];
  const otherColumns = [...found.otherColumns];
  for (const { name, index } of adds) {
    headers.splice(index, 0, name);
    otherColumns.splice(index, 0, null);
  }
  Object.assign(found, { headers, otherColumns, bodyAddress: body.address });
}

/**
 * For another command that writes the computed formulas (the Terms sheet's, termsApply.ts): when
 * the table is an earlier version's layout, reads what the upgrade will change and returns how to
 * upgrade it (with `terms`' formulas and the summary beside the wider table) and how to put it
 * back (safe to call whatever part of the upgrade was written); undefined without a table or with
 * a current one. Refused (ImportRefused, nothing written) like the import when a needed column is renamed or deleted.
 */
export async function placementsUpgrade(context: Excel.RequestContext, terms: DealTerms | undefined) {
  const found = await findTable(context, async () => {
    await context.sync();
  });
  if (!found?.upgrade) return undefined;
  const before = await readBeforeUpgrade(context, found, terms);
  return { added: found.upgrade.adds.map((a) => a.name), apply: () => upgradeTable(context, found, terms, before), undo: () => undoUpgrade(context, found, before) };
}

/** Puts back what upgradeTable changed: the computed columns' cells, the added columns deleted (those there), the summary's cells. */
async function undoUpgrade(context: Excel.RequestContext, found: FoundTable, before: BeforeUpgrade): Promise<void> {
  const { table } = found;
  for (const { name, grids } of before.columns) {
    const column = table.columns.getItem(name).getDataBodyRange();
    const cells = grids.values.map((row, r) => [reentered(row[0], grids.formulas[r]?.[0]) ?? "", grids.numberFormat[r]?.[0] ?? "General"] as const);
    let first = 0;
    for (const chunk of chunkByBytes(cells, DEFAULT_CHUNK_BYTES)) {
      const range = column.getCell(first, 0).getResizedRange(chunk.length - 1, 0);
      range.numberFormat = chunk.map(([, format]) => [format]) as any[][];
      range.values = chunk.map(([content]) => [content]) as any[][];
      await context.sync();
      first += chunk.length;
    }
  }
  const added = before.upgrade.adds.map(({ name }) => table.columns.getItemOrNullObject(name));
  await context.sync();
  for (const column of added) if (!column.isNullObject) column.delete();
  const { block, grids } = before.region;
  const region = context.workbook.worksheets.getItem(found.sheet).getRange(blockAddress(block));
  region.clear();
  region.numberFormat = grids.numberFormat as any[][];
  // null leaves a cleared cell empty (Range.values: "Use null in 2-D arrays to leave specific cells unchanged").
  region.values = grids.values.map((row, r) => row.map((v, c) => (v === "" ? null : reentered(v, grids.formulas[r]?.[c])))) as any[][];
  await context.sync();
}

/** The range of the table's `column` holding a fill chunk's cells. */
function fillRange(context: Excel.RequestContext, found: FoundTable, chunk: FillChunk): Excel.Range {
  const body = blockOf(found.sheet, found.bodyAddress);
  const column = body.column + found.headers.indexOf(chunk.column) + 1;
  const top = body.row + chunk.first + 1;
  return context.workbook.worksheets.getItem(found.sheet).getRange(`${cellAddress(top, column)}:${cellAddress(top + chunk.values.length - 1, column)}`);
}

/**
 * Puts the workbook back as it was: the agent cells this import filled blank again (they were
 * blank: only blank cells are filled; "" clears a cell, null leaves it), then the table (and its
 * sheet) gone if this import made them, else its old row count.
 */
async function rollback(context: Excel.RequestContext, before: Before, fills: readonly FillChunk[]): Promise<void> {
  if (fills.length > 0 && before.found) {
    for (const chunk of fills) fillRange(context, before.found, chunk).values = chunk.values.map(([v]) => [v === null ? null : ""]);
    await context.sync();
  }
  if (!before.found) {
    const table = context.workbook.tables.getItemOrNullObject(TABLE);
    const sheet = context.workbook.worksheets.getItemOrNullObject(SHEET);
    await context.sync();
    if (!before.sheetExisted && !sheet.isNullObject) sheet.delete();
    else if (!table.isNullObject) {
      const range = table.getRange();
      table.delete();
      range.clear();
      clearSummary(sheet, DEFAULT_SUMMARY_PLACE);
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
  if (before.upgrade) await undoUpgrade(context, before.found, before.upgrade);
}

/** What may remain of an upgrade after a failed rollback. */
const upgradeRemains = (before: BeforeUpgrade) =>
  `the ${TABLE} table may keep the columns this import was adding (${before.upgrade.adds.map((a) => a.name).join(", ")}) and this version's formulas: import again to finish the upgrade`;

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

/** What remains of the fills after a failed rollback: the agent cells of the rows they span may be filled. */
function fillsRemain(fills: readonly FillChunk[]): string {
  const first = Math.min(...fills.map((c) => c.first)) + 1;
  const last = Math.max(...fills.map((c) => c.first + c.values.length));
  return `Agent Commission, Agent Net or Agent Settlement cells of table rows ${first} to ${last} may have been filled from the statement: import the statement again to finish (it fills only blank cells, and those filled then agree)`;
}

export async function applyPlan(run: ExcelRun, rows: readonly PlacementRow[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const { terms, chunkBytes = DEFAULT_CHUNK_BYTES, onProgress, isCancelled = () => false } = options;
  return run(async (context) => {
    // Every request of this import is counted, readBlocks' too, so that a failure can name its request.
    let requests = 0;
    watchSyncs(context, { before: () => requests++ });
    const sync = async () => {
      await context.sync();
    };
    const found = await findTable(context, sync);
    const sheet = context.workbook.worksheets.getItemOrNullObject(SHEET);
    await sync();
    const sales = found ? await tableSales(context, found, options.program !== undefined) : [];
    if (found && found.rowCount > 0) {
      // The table's first trade date, as stored and as shown: a 1904 workbook shows it 1,462 days later.
      const first = found.table.getDataBodyRange().getCell(0, found.headers.indexOf("Trade Date")).load("values,text");
      await sync();
      if (shows1904(first.values[0]![0], first.text[0]![0])) throw date1904Refusal();
    }

    const { fresh, fills, filled, skipped, conflicts, unmatched } = matchReport(rows, sales, chunkBytes);
    const beforeUpgrade = found?.upgrade ? await readBeforeUpgrade(context, found, terms) : undefined;
    if (options.program) {
      // Before anything is written: the new sales only (a sale already in the table is not counted twice).
      const excesses = pastProgram(fresh, sales, terms);
      if (unconfirmed(excesses, options.program.confirmed).length > 0) throw new PastProgram(excesses);
    }
    const upgraded = beforeUpgrade && { wroteIt: beforeUpgrade.upgrade.wroteIt, added: beforeUpgrade.upgrade.adds.map((a) => a.name), formulas: beforeUpgrade.changed };
    const result = (): ApplyResult => ({ added: fresh.length, skipped, filled, conflicts, unmatched, requests, ...(upgraded ? { upgraded } : {}) });
    if (fresh.length === 0 && fills.length === 0 && !beforeUpgrade) return result();

    // The table's own column order: each header's value, null for a column the import does not fill.
    // Read when the rows are written: after an upgrade, the upgraded table's headers.
    const inTableOrder = (values: (string | number | null)[]) => (found?.headers ?? HEADERS).map((h) => (HEADERS.includes(h) ? values[HEADERS.indexOf(h)]! : null));
    const before: Before = { found, sheetExisted: !sheet.isNullObject, ...(beforeUpgrade ? { upgrade: beforeUpgrade } : {}) };
    let table = found?.table;
    let written = 0;
    let failedChunk = 0;
    const filling: FillChunk[] = [];
    const total = fills.reduce((n, c) => n + c.values.length, 0) + fresh.length;
    let done = 0;
    onProgress?.(0, total);
    try {
      if (beforeUpgrade) {
        // An earlier version's table brought to this layout first: the fills and rows below go by the new headers.
        if (isCancelled()) throw new ImportCancelled();
        context.application.suspendApiCalculationUntilNextSync();
        await upgradeTable(context, found!, terms, beforeUpgrade);
      }
      // The agent's figures of sales already there first (only with a table: fills are found in it), then the new sales.
      for (const chunk of fills) {
        if (isCancelled()) throw new ImportCancelled();
        filling.push(chunk);
        context.application.suspendApiCalculationUntilNextSync();
        fillRange(context, found!, chunk).values = chunk.values;
        await sync();
        done += chunk.values.length;
        onProgress?.(done, total);
      }
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
          // No null to rows.add (rowsAddFill): an empty input cell is "", another column what rowsAddFill gives it.
          const fill = found?.otherColumns ?? [];
          table.rows.add(undefined, chunk.map((row) => row.map((v, i) => v ?? fill[i] ?? "")));
          await sync();
        }
        written += chunk.length;
        failedChunk = 0;
        done += chunk.length;
        onProgress?.(done, total);
      }
      if (isCancelled()) throw new ImportCancelled();
      if (fresh.length > 0) {
        // Beside the table where it is: its header row and last column, as found (a new table is at A1).
        writeFormulas(context, table!, terms, found ? placeBeside(found) : DEFAULT_SUMMARY_PLACE);
        await sync();
      }
    } catch (error) {
      const stoppedAt = requests;
      try {
        await rollback(context, before, filling);
      } catch (rollbackError) {
        const what = error instanceof ImportCancelled ? "the import was cancelled" : `the import stopped at request ${stoppedAt} (${message(error)})`;
        const left = [
          ...(filling.length > 0 ? [fillsRemain(filling)] : []),
          ...(written > 0 || failedChunk > 0 ? [remains(before, written, failedChunk)] : []),
          ...(before.upgrade ? [upgradeRemains(before.upgrade)] : []),
        ];
        throw new RollbackFailed(`${what} and could not be undone (${message(rollbackError)}): ${(left.length > 0 ? left : [remains(before, written, failedChunk)]).join("; ")}.`, error, rollbackError);
      }
      throw error;
    }
    return result();
  });
}

/**
 * The preview's program-size check: what importing `rows` would add to the Placements table (sales
 * already there not counted), with the table's gross, against each program maximum. Reads only.
 */
export async function programStanding(run: ExcelRun, rows: readonly PlacementRow[], terms: DealTerms | undefined): Promise<ProgramExcess[]> {
  return run(async (context) => {
    const found = await findTable(context, async () => {
      await context.sync();
    });
    const sales = found ? await tableSales(context, found, true) : [];
    return pastProgram(matchReport(rows, sales, DEFAULT_CHUNK_BYTES).fresh, sales, terms);
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
  /** Refused past the program maximum: every excess, for the pane to show and the analyst to confirm. */
  pastProgram?: ProgramExcess[];
  /** What the pane shows: what happened and what the workbook holds now. */
  message: string;
}

const SHOWN_IN_MESSAGE = 10;
const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;
const listed = (items: readonly string[]) =>
  items.slice(0, SHOWN_IN_MESSAGE).join("; ") + (items.length > SHOWN_IN_MESSAGE ? `; and ${formatCount(items.length - SHOWN_IN_MESSAGE)} more` : "");
const shown = (v: unknown) => (typeof v === "number" ? formatMoney(v) : blank(v) ? "blank" : JSON.stringify(v));
const sharesAt = (shares: unknown, price: unknown) =>
  `${typeof shares === "number" ? formatCount(shares) : shown(shares)} shares at ${typeof price === "number" ? formatPrice(price) : shown(price)}`;
const sale = (row: PlacementRow, withShares: boolean) =>
  `line ${row.line} (${[isoDate(row.tradeDate), row.agreement, row.placement].filter((p) => p !== "").join(", ")}${withShares ? `, ${sharesAt(row.shares, row.price)}` : ""})`;

/**
 * What an import did, in words. A report without the agent's figures: rows added and skipped. A
 * statement (a report with Commission or Net Proceeds): how many sales were filled, how many were
 * new and how many could not be matched, always, then each figure that differs from the one stored
 * and each row not written, with the sale and both versions.
 */
export function importMessage(rows: readonly PlacementRow[], result: ApplyResult): string {
  const up = result.upgraded;
  const upgraded = up
    ? ` The ${TABLE} table, made by ${up.wroteIt}, was upgraded to this version's layout (columns of your own kept): added columns: ${up.added.join(", ")}; formulas updated: ${up.formulas.length > 0 ? up.formulas.join(", ") : "none"}.`
    : "";
  return importSummary(rows, result) + upgraded;
}

function importSummary(rows: readonly PlacementRow[], result: ApplyResult): string {
  if (!rows.some(statesFigures)) return `Done: ${plural(result.added, "new row")} added to the ${TABLE} table, ${formatCount(result.skipped)} already there skipped.`;
  const money = rows.some((r) => r.statedCommission !== undefined || r.statedNet !== undefined);
  const settlement = rows.some((r) => r.statedSettlement !== undefined);
  const stated = money && settlement ? "Commission, Net Proceeds and Settlement Date" : money ? "Commission and Net Proceeds" : "Settlement Date";
  const figure = (column: AgentColumn, v: unknown) => (column === "Agent Settlement" && typeof v === "number" ? isoDate(v) : typeof v === "number" ? formatMoney(v) : shown(v));
  const parts = [
    `Done: ${plural(result.added, "new sale")} added to the ${TABLE} table with the agent's figures; ` +
      `${plural(result.filled, "sale")} already in the table filled with the agent's ${stated}; ` +
      `${plural(result.unmatched.length, "statement row")} could not be matched; ${formatCount(result.skipped)} already there.`,
  ];
  if (result.conflicts.length > 0) {
    const one = result.conflicts.length === 1;
    parts.push(
      `${plural(result.conflicts.length, "stated figure")} differ${one ? "s" : ""} from ${one ? "the one" : "those"} already in the table and ${one ? "was" : "were"} not changed: ` +
        listed(result.conflicts.map((c) => `${sale(c.row, true)}: ${c.column} in the table ${figure(c.column, c.stored)}, in the statement ${figure(c.column, c.stated)}`)) +
        ".",
    );
  }
  if (result.unmatched.length > 0) {
    parts.push(
      "Not written, as the table has a sale of the same date, agreement and placement with other shares or price (adding it would count the sale twice; correct the report or the table, then import the statement again): " +
        listed(result.unmatched.map((u) => `${sale(u.row, false)}: ${sharesAt(u.row.shares, u.row.price)} in the statement, ${u.near.map((n) => sharesAt(n.shares, n.price)).join(" or ")} in the table`)) +
        ".",
    );
  }
  return parts.join(" ");
}

/**
 * The Import command: the Terms sheet read again first (the shared runtime outlives the pane, and
 * the user may have edited the sheet by hand since the report was checked), the report planned
 * again against those terms, then applied. Never throws: the outcome's message says what happened.
 */
export async function runImport(
  excel: ExcelRun,
  reportText: string,
  readTerms: (excel: ExcelRun) => Promise<DealTerms | undefined>,
  hooks: Pick<ApplyOptions, "onProgress" | "isCancelled" | "chunkBytes"> & {
    /** The excesses the analyst confirmed in the preview ("Import past the program maximum"). */
    confirmedPast?: readonly ProgramExcess[];
  } = {},
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
    const { confirmedPast = [], ...options } = hooks;
    const result = await applyPlan(excel, plan.rows, { ...options, terms, program: { confirmed: confirmedPast } });
    return { ok: true, plan, result, message: importMessage(plan.rows, result) };
  } catch (error) {
    return { ok: false, plan, message: importFailureMessage(error), ...(error instanceof PastProgram ? { pastProgram: error.excesses } : {}) };
  }
}
