/*
 * The one text writer. A string written through Range.values or Range.formulas is read as if the
 * user typed it: "=..." becomes a formula, "00123" the number 123, "2024-06-03" a date, "50%" 0.5
 * (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-set-get-values:
 * values set are interpreted like input in the cell). Excel's own text prefix, the apostrophe,
 * makes the cell hold the text as written; `values` and `formulas` then return it without the
 * apostrophe (office-js issue 6687), so free text round-trips exactly.
 */

export type CellContent = string | number | boolean | null;

/** A string as a cell content Excel stores as exactly that text. */
export const textContent = (text: string): string => (text === "" ? "" : `'${text}`);

/** A row of contents for a General-format range: every string as text, numbers and booleans as they are, null left alone. */
export const contentsOf = (row: readonly CellContent[]): CellContent[] => row.map((v) => (typeof v === "string" ? textContent(v) : v));

/** Writes `rows` to `range` (same size) with every string as text. */
export function writeContents(range: Excel.Range, rows: readonly (readonly CellContent[])[]): void {
  range.values = rows.map(contentsOf) as any[][];
}
