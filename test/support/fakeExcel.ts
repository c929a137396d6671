/*
 * A small fake of the Excel objects the pane uses, with Office's batching: property sets and
 * method calls are queued and applied at context.sync(), one request each. It counts requests
 * and their bytes, refuses a request over 5 MB as Excel on the web does, and can fail request k
 * (after applying part of its batch, as a real failed batch may). It also counts what each
 * request's loads bring back (responseBytes) and refuses a response over 5 MB.
 *
 * It follows Microsoft's documented behaviour, rule by rule, each with its source; where Excel's
 * behaviour is not documented the comment says so and what the fake chose (test/taskpane/
 * fakeRules.test.ts has a test per rule):
 *  (1) a quote-prefixed text cell: `values` and `formulas` both return the text without the
 *      apostrophe; the prefix is a cell attribute (quotePrefix), not part of the content;
 *  (2) strings written through `values` or `formulas` are read as if typed, unless the cell is
 *      formatted "@" (Text) when written; null leaves a cell unchanged, "" clears it;
 *  (3) `table.rows.add` with rows of the wrong width is refused, nothing written;
 *  (4) a table keeps at least one data-body row;
 *  (5) while the user edits a cell every batch fails, unless run with delayForCellEdit;
 *  (6) requests and responses over 5 MB fail (Excel on the web);
 *  (7) a renamed sheet is not found by its old name;
 *  (8) charts: Worksheet.charts.add(type, sourceData, "Columns") makes one series per column of
 *      sourceData; a series' name, x-axis values and line style, the chart's name, title, legend,
 *      category axis type and position are set as the API documents them (see FakeChart).
 * Every rule, and every behaviour the documentation leaves open, has a check in
 * test/support/excelRules.ts that runs here (test/taskpane/excelChecks.test.ts) and in real Excel
 * (docs/excel-checks.yaml, a Script Lab snippet: docs/EXCEL-CHECKS.md). Where Excel's behaviour is
 * undocumented the fake can be switched to each possibility (FakeWorkbook.undocumented).
 */
export const EXCEL_WEB_REQUEST_LIMIT = 5 * 1024 * 1024;

/**
 * What `values` returns for a formula cell whose result a test did not set in `sheet.values`:
 * the fake computes nothing, and it never passes a formula's text off as its value (code that
 * did would take text for a formula or the reverse: see rule 1).
 */
export const NOT_CALCULATED = "(formula not calculated by the fake)";

interface Sheet {
  name: string;
  /**
   * Each cell's content as `formulas` returns it: a number, a boolean, a formula ("=..."), or text
   * (without any apostrophe: rule 1). A string starting with "=" is a formula unless `text` marks
   * the cell as text (entered with the quote prefix, or into a cell formatted "@").
   */
  rows: unknown[][];
  /** Per cell: the string content is text even though it starts with "=". */
  text?: (boolean | undefined)[][];
  /** Per cell: entered with Excel's quote prefix (an apostrophe), which `values`/`formulas` never return. */
  quotePrefix?: (boolean | undefined)[][];
  /** Per cell number format; undefined is "General". */
  numberFormats?: (string | undefined)[][];
  /** Conditional formats by column range ("column c0:c1"). */
  conditionalFormats: Record<string, unknown[]>;
  /** The rows each conditional format covers (0-based, inclusive), by column range as above: rows added to a table may extend them (undocumented: see undocumented.conditionalFormatsGrow). */
  conditionalFormatRows?: Record<string, [number, number][]>;
  /** Formulas whose result spilled: the anchor "r,c" -> the size of the spill (see FakeWorkbook.arrays). */
  spills?: Map<string, { rows: number; columns: number }>;
  /** What Excel shows where a cell holds a formula (set by a test; the fake computes nothing). Default: the cell's content. */
  values?: unknown[][];
  protected?: boolean;
  visibility?: string;
  /**
   * Names scoped to this sheet, name -> formula: Worksheet.names, "Collection of names scoped to
   * the current worksheet" (ExcelApi 1.4, https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-names-member).
   * Only read: what Excel does with them when the sheet is copied is not modelled.
   */
  names?: Map<string, string>;
  /** Charts on the sheet (rule 8). */
  charts?: FakeChart[];
  /** RangeFormat.columnWidth as set, per column (ExcelApi 1.2: "Specifies the width of all columns within the range"), in points. */
  columnWidths?: Record<number, number>;
  /** RangeFormat.wrapText as set (ExcelApi 1.1), per cell "r,c". */
  wrapText?: Record<string, boolean>;
}
/**
 * A chart (rule 8), as Office.js documents it (https://learn.microsoft.com/javascript/api/excel/excel.chartcollection,
 * .../excel.chart, .../excel.chartseries): ChartCollection.add(type, sourceData, seriesBy) "Creates a
 * new chart" from "the Range object corresponding to the source data", seriesBy "Specifies the way
 * columns or rows are used as data series on the chart": with "Columns", each column of sourceData
 * is a series of its values. "Auto" (and an omitted seriesBy) is not modelled: on the desktop it
 * "will inspect the source data shape to automatically guess" (Excel.ChartSeriesBy), a guess the
 * fake does not make, so it refuses it. Not documented, and not modelled: the series' default
 * names, and what Worksheet.copy does with a sheet's charts (the fake's copy has none).
 */
interface FakeChart {
  name: string;
  type: string;
  title?: string;
  legendPosition?: string;
  categoryType?: string;
  position?: [string, string | undefined];
  series: { name?: string; values: Box; xValues?: Box; lineStyle?: string }[];
}
interface Table {
  name: string;
  sheet: Sheet;
  top: number;
  left: number;
  columns: string[];
  rowCount: number;
}
interface Box {
  sheet: Sheet;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

const columnName = (c: number) => {
  let s = "";
  for (let k = c + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
};

/** A box's address as Excel gives it: 'Sheet name'!A1:C4. */
function boxAddress(b: Box): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(b.sheet.name) ? b.sheet.name : `'${b.sheet.name.replace(/'/g, "''")}'`;
  const from = `${columnName(b.c0)}${b.r0 + 1}`;
  const to = `${columnName(b.c1)}${b.r1 + 1}`;
  return `${name}!${from === to ? from : `${from}:${to}`}`;
}

/** The smallest box holding every non-empty cell, or undefined for an empty sheet. */
function usedBox(sheet: Sheet): Box | undefined {
  let box: Box | undefined;
  sheet.rows.forEach((row, r) =>
    row?.forEach((v, c) => {
      if (v === undefined || v === null || v === "") return;
      box = box ? { sheet, r0: Math.min(box.r0, r), c0: Math.min(box.c0, c), r1: Math.max(box.r1, r), c1: Math.max(box.c1, c) } : { sheet, r0: r, c0: c, r1: r, c1: c };
    }),
  );
  // The cells a formula's result spilled into hold values: used.
  for (const [key, size] of sheet.spills ?? []) {
    const [r, c] = key.split(",").map(Number) as [number, number];
    if (box) box = { sheet, r0: Math.min(box.r0, r), c0: Math.min(box.c0, c), r1: Math.max(box.r1, r + size.rows - 1), c1: Math.max(box.c1, c + size.columns - 1) };
  }
  return box;
}

function parseAddress(address: string): { sheet?: string; r0: number; c0: number; r1: number; c1: number } {
  const m = address.match(/^(?:(.+)!)?([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/);
  if (!m) throw new Error(`fake Excel: unsupported address ${address}`);
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const c0 = col(m[2]!);
  const r0 = Number(m[3]) - 1;
  return { sheet: m[1], r0, c0, r1: m[5] ? Number(m[5]) - 1 : r0, c1: m[4] ? col(m[4]) : c0 };
}

/** Cells as a user sees them: empty cells and trailing empty rows are nothing. */
function trimmed(rows: unknown[][]): unknown[][] {
  const out = Array.from(rows, (row) => {
    const cells = Array.from(row ?? [], (v) => (v === undefined || v === "" ? null : v));
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/** A per-cell attribute grid, created on first use. */
function grid<T>(sheet: Sheet, key: "text" | "quotePrefix" | "numberFormats"): T[][] {
  return ((sheet as any)[key] ??= []) as T[][];
}
const attr = <T>(rows: T[][] | undefined, r: number, c: number): T | undefined => rows?.[r]?.[c];
function setAttr<T>(sheet: Sheet, key: "text" | "quotePrefix" | "numberFormats", r: number, c: number, value: T | undefined): void {
  const rows = grid<T | undefined>(sheet, key);
  if (value === undefined && !rows[r]) return;
  (rows[r] ??= [])[c] = value;
}

/** The anchor (r, c) of the spill that covers cell (r, c) without being its formula's cell, if any. */
export function spillAnchor(sheet: Sheet, r: number, c: number): [number, number] | undefined {
  for (const [key, size] of sheet.spills ?? []) {
    const [ar, ac] = key.split(",").map(Number) as [number, number];
    if ((r !== ar || c !== ac) && r >= ar && r < ar + size.rows && c >= ac && c < ac + size.columns) return [ar, ac];
  }
  return undefined;
}

/** A cell with no content that no spill covers. */
function isEmptyCell(sheet: Sheet, r: number, c: number): boolean {
  const v = sheet.rows[r]?.[c];
  return (v === undefined || v === null || v === "") && !spillAnchor(sheet, r, c);
}

/** Whether the cell holds a formula (not text that looks like one). */
export function isFormulaCell(sheet: Sheet, r: number, c: number): boolean {
  const v = sheet.rows[r]?.[c];
  return typeof v === "string" && v.startsWith("=") && !attr(sheet.text, r, c);
}

/** The number format of a cell: "General" unless set. */
const formatOf = (sheet: Sheet, r: number, c: number) => attr(sheet.numberFormats, r, c) ?? "General";

/**
 * Excel's serial number of a date: days since 1899-12-30 in the 1900 date system (right from
 * 1900-03-01 on, past Excel's phantom 1900-02-29), days since 1904-01-01 in the 1904 date system;
 * the two differ by 1,462 days ("Date systems in Excel",
 * https://support.microsoft.com/office/date-systems-in-excel-e7fe7167-48a9-4b96-bb53-5612a800b487).
 */
export function dateSerial(year: number, month: number, day: number, date1904 = false): number | undefined {
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000) - (date1904 ? 1462 : 0);
}
function isoOfSerial(serial: number, date1904: boolean): string {
  return new Date(Date.UTC(1899, 11, 30) + (Math.floor(serial) + (date1904 ? 1462 : 0)) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A string written through `values` or `formulas`, read as Excel reads what a user types (rule 2).
 * Range.values: "If the returned value starts with a plus ("+"), minus ("-"), or equal sign ("="),
 * Excel interprets this value as a formula"; "Locale-shaped strings ... are stored as text instead
 * of as dates. To ensure dates are stored as dates, use ... ISO (YYYY-MM-DD)"
 * (https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member,
 * also in @types/office-js). The fake's locale is en-US, so M/D/YYYY is a date too. Numbers with
 * thousands separators, leading zeros, a percent sign or a leading $ become numbers, and
 * TRUE/FALSE booleans, as typed into a General cell (Excel's own entry rules: the API pages do
 * not list them; the fake follows what Excel does when the same text is typed). A leading "@"
 * is taken as a formula as well (OWASP "CSV Injection"; Excel's handling of it through the API
 * is not documented). The leading apostrophe is Excel's quote prefix: the rest is text
 * (office-js issue 6687). Not modelled: the number format Excel sets on a cell typed as a date or
 * a percentage, times of day, and other locales.
 */
export function parseTyped(input: string, date1904 = false): { content: unknown; text?: boolean; quotePrefix?: boolean } {
  if (input.startsWith("'")) return { content: input.slice(1), text: true, quotePrefix: true };
  if (/^(TRUE|FALSE)$/i.test(input)) return { content: /^TRUE$/i.test(input) };
  const number = input.trim().match(/^(\()?(-)?\$?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%)?(\))?$/);
  if (number && Boolean(number[1]) === Boolean(number[6])) {
    let value = Number(number[3]!.replace(/,/g, "")) * 10 ** Number(number[4] ?? 0);
    if (number[5]) value /= 100;
    if (number[2] === "-" || number[1]) value = -value;
    return { content: value };
  }
  const iso = input.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  const us = input.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  const serial = iso ? dateSerial(+iso[1]!, +iso[2]!, +iso[3]!, date1904) : us ? dateSerial(+us[3]!, +us[1]!, +us[2]!, date1904) : undefined;
  if (serial !== undefined) return { content: serial };
  if (input.startsWith("=") && input.length > 1) return { content: input };
  if (/^[+\-@]./s.test(input)) return { content: `=${input}` };
  return { content: input };
}

/** Writes one cell as Excel does for `values`/`formulas` (rules 1 and 2). */
function enterCell(sheet: Sheet, r: number, c: number, input: unknown, date1904: boolean): void {
  // "Use null in 2-D arrays to leave specific cells unchanged"; "Empty strings ('') clear or reset
  // property values" (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values).
  if (input === null || input === undefined) return;
  let entry: { content: unknown; text?: boolean; quotePrefix?: boolean };
  if (input === "") entry = { content: undefined };
  else if (typeof input !== "string") entry = { content: input };
  // A cell formatted as Text keeps what is written as text ("@": Excel's Text format). Whether a
  // leading apostrophe is then still the quote prefix is not documented: the fake says it is.
  else if (formatOf(sheet, r, c) === "@") entry = input.startsWith("'") ? parseTyped(input, date1904) : { content: input, text: true };
  else entry = parseTyped(input, date1904);
  (sheet.rows[r] ??= [])[c] = entry.content;
  setAttr(sheet, "text", r, c, entry.text || undefined);
  setAttr(sheet, "quotePrefix", r, c, entry.quotePrefix || undefined);
  if (sheet.values?.[r]) sheet.values[r]![c] = undefined; // entered again: no longer shows what it showed
}

/** Clears a cell's content (and, with `formats`, its number format), as Range.clear does. */
function clearCell(sheet: Sheet, r: number, c: number, formats: boolean): void {
  if (sheet.rows[r]) sheet.rows[r]![c] = undefined;
  setAttr(sheet, "text", r, c, undefined);
  setAttr(sheet, "quotePrefix", r, c, undefined);
  if (formats) setAttr(sheet, "numberFormats", r, c, undefined);
  if (sheet.values?.[r]) sheet.values[r]![c] = undefined;
}

/** Moves everything a cell has (content, attributes, shown value) from one place to another. */
function moveCell(sheet: Sheet, from: [number, number], to: [number, number]): void {
  const [fr, fc] = from;
  const [tr, tc] = to;
  (sheet.rows[tr] ??= [])[tc] = sheet.rows[fr]?.[fc];
  for (const key of ["text", "quotePrefix", "numberFormats"] as const) setAttr(sheet, key, tr, tc, attr((sheet as any)[key], fr, fc));
  if (sheet.values) (sheet.values[tr] ??= [])[tc] = sheet.values[fr]?.[fc];
}

/** What `values` returns for a cell: a formula's result as set by the test, else NOT_CALCULATED; text without its apostrophe; "" for empty. */
function valueOf(sheet: Sheet, r: number, c: number): unknown {
  if (isFormulaCell(sheet, r, c)) return sheet.values?.[r]?.[c] ?? NOT_CALCULATED;
  return sheet.values?.[r]?.[c] ?? sheet.rows[r]?.[c] ?? "";
}

/** What `text` returns: the value as displayed; the fake knows date formats (yyyy, mm, dd) and shows the rest as String(value). */
function textOf(sheet: Sheet, r: number, c: number, date1904: boolean): string {
  const value = valueOf(sheet, r, c);
  const format = formatOf(sheet, r, c);
  if (typeof value === "number" && /y/i.test(format) && /d/i.test(format)) {
    const [y, m, d] = isoOfSerial(value, date1904).split("-");
    return format.replace(/yyyy/i, y!).replace(/mm/i, m!).replace(/dd/i, d!);
  }
  return typeof value === "boolean" ? (value ? "TRUE" : "FALSE") : String(value);
}

/** A grid's non-empty entries as "r,c": value, for snapshots. */
function entries(rows: unknown[][] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  rows?.forEach((row, r) => row?.forEach((v, c) => v !== undefined && v !== false && (out[`${r},${c}`] = v)));
  return out;
}

/** A table's column names: its header cells, as Excel names table columns. */
const columnNames = (t: Table): string[] => t.columns.map((_, i) => String(t.sheet.rows[t.top]?.[t.left + i] ?? ""));

/**
 * Why Excel would not take a formula, or undefined. Sources: "Excel restricts the contents of this
 * simple type [ST_Formula] to be at most 8192 characters" (MS-OI29500 2.1.1085,
 * https://learn.microsoft.com/openspecs/office_standards/ms-oi29500/8ebf82e4-4fa4-43a6-9ecd-d2d793a6f4bf);
 * "Nested levels of functions: 64" (Excel specifications and limits,
 * https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3;
 * quoted from memory and third-party manuals: the page was not in the corpus searched);
 * error-constant = "#REF!" / "#DIV/0!" / "#N/A" / "#NAME?" / "#NULL!" / "#NUM!" / "#VALUE!" /
 * "#GETTING_DATA" (MS-XLSX 2.2.2 Formulas,
 * https://learn.microsoft.com/openspecs/office_standards/ms-xlsx/3d025add-118d-4413-9856-ab65712ec1b0):
 * "=#SPILL!" is no formula. Undocumented, and chosen by the fake: the error code (InvalidArgument;
 * Excel's own for a formula it refuses is not documented), that the whole range write fails with
 * none of its cells changed, and Excel's limit on a formula's internal (bytecode) length, which
 * the fake does not model. As for any failed request, the operations before it in the request
 * stay applied (OfficeExtension.Error, traceMessages: "all trace messages that were executed
 * before the error occurred", https://learn.microsoft.com/javascript/api/office/officeextension.error).
 */
export function refusedFormula(formula: string, errorLiterals: "grammar" | "any" = "grammar"): string | undefined {
  // The file format stores a formula without its "=": the 8,192 are counted without it.
  if (formula.length - 1 > 8192) return `the formula is ${formula.length - 1} characters long after its "=": Excel takes 8,192`;
  const calls: boolean[] = [];
  let depth = 0;
  for (let i = 1; i < formula.length; i++) {
    const ch = formula[i]!;
    if (ch === '"' || ch === "'") {
      i = formula.indexOf(ch, i + 1);
      while (i >= 0 && formula[i + 1] === ch) i = formula.indexOf(ch, i + 2);
      if (i < 0) return "unclosed quotes";
    } else if (ch === "[") {
      // Structured references ([#This Row], [@Gross]): no error literals or calls inside.
      for (let open = 1; open > 0 && ++i < formula.length; ) open += formula[i] === "[" ? 1 : formula[i] === "]" ? -1 : 0;
    } else if (ch === "(") {
      const call = /[A-Za-z0-9_.]/.test(formula[i - 1] ?? "");
      calls.push(call);
      if (call && ++depth > 64) return "functions are nested more than 64 levels deep";
    } else if (ch === ")") {
      if (calls.pop()) depth--;
    } else if (ch === "#" && !/[A-Za-z0-9_$]/.test(formula[i - 1] ?? "")) {
      // A1# is a spill reference; elsewhere # starts an error literal.
      const literal = formula.slice(i).match(/^#[A-Za-z0-9_/]*[!?]?/)![0];
      if (errorLiterals === "grammar" && !/^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA)$/i.test(literal)) return `${literal} is not an error value of the formula grammar`;
      i += literal.length - 1;
    }
  }
  return undefined;
}

/** An error shaped like OfficeExtension.Error: a `code` from Excel.ErrorCodes and a message. */
export function richApiError(code: string, message: string): Error {
  return Object.assign(new Error(message.startsWith(code) ? message : `${code}: ${message}`), { name: "RichApi.Error", code });
}

export class FakeWorkbook {
  sheets = new Map<string, Sheet>();
  tables = new Map<string, Table>();
  /** Workbook names: name -> formula ("=Terms!$B$4"). */
  names = new Map<string, string>();
  requests = 0;
  requestBytes: number[] = [];
  /** Per request, the JSON size of the cells its loads brought back. */
  responseBytes: number[] = [];
  calculationSuspensions = 0;
  /** Fail the k-th request (1-based), or each of several (an import's and its rollback's), after applying the first half of its operations. */
  failAtRequest?: number | number[];
  /**
   * Application.calculationMode: "Automatic", "AutomaticExceptTables" or "Manual" ("Manual, where
   * calculation is done when the user requests it"; ExcelApi 1.1 to read, 1.8 to set:
   * https://learn.microsoft.com/javascript/api/excel/excel.application#excel-excel-application-calculationmode-member).
   */
  calculationMode = "Automatic";
  /**
   * Application.calculationState: "Done", "Calculating" or "Pending" ("Changes that trigger
   * calculation have been made, but a recalculation has not yet been performed"; ExcelApi 1.9:
   * https://learn.microsoft.com/javascript/api/excel/excel.calculationstate). A list is read one
   * state per load, the last one staying (a calculation that ends while the pane waits).
   */
  calculationState: string | string[] = "Done";
  /**
   * Formulas this Excel refuses beyond the limits refusedFormula checks: Excel also limits a
   * formula's internal (bytecode) length, which the fake cannot compute from the text, so a test
   * names the formulas it refuses. Refused as refusedFormula's are.
   */
  refuses?: (formula: string) => string | undefined;

  /**
   * What Excel does where its documentation is silent: the fake's choice first, each switchable so
   * that a test can run the pane against either possibility. Each has a check in
   * test/support/excelRules.ts, run in real Excel by the Script Lab snippet (docs/EXCEL-CHECKS.md):
   * a FAIL there says which way to switch the default.
   * - spilledFormulas: what Range.formulas returns for the cells a formula's result spills into
   *   (not the anchor): "" ("empty"), or the anchor's formula ("parent").
   * - errorLiterals: formulas typed with an error value outside the formula grammar (=#SPILL!,
   *   =#BUSY!) are refused as refusedFormula says ("grammar"), or taken ("any").
   * - copiedTableReferences: after Worksheet.copy, the copy's structured references name the
   *   copy's table ("copy") or still the original's ("original").
   * - conditionalFormatsGrow: a conditional format on a table column's body covers the rows
   *   table.rows.add adds later (true), or stays on the rows it was added to (false).
   * - rowsAddNull: a null cell in table.rows.add leaves the cell to the column's calculated formula
   *   ("leaves", as null in a Range write leaves a cell unchanged), is refused with InvalidArgument
   *   ("refused": the values are typed boolean | string | number), or writes an empty cell ("clears").
   */
  undocumented: {
    spilledFormulas: "empty" | "parent";
    errorLiterals: "grammar" | "any";
    copiedTableReferences: "copy" | "original";
    conditionalFormatsGrow: boolean;
    rowsAddNull: "leaves" | "refused" | "clears";
  } = { spilledFormulas: "empty", errorLiterals: "grammar", copiedTableReferences: "copy", conditionalFormatsGrow: true, rowsAddNull: "leaves" };

  /**
   * The results of formulas, where a test gives them (the fake calculates nothing else): a result
   * of more than one cell spills right and down from the formula's cell when those cells are empty,
   * and shows #SPILL! in the formula's cell when one is not ("Dynamic array formulas and spilled
   * array behavior", https://support.microsoft.com/office/205c6b06-03ba-4151-89a1-87a7eb36e531).
   * Not modelled: a write into a spilled cell later blocking the spill.
   */
  arrays?: (formula: string) => unknown[][] | undefined;

  /** Calculates the formula at (r, c) of `sheet` when `arrays` gives its result: its value, and its spill. */
  calculate(sheet: Sheet, r: number, c: number): void {
    const old = sheet.spills?.get(`${r},${c}`);
    if (old) for (let i = 0; i < old.rows; i++) for (let j = 0; j < old.columns; j++) if ((i > 0 || j > 0) && sheet.values?.[r + i]) sheet.values[r + i]![c + j] = undefined;
    sheet.spills?.delete(`${r},${c}`);
    const result = isFormulaCell(sheet, r, c) ? this.arrays?.(String(sheet.rows[r]![c])) : undefined;
    if (!result) return;
    const values = (sheet.values ??= []);
    const rows = result.length;
    const columns = Math.max(...result.map((row) => row.length));
    const blocked = result.some((row, i) => row.some((_, j) => (i > 0 || j > 0) && !isEmptyCell(sheet, r + i, c + j)));
    if (blocked) {
      (values[r] ??= [])[c] = "#SPILL!";
      return;
    }
    result.forEach((row, i) => row.forEach((v, j) => ((values[r + i] ??= [])[c + j] = v)));
    if (rows * columns > 1) (sheet.spills ??= new Map()).set(`${r},${c}`, { rows, columns });
  }

  /** The workbook uses the 1904 date system (Excel for Mac's old default): serials count from 1904-01-01. */
  date1904 = false;
  /**
   * The user is editing a cell (rule 5): "When false, if the user is in cell edit when the batch
   * request is processed by the host, the batch automatically fails. When true, the batch request
   * is executed immediately if the user is not in cell edit mode, but if the user is in cell edit
   * mode then the batch request is delayed until the user exits cell edit mode"
   * (https://learn.microsoft.com/javascript/api/excel/excel.runoptions#excel-excel-runoptions-delayforcelledit-member).
   * The error code is Excel.ErrorCodes.invalidOperationInCellEditMode ("InvalidOperationInCellEditMode",
   * @types/office-js); which call fails first is not documented: the fake fails the first sync.
   * A delayed batch waits until a test calls finishCellEdit().
   */
  editingCell = false;
  private waitingForEdit: (() => void)[] = [];

  /** The user presses Enter or Esc: delayed batches run. */
  finishCellEdit(): void {
    this.editingCell = false;
    for (const resume of this.waitingForEdit.splice(0)) resume();
  }

  /** Batches waiting for the user's cell edit to end. */
  get delayedBatches(): number {
    return this.waitingForEdit.length;
  }

  /**
   * Installs `globalThis.Office` answering Office.context.requirements.isSetSupported for the sets
   * given (e.g. { ExcelApi: "1.11" }): a set is supported at every version up to the one given.
   * Returns a function that puts back what was there.
   */
  installOffice(sets: Record<string, string>): () => void {
    const g = globalThis as { Office?: unknown };
    const before = g.Office;
    const newer = (want: string, have: string) => {
      const [a, b] = [want, have].map((v) => v.split(".").map(Number));
      for (let i = 0; i < Math.max(a!.length, b!.length); i++) if ((a![i] ?? 0) !== (b![i] ?? 0)) return (a![i] ?? 0) > (b![i] ?? 0);
      return false;
    };
    g.Office = { context: { requirements: { isSetSupported: (set: string, version?: string) => set in sets && !newer(version ?? "1.1", sets[set]!) } } };
    return () => {
      g.Office = before;
    };
  }

  /** The user's selection: a sheet and its areas ("A1:C4" or "A1:B2,D1:D4"). */
  selection?: { sheet: string; address: string };

  /** The selected areas as boxes. */
  selectedAreas(): Box[] {
    if (!this.selection) throw new Error("fake Excel: no selection set");
    const sheet = this.sheets.get(this.selection.sheet);
    if (!sheet) throw new Error(`fake Excel: no sheet ${this.selection.sheet}`);
    return this.selection.address.split(",").map((a) => ({ ...parseAddress(a.trim()), sheet }));
  }

  /** A table as a user may have it: `headers` in its header row at `topLeft` ("B3"), `rows` below, entered as typed. */
  addTable(sheetName: string, name: string, topLeft: string, headers: string[], rows: unknown[][]): void {
    const sheet = this.sheets.get(sheetName) ?? this.addSheet(sheetName);
    const { r0: top, c0: left } = parseAddress(topLeft);
    [headers, ...rows].forEach((row, i) => row.forEach((v, j) => enterCell(sheet, top + i, left + j, v, this.date1904)));
    this.tables.set(name, { name, sheet, top, left, columns: [...headers], rowCount: Math.max(1, rows.length) });
  }

  addSheet(name: string): Sheet {
    const sheet: Sheet = { name, rows: [], conditionalFormats: {} };
    this.sheets.set(name, sheet);
    return sheet;
  }

  /** One cell as Excel would report it: what `formulas` and `values` return, its quote prefix and number format. */
  cell(sheetName: string, address: string): { formula: unknown; value: unknown; isFormula: boolean; quotePrefix: boolean; numberFormat: string } {
    const sheet = this.sheets.get(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName}`);
    const { r0: r, c0: c } = parseAddress(address);
    return { formula: sheet.rows[r]?.[c] ?? "", value: valueOf(sheet, r, c), isFormula: isFormulaCell(sheet, r, c), quotePrefix: attr(sheet.quotePrefix, r, c) ?? false, numberFormat: formatOf(sheet, r, c) };
  }

  /** A deep copy of what a user would see: every sheet's cells and every table's extent. */
  snapshot(): unknown {
    return JSON.parse(
      JSON.stringify({
        sheets: [...this.sheets.values()].map((s) => ({
          name: s.name,
          rows: trimmed(s.rows),
          text: entries(s.text),
          quotePrefix: entries(s.quotePrefix),
          numberFormats: entries(s.numberFormats),
          conditionalFormats: s.conditionalFormats,
          visibility: s.visibility ?? "Visible",
          protected: s.protected ?? false,
        })),
        tables: [...this.tables.values()].map((t) => ({ name: t.name, sheet: t.sheet.name, top: t.top, columns: t.columns, rowCount: t.rowCount })),
        names: [...this.names].sort(),
      }),
    );
  }

  /** The charts of a sheet as a user would inspect them: series ranges as addresses (following renames of their sheet). */
  charts(sheetName: string): { name: string; type: string; title?: string; legendPosition?: string; categoryType?: string; position?: [string, string | undefined]; series: { name?: string; values: string; xValues?: string; lineStyle?: string }[] }[] {
    const sheet = this.sheets.get(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName}`);
    return (sheet.charts ?? []).map((c) => ({ ...c, series: c.series.map((x) => ({ ...x, values: boxAddress(x.values), xValues: x.xValues && boxAddress(x.xValues) })) }));
  }

  tableValues(name: string): unknown[][] {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return Array.from({ length: t.rowCount }, (_, i) => Array.from({ length: t.columns.length }, (_, c) => t.sheet.rows[t.top + 1 + i]?.[t.left + c] ?? null));
  }

  /**
   * Whether the host can delay a batch during a cell edit: office.js applies delayForCellEdit only
   * where the host supports it and ignores it elsewhere (onBeforeExcelRun, excel-web-16.00.debug.js).
   */
  delaysForCellEdit = true;

  /** Excel.run(batch) or Excel.run(options, batch); with { delayForCellEdit: true } a batch waits out the user's cell edit (rule 5). */
  run = async <T>(...args: [(context: any) => Promise<T>] | [{ delayForCellEdit?: boolean }, (context: any) => Promise<T>]): Promise<T> => {
    const [options, batch] = args.length === 1 ? [{}, args[0]] : args;
    if (options.delayForCellEdit && this.delaysForCellEdit && this.editingCell) await new Promise<void>((resume) => this.waitingForEdit.push(resume));
    return batch(new FakeContext(this));
  };
}

class FakeContext {
  private queue: { bytes: number; apply: () => void }[] = [];
  /** Bytes loaded by the request being applied. */
  loadedBytes = 0;
  workbook: any;
  application: any;

  constructor(private book: FakeWorkbook) {
    const ctx = this;
    this.application = {
      suspendApiCalculationUntilNextSync: () => ctx.enqueue([], () => book.calculationSuspensions++),
      /** Application.load("calculationMode,calculationState"). calculationState needs ExcelApi 1.9: a host without it has no such property (ApiNotFound, Excel.ErrorCodes). */
      load(props: string) {
        const wanted = new Set(props.split(",").map((p) => p.trim()));
        ctx.enqueue([props], () => {
          if (wanted.has("calculationMode")) ctx.application.calculationMode = book.calculationMode;
          if (wanted.has("calculationState")) {
            const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported(set: string, version: string): boolean } } } }).Office;
            if (office?.context?.requirements?.isSetSupported("ExcelApi", "1.9") !== true) throw richApiError("ApiNotFound", "Application.calculationState needs ExcelApi 1.9");
            const states = book.calculationState;
            ctx.application.calculationState = Array.isArray(states) ? (states.length > 1 ? states.shift() : states[0]) : states;
          }
        });
        return ctx.application;
      },
    };
    this.workbook = {
      tables: {
        /** TableCollection.load("items/name"): every table of the workbook. */
        load(_props?: string) {
          ctx.enqueue([_props], () => (ctx.workbook.tables.items = [...book.tables.values()].map((t) => ctx.tableProxy(() => t, false))));
          return ctx.workbook.tables;
        },
        getItemOrNullObject: (name: string) => ctx.tableProxy(() => book.tables.get(name), true),
        getItem: (name: string) => ctx.tableProxy(() => book.tables.get(name), false),
      },
      /**
       * Workbook.getSelectedRange: "If there are multiple ranges selected, this method will throw an
       * error" (https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getselectedrange-member(1));
       * the error's code is not documented: the fake says InvalidSelection, at the next sync.
       */
      getSelectedRange: () =>
        ctx.rangeProxy(() => {
          const areas = book.selectedAreas();
          if (areas.length !== 1) throw richApiError("InvalidSelection", "The current selection is invalid for this operation.");
          return areas[0]!;
        }),
      /**
       * Workbook.getActiveCell (ExcelApi 1.7): "Gets the currently active cell from the workbook"
       * (https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getactivecell-member(1)).
       * Excel's active cell is the cell of the selection where it was started; the fake's selection
       * has no direction, so the fake takes the top-left cell of its first area.
       */
      getActiveCell: () =>
        ctx.rangeProxy(() => {
          const first = book.selectedAreas()[0]!;
          return { ...first, r1: first.r0, c1: first.c0 };
        }),
      /** Workbook.getSelectedRanges (ExcelApi 1.9): every area; areaCount, cellCount and address loadable. */
      getSelectedRanges: () => {
        const ranges: any = {
          load(_props: string) {
            ctx.enqueue([_props], () => {
              const areas = book.selectedAreas();
              ranges.areaCount = areas.length;
              ranges.cellCount = areas.reduce((n, b) => n + (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1), 0);
              ranges.address = areas.map(boxAddress).join(",");
            });
            return ranges;
          },
        };
        return ranges;
      },
      names: {
        /** Office.js NamedItemCollection.load("items/name,items/formula"). */
        load(_props?: string) {
          ctx.enqueue([], () => (ctx.workbook.names.items = [...book.names].map(([name, formula]) => ({ name, formula }))));
          return ctx.workbook.names;
        },
        getItemOrNullObject(name: string) {
          const proxy: any = {
            load() {
              return proxy;
            },
            delete: () => ctx.enqueue([name], () => book.names.delete(name)),
          };
          ctx.enqueue([name], () => {
            proxy.isNullObject = !book.names.has(name);
            proxy.formula = book.names.get(name);
          });
          return proxy;
        },
        add: (name: string, formula: string) =>
          ctx.enqueue([name, formula], () => {
            if (book.names.has(name)) throw new Error(`InvalidArgument: the name ${name} exists`);
            book.names.set(name, formula);
          }),
      },
      worksheets: {
        load(_props?: string) {
          ctx.enqueue([], () => (ctx.workbook.worksheets.items = [...book.sheets.values()].map((s) => ctx.sheetProxy(() => s, false))));
        },
        getItemOrNullObject: (name: string) => ctx.sheetProxy(() => book.sheets.get(name), true),
        getItem: (name: string) => ctx.sheetProxy(() => book.sheets.get(name), false),
        /**
         * WorksheetCollection.getActiveWorksheet: "Gets the currently active worksheet in the workbook"
         * (https://learn.microsoft.com/javascript/api/excel/excel.worksheetcollection#excel-excel-worksheetcollection-getactiveworksheet-member(1)):
         * the sheet of the selection (the selection is always on the active sheet).
         */
        getActiveWorksheet: () => ctx.sheetProxy(() => book.selectedAreas()[0]!.sheet, false),
        add: (name: string) => {
          let sheet: Sheet | undefined;
          ctx.enqueue([name], () => {
            if (book.sheets.has(name)) throw new Error(`a sheet named ${name} exists`);
            sheet = book.addSheet(name);
          });
          return ctx.sheetProxy(() => sheet, false);
        },
      },
    };
  }

  enqueue(args: unknown, apply: () => void): void {
    this.queue.push({ bytes: JSON.stringify(args).length, apply });
  }

  async sync(): Promise<void> {
    const book = this.book;
    const queue = this.queue;
    this.queue = [];
    book.requests++;
    const bytes = queue.reduce((n, op) => n + op.bytes, 0);
    book.requestBytes.push(bytes);
    if (book.editingCell) throw richApiError("InvalidOperationInCellEditMode", "The operation is not allowed while a cell is being edited.");
    // Rule 6: "Excel on the web has a payload size limit for requests and responses of 5MB. A
    // RichAPI.Error will be thrown if that limit is exceeded."
    // (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins)
    if (bytes > EXCEL_WEB_REQUEST_LIMIT) throw richApiError("RequestPayloadSizeLimitExceeded", `RequestPayloadSizeLimitExceeded: ${bytes} bytes`);
    if (book.failAtRequest === book.requests || (Array.isArray(book.failAtRequest) && book.failAtRequest.includes(book.requests))) {
      queue.slice(0, Math.floor(queue.length / 2)).forEach((op) => op.apply());
      throw new Error(`injected failure at request ${book.requests}`);
    }
    this.loadedBytes = 0;
    queue.forEach((op) => op.apply());
    book.responseBytes.push(this.loadedBytes);
    if (this.loadedBytes > EXCEL_WEB_REQUEST_LIMIT) throw richApiError("ResponsePayloadSizeLimitExceeded", `ResponsePayloadSizeLimitExceeded: ${this.loadedBytes} bytes`);
  }

  private rangeProxy(resolve: () => Box): any {
    const ctx = this;
    const book = this.book;
    /** What `formulas` returns for a cell: a spilled cell's is undocumented (undocumented.spilledFormulas). */
    const formulaShown = (sheet: Sheet, r: number, c: number) => {
      const anchor = spillAnchor(sheet, r, c);
      if (!anchor) return sheet.rows[r]?.[c];
      return book.undocumented.spilledFormulas === "parent" ? sheet.rows[anchor[0]]![anchor[1]] : "";
    };
    /** A range found at sync, or a null object (isNullObject) when `find` gives none; `needs` an ExcelApi version (else ApiNotFound, as for calculationState). */
    const nullable = (find: () => Box | undefined, needs?: string) => {
      let box: Box | undefined;
      const range = ctx.rangeProxy(() => box as Box);
      const loadRange = range.load;
      range.load = (props: string) => {
        ctx.enqueue([], () => {
          const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported(set: string, version: string): boolean } } } }).Office;
          if (needs && office?.context?.requirements?.isSetSupported("ExcelApi", needs) !== true) throw richApiError("ApiNotFound", `needs ExcelApi ${needs}`);
          box = find();
          range.isNullObject = !box;
        });
        return loadRange(props);
      };
      return range;
    };
    const proxy: any = {
      load(props: string) {
        ctx.enqueue([props], () => {
          const box = resolve() as Box | undefined;
          if (!box) return; // a null object (an empty sheet's used range) loads nothing
          proxy.rowCount = box.r1 - box.r0 + 1;
          proxy.columnCount = box.c1 - box.c0 + 1;
          proxy.cellCount = proxy.rowCount * proxy.columnCount;
          proxy.address = boxAddress(box);
          proxy.rowIndex = box.r0;
          proxy.columnIndex = box.c0;
          const grid = (cell: (r: number, c: number) => unknown) =>
            Array.from({ length: box.r1 - box.r0 + 1 }, (_, i) => Array.from({ length: box.c1 - box.c0 + 1 }, (_, j) => cell(box.r0 + i, box.c0 + j) ?? ""));
          const wanted = new Set(props.split(",").map((p) => p.trim()));
          // Rule 1: a quote-prefixed text cell returns its text without the apostrophe, from values and formulas alike.
          if (wanted.has("values")) proxy.loadedValues = grid((r, c) => valueOf(box.sheet, r, c));
          if (wanted.has("formulas")) proxy.loadedFormulas = grid((r, c) => formulaShown(box.sheet, r, c));
          if (wanted.has("text")) proxy.loadedText = grid((r, c) => textOf(box.sheet, r, c, book.date1904));
          if (wanted.has("numberFormat")) proxy.loadedNumberFormat = grid((r, c) => formatOf(box.sheet, r, c));
          for (const loaded of [wanted.has("values") && proxy.loadedValues, wanted.has("formulas") && proxy.loadedFormulas, wanted.has("text") && proxy.loadedText, wanted.has("numberFormat") && proxy.loadedNumberFormat]) {
            if (loaded) ctx.loadedBytes += JSON.stringify(loaded).length;
          }
        });
        return proxy;
      },
      /** Range.worksheet: the sheet the range is on. */
      get worksheet() {
        return ctx.sheetProxy(() => resolve().sheet, false);
      },
      /** Range.getUsedRangeOrNullObject (ExcelApi 1.4): the part of the range holding used cells, or a null object. */
      getUsedRangeOrNullObject(_valuesOnly?: boolean) {
        let box: Box | undefined;
        const used = ctx.rangeProxy(() => box as Box);
        const loadUsed = used.load;
        used.load = (props: string) => {
          ctx.enqueue([], () => {
            const b = resolve();
            const all = usedBox(b.sheet);
            const r0 = Math.max(b.r0, all?.r0 ?? Infinity);
            const c0 = Math.max(b.c0, all?.c0 ?? Infinity);
            const r1 = Math.min(b.r1, all?.r1 ?? -1);
            const c1 = Math.min(b.c1, all?.c1 ?? -1);
            box = all && r0 <= r1 && c0 <= c1 ? { sheet: b.sheet, r0, c0, r1, c1 } : undefined;
            used.isNullObject = !box;
          });
          return loadUsed(props);
        };
        return used;
      },
      /**
       * Range.getSpillingToRangeOrNullObject (ExcelApi 1.12): "the range object containing the spill
       * range when called on an anchor cell"; a null object otherwise
       * (https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-getspillingtorangeornullobject-member(1)).
       */
      getSpillingToRangeOrNullObject: () =>
        nullable(() => {
          const b = resolve();
          const size = b.r0 === b.r1 && b.c0 === b.c1 ? b.sheet.spills?.get(`${b.r0},${b.c0}`) : undefined;
          return size && { sheet: b.sheet, r0: b.r0, c0: b.c0, r1: b.r0 + size.rows - 1, c1: b.c0 + size.columns - 1 };
        }, "1.12"),
      /**
       * Range.getSpillParentOrNullObject (ExcelApi 1.12): "the range object containing the anchor cell
       * for the cell getting spilled into"; a null object when it is not a spill cell or more than one
       * cell is given (same page). For the anchor itself the page says nothing: the fake gives the anchor.
       */
      getSpillParentOrNullObject: () =>
        nullable(() => {
          const b = resolve();
          if (b.r0 !== b.r1 || b.c0 !== b.c1) return undefined;
          const anchor = b.sheet.spills?.has(`${b.r0},${b.c0}`) ? [b.r0, b.c0] : spillAnchor(b.sheet, b.r0, b.c0);
          return anchor && { sheet: b.sheet, r0: anchor[0]!, c0: anchor[1]!, r1: anchor[0]!, c1: anchor[1]! };
        }, "1.12"),
      /** Range.getRow: one row of the range. */
      getRow: (i: number) => ctx.rangeProxy(() => {
        const b = resolve();
        return { ...b, r0: b.r0 + i, r1: b.r0 + i };
      }),
      /** Range.getOffsetRange: the range moved by rows and columns. */
      getOffsetRange: (dr: number, dc: number) => ctx.rangeProxy(() => {
        const b = resolve();
        return { ...b, r0: b.r0 + dr, r1: b.r1 + dr, c0: b.c0 + dc, c1: b.c1 + dc };
      }),
      getCell: (r: number, c: number) => ctx.rangeProxy(() => {
        const b = resolve();
        return { sheet: b.sheet, r0: b.r0 + r, c0: b.c0 + c, r1: b.r0 + r, c1: b.c0 + c };
      }),
      /** Range.getEntireRow: "Gets an object that represents the entire row of the range" (columns A to XFD, 16,384). */
      getEntireRow: () => ctx.rangeProxy(() => ({ ...resolve(), c0: 0, c1: 16_383 })),
      /**
       * Range.getIntersection: "Gets the range object that represents the rectangular intersection of
       * the given ranges. If no intersection is found, then this method returns an ItemNotFound error"
       * (https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-getintersection-member(1)).
       */
      getIntersection: (other: { box: () => Box }) =>
        ctx.rangeProxy(() => {
          const [a, b] = [resolve(), other.box()];
          const box = { sheet: a.sheet, r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) };
          if (a.sheet !== b.sheet || box.r0 > box.r1 || box.c0 > box.c1) throw richApiError("ItemNotFound", "The ranges do not intersect.");
          return box;
        }),
      /** The fake's own: the box this proxy stands for, resolved at sync (for getIntersection). */
      box: () => resolve(),
      getResizedRange: (dr: number, dc: number) => ctx.rangeProxy(() => {
        const b = resolve();
        return { ...b, r1: b.r1 + dr, c1: b.c1 + dc };
      }),
      delete(direction: string) {
        ctx.enqueue([direction], () => {
          const b = resolve();
          let n = b.r1 - b.r0 + 1;
          let from = b.r0;
          // Rule 4: a table keeps at least one data-body row. Deleting every row of its body leaves
          // one empty row (Excel's table always shows a data row under its header; the Office.js
          // reference does not say what Range.delete does to a whole table body: the fake keeps
          // the first row, emptied, with its formats).
          for (const t of book.tables.values()) {
            if (t.sheet !== b.sheet || b.r0 !== t.top + 1 || b.r1 < t.top + t.rowCount) continue;
            for (let c = t.left; c < t.left + t.columns.length; c++) clearCell(b.sheet, b.r0, c, false);
            from = b.r0 + 1;
            n -= 1;
          }
          const rows = b.sheet.rows;
          if (n > 0) for (let r = from; r < rows.length; r++) for (let c = b.c0; c <= b.c1; c++) moveCell(b.sheet, [r + n, c], [r, c]);
          for (const t of book.tables.values()) {
            if (t.sheet === b.sheet && from > t.top && from <= t.top + t.rowCount) t.rowCount -= Math.min(n, t.top + t.rowCount - from + 1);
          }
        });
      },
      conditionalFormats: {
        add(type: string) {
          let applied: Box | undefined;
          let span: [number, number] = [0, 0];
          const rule = {
            type,
            custom: { rule: { formula: "" }, format: { fill: { color: "" }, font: { color: "" } } },
            /** ConditionalFormat.getRange (ExcelApi 1.6): the range it applies to now (rows added to a table may have extended it). */
            getRange: () => ctx.rangeProxy(() => ({ ...applied!, r0: span[0], r1: span[1] })),
          };
          ctx.enqueue([type], () => {
            const b = resolve();
            applied = b;
            span = [b.r0, b.r1];
            (b.sheet.conditionalFormats[`column ${b.c0}:${b.c1}`] ??= []).push(rule);
            ((b.sheet.conditionalFormatRows ??= {})[`column ${b.c0}:${b.c1}`] ??= []).push(span);
          });
          return rule;
        },
      },
      /** Range.format: columnWidth (ExcelApi 1.2) and wrapText (1.1), recorded as set (the fake draws nothing). */
      format: {
        set columnWidth(width: number) {
          ctx.enqueue([width], () => {
            const b = resolve();
            for (let c = b.c0; c <= b.c1; c++) (b.sheet.columnWidths ??= {})[c] = width;
          });
        },
        set wrapText(wrap: boolean) {
          ctx.enqueue([wrap], () => {
            const b = resolve();
            for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) (b.sheet.wrapText ??= {})[`${r},${c}`] = wrap;
          });
        },
      },
      /** Range.clear(applyTo = "All"): contents and formats ("Contents" keeps the formats). */
      clear(applyTo: string = "All") {
        ctx.enqueue([applyTo], () => {
          const b = resolve();
          for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) clearCell(b.sheet, r, c, applyTo !== "Contents");
        });
      },
    };
    /** A 2-D array must match the range's size: "The number of rows or columns in the input array doesn't match the size or dimensions of the range" (InvalidArgument, office-js issue 1025). A single value fills every cell. */
    const each = (b: Box, value: unknown, cell: (r: number, c: number, v: unknown) => void) => {
      if (Array.isArray(value)) {
        const rows = b.r1 - b.r0 + 1;
        const columns = b.c1 - b.c0 + 1;
        if (value.length !== rows || value.some((row) => !Array.isArray(row) || row.length !== columns)) {
          throw richApiError("InvalidArgument", "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
        }
      }
      for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) cell(r, c, Array.isArray(value) ? value[r - b.r0][c - b.c0] : value);
    };
    const write = (value: unknown) => {
      ctx.enqueue(value, () => {
        const b = resolve();
        if (b.sheet.protected) throw richApiError("AccessDenied", `${b.sheet.name} is protected`);
        // A formula Excel will not take fails the write before any of its cells changes (see refusedFormula).
        each(b, value, (r, c, v) => {
          if (typeof v !== "string" || formatOf(b.sheet, r, c) === "@") return;
          const { content, text } = parseTyped(v, book.date1904);
          const why = !text && typeof content === "string" && content.startsWith("=") ? (refusedFormula(content, book.undocumented.errorLiterals) ?? book.refuses?.(content)) : undefined;
          if (why) throw richApiError("InvalidArgument", `${boxAddress({ ...b, r0: r, c0: c, r1: r, c1: c })}: ${why}`);
        });
        each(b, value, (r, c, v) => enterCell(b.sheet, r, c, v, book.date1904));
        each(b, value, (r, c, v) => v !== null && v !== undefined && book.calculate(b.sheet, r, c));
      });
    };
    Object.defineProperty(proxy, "values", { set: write, get: () => proxy.loadedValues });
    Object.defineProperty(proxy, "formulas", { set: write, get: () => proxy.loadedFormulas });
    Object.defineProperty(proxy, "text", { get: () => proxy.loadedText });
    // Per cell: null leaves a cell's format as it is, "" resets it to General (excel-add-ins-blank-null-values, above).
    Object.defineProperty(proxy, "numberFormat", {
      get: () => proxy.loadedNumberFormat,
      set: (format: unknown) =>
        ctx.enqueue(format, () => {
          const b = resolve();
          each(b, format, (r, c, f) => {
            if (f === null || f === undefined) return;
            setAttr(b.sheet, "numberFormats", r, c, f === "" || f === "General" ? undefined : String(f));
          });
        }),
    });
    return proxy;
  }

  private sheetProxy(lookup: () => Sheet | undefined, nullable: boolean): any {
    const ctx = this;
    const book = this.book;
    // Like Excel's proxies, bound to the sheet itself once found, not to its name: a renamed sheet stays the same object.
    let bound: Sheet | undefined;
    const resolve = () => (bound ??= lookup());
    const sheet = () => {
      const s = resolve();
      if (!s) throw richApiError("ItemNotFound", "sheet");
      return s;
    };
    const proxy: any = {
      /** name, visibility and protection read the sheet as it is at sync; load() queues the lookup, so a missing sheet fails there. */
      load(_props?: string) {
        ctx.enqueue([_props], () => sheet());
        return proxy;
      },
      getRange: (address: string) => ctx.rangeProxy(() => ({ ...parseAddress(address), sheet: sheet() })),
      /** Worksheet.names (see Sheet.names), loaded as NamedItemCollection.load("items/name,items/formula"). */
      names: {
        load(_props?: string) {
          ctx.enqueue([], () => (proxy.names.items = [...(sheet().names ?? [])].map(([name, formula]) => ({ name, formula }))));
          return proxy.names;
        },
      },
      /** Worksheet.charts (rule 8). */
      charts: {
        add: (type: string, source: { box: () => Box }, seriesBy?: string) => {
          let created: FakeChart | undefined;
          ctx.enqueue([type, seriesBy], () => {
            if (seriesBy !== "Columns") throw new Error(`fake Excel: charts.add with seriesBy ${seriesBy ?? "omitted"} (Excel guesses the orientation) is not modelled`);
            const b = source.box();
            const s = sheet();
            created = { name: `Chart ${(s.charts?.length ?? 0) + 1}`, type, series: [] };
            for (let c = b.c0; c <= b.c1; c++) created.series.push({ values: { ...b, c0: c, c1: c } });
            (s.charts ??= []).push(created);
          });
          return ctx.chartProxy(() => created);
        },
      },
      tables: {
        /** Worksheet.tables: "Collection of tables that are part of the worksheet" (ExcelApi 1.1), loaded as items/name, in the order the workbook holds them; each a table (getRange, name). */
        load(_props?: string) {
          ctx.enqueue([_props], () => (proxy.tables.items = [...book.tables.values()].filter((t) => t.sheet === sheet()).map((t) => ctx.tableProxy(() => t, false))));
          return proxy.tables;
        },
        add: (address: string) => {
          let created: Table | undefined;
          ctx.enqueue([address], () => {
            const a = parseAddress(address);
            const s = a.sheet ? book.sheets.get(a.sheet) : sheet();
            if (!s) throw new Error(`ItemNotFound: ${a.sheet}`);
            const columns = Array.from({ length: a.c1 - a.c0 + 1 }, (_, c) => String(s.rows[a.r0]?.[a.c0 + c] ?? ""));
            created = { name: `Table${book.tables.size + 1}`, sheet: s, top: a.r0, left: a.c0, columns, rowCount: a.r1 - a.r0 };
            book.tables.set(created.name, created);
          });
          return ctx.tableProxy(() => created, false);
        },
      },
      get name() {
        return resolve()?.name as string;
      },
      get visibility() {
        return resolve()?.visibility ?? "Visible";
      },
      set visibility(visibility: string) {
        ctx.enqueue([visibility], () => (sheet().visibility = visibility));
      },
      protection: {
        load() {
          return proxy.protection;
        },
        get protected() {
          return resolve()?.protected ?? false;
        },
      },
      getUsedRangeOrNullObject() {
        let box: Box | undefined;
        const range = ctx.rangeProxy(() => box as Box);
        const loadRange = range.load;
        range.load = (props: string) => {
          ctx.enqueue([], () => {
            box = usedBox(sheet());
            range.isNullObject = !box;
          });
          return loadRange(props);
        };
        return range;
      },
      /** Excel's worksheet.copy: "Name (2)", tables renamed and the copy's formulas following them. */
      copy(_position?: string) {
        let created: Sheet | undefined;
        ctx.enqueue([], () => {
          const s = sheet();
          let k = 2;
          while (book.sheets.has(`${s.name} (${k})`)) k++;
          const copy = book.addSheet(`${s.name} (${k})`);
          const renames: [string, string][] = [];
          for (const t of [...book.tables.values()].filter((t) => t.sheet === s)) {
            let n = 2;
            while (book.tables.has(`${t.name}${n}`)) n++;
            book.tables.set(`${t.name}${n}`, { ...t, name: `${t.name}${n}`, sheet: copy });
            renames.push([t.name, `${t.name}${n}`]);
          }
          // Whether the copy's structured references name the copy's tables is undocumented (undocumented.copiedTableReferences).
          const follow = (v: unknown, r: number, c: number) =>
            isFormulaCell(s, r, c) && book.undocumented.copiedTableReferences === "copy" ? renames.reduce((f, [from, to]) => f.split(`${from}[`).join(`${to}[`), v as string) : v;
          copy.rows = s.rows.map((row, r) => (row ? row.map((v, c) => follow(v, r, c)) : row));
          copy.values = s.values?.map((row) => (row ? [...row] : row));
          for (const key of ["text", "quotePrefix", "numberFormats"] as const) (copy as any)[key] = (s as any)[key]?.map((row: unknown[]) => (row ? [...row] : row));
          copy.conditionalFormats = JSON.parse(JSON.stringify(s.conditionalFormats));
          if (s.conditionalFormatRows) copy.conditionalFormatRows = JSON.parse(JSON.stringify(s.conditionalFormatRows));
          if (s.spills) copy.spills = new Map(s.spills);
          copy.protected = s.protected;
          created = copy;
        });
        return ctx.sheetProxy(() => created, false);
      },
      /**
       * Rule 7: a renamed sheet is found by its new name only. WorksheetCollection.getItem and
       * getItemOrNullObject get "a worksheet object using its name or ID"; with no such name the
       * first fails (ItemNotFound), the second returns an object whose isNullObject is true
       * (https://learn.microsoft.com/javascript/api/excel/excel.worksheetcollection, @types/office-js).
       * A proxy already bound to the sheet keeps it across the rename, as Excel's objects do. The
       * sheet keeps its place among the tabs (Worksheet.position is a property of its own).
       */
      set name(name: string) {
        ctx.enqueue([name], () => {
          const s = sheet();
          if (book.sheets.has(name)) throw new Error(`a sheet named ${name} exists`);
          const tabs = [...book.sheets.values()];
          s.name = name;
          book.sheets.clear();
          for (const tab of tabs) book.sheets.set(tab.name, tab);
        });
      },
      delete() {
        ctx.enqueue([], () => {
          const s = sheet();
          book.sheets.delete(s.name);
          for (const [name, t] of book.tables) if (t.sheet === s) book.tables.delete(name);
        });
      },
    };
    if (nullable) ctx.enqueue([], () => (proxy.isNullObject = !resolve()));
    return proxy;
  }

  /** A chart (rule 8): what the report sets on it, each queued to the next sync as Office.js does. */
  private chartProxy(resolve: () => FakeChart | undefined): any {
    const ctx = this;
    const chart = () => {
      const c = resolve();
      if (!c) throw richApiError("ItemNotFound", "chart");
      return c;
    };
    const setter = (apply: (c: FakeChart, v: any) => void) => ({ set: (v: unknown) => ctx.enqueue([v], () => apply(chart(), v)) });
    const title = Object.defineProperty({}, "text", setter((c, v) => (c.title = v)));
    const legend = Object.defineProperty({}, "position", setter((c, v) => (c.legendPosition = v)));
    const categoryAxis = Object.defineProperty({}, "categoryType", setter((c, v) => (c.categoryType = v)));
    const proxy: any = {
      title,
      legend,
      axes: { categoryAxis },
      /** Chart.setPosition(startCell, endCell?) (ExcelApi 1.1). */
      setPosition: (start: string, end?: string) => ctx.enqueue([start, end], () => (chart().position = [start, end])),
      series: {
        /** ChartSeriesCollection.getCount (ExcelApi 1.4): how many series (for the Excel checks, test/support/excelRules.ts). */
        getCount: () => {
          const result: { value?: number } = {};
          ctx.enqueue([], () => (result.value = chart().series.length));
          return result;
        },
        /** ChartSeriesCollection.getItemAt(index) (ExcelApi 1.1); a missing index fails at sync. */
        getItemAt: (index: number) => {
          const item = () => {
            const s = chart().series[index];
            if (!s) throw richApiError("ItemNotFound", `series ${index}`);
            return s;
          };
          const line = Object.defineProperty({}, "lineStyle", { set: (v: string) => ctx.enqueue([v], () => (item().lineStyle = v)) });
          const series: any = {
            format: { line },
            /** ChartSeries.setXAxisValues(sourceData) (ExcelApi 1.7): "Sets the values of the x-axis for a chart series." */
            setXAxisValues: (range: { box: () => Box }) => ctx.enqueue([], () => (item().xValues = range.box())),
          };
          Object.defineProperty(series, "name", { set: (v: string) => ctx.enqueue([v], () => (item().name = v)) });
          return series;
        },
      },
    };
    Object.defineProperty(proxy, "name", setter((c, v) => (c.name = v)));
    return proxy;
  }

  private tableProxy(resolve: () => Table | undefined, nullable: boolean): any {
    const ctx = this;
    const book = this.book;
    const table = () => {
      const t = resolve();
      if (!t) throw richApiError("ItemNotFound", "table");
      return t;
    };
    const body = (): Box => {
      const t = table();
      return { sheet: t.sheet, r0: t.top + 1, c0: t.left, r1: t.top + t.rowCount, c1: t.left + t.columns.length - 1 };
    };
    const column = (index: () => number) => ({
      getDataBodyRange: () => ctx.rangeProxy(() => {
        const b = body();
        const c = b.c0 + index();
        return { ...b, c0: c, c1: c };
      }),
      /** TableColumn.delete (ExcelApi 1.1): "Deletes the column from the table". The cells right of it in the table's rows move left (see columns.add). */
      delete: () => ctx.enqueue([], () => shiftTableRows(table(), index(), -1)),
    });
    /**
     * The cells of the table's rows (header and body) from table column `index` on move `by` columns
     * (+1: a column inserted there, -1: that column deleted), as Excel's "Insert Table Columns to the
     * Left" and "Delete Table Columns" do: cells outside the table's rows stay where they are (what
     * the API does beyond the table's rows is undocumented; the import clears its summary before
     * adding columns and writes it again after, so it never relies on it). Conditional formats are
     * left where they are (undocumented).
     */
    const shiftTableRows = (t: Table, index: number, by: 1 | -1) => {
      const sheet = t.sheet;
      const from = t.left + index;
      for (let r = t.top; r <= t.top + t.rowCount; r++) {
        const width = Math.max(...[sheet.rows, sheet.numberFormats, sheet.text, sheet.quotePrefix, sheet.values].map((g) => g?.[r]?.length ?? 0));
        if (by === 1) {
          for (let c = width - 1; c >= from; c--) moveCell(sheet, [r, c], [r, c + 1]);
          clearCell(sheet, r, from, true);
        } else {
          for (let c = from; c < width; c++) moveCell(sheet, [r, c + 1], [r, c]);
        }
      }
      if (by === 1) t.columns.splice(index, 0, "");
      else t.columns.splice(index, 1);
    };
    const proxy: any = {
      getDataBodyRange: () => ctx.rangeProxy(body),
      getHeaderRowRange: () => ctx.rangeProxy(() => ({ ...body(), r0: table().top, r1: table().top })),
      getRange: () => ctx.rangeProxy(() => ({ ...body(), r0: table().top })),
      /** Table.worksheet: the sheet the table is on, whatever its name. */
      get worksheet() {
        return ctx.sheetProxy(() => table().sheet, false);
      },
      columns: {
        getItemAt: (i: number) => column(() => i),
        // A column's name is its header cell (a header edited in the sheet renames the column).
        getItem: (name: string) => column(() => {
          const i = columnNames(table()).indexOf(name);
          if (i < 0) throw richApiError("ItemNotFound", `column ${name}`);
          return i;
        }),
        /** TableColumnCollection.getItemOrNullObject (ExcelApi 1.4): the column, or a null object (isNullObject) at sync. */
        getItemOrNullObject: (name: string) => {
          const item: any = column(() => columnNames(table()).indexOf(name));
          ctx.enqueue([], () => (item.isNullObject = !columnNames(table()).includes(name)));
          return item;
        },
        /**
         * TableColumnCollection.add(index, values, name): "Adds a new column to the table", index "the
         * relative position of the new column. If null or -1, the addition happens at the end. Columns
         * with a higher index will be shifted to the side"; "ExcelApi 1.1 requires an index smaller
         * than the total column count; 1.4 allows index to be optional (null or -1) ...; 1.4 allows
         * name parameter at creation time" (https://learn.microsoft.com/javascript/api/excel/excel.tablecolumncollection#excel-excel-tablecolumncollection-add-member(1)).
         * Only a name is modelled (no values); the new column's cells are empty, with no number format
         * (what format an inserted table column takes from its neighbours is undocumented).
         */
        add: (index: number | null | undefined, values: unknown, name: string) => {
          if (values !== undefined && values !== null) throw new Error("fake Excel: columns.add with values is not supported");
          ctx.enqueue([name], () => {
            const t = table();
            const at = index === null || index === undefined || index === -1 ? t.columns.length : index;
            if (at < 0 || at > t.columns.length) throw richApiError("InvalidArgument", "The argument is invalid or missing or has an incorrect format.");
            shiftTableRows(t, at, 1);
            enterCell(t.sheet, t.top, t.left + at, name, book.date1904);
            t.columns[at] = name;
          });
        },
      },
      rows: {
        add: (index: unknown, values: unknown[][]) => {
          if (index !== undefined && index !== null && index !== -1) throw new Error("fake Excel: rows.add at an index is not supported");
          ctx.enqueue(values, () => {
            const t = table();
            // Rule 3: every row as wide as the table, or nothing is written. Not in the reference
            // page; Excel answers InvalidArgument "The number of rows or columns in the input array
            // doesn't match the size or dimensions of the range" (microsoftgraph docs issue 7248,
            // the same API through Graph; office-js issue 1025 for Range.values).
            if (!Array.isArray(values) || values.some((row) => !Array.isArray(row) || row.length !== t.columns.length)) {
              throw richApiError("InvalidArgument", "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
            }
            if (book.undocumented.rowsAddNull === "refused" && values.some((row) => row.some((v) => v === null || v === undefined))) {
              throw richApiError("InvalidArgument", "The argument is invalid or missing or has an incorrect format.");
            }
            const last = t.top + t.rowCount;
            // Conditional formats on the table's columns down to its last row: extended with it, or not (undocumented).
            if (book.undocumented.conditionalFormatsGrow) {
              for (const [key, rows] of Object.entries(t.sheet.conditionalFormatRows ?? {})) {
                const [c0, c1] = key.slice("column ".length).split(":").map(Number) as [number, number];
                if (c0 >= t.left && c1 < t.left + t.columns.length) for (const span of rows) if (span[1] === last) span[1] += values.length;
              }
            }
            values.forEach((row, i) => {
              const r = last + 1 + i;
              row.forEach((v, j) => {
                const c = t.left + j;
                // New rows take the table's formatting and calculated columns ("Excel tables
                // automatically expand ... formatting and formulas are extended", Microsoft's
                // "Overview of Excel tables", https://support.microsoft.com/office/overview-of-excel-tables-7ab0bb7d-3a9e-4b56-a3c9-6c94334e492c).
                // So a column formatted "@" takes the new rows' strings as text.
                setAttr(t.sheet, "numberFormats", r, c, attr(t.sheet.numberFormats, last, c));
                if ((v === null || v === undefined) && book.undocumented.rowsAddNull === "leaves") {
                  // A null leaves the cell to the column's calculated formula (undocumented: undocumented.rowsAddNull).
                  if (isFormulaCell(t.sheet, t.top + 1, c)) (t.sheet.rows[r] ??= [])[c] = t.sheet.rows[t.top + 1]![c];
                  return;
                }
                if (v === null || v === undefined) return; // "clears": the new row's cell stays empty
                enterCell(t.sheet, r, c, v, book.date1904);
              });
            });
            t.rowCount += values.length;
          });
        },
      },
      delete() {
        ctx.enqueue([], () => book.tables.delete(table().name));
      },
    };
    Object.defineProperty(proxy, "name", {
      get: () => resolve()?.name,
      set: (name: string) =>
        ctx.enqueue([name], () => {
          const t = table();
          book.tables.delete(t.name);
          t.name = name;
          book.tables.set(name, t);
        }),
    });
    if (nullable) ctx.enqueue([], () => (proxy.isNullObject = !resolve()));
    return proxy;
  }
}
