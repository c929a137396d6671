/*
 * The Terms sheet in the workbook: read it for the form, write it with its named ranges (and
 * point the Placements formulas at them). The thin Excel.run layer over terms.ts; a failure puts
 * back what was there (excel/undo.ts). Free text goes through the one text writer (excel/text.ts).
 */
import { importApply, placementsTable } from "../chunks";
import type { ExcelRun } from "../excel/run";
import { reentered, writeContents } from "../excel/text";
import { NotUndone, undoAfter } from "../excel/undo";
import { readTermsDraft, TERMS_SHEET, termsLayout, validateTerms, type DealTerms, type FieldError, type TermsDraft } from "./terms";

export { NotUndone };

/** The Terms sheet's cells the add-in reads and writes: the terms in A:B, the register in A:G below them. */
const TERMS_RANGE = "A1:G1000";
const TERMS_COLUMNS = 7;

/** The Terms sheet's cells as Range.values (and Range.formulas, to put them back), or undefined without a Terms sheet. */
async function loadTermsCells(context: Excel.RequestContext, withFormulas = false): Promise<{ values: unknown[][]; formulas: unknown[][]; numberFormat: unknown[][] } | undefined> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(TERMS_SHEET);
  await context.sync();
  if (sheet.isNullObject) return undefined;
  const range = sheet.getRange(TERMS_RANGE).load(withFormulas ? "values,formulas,numberFormat" : "values");
  await context.sync();
  return { values: range.values, formulas: withFormulas ? range.formulas : [], numberFormat: withFormulas ? range.numberFormat : [] };
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
  const { cells, names, formats } = termsLayout(terms);
  if (cells.length > 1000) return [{ field: "placements", message: `the Terms sheet would need ${cells.length} rows: it holds 1,000; register fewer placements or blackouts` }];
  const rows = cells.map((row) => [...row, ...Array<null>(TERMS_COLUMNS - row.length).fill(null)]);
  // The import's code and the Placements table's layout, fetched on first use (chunks.ts).
  const [{ placementsUpgrade, writeFormulas }, { summaryPlaceOf, TABLE }] = await Promise.all([importApply(), placementsTable()]);
  await run(async (context) => {
    const previous = await loadTermsCells(context, true);
    const previousNames = names.map(({ name }) => ({ name, item: context.workbook.names.getItemOrNullObject(name).load("formula") }));
    const table = context.workbook.tables.getItemOrNullObject(TABLE);
    await context.sync();
    // The summary is rewritten beside the table wherever it is (its range's address), never over a moved table's columns.
    const tableRange = table.isNullObject ? undefined : table.getRange().load("address");
    if (tableRange) await context.sync();
    // A table an earlier version made gets this version's columns with the formulas (import/apply.ts); read before anything is written.
    const upgrade = tableRange ? await placementsUpgrade(context, terms) : undefined;
    const before = previousNames.filter((n) => !n.item.isNullObject).map((n) => ({ name: n.name, formula: n.item.formula }));
    try {
      const sheet = previous ? context.workbook.worksheets.getItem(TERMS_SHEET) : context.workbook.worksheets.add(TERMS_SHEET);
      sheet.getRange(TERMS_RANGE).clear();
      for (const { first, last, columns } of formats) sheet.getRange(`A${first}:${String.fromCharCode(64 + columns.length)}${last}`).numberFormat = Array.from({ length: last - first + 1 }, () => columns) as any[][];
      writeContents(sheet.getRange(`A1:G${rows.length}`), rows);
      for (const { item } of previousNames) if (!item.isNullObject) item.delete();
      for (const { name, reference } of names) context.workbook.names.add(name, `=${reference}`);
      if (upgrade) await upgrade.apply();
      else if (tableRange) writeFormulas(context, table, terms, summaryPlaceOf(tableRange.address));
      await context.sync();
    } catch (error) {
      // Put back the sheet and the names as they were.
      await undoAfter(
        error,
        async () => {
          if (upgrade) await upgrade.undo();
          // Only what exists is deleted: a method called on a null object is not documented to be harmless.
          const written = names.map(({ name }) => context.workbook.names.getItemOrNullObject(name));
          const sheetNow = context.workbook.worksheets.getItemOrNullObject(TERMS_SHEET);
          await context.sync();
          for (const item of written) if (!item.isNullObject) item.delete();
          if (previous) {
            const sheet = context.workbook.worksheets.getItem(TERMS_SHEET);
            sheet.getRange(TERMS_RANGE).clear();
            sheet.getRange(TERMS_RANGE).numberFormat = previous.numberFormat as any[][];
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
