/*
 * A CEO call as Excel makes it, for native-formula tests that go through the converter's central
 * step (nativeFormula): the argument texts are converted, the native elements evaluated in
 * hyperformula on the cells, and the wrapper called with what Excel passes it for those texts
 * (issue 16's model, by the parameter's type in functions.json):
 * - number parameter: a number as is; a blank cell or "" -> null (omitted); numeric text -> its
 *   number (Excel's --x); other text -> #VALUE! without a call; TRUE/FALSE -> the boolean (the
 *   wrapper refuses it); an error -> that error without a call.
 * - range (any[][]) parameter: the cells' raw values (blank -> null, text stays text), a single
 *   value as [[x]]; an error among them -> that error without a call.
 * Text cells are written "'5.2" (hyperformula reads a bare "5.2" as the number).
 */
import assert from "assert";
import { nativeFormula, parametersOf } from "../../src/core/formulas";
import { meaningful, rangeCorners } from "../../src/core/formulaText";
import { WRAPPERS } from "../../src/functions/wrappers";
import { viaWrapper } from "../support/customFunctions";
import type { CellValue } from "../support/hyperformula";
import { assertAgree, engine, type Precision } from "./agree";

const NUMERAL = /^\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;
const isError = (v: unknown): v is string => typeof v === "string" && /^#[A-Z0-9/]+[!?A]?$/.test(v);

/** Thrown to stop a call Excel does not make: the cell shows this error. */
class NotCalled {
  constructor(readonly code: string) {}
}

/** A cell's value as the engine holds it: a number, text, a logical, null for blank, or "#N/A"-style. */
function cellValue(row: number, column: number): unknown {
  const e = engine();
  const v = e.hf.getCellValue({ sheet: e.inputs, row: row - 1, col: column - 1 });
  if (v !== null && typeof v === "object") return (v as { value: string }).value;
  return v;
}

/** The raw values an argument text stands for: the cells of a reference, or the engine's value of an expression. */
function rawValues(text: string): unknown[][] {
  const tokens = meaningful(text.trim());
  const corners = tokens.length === 1 ? rangeCorners(tokens[0]!) : undefined;
  if (corners) {
    const rows: unknown[][] = [];
    for (let r = Math.min(corners.from.row, corners.to.row); r <= Math.max(corners.from.row, corners.to.row); r++) {
      const row: unknown[] = [];
      for (let c = Math.min(corners.from.column, corners.to.column); c <= Math.max(corners.from.column, corners.to.column); c++) row.push(cellValue(r, c));
      rows.push(row);
    }
    return rows;
  }
  if (/^\s*"(.*)"\s*$/s.test(text)) return [[text.trim().slice(1, -1).replace(/""/g, '"')]];
  if (/^\s*(TRUE|FALSE)\s*$/i.test(text)) return [[/TRUE/i.test(text)]];
  const v = engine().evaluate(`=${text}`);
  return [[v === "" ? "" : v]];
}

/** What Excel passes for one argument. */
export function passed(text: string | undefined, kind: "number" | "range"): unknown {
  if (text === undefined || text.trim() === "") return null;
  const values = rawValues(text);
  for (const row of values) for (const v of row) if (isError(v)) throw new NotCalled(v);
  if (kind === "range") return values;
  if (values.length !== 1 || values[0]!.length !== 1) throw new Error(`${text}: a range where one value belongs (no native formula is made for it)`);
  const v = values[0]![0];
  if (v === null || v === "") return null;
  if (typeof v === "string") {
    if (!NUMERAL.test(v)) throw new NotCalled("#VALUE!");
    return Number(v);
  }
  return v;
}

/** The wrapper's result for CEO.id(args) on the engine's cells, as Excel would call it. */
export function excelResult(id: string, args: readonly (string | undefined)[]): unknown {
  const params = parametersOf(id);
  try {
    const values = args.map((text, i) => passed(text, params[i]!.kind === "range" ? "range" : "number"));
    return viaWrapper(() => WRAPPERS[id]!.fn(...values));
  } catch (error) {
    if (error instanceof NotCalled) return error.code;
    throw error;
  }
}

export interface CallOptions {
  precision?: Precision | readonly Precision[];
  /** Error codes must match too (default); false where the README lists the difference. */
  sameCode?: boolean;
}

/**
 * Puts `cells` at A1 of Inputs, converts =CEO.id(args) with nativeFormula, evaluates each element
 * and compares with the wrapper called as Excel calls it. Returns the native elements' values.
 */
export function agreeCall(label: string, cells: CellValue[][], id: string, args: readonly (string | undefined)[], options: CallOptions = {}): unknown[] {
  const e = engine();
  e.clear();
  if (cells.length > 0) e.set(0, 0, cells);
  const native = nativeFormula(id, args);
  assert.ok(native.ok, `${label}: no native formula: ${native.ok ? "" : native.reason}`);
  const core = excelResult(id, args);
  const precision = options.precision ?? "exact";
  return native.elements.map((element, i) => {
    const value = e.evaluate(`=${element}`);
    const expected = Array.isArray(core) ? (core as unknown[][])[0]![i] : core;
    const where = `${label}: =CEO.${id}(${args.map((a) => a ?? "").join(",")}) [element ${i + 1}] ${element.length > 400 ? element.slice(0, 400) + "..." : element}`;
    assertAgree(where, value, expected, Array.isArray(precision) ? precision[i]! : (precision as Precision));
    if (isError(expected) && options.sameCode !== false) assert.strictEqual(value, expected, `${where}: the add-in says ${expected}, the copy ${String(value)}`);
    return value;
  });
}
