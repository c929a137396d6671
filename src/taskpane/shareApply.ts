/*
 * "Share with bankers", the thin Excel.run layer: Prepare for sharing (copies of the chosen
 * sheets whose CEO formulas become native formulas or values, the CEO Holidays sheet, the
 * originals on a hidden sheet, a note on each copy), Restore formulas, and Repair #NAME?.
 * Every command is all or nothing: a failure puts the workbook back as it was.
 */
import { HOLIDAY_COLUMNS, HOLIDAYS_SHEET, holidayLists } from "../core/calendar.formula";
import { addressCorners, cellAddress } from "../core/formulaText";
import { chunkByBytes, DEFAULT_CHUNK_BYTES, type ExcelRun } from "./apply";
import { blockOf, readBlocks } from "./excel/blocks";
import { supports } from "./excel/run";
import { textContent, writeContents } from "./excel/text";
import { copyName, formulaOf, hasCeoCall, nameTargets, noteAddress, noteText, planSharing, topLeft, type CellWrite, type Original, type SheetGrid } from "./share";

export type { ExcelRun };
export { blockOf, readBlocks, type Block, type Grids } from "./excel/blocks";
export const ORIGINALS_SHEET = "CEO Originals";
const ORIGINALS_HEADER = ["Sheet", "Cell", "Formula"];

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
function columnRuns(writes: readonly CellWrite[], maxBytes = Infinity): Run[] {
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
async function writeCells(context: Excel.RequestContext, bySheet: ReadonlyMap<string, readonly CellWrite[]>, chunkBytes: number, keepRefused = false): Promise<Refusal[]> {
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
  for (const chunk of chunkByBytes(runs, chunkBytes)) await write(chunk);
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
  /** Sheets to copy; default every visible sheet but the add-in's own. */
  sheets?: readonly string[];
  chunkBytes?: number;
  now?: Date;
  /** How long Prepare waits for Excel to finish calculating: this many looks, this far apart (default 20 x 250 ms). */
  calculationWait?: { looks: number; delayMs: number };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

/** "Prepare for sharing": copies of the sheets with native formulas or values in place of CEO formulas. */
export async function prepareForSharing(run: ExcelRun, options: PrepareOptions = {}): Promise<ShareResult> {
  const { chunkBytes = DEFAULT_CHUNK_BYTES, now = new Date(), calculationWait = { looks: 20, delayMs: 250 } } = options;
  return run(async (context) => {
    const stale = await calculationRefusal(context, calculationWait);
    if (stale) return { ok: false, message: stale, details: [] };
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name,items/visibility");
    const workbookNames = context.workbook.names.load("items/name,items/formula");
    await context.sync();
    const allNames = worksheets.items.map((s) => s.name);
    const chosen = options.sheets
      ? [...options.sheets]
      : worksheets.items.filter((s) => s.visibility === "Visible" && !SYSTEM_SHEETS.has(s.name.toLowerCase())).map((s) => s.name);
    const missing = chosen.filter((name) => !allNames.includes(name));
    if (missing.length > 0) return { ok: false, message: `No sheet named ${missing.map((m) => `"${m}"`).join(", ")}: nothing was changed.`, details: [] };

    const read = chosen.map((name) => {
      const sheet = worksheets.getItem(name);
      const protection = sheet.protection.load("protected");
      const used = sheet.getUsedRangeOrNullObject().load("address");
      return { name, protection, used };
    });
    await context.sync();
    const protectedSheets = read.filter((r) => r.protection.protected).map((r) => r.name);
    if (protectedSheets.length > 0) {
      return { ok: false, message: `Protected sheet${protectedSheets.length === 1 ? "" : "s"} ${protectedSheets.map((p) => `"${p}"`).join(", ")}: unprotect first (Review > Unprotect Sheet). Nothing was changed.`, details: [] };
    }
    const nonEmpty = read.filter((r) => !r.used.isNullObject);
    const cells = await readBlocks(context, nonEmpty.map((r) => blockOf(r.name, r.used.address)), ["formulas", "values"]);
    const withCeo = nonEmpty.map((r, i) => ({ ...r, ...cells[i]! })).filter((r) => r.formulas.some((row, y) => row.some((f, x) => hasCeoCall(formulaOf(f, r.values[y]?.[x])))));
    const skipped = read.filter((r) => !withCeo.some((w) => w.name === r.name)).map((r) => r.name);
    if (withCeo.length === 0) {
      return { ok: false, message: `No CEO formulas on ${chosen.length === 1 ? `"${chosen[0]}"` : "the chosen sheets"}: nothing to prepare, nothing was changed.`, details: [] };
    }

    const holidaysExisted = allNames.some((n) => n.toLowerCase() === HOLIDAYS_SHEET.toLowerCase());
    // The calendar formulas name ranges of this version's lists: an older or edited sheet would give wrong dates.
    if (holidaysExisted && !(await holidaysSheetIsCurrent(context))) {
      return {
        ok: false,
        message: `The "${HOLIDAYS_SHEET}" sheet differs from this version's calendar (made by an older version, or edited): delete it (it holds only the closures list) and prepare again. Nothing was changed.`,
        details: [],
      };
    }
    const originalsExisted = allNames.includes(ORIGINALS_SHEET);
    // Rows already on the originals sheet: appended after, and all an undo keeps.
    let originalsRowsBefore = 1;
    if (originalsExisted) {
      const used = worksheets.getItem(ORIGINALS_SHEET).getUsedRangeOrNullObject().load("address,rowCount");
      await context.sync();
      originalsRowsBefore = used.isNullObject ? 1 : Math.max(1, topLeft(used.address).row + used.rowCount);
    }
    try {
      // The copies, named "<sheet> (shared)".
      const taken = [...allNames];
      const copies = withCeo.map((r) => {
        const name = copyName(r.name, taken);
        taken.push(name);
        const copy = worksheets.getItem(r.name).copy("End" as Excel.WorksheetPositionType.end);
        copy.name = name;
        return { read: r, name, copy };
      });
      await context.sync();

      // Formulas as the copies hold them (Excel renames a copied table and its references), values from the originals.
      const copyFormulas = await readBlocks(context, copies.map((c) => blockOf(c.name, c.read.used.address)), ["formulas"]);
      const grids: SheetGrid[] = copies.map((c, i) => ({
        name: c.read.name,
        copy: c.name,
        address: c.read.used.address.slice(c.read.used.address.lastIndexOf("!") + 1),
        formulas: copyFormulas[i]!.formulas,
        values: c.read.values,
      }));
      const plan = planSharing(grids, allNames, nameTargets(workbookNames.items));

      if (plan.holidays && !holidaysExisted) writeHolidaysSheet(context);

      // Originals, appended to the hidden sheet, with the note cells (empty before) so Restore clears them.
      const originals: Original[] = plan.sheets.flatMap((s) => s.originals);
      const notes = plan.sheets.map((s, i) => ({ sheet: s.copy, address: noteAddress(grids[i]!.address) }));
      originals.push(...notes.map((n) => ({ sheet: n.sheet, address: n.address, formula: "" })));
      let originalsSheet: Excel.Worksheet;
      if (originalsExisted) {
        originalsSheet = worksheets.getItem(ORIGINALS_SHEET);
      } else {
        originalsSheet = worksheets.add(ORIGINALS_SHEET);
      }
      writeContents(originalsSheet.getRange("A1:C1"), [ORIGINALS_HEADER]);
      let next = originalsRowsBefore + 1;
      for (const block of chunkByBytes(originals, chunkBytes)) {
        // Every field as text: a formula recorded as the text it is, a sheet named "2024" or "+Deal" as its name.
        writeContents(originalsSheet.getRange(`A${next}:C${next + block.length - 1}`), block.map((o) => [o.sheet, o.address, o.formula]));
        next += block.length;
        await context.sync();
      }
      originalsSheet.visibility = "Hidden" as Excel.SheetVisibility.hidden;

      const bySheet = new Map(plan.sheets.map((s) => [s.copy, s.writes]));
      const refusals = await writeCells(context, bySheet, chunkBytes, true);
      for (const refusal of refusals) {
        const sheet = plan.sheets.find((s) => s.copy === refusal.sheet)!;
        if (refusal.cell.fallback?.counts) {
          sheet.native--;
          sheet.values++;
        }
        sheet.notes.push(`${refusal.cell.address}: value kept (${refusal.reason}${refusal.cell.fallback?.note ? `; ${refusal.cell.fallback.note}` : ""})`);
      }
      for (const [i, s] of plan.sheets.entries()) writeContents(worksheets.getItem(s.copy).getRange(notes[i]!.address), [[noteText(s, now)]]);
      await context.sync();

      const details = [
        ...plan.sheets.map((s) => `"${s.copy}": ${s.native} native formula${s.native === 1 ? "" : "s"}, ${s.values} value${s.values === 1 ? "" : "s"} kept.`),
        ...plan.sheets.flatMap((s) => s.notes.map((n) => `"${s.copy}" ${n}`)),
        ...skipped.map((s) => `"${s}" has no CEO formulas: not copied.`),
        ...plan.warnings,
        ...(plan.holidays ? [`Calendar formulas read the "${HOLIDAYS_SHEET}" sheet (exchange and settlement closures 1985-2100).`] : []),
        `To send the copies alone: select them${plan.holidays ? ` with "${HOLIDAYS_SHEET}"` : ""}, right-click a tab > Move or Copy > (new book).`,
      ];
      const total = plan.sheets.reduce((n, s) => n + s.native, 0);
      const values = plan.sheets.reduce((n, s) => n + s.values, 0);
      return {
        ok: true,
        message: `Prepared ${plan.sheets.length} shared cop${plan.sheets.length === 1 ? "y" : "ies"}: ${total} CEO formula${total === 1 ? "" : "s"} now native${values > 0 ? `, ${values} kept as values` : ""}. Send the workbook; the original sheets are unchanged.`,
        details,
      };
    } catch (error) {
      await undoPrepare(context, { sheets: allNames, originalsRowsBefore });
      throw error;
    }
  });
}

/**
 * Deletes what a failed Prepare made: every sheet that was not there before (its copies, even
 * one a half-applied request left unnamed, the holidays and originals sheets), or the rows it
 * appended to an originals sheet that was.
 */
async function undoPrepare(context: Excel.RequestContext, before: { sheets: readonly string[]; originalsRowsBefore: number }): Promise<void> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const originals = worksheets.getItemOrNullObject(ORIGINALS_SHEET);
  await context.sync();
  const existed = before.sheets.includes(ORIGINALS_SHEET);
  const used = existed && !originals.isNullObject ? originals.getUsedRangeOrNullObject().load("rowCount,address") : undefined;
  await context.sync();
  for (const sheet of worksheets.items) if (!before.sheets.includes(sheet.name)) sheet.delete();
  if (used && !used.isNullObject) {
    const last = topLeft(used.address).row + used.rowCount;
    if (last > before.originalsRowsBefore) originals.getRange(`A${before.originalsRowsBefore + 1}:C${last}`).clear();
  }
  await context.sync();
}

/** Whether the existing CEO Holidays sheet holds exactly this version's closure dates, where the formulas look for them. */
async function holidaysSheetIsCurrent(context: Excel.RequestContext): Promise<boolean> {
  const sheet = context.workbook.worksheets.getItem(HOLIDAYS_SHEET);
  const { trading, settlement } = holidayLists();
  const read = (column: string, list: readonly { date: number }[]) => ({ list, range: sheet.getRange(`${column}2:${column}${list.length + 2}`).load("values") });
  const columns = [read(HOLIDAY_COLUMNS.trading.date, trading), read(HOLIDAY_COLUMNS.settlement.date, settlement)];
  await context.sync();
  // Every date in its row, and nothing after the last one.
  return columns.every(({ list, range }) => list.every((c, i) => range.values[i]?.[0] === c.date) && [null, undefined, ""].includes(range.values[list.length]?.[0] as never));
}

/** The CEO Holidays sheet: exchange closures and settlement closures, each date with its reason. */
function writeHolidaysSheet(context: Excel.RequestContext): void {
  const sheet = context.workbook.worksheets.add(HOLIDAYS_SHEET);
  const { trading, settlement } = holidayLists();
  const write = (columns: { date: string; name: string }, title: string, list: { date: number; name: string }[]) => {
    const range = sheet.getRange(`${columns.date}1:${columns.name}${list.length + 1}`);
    writeContents(range, [[title, "Reason"], ...list.map((c) => [c.date, c.name])]);
    sheet.getRange(`${columns.date}2:${columns.date}${list.length + 1}`).numberFormat = list.map(() => ["yyyy-mm-dd"]);
  };
  write(HOLIDAY_COLUMNS.trading, "Exchange closed (weekdays)", trading);
  write(HOLIDAY_COLUMNS.settlement, "Settlement closed (weekdays)", settlement);
}

/** "Restore formulas": every cell recorded on the originals sheet gets its formula back; the add-in's sheets go. */
export async function restoreFormulas(run: ExcelRun, options: { chunkBytes?: number } = {}): Promise<ShareResult> {
  const { chunkBytes = DEFAULT_CHUNK_BYTES } = options;
  return run(async (context) => {
    const worksheets = context.workbook.worksheets;
    const originalsSheet = worksheets.getItemOrNullObject(ORIGINALS_SHEET);
    const holidaysSheet = worksheets.getItemOrNullObject(HOLIDAYS_SHEET);
    worksheets.load("items/name");
    await context.sync();
    if (originalsSheet.isNullObject) return { ok: false, message: `There is no "${ORIGINALS_SHEET}" sheet: nothing to restore.`, details: [] };
    const used = originalsSheet.getUsedRangeOrNullObject().load("address");
    await context.sync();
    const recorded = used.isNullObject ? [] : (await readBlocks(context, [blockOf(ORIGINALS_SHEET, used.address)], ["values"]))[0]!.values;
    const rows = recorded.slice(1).filter((r) => r[0] !== "" && r[0] !== null);
    const names = new Set(worksheets.items.map((s) => s.name));
    const bySheet = new Map<string, CellWrite[]>();
    const gone = new Set<string>();
    for (const [sheet, address, formula] of rows) {
      const name = String(sheet);
      if (!names.has(name)) {
        gone.add(name);
        continue;
      }
      const { row, column } = topLeft(String(address));
      const list = bySheet.get(name) ?? [];
      list.push({ address: String(address), row, column, content: recordedContent(formula) });
      bySheet.set(name, list);
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
      await writeCells(context, bySheet, chunkBytes);
      // Alone in the last request: if it fails, none of it happened and the formulas go back below.
      originalsSheet.delete();
      await context.sync();
    } catch (error) {
      await writeCells(context, before, chunkBytes);
      throw error;
    }
    // Tidying up after the restore has succeeded: a failure here leaves only the holidays list.
    const tidy: string[] = [];
    if (!holidaysSheet.isNullObject) {
      try {
        holidaysSheet.delete();
        await context.sync();
      } catch {
        tidy.push(`The "${HOLIDAYS_SHEET}" sheet could not be removed; no formula needs it now.`);
      }
    }
    const count = [...bySheet.values()].reduce((n, w) => n + w.length, 0);
    return {
      ok: true,
      message: `Restored ${count} cell${count === 1 ? "" : "s"} on ${bySheet.size} sheet${bySheet.size === 1 ? "" : "s"}: the CEO formulas are back.`,
      details: [...[...gone].map((g) => `"${g}" no longer exists: its ${rows.filter((r) => String(r[0]) === g).length} recorded cells were skipped.`), ...tidy],
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
    return { ok: true, message: `Re-entered ${count} CEO formula${count === 1 ? "" : "s"} that showed #NAME?.`, details: [...bySheet].map(([s, w]) => `"${s}": ${w.map((x) => x.address).join(", ")}`) };
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
