/*
 * Excel formula text, for the native-formula builders (src/core/*.formula.ts) and the
 * "Share with bankers" planner: a tokenizer for en-US formulas (the form Office.js reads and
 * writes), argument splitting, and the small helpers every builder uses (optional arguments,
 * the policy rounding, domain guards). Pure text: nothing here evaluates a formula.
 */

export type TokenKind =
  | "string" // "text" with "" escapes
  | "number"
  | "bool"
  | "error" // #N/A, #NUM!, ...
  | "ref" // A1, $A$1:B2, Sheet1!A1, 'My sheet'!A:A, 1:1
  | "struct" // Table[Column], [@Gross], Placements[[#This Row],[Gross]]
  | "array" // {1,2;3,4}
  | "func" // a function name; the "(" is the next token
  | "name" // a defined name
  | "open"
  | "close"
  | "comma"
  | "op"
  | "space";

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** For "ref": the sheet name, unquoted, when the reference names one. */
  sheet?: string;
}

// A1 addresses live in address.ts (the pane's table code needs them without the tokenizer); re-exported for the builders.
import { addressCorners, rangeCorners } from "./address";
export { addressCorners, cellAddress, columnLetters, columnNumber, rangeCorners, SHEET_COLUMNS, SHEET_ROWS, type CellAddress } from "./address";

/** A formula text Excel would refuse, or one this tokenizer does not read. */
export class FormulaSyntaxError extends Error {}

const CELL = /^\$?[A-Za-z]{1,3}\$?[0-9]+/;
const COLUMNS = /^\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![A-Za-z0-9_.(\[!])/;
const ROWS = /^\$?[0-9]+:\$?[0-9]+/;
const NUMBER = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;
/** A name or sheet name: letters of any script (Données), digits, _ . \\ ?. */
const IDENT = /^[\p{L}_\\][\p{L}\p{N}_.\\?]*/u;
const ERROR = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!)/i;
const OPERATORS = ["<=", ">=", "<>", "+", "-", "*", "/", "^", "&", "=", "<", ">", "%", ":", "@"];

/** The reference after a sheet prefix: a cell or range, whole columns or rows, or #REF!. */
function refBody(text: string, at: number): number {
  const rest = text.slice(at);
  const m = rest.match(/^#REF!/i) ?? rest.match(COLUMNS) ?? rest.match(ROWS);
  if (m) return at + m[0].length;
  const cell = rest.match(CELL);
  if (!cell) {
    const name = rest.match(IDENT); // a sheet-scoped name
    if (name) return at + name[0].length;
    throw new FormulaSyntaxError(`expected a cell reference at position ${at + 1} of ${text}`);
  }
  let end = at + cell[0].length;
  const range = text.slice(end).match(/^:\$?[A-Za-z]{1,3}\$?[0-9]+/);
  if (range) end += range[0].length;
  // A1#: the whole spill of the dynamic array at A1 (its size is not known from the text).
  else if (text[end] === "#" && !ERROR.test(text.slice(end))) end++;
  return end;
}

/** From an opening bracket to its match (structured references nest one level; ' escapes a bracket). */
function bracketEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      i++;
      continue;
    }
    if (ch === "[") depth++;
    if (ch === "]" && --depth === 0) return i + 1;
  }
  throw new FormulaSyntaxError(`unclosed [ at position ${at + 1} of ${text}`);
}

function quotedEnd(text: string, at: number, quote: string): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  throw new FormulaSyntaxError(`unclosed ${quote} at position ${at + 1} of ${text}`);
}

/** Tokens of a formula (with or without its leading "="), covering the text end to end. */
export function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number, sheet?: string) => {
    tokens.push({ kind, text: formula.slice(i, end), start: i, end, ...(sheet === undefined ? {} : { sheet }) });
    i = end;
  };
  if (formula.startsWith("=")) push("op", 1);
  while (i < formula.length) {
    const ch = formula[i]!;
    const rest = formula.slice(i);
    if (/\s/.test(ch)) {
      push("space", i + rest.match(/^\s+/)![0].length);
    } else if (ch === '"') {
      push("string", quotedEnd(formula, i, '"'));
    } else if (ch === "'") {
      const close = quotedEnd(formula, i, "'");
      if (formula[close] !== "!") throw new FormulaSyntaxError(`expected ! after the sheet name ${formula.slice(i, close)}`);
      push("ref", refBody(formula, close + 1), formula.slice(i + 1, close - 1).replace(/''/g, "'"));
    } else if (ch === "{") {
      let end = i + 1;
      while (end < formula.length && formula[end] !== "}") end = formula[end] === '"' ? quotedEnd(formula, end, '"') : end + 1;
      if (end >= formula.length) throw new FormulaSyntaxError(`unclosed { in ${formula}`);
      push("array", end + 1);
    } else if (ch === "#") {
      const m = rest.match(ERROR);
      if (!m) throw new FormulaSyntaxError(`unknown error value at position ${i + 1} of ${formula}`);
      push("error", i + m[0].length);
    } else if (ch === "[") {
      push("struct", bracketEnd(formula, i));
    } else if (ch === "(") {
      push("open", i + 1);
    } else if (ch === ")") {
      push("close", i + 1);
    } else if (ch === ",") {
      push("comma", i + 1);
    } else if (/[0-9.]/.test(ch) && !ROWS.test(rest)) {
      const m = rest.match(NUMBER);
      if (!m) throw new FormulaSyntaxError(`unexpected . at position ${i + 1} of ${formula}`);
      push("number", i + m[0].length);
    } else if (ROWS.test(rest)) {
      push("ref", i + rest.match(ROWS)![0].length);
    } else if (ch === "$" || /[\p{L}_\\]/u.test(ch)) {
      const columns = rest.match(COLUMNS);
      const ident = rest.match(IDENT);
      const after = ident ? formula[i + ident[0].length] : undefined;
      if (ident && after === "!") {
        push("ref", refBody(formula, i + ident[0].length + 1), ident[0]);
      } else if (ident && after === "(") {
        push("func", i + ident[0].length);
      } else if (ident && after === "[") {
        push("struct", bracketEnd(formula, i + ident[0].length));
      } else if (columns) {
        push("ref", i + columns[0].length);
      } else if (CELL.test(rest) && !(ident && ident[0].length > rest.match(CELL)![0].length)) {
        push("ref", refBody(formula, i));
      } else if (ident) {
        push(/^(TRUE|FALSE)$/i.test(ident[0]) ? "bool" : "name", i + ident[0].length);
      } else {
        throw new FormulaSyntaxError(`unexpected $ at position ${i + 1} of ${formula}`);
      }
    } else {
      const op = OPERATORS.find((o) => rest.startsWith(o));
      if (!op) throw new FormulaSyntaxError(`unexpected ${ch} at position ${i + 1} of ${formula}`);
      push("op", i + op.length);
    }
  }
  return tokens;
}

/** A function call in a token list: its name, its argument texts (as written), where it ends. */
export interface Call {
  name: string;
  args: string[];
  /** Offsets in the text the tokens came from: the name's start, just past the ")". */
  start: number;
  end: number;
  /** Index of the token after the ")". */
  next: number;
}

/** The call whose name is tokens[at] (a "func" token, followed by "("). */
export function callAt(text: string, tokens: readonly Token[], at: number): Call {
  const name = tokens[at]!;
  let depth = 0;
  let argStart = tokens[at + 1]!.end;
  const args: string[] = [];
  for (let k = at + 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === "open") depth++;
    else if (t.kind === "close") {
      if (--depth === 0) {
        const last = text.slice(argStart, t.start);
        if (args.length > 0 || last.trim() !== "") args.push(last);
        return { name: name.text, args, start: name.start, end: t.end, next: k + 1 };
      }
    } else if (t.kind === "comma" && depth === 1) {
      args.push(text.slice(argStart, t.start));
      argStart = t.end;
    }
  }
  throw new FormulaSyntaxError(`unclosed ( after ${name.text} in ${text}`);
}

/** Excel's text for a sheet name in a reference: quoted unless plain letters, digits and _. */
export function sheetPrefix(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !CELL.test(sheet) ? `${sheet}!` : `'${sheet.replace(/'/g, "''")}'!`;
}

/** The shape of an argument as far as its text tells. */
export type Shape = { kind: "omitted" } | { kind: "cells"; rows: number; columns: number } | { kind: "column" } | { kind: "one" } | { kind: "unknown" };

/** Tokens of an argument text without spaces. */
export function meaningful(text: string): Token[] {
  return tokenize(text).filter((t) => t.kind !== "space");
}

export function shapeOf(text: string | undefined): Shape {
  if (text === undefined || text.trim() === "") return { kind: "omitted" };
  let tokens: Token[];
  try {
    tokens = meaningful(text);
  } catch {
    return { kind: "unknown" };
  }
  if (tokens.length !== 1) return expressionShape(text.trim());
  const token = tokens[0]!;
  switch (token.kind) {
    case "number":
    case "string":
    case "bool":
    case "error":
      return { kind: "one" };
    case "ref": {
      const corners = rangeCorners(token);
      if (!corners) return { kind: "unknown" };
      return { kind: "cells", rows: Math.abs(corners.to.row - corners.from.row) + 1, columns: Math.abs(corners.to.column - corners.from.column) + 1 };
    }
    case "struct":
      return /@|#This Row/i.test(token.text) ? { kind: "one" } : { kind: "column" };
    case "array": {
      const rows = arrayConstant(token.text);
      return rows ? { kind: "cells", rows: rows.length, columns: rows[0]!.length } : { kind: "unknown" };
    }
    default:
      return { kind: "unknown" };
  }
}

/** Functions that give one value whatever ranges they are given. */
const AGGREGATES = /^(SUM|SUMPRODUCT|SUMIF|SUMIFS|COUNT|COUNTA|COUNTIF|COUNTIFS|AVERAGE|AVERAGEIF|AVERAGEIFS|MIN|MAX|MINIFS|MAXIFS|LARGE|SMALL|MEDIAN|ROWS|COLUMNS|MATCH|VLOOKUP|HLOOKUP|XLOOKUP|PRODUCT|_xll\.CEO\.[A-Z0-9]+|CEO\.[A-Z0-9]+)$/i;
/** Functions that may give a reference or an array of several cells. */
const REFERENCES = /^(INDEX|OFFSET|INDIRECT|FILTER|SORT|SORTBY|UNIQUE|SEQUENCE|TRANSPOSE|CHOOSE|HSTACK|VSTACK|TAKE|DROP)$/i;

/**
 * An expression is one value unless, outside aggregate functions, it holds a range of several
 * cells, a table column, an array, a name or a reference function: then its size is unknown.
 */
function expressionShape(text: string): Shape {
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "func") {
      if (REFERENCES.test(t.text)) return { kind: "unknown" };
      if (AGGREGATES.test(t.text)) i = callAt(text, tokens, i).next - 1;
      continue;
    }
    const one = shapeOf(t.text);
    if ((t.kind === "ref" || t.kind === "struct" || t.kind === "array") && one.kind !== "one" && !(one.kind === "cells" && one.rows * one.columns === 1)) return { kind: "unknown" };
    if (t.kind === "name") return { kind: "unknown" };
  }
  return { kind: "one" };
}

/** True when an argument is more than one cell (a range or array of several values). */
export function isMany(shape: Shape): boolean {
  return shape.kind === "column" || (shape.kind === "cells" && shape.rows * shape.columns > 1);
}

/** The elements of an array constant {1,2;3,4} as texts by rows, or undefined if it holds anything but numbers. */
export function arrayConstant(text: string): string[][] | undefined {
  const m = text.trim().match(/^\{(.*)\}$/s);
  if (!m) return undefined;
  const rows = m[1]!.split(";").map((row) => row.split(",").map((cell) => cell.trim()));
  if (!rows.every((row) => row.length === rows[0]!.length && row.every((cell) => /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(cell)))) return undefined;
  return rows;
}

/** A builder met an argument whose form has no faithful native formula: the value is used instead. */
export class NoNativeFormula extends Error {}

export type Arg = string | undefined;

export const isOmitted = (arg: Arg): arg is undefined | "" => arg === undefined || arg.trim() === "";

/** A plain number literal (so no IF(x="", ...) is needed for it). */
export const isNumberLiteral = (arg: Arg) => arg !== undefined && /^\s*-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/.test(arg);

/** An argument inside a larger expression: parenthesised unless it is one token, one call or already in parentheses. */
export function wrap(arg: string): string {
  const text = arg.trim();
  let all: Token[];
  try {
    all = tokenize(text);
  } catch {
    return `(${text})`;
  }
  const tokens = all.filter((t) => t.kind !== "space");
  const first = tokens[0];
  const oneCall = first?.kind === "func" && callAt(text, all, all.indexOf(first)).end === text.length;
  const single = (tokens.length === 1 && first!.kind !== "op") || oneCall || (first?.kind === "open" && groupEnd(all, all.indexOf(first)) === all.length - 1);
  const negativeNumber = tokens.length === 2 && first!.text === "-" && tokens[1]!.kind === "number";
  return single && !negativeNumber ? text : `(${text})`;
}

/** An expression as a whole function argument: without the parentheses wrap() put round it. */
export function bare(expr: string): string {
  const text = expr.trim();
  try {
    const tokens = tokenize(text);
    return tokens[0]?.kind === "open" && groupEnd(tokens, 0) === tokens.length - 1 ? text.slice(1, -1) : text;
  } catch {
    return text;
  }
}

/** The index of the ")" closing the "(" at tokens[at]. */
function groupEnd(tokens: readonly Token[], at: number): number {
  let depth = 0;
  for (let k = at; k < tokens.length; k++) {
    if (tokens[k]!.kind === "open") depth++;
    else if (tokens[k]!.kind === "close" && --depth === 0) return k;
  }
  return -1;
}

/** A required argument; a missing one has no native meaning (the CEO cell shows #VALUE!). */
export function required(arg: Arg, name: string): string {
  if (isOmitted(arg)) throw new NoNativeFormula(`${name} is missing`);
  return wrap(arg);
}

/*
 * Number arguments. nativeFormula (formulas.ts) gives a builder each non-literal number argument
 * X as "--X", Excel's own coercion, the form in which Excel hands the add-in a number: numeric
 * text becomes its number ("5.2" is 5.2, where a comparison would put text above any number), and
 * it has already made the cell #VALUE! for a logical or other text. A blank is not coerced away:
 * the helpers below test X itself for "" (a blank cell or empty text, which the add-in reads as
 * omitted) and give the default, where --X would give 0 (MIN even skips a blank cell).
 */

/** The argument's value when it cannot be blank (a literal, arithmetic, a function of numbers), else undefined. */
function neverBlank(arg: string): string | undefined {
  return isNumberLiteral(arg) || (!arg.trim().startsWith("--") && isNumeric(arg)) ? wrap(arg) : undefined;
}

/** The argument as written, for the blank test: X of "--X", else the argument itself. */
function uncoerced(arg: string): string {
  const text = arg.trim();
  return text.startsWith("--") ? wrap(text.slice(2)) : wrap(text);
}

/**
 * An optional argument with its default: omitted gives the default, a literal itself, and any
 * other expression IF(X="",default,--X), since a blank cell or "" means "omitted" to the CEO
 * function (the coercion's isBlank).
 */
export function optional(arg: Arg, fallback: string): string {
  if (isOmitted(arg)) return fallback;
  const value = neverBlank(arg);
  if (value !== undefined) return value;
  const x = uncoerced(arg);
  return `IF(${x}="",${fallback},--${x})`;
}

/**
 * An optional amount whose default is 0. Given as "--X" by nativeFormula, whose checks have made
 * the cell #VALUE! for anything but a number, numeric text, a blank or empty text, it is the
 * shorter IFERROR(--X,0): --X is already 0 for a blank cell, and only empty text errs (the
 * Placements table's Fee repeats Prior Gross nine times). Any other form keeps the blank test.
 */
export function optionalZero(arg: Arg): string {
  if (arg !== undefined && arg.trim().startsWith("--")) return `IFERROR(${arg.trim()},0)`;
  return optional(arg, "0");
}

/** When an optional argument is given as an expression, the formula for each case (the given value coerced: (--X)). */
export function ifGiven(arg: Arg, given: (x: string) => string, omitted: string): string {
  if (isOmitted(arg)) return omitted;
  const value = neverBlank(arg);
  if (value !== undefined) return given(value);
  const x = uncoerced(arg);
  return `IF(${x}="",${omitted},${given(`(--${x})`)})`;
}

/** Money: to the cent, half-up (rounding.ts roundMoney). */
export const money = (expr: string) => `ROUND(${expr},2)`;

/**
 * Share counts: rounded down (rounding.ts roundShares). A quotient that is exactly whole may come
 * out of double arithmetic a few units in the last place below it (1000*2.8/8 is
 * 349.99999999999994, 34337273*(1.01-0.53)/1.01 is 16318703.999999998), and ROUNDDOWN would then
 * drop a share the Decimal core gives: so x is raised by a trillionth of itself (and of 1) first,
 * far above a double's error of a few operations (about 1e-15 of x) and far below any true gap to
 * the next whole share (a fixed ROUND(x,6) raised CASHLESS(1, 0.0000001, 7.5437) = 0.99999998674
 * to 1 share where the add-in gives 0). The shares counted here are 0 or more (guards refuse
 * negatives). README: "Rounding and differences".
 */
export const wholeShares = (expr: string) => `ROUNDDOWN(${wrap(expr)}*1.000000000001+0.000000000001,0)`;

/**
 * Prices: not rounded unless `decimals` is given (rounding.ts roundPrice): a whole number from
 * 0 to 10; a fraction is #VALUE! (excel.ts optInt), a whole number outside is #NUM!.
 */
export function price(expr: string, decimals: Arg): string {
  if (isNumberLiteral(decimals)) {
    const d = Number(decimals);
    if (!Number.isInteger(d)) return "#VALUE!";
    if (d < 0 || d > 10) return "#NUM!";
  }
  // Given as "--X" by nativeFormula, a fraction has already made the cell #VALUE! (a whole parameter).
  const checked = decimals !== undefined && decimals.trim().startsWith("--");
  const inRange = (d: string) => `IF(OR(${d}<0,${d}>10),#NUM!,ROUND(${expr},${d}))`;
  return ifGiven(decimals, (d) => (isNumberLiteral(decimals) ? `ROUND(${expr},${d})` : checked ? inRange(d) : `IF(${d}<>INT(${d}),#VALUE!,${inRange(d)})`), expr);
}

/** The cell shows `code` (as the CEO function would) when the condition holds. */
export function guard(condition: string, expr: string, code: "#NUM!" | "#VALUE!" | "#N/A" = "#NUM!"): string {
  return `IF(${condition},${code},${expr})`;
}

export const anyOf = (conditions: readonly string[]) => (conditions.length === 1 ? conditions[0]! : `OR(${conditions.join(",")})`);

/** A Decimal-like constant as Excel number text (no exponent). */
export const constant = (value: { toFixed(): string }) => value.toFixed();

/** Functions that give an array whose size a native formula cannot follow (Excel 365's dynamic arrays). */
const ARRAYS = /^(?:_xlfn\.)?(FILTER|SORT|SORTBY|UNIQUE|SEQUENCE|TRANSPOSE|HSTACK|VSTACK|TAKE|DROP|CHOOSECOLS|CHOOSEROWS|EXPAND|TOCOL|TOROW|WRAPROWS|WRAPCOLS|RANDARRAY)$/i;

const isZero = (arg: string | undefined) => arg !== undefined && /^\s*0+(\.0*)?\s*$/.test(arg);
const isOne = (arg: string | undefined) => arg === undefined || arg.trim() === "" || /^\s*1(\.0*)?\s*$/.test(arg);

/**
 * Where one value belongs, the part of an argument that holds several: a range of more than one
 * cell, a table column, an array of several values, as the argument itself or as an operand
 * outside an aggregate function (=CEO.FEE(D2:D3) and =CEO.FEE(D2:D3*2) lift the call over the
 * cells in dynamic-array Excel, which a native formula cannot follow); a dynamic-array function;
 * OFFSET with a height or width other than 1; INDEX of a whole row or column. INDEX(range, r, c),
 * OFFSET(cell, r, c), INDIRECT and names are taken for one value. Undefined when none is seen.
 */
export function severalValues(text: string): string | undefined {
  const trimmed = text.trim();
  const tokens = tokenize(trimmed);
  const alone = tokens.filter((u) => u.kind !== "space").length === 1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "func") {
      const call = callAt(trimmed, tokens, i);
      if (ARRAYS.test(t.text)) return `holds ${t.text.toUpperCase()}(...), an array of a size a native formula cannot follow`;
      if (/^OFFSET$/i.test(t.text) && !(isOne(call.args[3]) && isOne(call.args[4]))) return "holds OFFSET(...) of several cells";
      if (/^INDEX$/i.test(t.text)) {
        const [range, row, column] = call.args;
        const shape = range === undefined ? undefined : shapeOf(range);
        const twoD = shape?.kind === "cells" && shape.rows > 1 && shape.columns > 1;
        if (isZero(row) || isZero(column) || (call.args.length === 2 && twoD)) return "holds INDEX(...) of a whole row or column";
        // INDEX(range, r, c) is one cell of the range: its row and column arguments are read as usual.
        for (const arg of call.args.slice(1)) {
          const inner = severalValues(arg);
          if (inner) return inner.startsWith("is ") ? "holds a range of several cells" : inner;
        }
        i = call.next - 1;
        continue;
      }
      if (AGGREGATES.test(t.text)) i = call.next - 1;
      continue;
    }
    const several = severalIn(t);
    if (several) return alone ? several : "holds a range of several cells";
  }
  return undefined;
}

function severalIn(t: Token): string | undefined {
  if (t.kind === "ref") {
    const corners = addressCorners(t.text);
    if (!corners) return undefined;
    const cells = (Math.abs(corners.to.row - corners.from.row) + 1) * (Math.abs(corners.to.column - corners.from.column) + 1);
    return cells > 1 ? `is a range of ${cells} cells` : undefined;
  }
  if (t.kind === "struct") return /@|#This Row/i.test(t.text) ? undefined : "is a table column";
  if (t.kind === "array") {
    const elements = t.text.slice(1, -1).split(/[,;](?=(?:[^"]*"[^"]*")*[^"]*$)/).length;
    return elements > 1 ? `is an array of ${elements} values` : undefined;
  }
  return undefined;
}

/** Functions whose value is a number (or an error) whatever their arguments. */
const NUMERIC = /^(SUM|SUMPRODUCT|SUMIF|SUMIFS|COUNT|COUNTA|COUNTBLANK|COUNTIF|COUNTIFS|AVERAGE|AVERAGEIF|AVERAGEIFS|MIN|MAX|MINIFS|MAXIFS|LARGE|SMALL|MEDIAN|PRODUCT|ROUND|ROUNDUP|ROUNDDOWN|INT|TRUNC|ABS|MOD|SQRT|EXP|LN|LOG|LOG10|POWER|DATE|EDATE|EOMONTH|WORKDAY|WORKDAY\.INTL|NETWORKDAYS|NETWORKDAYS\.INTL|YEAR|MONTH|DAY|WEEKDAY|ROWS|COLUMNS|MATCH|N|VALUE|LEN)$/i;

/**
 * True when an argument's value is always a number or an error: a number or error literal,
 * arithmetic at its top level (Excel's + - * / ^ % convert their operands, so the add-in is handed
 * the result), a function of numbers (SUM, ROUND, DATE, ...), or IF / IFERROR whose results all
 * are (a nested CEO call's native formula is such an IF). Such an argument needs no blank test or
 * coercion.
 */
export function isNumeric(text: string): boolean {
  const trimmed = text.trim();
  let all: Token[];
  try {
    all = tokenize(trimmed);
  } catch {
    return false;
  }
  const tokens = all.filter((t) => t.kind !== "space");
  if (tokens.length === 0) return false;
  if (tokens.length === 1) return tokens[0]!.kind === "number" || tokens[0]!.kind === "error";
  const first = all.findIndex((t) => t.kind !== "space");
  if (all[first]!.kind === "open" && groupEnd(all, first) === all.length - 1) return isNumeric(trimmed.slice(1, -1));
  if (all[first]!.kind === "func") {
    const call = callAt(trimmed, all, first);
    if (call.end === trimmed.length) {
      if (/^IF$/i.test(call.name)) return call.args.length === 3 && isNumeric(call.args[1]!) && isNumeric(call.args[2]!);
      if (/^IFERROR$/i.test(call.name)) return call.args.length === 2 && isNumeric(call.args[0]!) && isNumeric(call.args[1]!);
      return NUMERIC.test(call.name);
    }
  }
  let depth = 0;
  let arithmetic = false;
  for (const t of tokens) {
    if (t.kind === "open") depth++;
    else if (t.kind === "close") depth--;
    else if (depth === 0 && t.kind === "op") {
      if (/^[+\-*/^%]$/.test(t.text)) arithmetic = true;
      else return false; // & gives text, comparisons a logical, : and @ references
    } else if (depth === 0 && t.kind === "comma") return false;
  }
  return arithmetic;
}
