/*
 * A sheet the add-in owns and rewrites whole (Reconciliation, Compliance): the new one written
 * beside the old in byte-sized requests, then swapped; a failure at any point leaves the old one
 * (excel/undo.ts).
 */
import { columnLetters } from "../../core/formulaText";
import { chunkByBytes } from "../import/apply";
import { DEFAULT_CHUNK_BYTES } from "./limits";
import { writeContents, type CellContent } from "./text";
import { undoAfter } from "./undo";

/** The sheets of a replacement of `name`: the new one written beside it, the old one while they swap. */
export const replacementSheets = (name: string) => ({ fresh: `CEO ${name} (new)`, stale: `CEO ${name} (old)` });

/** After a failure: the old sheet back under its name, the new one gone. */
export async function restoreSheet(context: Excel.RequestContext, name: string): Promise<void> {
  const { fresh: freshName, stale } = replacementSheets(name);
  const sheets = context.workbook.worksheets;
  const current = sheets.getItemOrNullObject(name);
  const fresh = sheets.getItemOrNullObject(freshName);
  const old = sheets.getItemOrNullObject(stale);
  await context.sync();
  if (!fresh.isNullObject) fresh.delete();
  if (!old.isNullObject) {
    if (!current.isNullObject) current.delete(); // the new one, already renamed
    old.name = name;
  }
  await context.sync();
}

/** The new sheet (written as `CEO <name> (new)`) takes the place of the sheet `name`, which is deleted. */
export async function swapInSheet(context: Excel.RequestContext, sheet: Excel.Worksheet, name: string): Promise<void> {
  const old = context.workbook.worksheets.getItemOrNullObject(name);
  await context.sync();
  if (!old.isNullObject) old.name = replacementSheets(name).stale;
  sheet.name = name;
  await context.sync();
  if (!old.isNullObject) old.delete();
  await context.sync();
}

/** After a failure of a replacement of `name`: the old sheet back, or the message naming what remains (undoAfter). */
export const undoReplacement = (context: Excel.RequestContext, error: unknown, name: string) => {
  const { fresh, stale } = replacementSheets(name);
  return undoAfter(error, () => restoreSheet(context, name), `check the sheets "${name}", "${fresh}" and "${stale}": the last two are this command's and can be deleted once "${name}" is right`);
};

/**
 * Writes `cells` (every row as wide as the first; strings as text) with their number formats (null
 * leaves General) to a new sheet "CEO <name> (new)", a request per chunk of rows, then swaps it in
 * for the sheet `name`.
 */
export async function replaceSheet(context: Excel.RequestContext, name: string, cells: readonly (readonly CellContent[])[], formats: readonly (readonly (string | null)[])[]): Promise<void> {
  const last = columnLetters(cells[0]!.length);
  try {
    const sheet = context.workbook.worksheets.add(replacementSheets(name).fresh);
    let top = 1;
    // A chunk carries each row's cells and number formats (a 2-D array the range's size), sized by both.
    for (const chunk of chunkByBytes(cells.map((row, i) => ({ row, format: formats[i]! })), DEFAULT_CHUNK_BYTES)) {
      const range = sheet.getRange(`A${top}:${last}${top + chunk.length - 1}`);
      writeContents(range, chunk.map((c) => c.row));
      if (chunk.some((c) => c.format.some((f) => f !== null))) range.numberFormat = chunk.map((c) => c.format) as any[][];
      await context.sync();
      top += chunk.length;
    }
    await swapInSheet(context, sheet, name);
  } catch (error) {
    await undoReplacement(context, error, name);
  }
}
