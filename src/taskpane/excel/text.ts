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
