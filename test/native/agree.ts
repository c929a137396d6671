/*
 * The check every native-formula test makes: the formula, evaluated by a real spreadsheet engine
 * (hyperformula) on input cells, gives what the CEO function gives through its own wrapper on
 * the same cells. Money and counts and dates exactly (the ROUND wrapping makes doubles land on
 * the policy result), ratios and unrounded prices to a relative 1e-12 (double arithmetic against
 * the core's 40 digits). Where the core refuses the input, the formula must show an error too.
 */
import assert from "assert";
import { viaWrapper } from "../support/customFunctions";
import { Engine, type CellValue } from "../support/hyperformula";

export type Precision = "exact" | "relative" | { absolute: number };

let shared: Engine | undefined;
export const engine = () => (shared ??= new Engine());

const ERROR = /^#/;

export function assertAgree(label: string, nativeValue: unknown, coreValue: unknown, precision: Precision): void {
  if (typeof coreValue === "string" && ERROR.test(coreValue)) {
    assert.ok(typeof nativeValue === "string" && ERROR.test(nativeValue), `${label}: the core says ${coreValue}, the native formula gives ${String(nativeValue)}`);
    return;
  }
  assert.strictEqual(typeof nativeValue, "number", `${label}: the core gives ${String(coreValue)}, the native formula ${String(nativeValue)}`);
  const n = nativeValue as number;
  const c = coreValue as number;
  if (precision === "exact") {
    assert.strictEqual(n, c, `${label}: native ${n}, core ${c}`);
  } else if (typeof precision === "object") {
    assert.ok(Math.abs(n - c) <= precision.absolute, `${label}: native ${n}, core ${c} (difference ${n - c})`);
  } else {
    const tolerance = 1e-12 * Math.max(Math.abs(c), 1e-300) + 1e-300;
    assert.ok(Math.abs(n - c) <= tolerance, `${label}: native ${n}, core ${c} (difference ${n - c})`);
  }
}

/**
 * Puts `cells` at A1 of the Inputs sheet, evaluates each native element, and compares with the
 * wrapper's result (one number, or one row for a spilled function).
 */
export function agree(label: string, cells: CellValue[][], elements: readonly string[], wrapper: () => unknown, precision: Precision | readonly Precision[] = "exact"): void {
  const e = engine();
  e.clear();
  if (cells.length > 0) e.set(0, 0, cells);
  const core = viaWrapper(wrapper);
  elements.forEach((element, i) => {
    const native = e.evaluate(`=${element}`);
    const expected = Array.isArray(core) ? (core as unknown[][])[0]![i] : core;
    assertAgree(`${label} [element ${i + 1}] ${element.length > 300 ? element.slice(0, 300) + "..." : element}`, native, expected, Array.isArray(precision) ? precision[i]! : (precision as Precision));
  });
}

/** A column of cells A1:A(n) as Excel passes it to a range parameter. */
export const column = (values: readonly CellValue[]) => values.map((v) => [v]);
