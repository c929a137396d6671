/*
 * "Share with bankers", the thin Excel.run layer: Prepare for sharing (copies of the chosen
 * sheets whose CEO formulas become native formulas or values, the CEO Holidays sheet, the
 * originals on a hidden sheet, a note on each copy), Restore formulas, and Repair #NAME?.
 * Every command is all or nothing: a failure puts the workbook back as it was. Prepare and Restore
 * report progress and can be cancelled between their requests (runner.ts): a cancel undoes what
 * was done, as a failure does.
 *
 * One set of shared copies at a time: the copies a Prepare made are known from the records on the
 * originals sheet (column A names the copy; column D, on the row of its note, the sheet it was made
 * from). A second Prepare replaces them, under the same names; Restore removes them.
 */
import { HOLIDAY_COLUMNS, HOLIDAY_REASON_TITLE, HOLIDAYS_SHEET, holidayLists } from "../../core/calendar.formula";
import { addressCorners, cellAddress } from "../../core/formulaText";
import { chunkByBytes, DEFAULT_CHUNK_BYTES, type ExcelRun } from "../import/apply";
import { blockOf, readBlocks } from "../excel/blocks";
import { supports, watchSyncs } from "../excel/run";
import { textContent, writeContents } from "../excel/text";
import { formatCount } from "../format";
import { CommandCancelled } from "../runner";
import { copyName, copyOrigin, formulaOf, hasCeoCall, noteAddress, noteText, outsideWarnings, planSharing, replacedName, rowResultCells, sheetsToCopy, topLeft, type CellWrite, type Original, type SharePlan, type SheetGrid, type WorkbookName } from "./share";

export type { ExcelRun };
export { blockOf, readBlocks, type Block, type Grids } from "../excel/blocks";
export const ORIGINALS_SHEET = "CEO Originals";
const ORIGINALS_HEADER = ["Sheet", "Cell", "Formula", "Copy of"];

export interface ShareResult {
  ok: boolean;
  message: string;
  details: string[];
}

interface Run {
  address: string;
  contents: (string | number | boolean)[][];
  cells: CellWrite[];
}

/** Writes grouped into runs of cells down one column (of at most maxBytes each), each run one range write. */
export function columnRuns(writes: readonly CellWrite[], maxBytes = Infinity): Run[] {
  const sorted = [...writes].sort((a, b) => a.column - b.column || a.row - b.row);
  const runs: { column: number; first: number; bytes: number; cells: CellWrite[] }[] = [];
  for (const w of sorted) {
    const last = runs[runs.length - 1];
    const bytes = JSON.stringify(w.content).length + 3;
    if (last && last.column === w.column && last.first + last.cells.length === w.row && last.bytes + bytes <= maxBytes) {
      last.cells.push(w);
      last.bytes += bytes;
    } else runs.push({ column: w.column, first: w.row, bytes, cells: [w] });
  }
  return runs.map((r) => ({
    address: r.cells.length === 1 ? cellAddress(r.first + 1, r.column + 1) : `${cellAddress(r.first + 1, r.column + 1)}:${cellAddress(r.first + r.cells.length, r.column + 1)}`,
    contents: r.cells.map((w) => [w.content]),
    cells: r.cells,
  }));
}

/** A formula of the copy Excel refused: the cell got its value instead. */
export interface Refusal {
  sheet: string;
  cell: CellWrite;
  reason: string;
}

/**
 * Whether a failed request may be Excel refusing one cell's formula. Which error code Excel gives
 * for a formula it will not take (too long in its internal form, nested too deep, a literal it
 * does not know) is undocumented; "InvalidArgument" ("The argument is invalid or missing or has
 * an incorrect format", Excel.ErrorCodes) is the code for a value a property does not accept, so
 * it is the one retried cell by cell. Any other failure (5 MB, a protected sheet, a lost
 * connection) fails the command, which then undoes itself.
 */
const mayBeRefusal = (error: unknown) => (error as { code?: string })?.code === "InvalidArgument";

/**
 * Writes cells sheet by sheet in requests of at most chunkBytes. With `keepRefused`, a request
 * Excel refuses as an invalid argument is written again in halves down to single cells (a request
 * that fails may have applied what came before the failing write: writing it again is the same),
 * and a single formula cell Excel refuses gets its fallback value instead; the refusals are returned.
 */
async function writeCells(
  context: Excel.RequestContext,
  bySheet: ReadonlyMap<string, readonly CellWrite[]>,
  chunkBytes: number,
  keepRefused = false,
  onWritten?: (cells: number, total: number) => void,
): Promise<Refusal[]> {
  const runs = [...bySheet].flatMap(([sheet, writes]) => columnRuns(writes, chunkBytes / 2).map((run) => ({ sheet, ...run })));
  const refusals: Refusal[] = [];
  const write = async (chunk: readonly (Run & { sheet: string })[]): Promise<void> => {
    context.application.suspendApiCalculationUntilNextSync();
    for (const run of chunk) context.workbook.worksheets.getItem(run.sheet).getRange(run.address).formulas = run.contents as any[][];
    try {
      await context.sync();
    } catch (error) {
      if (!keepRefused || !mayBeRefusal(error)) throw error;
      const cells = chunk.flatMap((run) => run.cells.map((cell) => ({ sheet: run.sheet, cell })));
      const only = cells.length === 1 ? cells[0]! : undefined;
      if (only) {
        if (!only.cell.fallback) throw error;
        refusals.push({ sheet: only.sheet, cell: only.cell, reason: `Excel refused the native formula: ${(error as Error).message}` });
        context.workbook.worksheets.getItem(only.sheet).getRange(only.cell.address).formulas = [[only.cell.fallback.content]];
        await context.sync();
        return;
      }
      const half = Math.ceil(cells.length / 2);
      for (const part of [cells.slice(0, half), cells.slice(half)]) {
        const sheets = new Map<string, CellWrite[]>();
        for (const { sheet, cell } of part) sheets.set(sheet, [...(sheets.get(sheet) ?? []), cell]);
        await write([...sheets].flatMap(([sheet, writes]) => columnRuns(writes).map((run) => ({ sheet, ...run }))));
      }
    }
  };
  const total = runs.reduce((n, run) => n + run.cells.length, 0);
  let written = 0;
  for (const chunk of chunkByBytes(runs, chunkBytes)) {
    await write(chunk);
    written += chunk.reduce((n, run) => n + run.cells.length, 0);
    onWritten?.(written, total);
  }
  return refusals;
}

/**
 * What a cell holds, as a content that writes it back the same through Range.formulas: its
 * formula, or its value with text through the text writer. (A constant error typed into a cell
 * reads the same as text that spells it; without Range.valueTypes the two cannot be told apart,
 * and such a cell comes back as text.)
 */
function contentOf(formula: unknown, value: unknown): string | number | boolean {
  const written = formulaOf(formula, value);
  if (written !== undefined) return written;
  if (typeof value === "number" || typeof value === "boolean") return value;
  return typeof value === "string" ? textContent(value) : "";
}

/**
 * What Restore writes for a formula recorded on the originals sheet (read through Range.values,
 * which gives the recorded text without the apostrophe it was written with): a formula ("=...")
 * as a formula, "" (the cell was empty) as empty, anything else (not what Prepare records: an
 * older version's record, or a hand edit) as the text or number it is, never read as a formula.
 */
function recordedContent(recorded: unknown): string | number | boolean {
  if (typeof recorded === "number" || typeof recorded === "boolean") return recorded;
  const text = String(recorded ?? "");
  return text === "" || text.startsWith("=") ? text : textContent(text);
}

const SYSTEM_SHEETS = new Set([ORIGINALS_SHEET.toLowerCase(), HOLIDAYS_SHEET.toLowerCase()]);

export interface PrepareOptions {
  /** Sheets to copy; default every visible sheet but the add-in's own and the shared copies. */
  sheets?: readonly string[];
  chunkBytes?: number;
  now?: Date;
  /** How long Prepare waits for Excel to finish calculating: this many looks, this far apart (default 20 x 250 ms). */
  calculationWait?: { looks: number; delayMs: number };
  /** Progress, in thousandths of the whole command, with the step it is at. */
  onProgress?: (done: number, total: number, step: string) => void;
  /** Asked after each request and each planning step: true stops the command, which undoes what it did and throws CommandCancelled. */
  isCancelled?: () => boolean;
}

/**
 * A command's progress in steps weighted by the time each takes (measured on a 60,000-row
 * Placements sheet: converting the formulas is most of Prepare), reported in thousandths.
 */
function stepProgress<Step extends string>(steps: readonly (readonly [Step, number])[], onProgress?: (done: number, total: number, step: string) => void) {
  const sum = steps.reduce((n, [, weight]) => n + weight, 0);
  let last = 0;
  return (step: Step, done: number, total: number) => {
    if (!onProgress) return;
    const at = steps.findIndex(([name]) => name === step);
    const before = steps.slice(0, at).reduce((n, [, weight]) => n + weight, 0);
    const part = total > 0 ? Math.min(1, done / total) : 1;
    last = Math.max(last, Math.round(((before + steps[at]![1] * part) / sum) * 1000));
    onProgress(last, 1000, step);
  };
}

/**
 * A cancel, looked for after every request of the batch (its reads and writes, readBlocks' and
 * writeCells' too) until `stop`: after a request, what the workbook holds is known, so the undo is
 * exact. The undo's own requests and the tidying after success are not cancelled.
 */
function cancelBetweenRequests(context: Excel.RequestContext, isCancelled?: () => boolean) {
  let live = isCancelled !== undefined;
  const check = () => {
    if (live && isCancelled!()) throw new CommandCancelled();
  };
  if (isCancelled) watchSyncs(context, { after: check });
  return {
    check,
    stop: () => {
      live = false;
    },
  };
}

/** A copy recorded on the originals sheet, and the sheet it was made from (undefined when that cannot be told). */
interface RecordedCopy {
  copy: string;
  original: string | undefined;
}

/**
 * The records on the originals sheet from row 2: the copy (A), the cell (B) and its formula (C),
 * and on a note's row the sheet the copy was made from (D). `all` false reads only A and D.
 */
async function readRecords(context: Excel.RequestContext, used: Excel.Range, all: boolean, onRead?: (cells: number, total: number) => void) {
  const last = topLeft(used.address).row + used.rowCount;
  if (last < 2) return [];
  const blocks = all ? [blockOf(ORIGINALS_SHEET, `A2:D${last}`)] : [blockOf(ORIGINALS_SHEET, `A2:A${last}`), blockOf(ORIGINALS_SHEET, `D2:D${last}`)];
  const grids = await readBlocks(context, blocks, ["values"], undefined, onRead);
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return grids[0]!.values.map((row, i) => {
    const [sheet, address, formula, copyOf] = all ? row : [row[0], "", "", grids[1]!.values[i]?.[0]];
    return { sheet: text(sheet), address: text(address), formula, copyOf: text(copyOf) };
  });
}

/** The copies the records name, in the order first recorded, each with the sheet it was made from: column D, or its name ("Deal (shared)": "Deal"). */
function recordedCopies(records: readonly { sheet: string; copyOf: string }[]): RecordedCopy[] {
  const copies = new Map<string, RecordedCopy>();
  for (const { sheet, copyOf } of records) {
    if (sheet === "") continue;
    const copy = copies.get(sheet) ?? { copy: sheet, original: undefined };
    if (copyOf !== "") copy.original = copyOf;
    copies.set(sheet, copy);
  }
  for (const copy of copies.values()) copy.original ??= copyOrigin(copy.copy);
  return [...copies.values()];
}

/** "A", "A" and "B", "A", "B" and "C". */
const quoted = (names: readonly string[]) => {
  const q = names.map((n) => `"${n}"`);
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} and ${q.at(-1)}`;
};

/**
 * Exactly what to send: the copies and, when their formulas read it, the holidays list, moved
 * together to a workbook of their own (references between sheets moved together stay between
 * them). Not this workbook: its original sheets show #NAME? to someone without the add-in, and its
 * hidden originals sheet holds every CEO formula.
 */
export function whatToSend(copies: readonly string[], holidays: boolean): string {
  const sheets = [...copies, ...(holidays ? [HOLIDAYS_SHEET] : [])];
  const one = sheets.length === 1;
  return (
    `Send ${quoted(sheets)} in a workbook of ${one ? "its" : "their"} own: ` +
    `${one ? "select that tab, right-click it" : "select those tabs (Ctrl+click; Cmd+click on a Mac), right-click one"} > Move or Copy > To book: (new book), tick Create a copy, OK, then save and send the new workbook. ` +
    "Not this one: its original sheets show #NAME? without the add-in."
  );
}

/** Rows of the copies planned per step of planSharing, so that the pane can show progress and take a Cancel while a large sheet is converted. */
const PLAN_ROWS_PER_STEP = 500;
/** How long planning runs before it lets the page breathe (repaint, take a click on Cancel). */
const PLAN_SLICE_MS = 50;

/**
 * planSharing in steps of `rowsPerStep` rows, with the same result: it plans every cell of a row
 * from that row alone (a spilled row reads its own neighbours), so the copies can be planned a
 * slice of rows at a time, every sheet present (for the references between copies) but only one
 * slice holding cells. Between steps it reports the rows planned, lets the page run (every
 * PLAN_SLICE_MS) and stops when asked to (CommandCancelled).
 */
export async function planInSteps(
  grids: readonly SheetGrid[],
  allSheets: readonly string[],
  names: readonly WorkbookName[],
  sheetNames: ReadonlyMap<string, readonly WorkbookName[]>,
  steps: { rowsPerStep?: number; onStep?: (rows: number, total: number) => void; isCancelled?: () => boolean; tables?: ReadonlyMap<string, string> } = {},
): Promise<SharePlan> {
  const { rowsPerStep = PLAN_ROWS_PER_STEP, onStep, isCancelled, tables } = steps;
  const plan: SharePlan = { sheets: [], holidays: false, skipped: [], outside: [], warnings: [] };
  const total = grids.reduce((n, g) => n + g.formulas.length, 0);
  let done = 0;
  let breathed = Date.now();
  const empty = grids.map((g) => ({ ...g, formulas: [], values: [] }));
  for (const [i, grid] of grids.entries()) {
    const origin = topLeft(grid.address);
    for (let from = 0; from === 0 || from < grid.formulas.length; from += rowsPerStep) {
      const slice = { ...grid, address: cellAddress(origin.row + from + 1, origin.column + 1), formulas: grid.formulas.slice(from, from + rowsPerStep), values: grid.values.slice(from, from + rowsPerStep) };
      const part = planSharing(empty.map((g, k) => (k === i ? slice : g)), allSheets, names, sheetNames, tables);
      const sheet = part.sheets[i]!;
      const into = (plan.sheets[i] ??= { ...sheet, writes: [], originals: [], native: 0, values: 0, notes: [] });
      into.writes.push(...sheet.writes);
      into.originals.push(...sheet.originals);
      into.notes.push(...sheet.notes);
      into.native += sheet.native;
      into.values += sheet.values;
      plan.holidays ||= part.holidays;
      plan.outside.push(...part.outside);
      done += slice.formulas.length;
      onStep?.(done, total);
      if (isCancelled?.()) throw new CommandCancelled();
      if (Date.now() - breathed > PLAN_SLICE_MS) {
        await sleep(0);
        breathed = Date.now();
      }
    }
  }
  plan.warnings = outsideWarnings(plan.outside);
  return plan;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The copies' tables by their originals' names (Worksheet.tables, ExcelApi 1.1): a copy's table is
 * the one at the same place on the copied sheet, not the one at the same position in the
 * collections, whose order the reference does not state. Worksheet.copy copies a sheet's tables
 * under new names; whether the copy's own references then name them is undocumented
 * (docs/EXCEL-CHECKS.md, copied-table-references), and a formula on another copied sheet still
 * names the original: retargetTables points both at the copies.
 */
async function copiedTables(context: Excel.RequestContext, pairs: readonly (readonly [Excel.Worksheet, Excel.Worksheet])[]): Promise<Map<string, string>> {
  const lists = pairs.map(([original, copy]) => [original.tables.load("items/name"), copy.tables.load("items/name")] as const);
  await context.sync();
  const placed = lists.map((both) => both.map((list) => list.items.map((table) => ({ name: table.name, range: table.getRange().load("address") }))));
  await context.sync();
  const local = (address: string) => address.slice(address.lastIndexOf("!") + 1);
  const renames = new Map<string, string>();
  for (const [originals, copies] of placed) {
    for (const table of originals!) {
      const copy = copies!.find((c) => local(c.range.address) === local(table.range.address));
      if (copy && copy.name !== table.name) renames.set(table.name, copy.name);
    }
  }
  return renames;
}

/** Spill lookups per request: a range and its answer each, well under Excel on the web's 5 MB. */
const SPILL_LOOKUPS_PER_REQUEST = 2000;

/**
 * How many cells of its row each lone CEO.WARRANTS or CEO.LOCKUP call of the original sheet
 * spilled into, by Range.getSpillingToRangeOrNullObject (ExcelApi 1.12); undefined below 1.12,
 * where planSharing tells a spill from the formula's value (SheetGrid.spills).
 */
async function spillsOf(context: Excel.RequestContext, grid: SheetGrid): Promise<Map<string, number> | undefined> {
  if (!supports("ExcelApi", "1.12")) return undefined;
  const anchors = rowResultCells(grid.address, grid.formulas, grid.values);
  const spills = new Map<string, number>();
  for (let i = 0; i < anchors.length; i += SPILL_LOOKUPS_PER_REQUEST) {
    const sheet = context.workbook.worksheets.getItem(grid.name);
    const asked = anchors.slice(i, i + SPILL_LOOKUPS_PER_REQUEST).map((address) => [address, sheet.getRange(address).getSpillingToRangeOrNullObject().load("columnCount")] as const);
    await context.sync();
    for (const [address, range] of asked) spills.set(address, range.isNullObject ? 1 : range.columnCount);
  }
  return spills;
}

/**
 * Why Prepare cannot keep values now, or undefined when it can. The values it keeps (where no
 * native formula fits) and the values it reads to tell text from formulas must be current:
 * - Manual calculation (Application.calculationMode, ExcelApi 1.1 to read: "Manual, where
 *   calculation is done when the user requests it", https://learn.microsoft.com/javascript/api/excel/excel.calculationmode)
 *   is refused: the API does not say whether a manual workbook was recalculated since its last
 *   change, so even after F9 the pane could not tell; the user switches to Automatic (which
 *   recalculates) and may switch back afterwards. The pane does not switch it (setting it needs
 *   ExcelApi 1.8, and changes the user's workbook setting) nor calculate for the user.
 * - Still calculating (Application.calculationState, ExcelApi 1.9: "Calculating: calculations in
 *   progress", "Pending: changes that trigger calculation have been made, but a recalculation has
 *   not yet been performed", https://learn.microsoft.com/javascript/api/excel/excel.calculationstate)
 *   is waited for, and refused if it lasts. Below ExcelApi 1.9 the state cannot be read: an
 *   automatic workbook is taken as calculated.
 */
async function calculationRefusal(context: Excel.RequestContext, wait: { looks: number; delayMs: number }): Promise<string | undefined> {
  const application = context.application;
  const withState = supports("ExcelApi", "1.9");
  application.load(withState ? "calculationMode,calculationState" : "calculationMode");
  await context.sync();
  if (application.calculationMode === "Manual") {
    return "Excel calculates this workbook manually, so the values Prepare would keep may be out of date. Switch to automatic calculation (Formulas > Calculation Options > Automatic), which recalculates the workbook, then prepare again; you can switch back to Manual afterwards. Nothing was changed.";
  }
  if (!withState) return undefined;
  for (let look = 1; application.calculationState !== "Done"; look++) {
    if (look >= wait.looks) {
      return `Excel is still calculating (${application.calculationState}): the values Prepare would keep are not final yet. Wait until the status bar no longer shows "Calculating", then prepare again. Nothing was changed.`;
    }
    await sleep(wait.delayMs);
    application.load("calculationState");
    await context.sync();
  }
  return undefined;
}

const PREPARE_STEPS = [
  ["Reading the sheets", 10],
  ["Copying the sheets", 10],
  ["Converting the CEO formulas", 50],
  ["Recording the original formulas", 10],
  ["Writing the copies", 20],
] as const;

/**
 * "Prepare for sharing": copies of the sheets with native formulas or values in place of CEO
 * formulas. The copies of an earlier Prepare are replaced, all or nothing: renamed out of the way
 * ("Deal (shared) (old)") with their records, the new copies made under the same names, and only
 * then the old ones deleted; a failure or a cancel deletes the new ones and names the old ones back.
 */
export async function prepareForSharing(run: ExcelRun, options: PrepareOptions = {}): Promise<ShareResult> {
  const { chunkBytes = DEFAULT_CHUNK_BYTES, now = new Date(), calculationWait = { looks: 20, delayMs: 250 } } = options;
  const progress = stepProgress(PREPARE_STEPS, options.onProgress);
  return run(async (context) => {
    const cancel = cancelBetweenRequests(context, options.isCancelled);
    const stale = await calculationRefusal(context, calculationWait);
    if (stale) return { ok: false, message: stale, details: [] };
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name,items/visibility");
    const workbookNameItems = context.workbook.names.load("items/name,items/formula");
    await context.sync();
    const allNames = worksheets.items.map((s) => s.name);
    const byLower = new Map(allNames.map((n) => [n.toLowerCase(), n]));
    const present = (name: string | undefined) => (name === undefined ? undefined : byLower.get(name.toLowerCase()));

    // The copies an earlier Prepare made, still in the workbook, in the workbook's order.
    const originalsExisted = present(ORIGINALS_SHEET) !== undefined;
    let previous: RecordedCopy[] = [];
    if (originalsExisted) {
      const used = worksheets.getItem(ORIGINALS_SHEET).getUsedRangeOrNullObject().load("address,rowCount");
      await context.sync();
      const records = used.isNullObject ? [] : await readRecords(context, used, false);
      previous = recordedCopies(records)
        .flatMap((c) => {
          const copy = present(c.copy);
          return copy ? [{ copy, original: c.original }] : [];
        })
        .sort((a, b) => allNames.indexOf(a.copy) - allNames.indexOf(b.copy));
    }
    // Replacing a copy whose original is gone would lose it: its formulas live only there and in the records.
    const orphan = previous.find((p) => present(p.original) === undefined || present(p.original) === p.copy);
    if (orphan) {
      return {
        ok: false,
        message: `"${orphan.copy}" is a shared copy of ${orphan.original ? `"${orphan.original}"` : "a sheet"}, which is no longer in the workbook: Prepare would replace it and lose it. Restore formulas first (it puts the CEO formulas back in "${orphan.copy}" and keeps it), then prepare again. Nothing was changed.`,
        details: [],
      };
    }
    const previousCopies = new Map(previous.map((p) => [p.copy, p]));
    const chosen = options.sheets
      ? [...options.sheets]
      : worksheets.items.filter((s) => s.visibility === "Visible" && !SYSTEM_SHEETS.has(s.name.toLowerCase()) && !previousCopies.has(s.name)).map((s) => s.name);
    const missing = chosen.filter((name) => !allNames.includes(name));
    if (missing.length > 0) return { ok: false, message: `No sheet named ${missing.map((m) => `"${m}"`).join(", ")}: nothing was changed.`, details: [] };
    const copyChosen = chosen.map((name) => previousCopies.get(name)).find((p) => p !== undefined);
    if (copyChosen) {
      const original = present(copyChosen.original)!;
      return { ok: false, message: `"${copyChosen.copy}" is the shared copy of "${original}" made by an earlier Prepare: prepare "${original}" (its new copy replaces this one). Nothing was changed.`, details: [] };
    }

    const read = chosen.map((name) => {
      const sheet = worksheets.getItem(name);
      const protection = sheet.protection.load("protected");
      const used = sheet.getUsedRangeOrNullObject().load("address");
      // The sheet's own names (ExcelApi 1.4), which its formulas read before the workbook's.
      const names = sheet.names.load("items/name,items/formula");
      return { name, protection, used, names };
    });
    await context.sync();
    const protectedSheets = read.filter((r) => r.protection.protected).map((r) => r.name);
    if (protectedSheets.length > 0) {
      return { ok: false, message: `Protected sheet${protectedSheets.length === 1 ? "" : "s"} ${protectedSheets.map((p) => `"${p}"`).join(", ")}: unprotect first (Review > Unprotect Sheet). Nothing was changed.`, details: [] };
    }
    const nonEmpty = read.filter((r) => !r.used.isNullObject);
    const cells = await readBlocks(context, nonEmpty.map((r) => blockOf(r.name, r.used.address)), ["formulas", "values"], undefined, (done, total) => progress("Reading the sheets", done, total));
    const withCells = nonEmpty.map((r, i) => ({ ...r, ...cells[i]! }));
    const workbookNames: readonly WorkbookName[] = workbookNameItems.items;
    const sheetNames = new Map<string, readonly WorkbookName[]>(read.map((r) => [r.name, r.names.items]));
    // With the sheets they read (a Terms sheet read through its names), so that the copies read copies.
    const toCopy = new Set(sheetsToCopy(withCells, workbookNames, sheetNames));
    const withCeo = withCells.filter((r) => toCopy.has(r.name));
    const skipped = read.filter((r) => !toCopy.has(r.name)).map((r) => r.name);
    if (!withCells.some((r) => r.formulas.some((row, y) => row.some((f, x) => hasCeoCall(formulaOf(f, r.values[y]?.[x])))))) {
      return { ok: false, message: `No CEO formulas on ${chosen.length === 1 ? `"${chosen[0]}"` : "the chosen sheets"}: nothing to prepare, nothing was changed.`, details: [] };
    }

    const holidaysExisted = allNames.some((n) => n.toLowerCase() === HOLIDAYS_SHEET.toLowerCase());
    // The calendar formulas name ranges of this version's lists: an edited sheet would give wrong dates.
    // A sheet of 0.1.0 holds the same closures without the settlement business days: they are added.
    const holidaysState = holidaysExisted ? await holidaysSheetState(context) : "current";
    if (holidaysState === "different") {
      return {
        ok: false,
        message: `The "${HOLIDAYS_SHEET}" sheet differs from this version's calendar (made by an older version, or edited): delete it (it holds only the calendar lists) and prepare again. Nothing was changed.`,
        details: [],
      };
    }
    // The previous copies and their records make way: renamed first, deleted once the new copies are done.
    const taken = [...allNames];
    const renames = [...previous.map((p) => p.copy), ...(originalsExisted ? [present(ORIGINALS_SHEET)!] : [])].map((name) => {
      const temp = replacedName(name, taken);
      taken.push(temp);
      return { name, temp };
    });
    const freed = new Set(renames.map((r) => r.name));
    let result: ShareResult;
    /** Whether this Prepare wrote the settlement days into a 0.1.0 holidays sheet (taken back on failure). */
    let addedDays = false;
    try {
      if (renames.length > 0) {
        for (const { name, temp } of renames) worksheets.getItem(name).name = temp;
        await context.sync();
      }
      // The copies, named "<sheet> (shared)": the names the previous copies had are free again.
      const inUse = taken.filter((n) => !freed.has(n));
      const copies = withCeo.map((r) => {
        const name = copyName(r.name, inUse);
        inUse.push(name);
        const copy = worksheets.getItem(r.name).copy("End" as Excel.WorksheetPositionType.end);
        copy.name = name;
        return { read: r, name, copy };
      });
      await context.sync();
      progress("Copying the sheets", 1, 2);
      // Formulas on the copies are pointed at the copied tables (retargetTables).
      const tables = await copiedTables(
        context,
        copies.map((c) => [worksheets.getItem(c.read.name), c.copy] as const),
      );

      // Formulas as the copies hold them (Excel renames a copied table and its references), values from the originals.
      const copyFormulas = await readBlocks(context, copies.map((c) => blockOf(c.name, c.read.used.address)), ["formulas"], undefined, (done, total) => progress("Copying the sheets", 1 + done / total, 2));
      const grids: SheetGrid[] = copies.map((c, i) => ({
        name: c.read.name,
        copy: c.name,
        address: c.read.used.address.slice(c.read.used.address.lastIndexOf("!") + 1),
        formulas: copyFormulas[i]!.formulas,
        values: c.read.values,
      }));
      // Where the row results spilled, asked of Excel where it can say (SheetGrid.spills).
      for (const grid of grids) grid.spills = await spillsOf(context, grid);
      const plan = await planInSteps(grids, allNames, workbookNames, sheetNames, {
        onStep: (done, total) => progress("Converting the CEO formulas", done, total),
        isCancelled: options.isCancelled,
        tables,
      });

      if (plan.holidays && !holidaysExisted) writeHolidaysSheet(context);
      addedDays = plan.holidays && holidaysState === "without settlement days";
      if (addedDays) writeSettlementDays(context.workbook.worksheets.getItem(HOLIDAYS_SHEET));
      if (plan.holidays) await context.sync(); // a request of its own (the settlement days list is about 0.7 MB)

      // Originals on a new hidden sheet, with the note cells (empty before) so Restore clears them; a note's row names the sheet copied.
      const originals: (Original & { copyOf?: string })[] = plan.sheets.flatMap((s) => s.originals);
      const notes = plan.sheets.map((s, i) => ({ sheet: s.copy, address: noteAddress(grids[i]!.address), copyOf: s.name }));
      originals.push(...notes.map((n) => ({ sheet: n.sheet, address: n.address, formula: "", copyOf: n.copyOf })));
      const originalsSheet = worksheets.add(ORIGINALS_SHEET);
      writeContents(originalsSheet.getRange("A1:D1"), [ORIGINALS_HEADER]);
      let next = 2;
      for (const block of chunkByBytes(originals, chunkBytes)) {
        // Every field as text: a formula recorded as the text it is, a sheet named "2024" or "+Deal" as its name.
        writeContents(originalsSheet.getRange(`A${next}:D${next + block.length - 1}`), block.map((o) => [o.sheet, o.address, o.formula, o.copyOf ?? null]));
        next += block.length;
        await context.sync();
        progress("Recording the original formulas", next - 2, originals.length);
      }
      originalsSheet.visibility = "Hidden" as Excel.SheetVisibility.hidden;

      const bySheet = new Map(plan.sheets.map((s) => [s.copy, s.writes]));
      const refusals = await writeCells(context, bySheet, chunkBytes, true, (done, total) => progress("Writing the copies", done, total));
      for (const refusal of refusals) {
        const sheet = plan.sheets.find((s) => s.copy === refusal.sheet)!;
        if (refusal.cell.fallback?.counts) {
          sheet.native--;
          sheet.values++;
        }
        sheet.notes.push(`${refusal.cell.address}: value kept (${refusal.reason}${refusal.cell.fallback?.note ? `; ${refusal.cell.fallback.note}` : ""})`);
      }
      // A cell that kept its value reads no other sheet.
      const refused = new Set(refusals.map((r) => `${r.sheet}\u0000${r.cell.address}`));
      const outside = outsideWarnings(plan.outside.filter((o) => !refused.has(`${o.copy}\u0000${o.address}`)));
      for (const [i, s] of plan.sheets.entries()) writeContents(worksheets.getItem(s.copy).getRange(notes[i]!.address), [[noteText(s, now)]]);
      await context.sync();
      cancel.stop();

      const details = [
        ...plan.sheets.map((s) =>
          s.native + s.values === 0
            ? `"${s.copy}": no CEO formulas; copied because the other copies read it.`
            : `"${s.copy}": ${formatCount(s.native)} native formula${s.native === 1 ? "" : "s"}, ${formatCount(s.values)} value${s.values === 1 ? "" : "s"} kept.`,
        ),
        ...plan.sheets.flatMap((s) => s.notes.map((n) => `"${s.copy}" ${n}`)),
        ...skipped.map((s) => `"${s}" has no CEO formulas: not copied.`),
        ...outside,
        ...(plan.holidays ? [`Calendar formulas read the "${HOLIDAYS_SHEET}" sheet (exchange and settlement closures, and the settlement business days, 1985-2100).`] : []),
        ...(previous.length > 0 ? [`Replaced the cop${previous.length === 1 ? "y" : "ies"} made by the previous Prepare: ${previous.map((p) => `"${p.copy}"`).join(", ")}.`] : []),
      ];
      const total = plan.sheets.reduce((n, s) => n + s.native, 0);
      const values = plan.sheets.reduce((n, s) => n + s.values, 0);
      result = {
        ok: true,
        message:
          `Prepared ${plan.sheets.length} shared cop${plan.sheets.length === 1 ? "y" : "ies"}: ${formatCount(total)} CEO formula${total === 1 ? "" : "s"} now native${values > 0 ? `, ${formatCount(values)} kept as values` : ""}. ` +
          whatToSend(
            plan.sheets.map((s) => s.copy),
            plan.holidays,
          ),
        details,
      };
    } catch (error) {
      cancel.stop();
      await undoPrepare(context, allNames, renames);
      if (addedDays) await clearSettlementDays(context);
      throw error;
    }
    // Only now, the new copies done, do the old ones go. A failure here leaves them under their "(old)" names: said, not undone.
    result.details.push(...(await removeReplaced(context, renames)));
    progress("Writing the copies", 1, 1);
    return result;
  });
}

/**
 * Deletes what a failed Prepare made and names back what it renamed: every sheet that was not
 * there before (its copies, even one a half-applied request left unnamed, the holidays and
 * originals sheets), where a sheet named as one being replaced is new once that one goes by its
 * "(old)" name; then the "(old)" ones get their names back.
 */
async function undoPrepare(context: Excel.RequestContext, before: readonly string[], renames: readonly { name: string; temp: string }[]): Promise<void> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await context.sync();
  const now = new Set(worksheets.items.map((s) => s.name));
  const back = renames.filter((r) => now.has(r.temp));
  const renamedAway = new Set(back.map((r) => r.name));
  const temps = new Set(back.map((r) => r.temp));
  for (const sheet of worksheets.items) {
    const kept = temps.has(sheet.name) || (before.includes(sheet.name) && !renamedAway.has(sheet.name));
    if (!kept) sheet.delete();
  }
  await context.sync();
  if (back.length === 0) return;
  for (const { name, temp } of back) worksheets.getItem(temp).name = name;
  await context.sync();
}

/** Deletes the sheets a Prepare replaced, now under their "(old)" names; what could not be deleted is said. */
async function removeReplaced(context: Excel.RequestContext, renames: readonly { name: string; temp: string }[]): Promise<string[]> {
  if (renames.length === 0) return [];
  const worksheets = context.workbook.worksheets;
  for (const { temp } of renames) worksheets.getItem(temp).delete();
  try {
    await context.sync();
    return [];
  } catch (error) {
    worksheets.load("items/name");
    await context.sync();
    const left = renames.filter((r) => worksheets.items.some((s) => s.name === r.temp)).map((r) => r.temp);
    return left.length === 0
      ? []
      : [`The previous copies could not all be removed (${(error as Error).message}): delete ${quoted(left)} by hand (right-click the tab > Delete; a hidden sheet: right-click any tab > Unhide first). The new copies are complete.`];
  }
}

/**
 * The existing CEO Holidays sheet against this version's lists: "current" when every list is
 * where the formulas look for it and nothing follows; "without settlement days" when the
 * closures are and the settlement business days are blank (0.1.0 wrote no such list); else
 * "different" (edited, or another version's calendar).
 */
async function holidaysSheetState(context: Excel.RequestContext): Promise<"current" | "without settlement days" | "different"> {
  const sheet = context.workbook.worksheets.getItem(HOLIDAYS_SHEET);
  const { trading, settlement, settlementDays } = holidayLists();
  const read = (column: string, list: readonly number[]) => ({ list, range: sheet.getRange(`${column}2:${column}${list.length + 2}`).load("values") });
  const closures = [read(HOLIDAY_COLUMNS.trading.date, trading.map((c) => c.date)), read(HOLIDAY_COLUMNS.settlement.date, settlement.map((c) => c.date))];
  const days = read(HOLIDAY_COLUMNS.settlementDays.date, settlementDays);
  await context.sync();
  const blank = (v: unknown) => v === null || v === undefined || v === "";
  // Every date in its row, and nothing after the last one.
  const holds = ({ list, range }: { list: readonly number[]; range: Excel.Range }) => list.every((d, i) => range.values[i]?.[0] === d) && blank(range.values[list.length]?.[0]);
  if (!closures.every(holds)) return "different";
  if (holds(days)) return "current";
  return days.range.values.every((row) => blank(row[0])) ? "without settlement days" : "different";
}

/** The settlement business days, 1985-2100, down their column of the CEO Holidays sheet (SETTLE's native formula steps through them). */
function writeSettlementDays(sheet: Excel.Worksheet): void {
  const { settlementDays } = holidayLists();
  const column = HOLIDAY_COLUMNS.settlementDays.date;
  writeContents(sheet.getRange(`${column}1:${column}${settlementDays.length + 1}`), [[HOLIDAY_COLUMNS.settlementDays.title], ...settlementDays.map((d) => [d])]);
  sheet.getRange(`${column}2:${column}${settlementDays.length + 1}`).numberFormat = settlementDays.map(() => ["yyyy-mm-dd"]);
}

/** Takes back writeSettlementDays on a sheet that existed before a Prepare that failed. */
async function clearSettlementDays(context: Excel.RequestContext): Promise<void> {
  const column = HOLIDAY_COLUMNS.settlementDays.date;
  context.workbook.worksheets.getItem(HOLIDAYS_SHEET).getRange(`${column}1:${column}${holidayLists().settlementDays.length + 1}`).clear();
  await context.sync();
}

/** The CEO Holidays sheet: exchange closures and settlement closures, each date with its reason, and the settlement business days. */
function writeHolidaysSheet(context: Excel.RequestContext): void {
  const sheet = context.workbook.worksheets.add(HOLIDAYS_SHEET);
  const { trading, settlement } = holidayLists();
  const write = (columns: { date: string; name: string; title: string }, list: { date: number; name: string }[]) => {
    const range = sheet.getRange(`${columns.date}1:${columns.name}${list.length + 1}`);
    writeContents(range, [[columns.title, HOLIDAY_REASON_TITLE], ...list.map((c) => [c.date, c.name])]);
    sheet.getRange(`${columns.date}2:${columns.date}${list.length + 1}`).numberFormat = list.map(() => ["yyyy-mm-dd"]);
  };
  write(HOLIDAY_COLUMNS.trading, trading);
  write(HOLIDAY_COLUMNS.settlement, settlement);
  writeSettlementDays(sheet);
}

/** Restore stopped after removing some of the copies: what remains is said, and Restore again finishes. */
export class StoppedPartWay extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoppedPartWay";
  }
}

const RESTORE_STEPS = [
  ["Reading the records", 30],
  ["Putting the formulas back", 50],
  ["Removing the add-in's sheets", 20],
] as const;

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * "Restore formulas": the add-in's sheets go, the shared copies first. A copy whose original is
 * still in the workbook is deleted (the original was never changed: it holds the CEO formulas). A
 * copy whose original is gone (the analyst deleted it and kept working in the copy) gets its
 * recorded formulas back and stays. Deleting sheets cannot be undone, so it comes last, in one
 * request; if that request fails part-way, the pane says which copies are gone and what remains,
 * and the records stay so that Restore again finishes.
 */
export async function restoreFormulas(run: ExcelRun, options: { chunkBytes?: number; onProgress?: (done: number, total: number, step: string) => void; isCancelled?: () => boolean } = {}): Promise<ShareResult> {
  const { chunkBytes = DEFAULT_CHUNK_BYTES } = options;
  const progress = stepProgress(RESTORE_STEPS, options.onProgress);
  return run(async (context) => {
    const cancel = cancelBetweenRequests(context, options.isCancelled);
    const worksheets = context.workbook.worksheets;
    const originalsSheet = worksheets.getItemOrNullObject(ORIGINALS_SHEET);
    const holidaysSheet = worksheets.getItemOrNullObject(HOLIDAYS_SHEET);
    worksheets.load("items/name");
    await context.sync();
    if (originalsSheet.isNullObject) return { ok: false, message: `There is no "${ORIGINALS_SHEET}" sheet: nothing to restore.`, details: [] };
    const used = originalsSheet.getUsedRangeOrNullObject().load("address,rowCount");
    await context.sync();
    const records = used.isNullObject ? [] : await readRecords(context, used, true, (done, total) => progress("Reading the records", done, total));
    const byLower = new Map(worksheets.items.map((s) => [s.name.toLowerCase(), s.name]));
    const present = (name: string | undefined) => (name === undefined ? undefined : byLower.get(name.toLowerCase()));
    const removed: { copy: string; original: string }[] = [];
    const kept = new Map<string, string | undefined>();
    const gone: string[] = [];
    for (const { copy, original } of recordedCopies(records)) {
      const sheet = present(copy);
      const from = present(original);
      if (!sheet) gone.push(copy);
      else if (from && from !== sheet) removed.push({ copy: sheet, original: from });
      else kept.set(copy, original);
    }
    const tab = (name: string) => worksheets.items.findIndex((s) => s.name === name);
    removed.sort((a, b) => tab(a.copy) - tab(b.copy));
    const bySheet = new Map<string, CellWrite[]>();
    for (const { sheet, address, formula } of records) {
      if (!kept.has(sheet) || address === "") continue;
      const { row, column } = topLeft(address);
      const list = bySheet.get(sheet) ?? [];
      list.push({ address, row, column, content: recordedContent(formula) });
      bySheet.set(sheet, list);
    }
    // What the cells hold now, to put back if a request fails half-way: formulas as formulas, text as text.
    const runs = [...bySheet].flatMap(([sheet, writes]) => columnRuns(writes).map((r) => blockOf(sheet, r.address)));
    const loaded = await readBlocks(context, runs, ["formulas", "values"]);
    const before = new Map<string, CellWrite[]>();
    runs.forEach((run, i) => {
      const list = before.get(run.sheet) ?? [];
      const { formulas, values } = loaded[i]!;
      formulas.forEach((row, r) => {
        list.push({ address: cellAddress(run.row + r + 1, run.column + 1), row: run.row + r, column: run.column, content: contentOf(row[0], values[r]?.[0]) });
      });
      before.set(run.sheet, list);
    });
    try {
      await writeCells(context, bySheet, chunkBytes, false, (done, total) => progress("Putting the formulas back", done, total));
      progress("Putting the formulas back", 1, 1);
      cancel.check(); // the last moment a cancel can undo everything
      cancel.stop();
      // The copies, then the records, in the last request: the records go only with every copy.
      for (const { copy } of removed) worksheets.getItem(copy).delete();
      originalsSheet.delete();
      await context.sync();
    } catch (error) {
      cancel.stop();
      await writeCells(context, before, chunkBytes);
      const left = worksheets.getItemOrNullObject(ORIGINALS_SHEET);
      worksheets.load("items/name");
      await context.sync();
      const names = new Set(worksheets.items.map((s) => s.name));
      const done = removed.filter((r) => !names.has(r.copy)).map((r) => r.copy);
      if (done.length === 0 && !left.isNullObject) throw error;
      const remain = [...removed.filter((r) => names.has(r.copy)).map((r) => `"${r.copy}"`), ...(left.isNullObject ? [] : [`the "${ORIGINALS_SHEET}" sheet`])];
      throw new StoppedPartWay(
        `Restore stopped (${(error as Error).message}) after removing ${quoted(done)}; ${remain.join(", ")} ${remain.length === 1 ? "remains" : "remain"}: Restore formulas again to finish.`,
      );
    }
    progress("Removing the add-in's sheets", 1, 2);
    // Tidying up after the restore has succeeded: a failure here leaves only the holidays list.
    const addIns = [ORIGINALS_SHEET];
    const tidy: string[] = [];
    if (!holidaysSheet.isNullObject) {
      try {
        holidaysSheet.delete();
        await context.sync();
        addIns.push(HOLIDAYS_SHEET);
      } catch {
        tidy.push(`The "${HOLIDAYS_SHEET}" sheet could not be removed; no formula needs it now.`);
      }
    }
    progress("Removing the add-in's sheets", 2, 2);
    const sheetsSaid = `the add-in's ${plural(addIns.length, "sheet", "sheets")} ${quoted(addIns)}`;
    const parts: string[] = [];
    if (removed.length > 0) {
      const originals = removed.map((r) => r.original);
      parts.push(
        `Removed the shared ${plural(removed.length, "copy", "copies")} ${quoted(removed.map((r) => r.copy))}${removed.length > 1 ? "," : ""} and ${sheetsSaid}. ` +
          `The original ${plural(originals.length, "sheet", "sheets")} ${quoted(originals)} ${plural(originals.length, "keeps its", "keep their")} CEO formulas.`,
      );
    }
    if (bySheet.size > 0) {
      const count = [...bySheet.values()].reduce((n, w) => n + w.length, 0);
      const copies = [...bySheet.keys()];
      const originals = copies.map((c) => kept.get(c)).filter((o): o is string => o !== undefined);
      const why = copies.length === 1 ? `its original sheet${originals[0] ? ` "${originals[0]}"` : ""} is` : `their original sheets${originals.length > 0 ? ` ${quoted(originals)}` : ""} are`;
      parts.push(
        `Restored ${formatCount(count)} cell${count === 1 ? "" : "s"} on ${copies.length} sheet${copies.length === 1 ? "" : "s"}: the CEO formulas are back in ${quoted(copies)}, kept because ${why} no longer in the workbook.` +
          (removed.length === 0 ? ` Removed ${sheetsSaid}.` : ""),
      );
    }
    if (parts.length === 0) parts.push(`Removed ${sheetsSaid}; the shared copies were removed before.`);
    return {
      ok: true,
      message: parts.join(" "),
      details: [...gone.map((g) => `"${g}" no longer exists: its ${formatCount(records.filter((r) => r.sheet === g).length)} recorded cells were skipped.`), ...tidy],
    };
  });
}

/** "Repair": enters again every CEO formula whose cell shows #NAME? (a #NAME? saved while the add-in was missing). */
export async function repairNames(run: ExcelRun, options: { chunkBytes?: number } = {}): Promise<ShareResult> {
  const { chunkBytes = DEFAULT_CHUNK_BYTES } = options;
  return run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    await context.sync();
    const sheets = worksheets.items.map((sheet) => ({
      name: sheet.name,
      protection: sheet.protection.load("protected"),
      used: sheet.getUsedRangeOrNullObject().load("address"),
    }));
    await context.sync();
    const read = sheets.filter((s) => !s.used.isNullObject);
    const cells = await readBlocks(context, read.map((s) => blockOf(s.name, s.used.address)), ["formulas", "values"]);
    const bySheet = new Map<string, CellWrite[]>();
    const locked: string[] = [];
    for (const [i, { name, protection, used }] of read.entries()) {
      const { formulas, values } = cells[i]!;
      const origin = topLeft(used.address);
      const writes: CellWrite[] = [];
      formulas.forEach((row, r) =>
        row.forEach((formula, c) => {
          const written = formulaOf(formula, values[r]?.[c]);
          if (written !== undefined && hasCeoCall(written) && values[r]?.[c] === "#NAME?") {
            writes.push({ address: cellAddress(origin.row + r + 1, origin.column + c + 1), row: origin.row + r, column: origin.column + c, content: written });
          }
        }),
      );
      if (writes.length === 0) continue;
      if (protection.protected) locked.push(name);
      else bySheet.set(name, writes);
    }
    if (locked.length > 0) {
      return { ok: false, message: `CEO formulas showing #NAME? on protected sheet${locked.length === 1 ? "" : "s"} ${locked.map((l) => `"${l}"`).join(", ")}: unprotect first. Nothing was changed.`, details: [] };
    }
    const count = [...bySheet.values()].reduce((n, w) => n + w.length, 0);
    if (count === 0) return { ok: true, message: "No CEO formula shows #NAME?: nothing to repair.", details: [] };
    await writeCells(context, bySheet, chunkBytes);
    return { ok: true, message: `Re-entered ${formatCount(count)} CEO formula${count === 1 ? "" : "s"} that showed #NAME?.`, details: [...bySheet].map(([s, w]) => `"${s}": ${w.map((x) => x.address).join(", ")}`) };
  });
}

/**
 * Recipients without the add-in are not asked to trust it: "Office.DisableTrustUX" in the
 * document's settings (Microsoft Learn, "Managing trust options for Office Add-ins": set with
 * Office.context.document.settings.set("Office.DisableTrustUX", true) and saved with
 * saveAsync; stored in the document's OOXML; honoured by Office on Windows and Mac only).
 */
export function disableTrustPrompts(office: typeof Office | undefined = typeof Office === "undefined" ? undefined : Office): Promise<boolean> {
  const settings = office?.context?.document?.settings;
  if (!settings) return Promise.resolve(false);
  settings.set("Office.DisableTrustUX", true);
  return new Promise((resolve) => settings.saveAsync((result) => resolve(String(result.status).toLowerCase() === "succeeded")));
}
