/*
 * A1-style cell addresses: column letters and numbers, and the corners of a range as Excel writes
 * its address. Apart from formulaText.ts so that the pane's table and block code, which needs only
 * these, does not carry the formula tokenizer (the pane loads it with Prepare for sharing).
 */
import type { Token } from "./formulaText";

/** 1 -> A, 27 -> AA. */
export function columnLetters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** "B3" for row 3, column 2 (1-based). */
export const cellAddress = (row: number, column: number) => `${columnLetters(column)}${row}`;

export const columnNumber = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

export interface CellAddress {
  sheet?: string;
  row: number; // 1-based
  column: number; // 1-based
}

/** The corners of an A1-style range reference (a cell or a rectangle), or undefined. */
export function rangeCorners(token: Token): { sheet?: string; from: CellAddress; to: CellAddress } | undefined {
  if (token.kind !== "ref") return undefined;
  const body = token.text.slice(token.text.lastIndexOf("!") + 1);
  const m = body.match(/^\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?$/);
  if (!m) return undefined;
  const from = { row: Number(m[2]), column: columnNumber(m[1]!) };
  const to = m[3] ? { row: Number(m[4]), column: columnNumber(m[3]) } : from;
  return { ...(token.sheet === undefined ? {} : { sheet: token.sheet }), from, to };
}

/** A worksheet's last row and column (Excel 2007 and later). */
export const SHEET_ROWS = 1_048_576;
export const SHEET_COLUMNS = 16_384;

/**
 * The corners of an address as Excel gives it ("'Deal 1'!$B$2:$K$40", "B2", "A:C", "3:5"):
 * whole columns and rows run to the sheet's edge. Undefined for anything else.
 */
export function addressCorners(address: string): { sheet?: string; from: CellAddress; to: CellAddress } | undefined {
  const bang = address.lastIndexOf("!");
  const prefix = bang < 0 ? undefined : address.slice(0, bang);
  const sheet = prefix === undefined ? {} : { sheet: /^'.*'$/s.test(prefix) ? prefix.slice(1, -1).replace(/''/g, "'") : prefix };
  const body = address.slice(bang + 1);
  const columns = body.match(/^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/);
  if (columns) return { ...sheet, from: { row: 1, column: columnNumber(columns[1]!) }, to: { row: SHEET_ROWS, column: columnNumber(columns[2]!) } };
  const rows = body.match(/^\$?([0-9]+):\$?([0-9]+)$/);
  if (rows) return { ...sheet, from: { row: Number(rows[1]), column: 1 }, to: { row: Number(rows[2]), column: SHEET_COLUMNS } };
  const corners = rangeCorners({ kind: "ref", text: body, start: 0, end: body.length });
  return corners && { ...sheet, from: corners.from, to: corners.to };
}
