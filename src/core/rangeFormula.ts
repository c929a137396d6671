/*
 * Range arguments (the any[][] parameters: schedule, shares, prices, vwap, bids, other) in
 * native formulas, read as the add-in's coercion reads them (src/functions/excel.ts range(),
 * parallelRanges(), rows()). Excel hands such a parameter the cells' raw values: text stays text
 * (even "5"), a logical stays a logical, and the coercion refuses both (#VALUE!); blank cells and
 * empty text are skipped; two parallel ranges are each read in reading order, so a column pairs
 * with a row. Excel's own arithmetic would instead read "5" as 5 and TRUE as 1, and SUM or
 * SUMPRODUCT would skip them: the helpers here make the native formula err where the add-in does.
 *
 * Forms chosen to work without array entry in Excel 2010 and later, in LibreOffice and in
 * hyperformula (test/native/ranges.test.ts, test/libreoffice/ranges.test.ts): SUMPRODUCT and
 * MMULT evaluate their arguments as arrays; TRANSPOSE inside SUMPRODUCT does not (before dynamic
 * arrays it needs Ctrl+Shift+Enter, and without it pairs only the first element: a different
 * number), so a column meets a row through MMULT.
 */
import { addressCorners, meaningful, NoNativeFormula, shapeOf, type Shape, type Token } from "./formulaText";

/**
 * The elements of an array constant ({1,2;3,4}, {"a",TRUE;#N/A,-1}) as written, by rows, or
 * undefined when the text is not one array constant with rows of equal length.
 */
export function arrayElements(text: string): string[][] | undefined {
  const m = text.trim().match(/^\{(.*)\}$/s);
  if (!m) return undefined;
  const rows: string[][] = [[]];
  let element = "";
  let inText = false;
  for (const ch of m[1]!) {
    // A "" inside text (an escaped quote) toggles twice: still inside.
    if (ch === '"') inText = !inText;
    if (!inText && (ch === "," || ch === ";")) {
      rows[rows.length - 1]!.push(element.trim());
      element = "";
      if (ch === ";") rows.push([]);
    } else element += ch;
  }
  if (inText) return undefined;
  rows[rows.length - 1]!.push(element.trim());
  return rows.every((row) => row.length === rows[0]!.length) ? rows : undefined;
}

const NUMBER = /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const ERROR_VALUE = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)$/i;

/**
 * What the add-in makes of an array constant that holds something other than numbers: the first
 * such element in reading order decides, an error value as that error, text or a logical #VALUE!
 * (range() refuses it). Undefined when every element is a number.
 */
export function arrayConstantError(elements: readonly (readonly string[])[]): string | undefined {
  for (const element of elements.flat()) {
    if (NUMBER.test(element)) continue;
    return ERROR_VALUE.test(element) ? element.toUpperCase() : "#VALUE!";
  }
  return undefined;
}

/**
 * The shape of a range argument: formulaText's shapeOf, and also whole columns and rows (B:B,
 * 'Deal 1'!$3:$3) as the cells they cover, and array constants holding text or logicals.
 */
export function rangeShape(text: string | undefined): Shape {
  const shape = shapeOf(text);
  if (shape.kind !== "unknown" || text === undefined) return shape;
  const elements = arrayElements(text);
  if (elements) return { kind: "cells", rows: elements.length, columns: elements[0]!.length };
  let tokens: Token[];
  try {
    tokens = meaningful(text);
  } catch {
    return shape;
  }
  if (tokens.length !== 1 || tokens[0]!.kind !== "ref") return shape;
  const corners = addressCorners(tokens[0]!.text);
  if (!corners) return shape;
  return { kind: "cells", rows: Math.abs(corners.to.row - corners.from.row) + 1, columns: Math.abs(corners.to.column - corners.from.column) + 1 };
}

/** The number of cells, when the text tells it. */
export function cellCount(shape: Shape): number | undefined {
  if (shape.kind === "cells") return shape.rows * shape.columns;
  return shape.kind === "one" ? 1 : undefined;
}

const isNumberLiteral = (text: string) => /^\(?\s*-?\s*(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*\)?$/.test(text.trim());

/**
 * A literal the add-in refuses as a range argument, told from its text: a logical (TRUE is 1 to
 * LibreOffice, so no function there tells it from a number), text, or empty text (a blank).
 */
function literalKind(text: string): "logical" | "text" | "empty text" | undefined {
  let tokens: Token[];
  try {
    tokens = meaningful(text.trim());
  } catch {
    return undefined;
  }
  if (tokens.length !== 1) return undefined;
  if (tokens[0]!.kind === "bool") return "logical";
  if (tokens[0]!.kind === "string") return tokens[0]!.text === '""' ? "empty text" : "text";
  return undefined;
}

/** A reference (a cell, a range, a table column, a whole column): the only place ISLOGICAL is asked. */
function isReference(text: string): boolean {
  try {
    const tokens = meaningful(text.trim());
    return tokens.length === 1 && (tokens[0]!.kind === "ref" || tokens[0]!.kind === "struct");
  } catch {
    return false;
  }
}

/**
 * True when the range (or value) holds text, even numeric text, or a logical: #VALUE! in the
 * add-in. A blank cell and "" count as blank (r<>"" is FALSE for both), and a logical is counted
 * by r<>"" less ISNUMBER(r) in Excel. ISLOGICAL is added for a reference, for LibreOffice, which
 * stores a logical as a number; it sees it only in a one-cell reference (in a range of several
 * cells a logical reads as 1 or 0 there), and on a value that is not a reference it may answer
 * TRUE for a number (LibreOffice 7.4: OR(4.05="",ISLOGICAL(4.05)) is TRUE), so it is not asked
 * there. An error value among the cells makes the condition that error, as the add-in passes it
 * on. Undefined for a number literal, which needs no check.
 */
export function holdsNonNumbers(range: string): string | undefined {
  if (isNumberLiteral(range)) return undefined;
  const literal = literalKind(range);
  if (literal === "empty text") return undefined;
  if (literal !== undefined) return "1";
  return isReference(range) ? `SUMPRODUCT((${range}<>"")-ISNUMBER(${range})+ISLOGICAL(${range}))>0` : `SUMPRODUCT((${range}<>"")-ISNUMBER(${range}))>0`;
}

/** The conditions given, without the checks a literal needs not. */
export const checksOf = (...list: (string | undefined)[]): string[] => list.filter((c): c is string => c !== undefined);

/** How two parallel ranges pair cell by cell in reading order. */
export type Pairing =
  /** The same shape (or a shape the text does not tell): element by element, as SUMPRODUCT pairs them; a size mismatch errs there. */
  | { kind: "same" }
  /** A row against a column: MMULT(row, column) pairs the k-th of each; a size mismatch errs there. */
  | { kind: "crossed"; row: string; column: string }
  /** Different numbers of cells: #VALUE! in the add-in whatever they hold. */
  | { kind: "sizes differ" };

const isRow = (shape: Shape) => shape.kind === "cells" && shape.rows === 1 && shape.columns > 1;
/** A column of several cells; a table column counts as one (its length is the table's). */
const isColumn = (shape: Shape) => (shape.kind === "cells" && shape.columns === 1 && shape.rows > 1) || shape.kind === "column";

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
const describeShape = (shape: Shape) => (shape.kind === "cells" ? `${count(shape.rows, "row")} x ${count(shape.columns, "column")}` : "of unknown shape");

/**
 * The pairing of two parallel range arguments (texts as written, wrapped) as parallelRanges()
 * pairs them. Throws NoNativeFormula for two blocks of the same size but different shapes (a 2x2
 * against a 4x1), which pair in reading order in the add-in and in no native formula here.
 */
export function pairing(a: string, aName: string, b: string, bName: string): Pairing {
  const aShape = rangeShape(a);
  const bShape = rangeShape(b);
  const aCount = cellCount(aShape);
  const bCount = cellCount(bShape);
  if (aCount !== undefined && bCount !== undefined && aCount !== bCount) return { kind: "sizes differ" };
  if (isColumn(aShape) && isRow(bShape)) return { kind: "crossed", row: b, column: a };
  if (isRow(aShape) && isColumn(bShape)) return { kind: "crossed", row: a, column: b };
  if (aShape.kind === "cells" && bShape.kind === "cells" && aCount! > 1 && (aShape.rows !== bShape.rows || aShape.columns !== bShape.columns)) {
    throw new NoNativeFormula(
      `${aName} (${describeShape(aShape)}) and ${bName} (${describeShape(bShape)}) pair their cells in reading order: a native formula pairs ranges of the same shape, or a row with a column`,
    );
  }
  return { kind: "same" };
}

/**
 * The cells of a range that holds only numbers, blanks and empty text, as numbers with 0 for a
 * blank or "", for arithmetic over the array (MMULT, +): --range would make "" a #VALUE! element
 * (the add-in skips it; under IFERROR the copy would show another number), and no function that
 * reads an array without array entry maps text to 0 elementwise in Excel 2010 (IF and IFERROR need
 * Ctrl+Shift+Enter there). "0"&x is the number's text (15 significant digits, as Excel shows it),
 * so a computed value of 17 digits comes back within 1e-15 of itself, the order of the double
 * arithmetic the formula does anyway. Only for ranges already checked to hold no text, logical or
 * negative number ("0-5" would be #VALUE!).
 */
export const numbersOrZero = (range: string) => `--("0"&${range})`;

/** The sum of the products of paired cells (a pair of blanks adds 0; SUMPRODUCT reads "" as 0). */
export function sumOfProducts(p: Pairing, a: string, b: string): string {
  if (p.kind === "crossed") return `SUMPRODUCT(MMULT(${numbersOrZero(p.row)},${numbersOrZero(p.column)}))`;
  return `SUMPRODUCT(${a},${b})`;
}

/**
 * True when a cell is blank (or "") and its pair is not: #VALUE! in the add-in. For a row and a
 * column: the blanks of each are all paired with blanks exactly when each count equals the count
 * of blank pairs.
 */
export function blankBesideNumber(p: Pairing, a: string, b: string): string {
  if (p.kind === "crossed") {
    return `SUMPRODUCT(--(${a}=""))+SUMPRODUCT(--(${b}=""))<>2*SUMPRODUCT(MMULT(--(${p.row}=""),--(${p.column}="")))`;
  }
  return `SUMPRODUCT(--((${a}="")<>(${b}="")))>0`;
}

/** True when any cell of either range is below 0 (text and blanks are not). */
export function anyNegative(p: Pairing, a: string, b: string): string {
  if (p.kind === "crossed") return `SUMPRODUCT(--(${a}<0))+SUMPRODUCT(--(${b}<0))>0`;
  return `SUMPRODUCT((${a}<0)+(${b}<0))>0`;
}

/**
 * True when a range argument of one value (a total, one price) is not one number: blank or "" (the
 * add-in's num() says missing), text or a logical (ISLOGICAL for LibreOffice, on a reference only:
 * see holdsNonNumbers). An error value makes the condition that error. Undefined for a number literal.
 */
export function notOneNumber(value: string): string | undefined {
  if (isNumberLiteral(value)) return undefined;
  if (literalKind(value) !== undefined) return "1";
  return isReference(value) ? `OR(${value}="",NOT(ISNUMBER(${value})),ISLOGICAL(${value}))` : `OR(${value}="",NOT(ISNUMBER(${value})))`;
}
