/*
 * The Terms sheet in the workbook: read it for the form, write it with its named ranges (and
 * point the Placements formulas at them), and the Reconciliation sheet. Thin Excel.run layers
 * over terms.ts and reconcile.ts; a failure puts back what was there. Free text goes through the
 * one text writer (excel/text.ts); reads and writes that grow with the table go in blocks under
 * Excel on the web's 5 MB (excel/blocks.ts, chunkByBytes).
 */
import { addressCorners } from "../core/formulaText";
import { chunkByBytes, writeFormulas } from "./apply";
import { blockOf, readBlocks, type Block } from "./excel/blocks";
import { DEFAULT_CHUNK_BYTES } from "./excel/limits";
import type { ExcelRun } from "./excel/run";
import { textContent, writeContents, type CellContent } from "./excel/text";
import { columnLetter, summaryPlaceOf, TABLE } from "./placementsTable";
import { columnPositions, placementRows, RECONCILED_COLUMNS, reconcile, reconciliationCells, reconciliationText, type ReconciledColumn, type Reconciliation } from "./reconcile";
import { readTermsDraft, TERMS_SHEET, termsLayout, validateTerms, type DealTerms, type FieldError, type TermsDraft } from "./terms";

const TERMS_RANGE = "A1:B400";
export const RECONCILIATION_SHEET = "Reconciliation";
const RECONCILIATION_NEW = "CEO Reconciliation (new)";
const RECONCILIATION_OLD = "CEO Reconciliation (old)";

/** A command failed and putting the workbook back failed too: the message says what may remain. */
export class NotUndone extends Error {
  constructor(failure: unknown, undo: unknown, remains: string) {
    super(`${reason(failure)}; putting the workbook back failed as well (${reason(undo)}): ${remains}`);
    this.name = "NotUndone";
  }
}
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `undo` after `failure`; throws the failure when undone, a NotUndone saying what remains when not. */
async function undoAfter(failure: unknown, undo: () => Promise<void>, remains: string): Promise<never> {
  try {
    await undo();
  } catch (undoError) {
    throw new NotUndone(failure, undoError, remains);
  }
  throw failure;
}

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

/** The Terms sheet's cells as Range.values (and Range.formulas, to put them back), or undefined without a Terms sheet. */
async function loadTermsCells(context: Excel.RequestContext, withFormulas = false): Promise<{ values: unknown[][]; formulas: unknown[][] } | undefined> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(TERMS_SHEET);
  await context.sync();
  if (sheet.isNullObject) return undefined;
  const range = sheet.getRange(TERMS_RANGE).load(withFormulas ? "values,formulas" : "values");
  await context.sync();
  return { values: range.values, formulas: withFormulas ? range.formulas : [] };
}

/**
 * What to enter in a cell so that it holds again what it held: its formula, its number or logical
 * value, or its text as text. A text cell's formulas and values are the same string (the apostrophe
 * comes back from neither: office-js issue 6687), which tells "=..." typed as text from a formula.
 */
export function reentered(value: unknown, formula: unknown): CellContent {
  if (typeof formula === "string" && formula.startsWith("=") && formula !== value) return formula;
  if (typeof value === "string") return textContent(value);
  return typeof value === "number" || typeof value === "boolean" ? value : null;
}

/** The workbook's terms: undefined without a Terms sheet, the problems when it cannot be read. */
export async function readTermsSheet(run: ExcelRun): Promise<DealTerms | FieldError[] | undefined> {
  const draft = await readTermsSheetDraft(run);
  return draft && (draft.errors.length > 0 || !draft.terms ? draft.errors : draft.terms);
}

/** The Terms sheet as read, its problems beside what could be read; undefined without a Terms sheet. */
export async function readTermsSheetDraft(run: ExcelRun): Promise<TermsDraft | undefined> {
  return run(async (context) => {
    const cells = await loadTermsCells(context);
    return cells && readTermsDraft(cells.values);
  });
}

/** Writes the Terms sheet and its names; the Placements formulas then read them. Returns the problems, writing nothing, when the terms are bad. */
export async function writeTermsSheet(run: ExcelRun, terms: DealTerms): Promise<FieldError[]> {
  const errors = validateTerms(terms);
  if (errors.length > 0) return errors;
  const { cells, names } = termsLayout(terms);
  await run(async (context) => {
    const previous = await loadTermsCells(context, true);
    const previousNames = names.map(({ name }) => ({ name, item: context.workbook.names.getItemOrNullObject(name).load("formula") }));
    const table = context.workbook.tables.getItemOrNullObject(TABLE);
    await context.sync();
    // The summary is rewritten beside the table wherever it is (its range's address), never over a moved table's columns.
    const tableRange = table.isNullObject ? undefined : table.getRange().load("address");
    if (tableRange) await context.sync();
    const before = previousNames.filter((n) => !n.item.isNullObject).map((n) => ({ name: n.name, formula: n.item.formula }));
    try {
      const sheet = previous ? context.workbook.worksheets.getItem(TERMS_SHEET) : context.workbook.worksheets.add(TERMS_SHEET);
      sheet.getRange(TERMS_RANGE).clear();
      writeContents(sheet.getRange(`A1:B${cells.length}`), cells);
      for (const { item } of previousNames) if (!item.isNullObject) item.delete();
      for (const { name, reference } of names) context.workbook.names.add(name, `=${reference}`);
      if (tableRange) writeFormulas(context, table, terms, summaryPlaceOf(tableRange.address));
      await context.sync();
    } catch (error) {
      // Put back the sheet and the names as they were.
      await undoAfter(
        error,
        async () => {
          // Only what exists is deleted: a method called on a null object is not documented to be harmless.
          const written = names.map(({ name }) => context.workbook.names.getItemOrNullObject(name));
          const sheetNow = context.workbook.worksheets.getItemOrNullObject(TERMS_SHEET);
          await context.sync();
          for (const item of written) if (!item.isNullObject) item.delete();
          if (previous) {
            const sheet = context.workbook.worksheets.getItem(TERMS_SHEET);
            sheet.getRange(TERMS_RANGE).clear();
            sheet.getRange(TERMS_RANGE).values = previous.values.map((row, r) => row.map((value, c) => reentered(value, previous.formulas[r]?.[c]))) as any[][];
            for (const { name, formula } of before) context.workbook.names.add(name, formula);
          } else if (!sheetNow.isNullObject) {
            sheetNow.delete();
          }
          await context.sync();
        },
        `the ${TERMS_SHEET} sheet and its names may be partly written: check them, or write the terms again`,
      );
    }
  });
  return [];
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
