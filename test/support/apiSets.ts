/*
 * API-set check: which Office.js requirement set every Excel / Office / OfficeExtension /
 * CustomFunctions member used under src/ needs, and whether the manifest's <Requirements> (or a
 * runtime guard) covers it. Used by test/apiSets.test.ts; `npx tsx test/support/apiSets.ts` prints
 * the table for the current tree.
 *
 * RULES (kept deliberately simple; everything not listed here is not recognised)
 *
 * 1. Uses. One ts.Program over src/**\/*.ts with the project's tsconfig.json. A "use" is a node whose
 *    symbol, resolved by the type checker, is declared in @types/office-js or
 *    @types/custom-functions-runtime inside the Excel, Office, OfficeExtension or CustomFunctions
 *    namespace:
 *    - a property access `a.b` or element access `a["b"]` (namespaces themselves, e.g. `Excel`,
 *      `Excel.Interfaces`, are not uses);
 *    - for a call / `new`, the overload the checker resolved (so Excel.run(options, batch) and
 *      Excel.run(batch) are told apart); a member referenced without a call takes the lowest
 *      requirement of its overloads;
 *    - a property of an object literal whose contextual type is an office-js type (e.g.
 *      `{ delayForCellEdit: true }` passed as Excel.RunOptions, `range.set({ ... })`);
 *    - a property name in a string passed to an office-js `load("a, b/c")` (resolved on the receiver);
 *    - a property in an object destructuring of an office-js object;
 *    - an enum member named in a type assertion (`"Hidden" as Excel.SheetVisibility.hidden`).
 *    Access: the left side of `=`, `+=`, ..., `++`/`--` is a write; an object-literal property is a
 *    write unless its contextual type is a *LoadOptions interface; everything else is a read.
 *
 * 2. Requirement of a declaration, first match wins:
 *    a. OVERRIDES below (each entry cites the Microsoft page it was checked against);
 *    b. its own JSDoc `[Api set: Set x.y]` (Excel, CustomFunctions) or `**Requirement set**:
 *       {@link ... | Set x.y}` (Office; a list under `**Requirement sets**` means all of them).
 *       `@param` text is ignored. `Set 1.1 for get, 1.8 for set` (and the "reading/getting ...;
 *       setting ..." wordings) splits by access. Any other qualified tag ("1.1 for a single row;
 *       1.4 allows multiple rows; ...") conservatively needs its HIGHEST version, and a
 *       non-numeric one ("Preview") can never be met: refine it with an override if src uses it.
 *       A set named without version (Office's "Settings") means version 1.1;
 *    c. the tag of the enclosing class / interface / enum;
 *    d. untagged: the namespace's base set (Excel: ExcelApi 1.1, CustomFunctions:
 *       CustomFunctionsRuntime 1.1, Office / OfficeExtension: none), listed as "untagged". Microsoft's
 *       versioned reference lists untagged members in the ExcelApi 1.1 view
 *       (https://learn.microsoft.com/javascript/api/excel?view=excel-js-1.1).
 *
 * 3. Available without a guard: the sets in manifest.xml <Requirements><Sets><Set Name MinVersion>
 *    (MinVersion defaulting to <Sets DefaultMinVersion>), plus HOST_BASELINE (what every Excel that
 *    loads an Office.js add-in has). Versions compare numerically, part by part (1.10 > 1.9).
 *
 * 4. Guards (lexical: the use sits inside the guarded code, also inside a callback written there):
 *    - the then-branch of `if (C)`, the true branch of `C ? x : y`, the right operand of `C && x`
 *      (and the else / false / `C || x` side for the negation);
 *    - the statements after `if (!C) return|throw ...;` (then-branch that always exits, no else) in
 *      the same block;
 *    where C is made of `!`, `&&`, `||`, parentheses, `=== true` / `!== false` and atoms:
 *    - `Office.context.requirements.isSetSupported("Set", "x.y")` with string literals (the
 *      deprecated number overload and the deprecated `Office.isSetSupported` are not guards:
 *      1.10 as a number is 1.1, and Microsoft documents the latter as inaccurate on desktop);
 *    - `f("Set", "x.y")` with string literals where f is a function of the program whose every
 *      `return` calls that isSetSupported with f's first two parameters (src/taskpane/excel/run.ts
 *      `supports`);
 *    - a call of a guard function: a parameterless function declaration, a `const` arrow/function,
 *      or a PARAMETER whose default is such an arrow (excelRunOn's `canDelay`), whose returned
 *      expression is itself a condition C. A parameter counts only when its function is referenced
 *      in src/ solely by direct calls, each omitting that argument or passing a guard function
 *      (the guarantee is then the weakest of the default and the passed ones);
 *    - a `const` initialised with a condition C.
 *    Comments are never guards.
 */
import fs from "fs";
import path from "path";
import ts from "typescript";
import { XMLParser } from "fast-xml-parser";

export type Namespace = "Excel" | "Office" | "OfficeExtension" | "CustomFunctions";
export type Access = "read" | "write" | "call" | "reference";

/** A requirement set at a version ("1.1" for a set named without one; "Preview" never met). */
export interface Need {
  set: string;
  version: string;
}

interface Requirement {
  read: Need[];
  write: Need[];
  source: "override" | "tag" | "enclosing" | "untagged";
  /** The tag text, the override's reason, or the enclosing declaration. */
  detail: string;
}

export interface Guard {
  set: string;
  version: string;
  /** How the guard was recognised, e.g. `supports("ExcelApi", "1.11") src/x.ts:12`. */
  how: string;
}

export interface ApiUse {
  member: string;
  namespace: Namespace;
  access: Access;
  needs: Need[];
  source: Requirement["source"];
  detail: string;
  file: string;
  line: number;
  /** Every guard in force where the use is. */
  inForce: Guard[];
  /** The guards that cover a need above the declared sets. */
  guardedBy: Guard[];
  /** Needs met neither by the manifest nor by a guard. */
  unmet: Need[];
}

export interface Report {
  uses: ApiUse[];
  violations: ApiUse[];
  declared: DeclaredSets;
  files: number;
  ms: number;
}

/** Set name (lower case) -> declared set and version. */
export type DeclaredSets = Map<string, Need>;

interface Override {
  read: Need[];
  write?: Need[];
  /** For a call: the need given its arguments (replaces `read`). */
  call?: (args: readonly ts.Expression[]) => Need[];
  url: string;
  reason: string;
}

/**
 * Members whose d.ts tag is missing or too coarse. Each entry was checked against the page cited.
 */
export const OVERRIDES: Record<string, Override> = {
  "Excel.TableRowCollection.add": {
    read: [{ set: "ExcelApi", version: "1.4" }],
    call: (args) => [{ set: "ExcelApi", version: args.length >= 3 ? "1.15" : "1.4" }],
    url: "https://learn.microsoft.com/javascript/api/excel/excel.tablerowcollection#excel-excel-tablerowcollection-add-member(1)",
    reason:
      "tag: 1.1 for a single row; 1.4 for several rows; 1.15 for the alwaysInsert argument. " +
      "The row count is not known statically, so 1.4; 1.15 when a third argument is passed",
  },
  "Excel.run": {
    read: [{ set: "ExcelApi", version: "1.1" }],
    url: "https://learn.microsoft.com/javascript/api/excel?view=excel-js-1.1#excel-excel-run-function(1)",
    reason: "untagged in the d.ts; all five overloads are listed in Microsoft's ExcelApi 1.1 view",
  },
  "Excel.RunOptions.delayForCellEdit": {
    read: [{ set: "ExcelApi", version: "1.1" }],
    url: "https://learn.microsoft.com/javascript/api/excel/excel.runoptions?view=excel-js-1.1",
    reason:
      "untagged in the d.ts and on Microsoft's page, listed in the ExcelApi 1.1 view; no Microsoft source for " +
      "ExcelApi 1.11 was found. office.js itself applies the option only where isSetSupported(\"DelayForCellEdit\") " +
      "and ignores it elsewhere (Excel.run's onBeforeExcelRun in @microsoft/office-js dist/excel-*.debug.js)",
  },
};

/**
 * Sets every Excel host that loads an Office.js add-in has, declared or not.
 */
export const HOST_BASELINE: Record<string, { need: Need; url: string }> = {
  excelapi: {
    need: { set: "ExcelApi", version: "1.1" },
    url: "https://learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-1-1-requirement-set",
  },
  settings: {
    need: { set: "Settings", version: "1.1" },
    url: "https://learn.microsoft.com/javascript/api/requirement-sets/common/office-add-in-requirement-sets#settings",
  },
};

const NAMESPACES = new Set<string>(["Excel", "Office", "OfficeExtension", "CustomFunctions"]);
const UNTAGGED_BASE: Record<Namespace, Need[]> = {
  Excel: [{ set: "ExcelApi", version: "1.1" }],
  CustomFunctions: [{ set: "CustomFunctionsRuntime", version: "1.1" }],
  Office: [],
  OfficeExtension: [],
};

/** Numeric, part by part: compareVersions("1.10", "1.9") > 0. A non-numeric part ("Preview") is above every number. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : Number.POSITIVE_INFINITY));
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}

const maxVersion = (versions: string[]) => versions.reduce((m, v) => (compareVersions(v, m) > 0 ? v : m));

/** The manifest's <Requirements><Sets>: `Set Name` -> MinVersion (else the Sets' DefaultMinVersion, else 1.1). */
export function readManifestSets(xml: string): DeclaredSets {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", removeNSPrefix: true, isArray: (name) => name === "Set" }).parse(xml);
  const sets = doc?.OfficeApp?.Requirements?.Sets;
  const declared: DeclaredSets = new Map();
  if (!sets) return declared;
  const fallback = typeof sets.DefaultMinVersion === "string" ? sets.DefaultMinVersion : "1.1";
  for (const set of (sets.Set ?? []) as { Name?: string; MinVersion?: string }[]) {
    if (!set.Name) continue;
    declared.set(set.Name.toLowerCase(), { set: set.Name, version: set.MinVersion ?? fallback });
  }
  return declared;
}

/** The parts of a JSDoc comment outside @param / @returns / @typeParam sections. */
function docText(decl: ts.Node): string {
  const sf = decl.getSourceFile();
  const out: string[] = [];
  for (const doc of ts.getJSDocCommentsAndTags(decl)) {
    if (!ts.isJSDoc(doc)) continue;
    let skipping = false;
    for (const raw of sf.text.slice(doc.pos, doc.end).split("\n")) {
      const line = raw.replace(/^\s*\/\*\*|\*\/\s*$/g, "").replace(/^\s*\*\s?/, "");
      const tag = /^\s*@(\w+)/.exec(line);
      if (tag) skipping = ["param", "returns", "return", "typeParam", "template", "throws"].includes(tag[1]!);
      if (!skipping) out.push(line);
    }
  }
  return out.join("\n");
}

const VERSION = /\d+(?:\.\d+)+/g;

/** Parses the requirement written in a declaration's own doc comment, or undefined when there is none. */
export function parseTag(text: string): { read: Need[]; write: Need[]; tag: string } | undefined {
  const apiSet = /\[Api set:\s*([^\]]*)\]/.exec(text);
  if (apiSet) {
    const tag = apiSet[1]!.trim().replace(/\s+/g, " ");
    const name = /^([A-Za-z][\w]*)/.exec(tag)?.[1] ?? "";
    const single = /^([A-Za-z]\w*) (\d+(?:\.\d+)+)$/.exec(tag);
    if (single) {
      const need = [{ set: single[1]!, version: single[2]! }];
      return { read: need, write: need, tag };
    }
    const split = /^([A-Za-z]\w*) (\d+(?:\.\d+)+) for (?:get|getting|reading)\b[^;,]*[;,] (?:[A-Za-z]\w* )?(\d+(?:\.\d+)+) for (?:set|setting)\b[^;,]*$/.exec(tag);
    if (split) {
      return { read: [{ set: split[1]!, version: split[2]! }], write: [{ set: split[1]!, version: split[3]! }], tag };
    }
    // Qualified in another way: the highest version named (or "Preview", which no host declares).
    const versions: string[] = [...(tag.match(VERSION) ?? [])];
    if (/\bPreview\b/.test(tag)) versions.push("Preview");
    const need = [{ set: name, version: versions.length ? maxVersion(versions) : "Preview" }];
    return { read: need, write: need, tag };
  }
  const office = /\*\*Requirement sets?\*\*:([\s\S]*?)(?:\n\s*\n(?!\s*-)|$)/.exec(text);
  if (office) {
    const needs: Need[] = [];
    for (const link of office[1]!.matchAll(/\{@link\s+\S+\s*\|\s*([^}]+)\}/g)) {
      const label = link[1]!.trim();
      const m = /^([A-Za-z]\w*)(?:\s+(\d+(?:\.\d+)+))?$/.exec(label);
      needs.push(m ? { set: m[1]!, version: m[2] ?? "1.1" } : { set: label, version: "Preview" });
    }
    if (needs.length) return { read: needs, write: needs, tag: needs.map((n) => `${n.set} ${n.version}`).join(" + ") };
  }
  return undefined;
}

function isOfficeDeclarationFile(fileName: string): boolean {
  const f = fileName.replace(/\\/g, "/");
  return f.includes("/@types/office-js/") || f.includes("/@types/custom-functions-runtime/");
}

function nameOf(node: ts.Node): string | undefined {
  const name = ts.getNameOfDeclaration(node as ts.Declaration);
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) return name.text;
  if (ts.isConstructorDeclaration(node) || ts.isConstructSignatureDeclaration(node)) return "constructor";
  return undefined;
}

/** "Excel.Application.calculationState" and the top-level namespace, or undefined outside the four namespaces. */
function qualifiedName(decl: ts.Node): { member: string; namespace: Namespace } | undefined {
  if (!isOfficeDeclarationFile(decl.getSourceFile().fileName)) return undefined;
  const parts: string[] = [];
  const own = nameOf(decl);
  if (own) parts.push(own);
  let node: ts.Node | undefined = decl.parent;
  while (node && !ts.isSourceFile(node)) {
    // Members of an inline type literal are named through their owner: Office.onReady.callback.info.host.
    const named =
      ts.isModuleDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node) ||
      ts.isFunctionDeclaration(node) || ts.isMethodSignature(node) || ts.isMethodDeclaration(node) || ts.isPropertySignature(node) || ts.isParameter(node);
    if (named) {
      const n = nameOf(node);
      if (n) parts.unshift(n);
    }
    node = node.parent;
  }
  const top = parts[0];
  if (!top || !NAMESPACES.has(top)) return undefined;
  return { member: parts.join("."), namespace: top as Namespace };
}

function enclosingTypeDeclaration(decl: ts.Node): ts.Node | undefined {
  let node: ts.Node | undefined = decl.parent;
  while (node && !ts.isSourceFile(node)) {
    if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node)) return node;
    if (ts.isModuleDeclaration(node)) return undefined;
    node = node.parent;
  }
  return undefined;
}

const requirementCache = new WeakMap<ts.Node, Requirement>();

function requirementOf(decl: ts.Node, member: string, namespace: Namespace, args?: readonly ts.Expression[]): Requirement {
  const override = OVERRIDES[member];
  if (override?.call && args) {
    const needs = override.call(args);
    return { read: needs, write: needs, source: "override", detail: `${override.reason} (${override.url})` };
  }
  const cached = requirementCache.get(decl);
  if (cached) return cached;
  let result: Requirement;
  const own = parseTag(docText(decl));
  const enclosing = enclosingTypeDeclaration(decl);
  const outer = enclosing ? parseTag(docText(enclosing)) : undefined;
  if (override) {
    result = { read: override.read, write: override.write ?? override.read, source: "override", detail: `${override.reason} (${override.url})` };
  } else if (own) {
    result = { read: own.read, write: own.write, source: "tag", detail: own.tag };
  } else if (outer) {
    result = { read: outer.read, write: outer.write, source: "enclosing", detail: `${nameOf(enclosing!)}: ${outer.tag}` };
  } else {
    const base = UNTAGGED_BASE[namespace];
    result = { read: base, write: base, source: "untagged", detail: "no tag" };
  }
  requirementCache.set(decl, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Guards

type Guarantee = Map<string, Guard>;

function merge(...all: Guarantee[]): Guarantee {
  const out: Guarantee = new Map();
  for (const g of all) {
    for (const [k, v] of g) {
      const prev = out.get(k);
      if (!prev || compareVersions(v.version, prev.version) > 0) out.set(k, v);
    }
  }
  return out;
}

/** What holds in every one of `all`: sets present in each, at the lowest version. */
function weakest(all: Guarantee[]): Guarantee {
  if (all.length === 0) return new Map();
  const out: Guarantee = new Map(all[0]);
  for (const g of all.slice(1)) {
    for (const [k, v] of out) {
      const other = g.get(k);
      if (!other) out.delete(k);
      else if (compareVersions(other.version, v.version) < 0) out.set(k, other);
    }
  }
  return out;
}

interface Cond {
  whenTrue: Guarantee;
  whenFalse: Guarantee;
}
const NOTHING: Cond = { whenTrue: new Map(), whenFalse: new Map() };

class Checker {
  private readonly condCache = new Map<ts.Node, Cond>();
  private readonly wrapperCache = new Map<ts.Node, boolean>();
  private readonly paramCache = new Map<ts.Node, Guarantee>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly files: readonly ts.SourceFile[],
    private readonly baseDir: string,
  ) {}

  where(node: ts.Node): { file: string; line: number } {
    const sf = node.getSourceFile();
    return { file: path.relative(this.baseDir, sf.fileName).replace(/\\/g, "/"), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 };
  }

  private at(node: ts.Node): string {
    const w = this.where(node);
    return `${w.file}:${w.line}`;
  }

  private resolve(symbol: ts.Symbol | undefined): ts.Symbol | undefined {
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) return this.checker.getAliasedSymbol(symbol);
    return symbol;
  }

  private isRequirementSetSupport(decl: ts.Declaration | undefined): boolean {
    if (!decl || !ts.isMethodSignature(decl) || nameOf(decl) !== "isSetSupported") return false;
    if (!isOfficeDeclarationFile(decl.getSourceFile().fileName)) return false;
    const owner = decl.parent;
    return ts.isInterfaceDeclaration(owner) && owner.name.text === "RequirementSetSupport" && decl.parameters[1]?.type?.kind === ts.SyntaxKind.StringKeyword;
  }

  /** A function of the program whose every return calls Office's isSetSupported(param0, param1). */
  private isSupportsWrapper(fn: ts.SignatureDeclaration): boolean {
    const cached = this.wrapperCache.get(fn);
    if (cached !== undefined) return cached;
    this.wrapperCache.set(fn, false);
    const [p0, p1] = fn.parameters;
    const body = (fn as ts.FunctionLikeDeclaration).body;
    let ok = false;
    if (p0 && p1 && body && !fn.getSourceFile().isDeclarationFile) {
      const s0 = this.checker.getSymbolAtLocation(p0.name);
      const s1 = this.checker.getSymbolAtLocation(p1.name);
      const callsIt = (expr: ts.Node): boolean => {
        let found = false;
        const visit = (n: ts.Node) => {
          if (found) return;
          if (ts.isCallExpression(n) && this.isRequirementSetSupport(this.checker.getResolvedSignature(n)?.declaration as ts.Declaration | undefined)) {
            const [a0, a1] = n.arguments;
            if (a0 && a1 && ts.isIdentifier(a0) && ts.isIdentifier(a1) && this.checker.getSymbolAtLocation(a0) === s0 && this.checker.getSymbolAtLocation(a1) === s1) found = true;
          }
          if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
        };
        visit(expr);
        return found;
      };
      if (ts.isBlock(body)) {
        const returns: ts.ReturnStatement[] = [];
        const collect = (n: ts.Node) => {
          if (ts.isReturnStatement(n)) returns.push(n);
          if (!ts.isFunctionLike(n)) ts.forEachChild(n, collect);
        };
        ts.forEachChild(body, collect);
        ok = returns.length > 0 && returns.every((r) => r.expression !== undefined && callsIt(r.expression));
      } else {
        ok = callsIt(body);
      }
    }
    this.wrapperCache.set(fn, ok);
    return ok;
  }

  /** The condition returned by a parameterless guard function, else undefined. */
  private returnedCondition(fn: ts.Node, depth: number): Cond | undefined {
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn))) return undefined;
    if (fn.parameters.length > 0 || !fn.body) return undefined;
    if (!ts.isBlock(fn.body)) return this.cond(fn.body, depth + 1);
    const statements = fn.body.statements;
    const only = statements.length === 1 ? statements[0] : undefined;
    if (only && ts.isReturnStatement(only) && only.expression) return this.cond(only.expression, depth + 1);
    return undefined;
  }

  /** Every reference to `symbol` in the program's files: its direct calls, or undefined if it is used any other way. */
  private callsOf(symbol: ts.Symbol, declarationName: ts.Node): ts.CallExpression[] | undefined {
    const calls: ts.CallExpression[] = [];
    let escapes = false;
    const name = symbol.getName();
    for (const sf of this.files) {
      if (!sf.text.includes(name)) continue;
      const visit = (n: ts.Node) => {
        if (escapes) return;
        if (ts.isIdentifier(n) && n.text === name && n !== declarationName && this.resolve(this.checker.getSymbolAtLocation(n)) === symbol) {
          const p = n.parent;
          if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p)) {
            // an import or re-export names it without using it
          } else if (ts.isCallExpression(p) && p.expression === n) {
            calls.push(p);
          } else {
            escapes = true;
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    return escapes ? undefined : calls;
  }

  /** What calling the parameter `param` (a function-typed parameter with a default) guarantees. */
  private parameterGuarantee(param: ts.ParameterDeclaration, depth: number): Guarantee {
    const cached = this.paramCache.get(param);
    if (cached) return cached;
    this.paramCache.set(param, new Map());
    let result: Guarantee = new Map();
    const fn = param.parent;
    const defaultCond = param.initializer ? this.returnedCondition(param.initializer, depth) : undefined;
    let fnName: ts.Node | undefined;
    if (ts.isFunctionDeclaration(fn) && fn.name) fnName = fn.name;
    else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) && fn.parent.parent.flags & ts.NodeFlags.Const) fnName = fn.parent.name;
    const fnSymbol = fnName ? this.checker.getSymbolAtLocation(fnName) : undefined;
    if (defaultCond && fnSymbol && fnName) {
      const index = fn.parameters.indexOf(param);
      const calls = this.callsOf(fnSymbol, fnName);
      if (calls) {
        const sources: Guarantee[] = [defaultCond.whenTrue];
        let ok = true;
        for (const call of calls) {
          const arg = call.arguments[index];
          if (!arg || (ts.isIdentifier(arg) && arg.text === "undefined")) continue;
          const passed = this.returnedCondition(arg, depth);
          if (!passed) ok = false;
          else sources.push(passed.whenTrue);
        }
        if (ok) {
          const w = weakest(sources);
          result = new Map([...w].map(([k, g]) => [k, { ...g, how: `${param.name.getText()}() defaults to ${g.how}; every call in src keeps or passes such a guard` }]));
        }
      }
    }
    this.paramCache.set(param, result);
    return result;
  }

  /** What a condition guarantees when it is true and when it is false. */
  cond(expr: ts.Expression, depth = 0): Cond {
    if (depth > 6) return NOTHING;
    const cached = this.condCache.get(expr);
    if (cached) return cached;
    const result = this.computeCond(expr, depth);
    this.condCache.set(expr, result);
    return result;
  }

  private computeCond(expr: ts.Expression, depth: number): Cond {
    if (ts.isParenthesizedExpression(expr)) return this.cond(expr.expression, depth);
    if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.cond(expr.operand, depth);
      return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
    }
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
        return { whenTrue: merge(this.cond(expr.left, depth).whenTrue, this.cond(expr.right, depth).whenTrue), whenFalse: new Map() };
      }
      if (op === ts.SyntaxKind.BarBarToken) {
        return { whenTrue: new Map(), whenFalse: merge(this.cond(expr.left, depth).whenFalse, this.cond(expr.right, depth).whenFalse) };
      }
      const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const notEqual = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      if (equal || notEqual) {
        const literal = (e: ts.Expression) => (e.kind === ts.SyntaxKind.TrueKeyword ? true : e.kind === ts.SyntaxKind.FalseKeyword ? false : undefined);
        const l = literal(expr.left);
        const r = literal(expr.right);
        const side = l === undefined && r !== undefined ? expr.left : r === undefined && l !== undefined ? expr.right : undefined;
        const value = l ?? r;
        if (side && value !== undefined) {
          const inner = this.cond(side, depth);
          return equal === value ? inner : { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
        }
      }
      return NOTHING;
    }
    if (ts.isCallExpression(expr)) {
      const [a0, a1] = expr.arguments;
      const literal = a0 && a1 && ts.isStringLiteralLike(a0) && ts.isStringLiteralLike(a1);
      const decl = this.checker.getResolvedSignature(expr)?.declaration as ts.Declaration | undefined;
      if (literal && this.isRequirementSetSupport(decl)) {
        return this.atom(a0.text, a1.text, `isSetSupported("${a0.text}", "${a1.text}") ${this.at(expr)}`);
      }
      if (literal && decl && ts.isFunctionLike(decl) && this.isSupportsWrapper(decl)) {
        return this.atom(a0.text, a1.text, `${expr.expression.getText()}("${a0.text}", "${a1.text}") ${this.at(expr)}`);
      }
      if (expr.arguments.length === 0) {
        const callee = this.resolve(this.checker.getSymbolAtLocation(expr.expression));
        const target = callee?.valueDeclaration;
        if (target && !target.getSourceFile().isDeclarationFile) {
          if (ts.isParameter(target) && target.initializer) {
            const g = this.parameterGuarantee(target, depth);
            return { whenTrue: g, whenFalse: new Map() };
          }
          if (ts.isFunctionDeclaration(target)) return this.named(this.returnedCondition(target, depth), expr);
          if (ts.isVariableDeclaration(target) && target.initializer && target.parent.flags & ts.NodeFlags.Const) {
            return this.named(this.returnedCondition(target.initializer, depth), expr);
          }
        }
      }
      return NOTHING;
    }
    if (ts.isIdentifier(expr)) {
      const target = this.resolve(this.checker.getSymbolAtLocation(expr))?.valueDeclaration;
      if (target && ts.isVariableDeclaration(target) && target.initializer && target.parent.flags & ts.NodeFlags.Const && !target.getSourceFile().isDeclarationFile) {
        return this.cond(target.initializer, depth + 1);
      }
    }
    return NOTHING;
  }

  private named(cond: Cond | undefined, call: ts.CallExpression): Cond {
    if (!cond) return NOTHING;
    const rename = (g: Guarantee): Guarantee => new Map([...g].map(([k, v]) => [k, { ...v, how: `${call.expression.getText()}() -> ${v.how}` }]));
    return { whenTrue: rename(cond.whenTrue), whenFalse: rename(cond.whenFalse) };
  }

  private atom(set: string, version: string, how: string): Cond {
    return { whenTrue: new Map([[set.toLowerCase(), { set, version, how }]]), whenFalse: new Map() };
  }

  /** Whether `statement` always leaves its block (return / throw, or a block ending so). */
  private exits(statement: ts.Statement): boolean {
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
    if (ts.isBlock(statement)) {
      const last = statement.statements[statement.statements.length - 1];
      return last !== undefined && this.exits(last);
    }
    return false;
  }

  /** The guarantees in force at `node`, from the guards around it (rule 4). */
  guardsAt(node: ts.Node): Guarantee {
    const found: Guarantee[] = [];
    let child: ts.Node = node;
    let parent: ts.Node | undefined = node.parent;
    while (parent) {
      if (ts.isIfStatement(parent)) {
        if (child === parent.thenStatement) found.push(this.cond(parent.expression).whenTrue);
        else if (child === parent.elseStatement) found.push(this.cond(parent.expression).whenFalse);
      } else if (ts.isConditionalExpression(parent)) {
        if (child === parent.whenTrue) found.push(this.cond(parent.condition).whenTrue);
        else if (child === parent.whenFalse) found.push(this.cond(parent.condition).whenFalse);
      } else if (ts.isBinaryExpression(parent) && child === parent.right) {
        if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) found.push(this.cond(parent.left).whenTrue);
        if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) found.push(this.cond(parent.left).whenFalse);
      }
      if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isModuleBlock(parent)) {
        const statements = (parent as ts.Block).statements;
        for (const statement of statements) {
          if (statement === child) break;
          if (ts.isIfStatement(statement) && !statement.elseStatement && this.exits(statement.thenStatement)) {
            found.push(this.cond(statement.expression).whenFalse);
          }
        }
      }
      child = parent;
      parent = parent.parent;
    }
    return merge(...found);
  }
}

// ---------------------------------------------------------------------------------------------
// Uses

function accessOf(node: ts.Node): Access {
  let n: ts.Node = node;
  let p = n.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p))) {
    n = p;
    p = p.parent;
  }
  if (!p) return "read";
  if (ts.isBinaryExpression(p) && p.left === n) {
    const k = p.operatorToken.kind;
    if (k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment) return "write";
  }
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return "write";
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === n) return "call";
  return "read";
}

/** The program's src files: every .ts (not .d.ts) under `dir`. */
export function sourceFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** Compiler options from a tsconfig.json (types resolve as in the project). */
export function compilerOptionsFrom(tsconfigPath: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  return { ...parsed.options, noEmit: true };
}

// Parsed declaration files (office-js alone is ~190k lines) are shared between programs.
const declarationCache = new Map<string, ts.SourceFile>();

function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.endsWith(".d.ts")) return original(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    let sf = declarationCache.get(key);
    if (!sf) {
      sf = original(fileName, languageVersion, onError, shouldCreate);
      if (sf) declarationCache.set(key, sf);
    }
    return sf;
  };
  return host;
}

export interface CheckOptions {
  /** Root files of the program (e.g. sourceFilesUnder("src")). */
  files: string[];
  compilerOptions: ts.CompilerOptions;
  declared: DeclaredSets;
  /** Paths in the report are relative to this. */
  baseDir: string;
}

export function checkApiSets(options: CheckOptions): Report {
  const started = Date.now();
  const program = ts.createProgram({ rootNames: options.files, options: options.compilerOptions, host: cachingHost(options.compilerOptions) });
  const checker = program.getTypeChecker();
  const roots = new Set(options.files.map((f) => path.resolve(f)));
  const files = program.getSourceFiles().filter((sf) => roots.has(path.resolve(sf.fileName)));
  const guards = new Checker(checker, files, options.baseDir);
  const uses: ApiUse[] = [];

  const record = (at: ts.Node, declarations: readonly ts.Node[], access: Access, args?: readonly ts.Expression[]) => {
    const found: { member: string; namespace: Namespace; req: Requirement }[] = [];
    for (const decl of declarations) {
      const q = qualifiedName(decl);
      if (!q) continue;
      found.push({ ...q, req: requirementOf(decl, q.member, q.namespace, args) });
    }
    const first = found[0];
    if (!first) return;
    // Several declarations: overloads of one member (a call was already narrowed to its overload, so
    // this is a bare reference: the lowest overload) or the members of a union (each one is needed).
    const pick = (r: Requirement) => (access === "write" ? r.write : r.read);
    const overloads = declarations.every((d) => ts.isFunctionLike(d) && d.parent === declarations[0]!.parent);
    const needs = overloads
      ? found.map((f) => dedupe(pick(f.req))).reduce((a, b) => (compareVersions(highest(b), highest(a)) < 0 ? b : a))
      : dedupe(found.flatMap((f) => pick(f.req)));
    const members = [...new Set(found.map((f) => f.member))];
    const source = found.find((f) => f.req.source !== "untagged")?.req ?? first.req;
    uses.push({
      member: members.join(" | "),
      namespace: first.namespace,
      access,
      needs,
      source: source.source,
      detail: source.detail,
      ...guards.where(at),
      inForce: [...guards.guardsAt(at).values()],
      guardedBy: [],
      unmet: [],
    });
  };

  const symbolDeclarations = (symbol: ts.Symbol | undefined): readonly ts.Node[] => {
    if (!symbol) return [];
    if (symbol.flags & (ts.SymbolFlags.Module | ts.SymbolFlags.Alias)) return [];
    return symbol.declarations ?? [];
  };

  const usesAtName = (node: ts.Node, nameNode: ts.Node) => {
    const symbol = checker.getSymbolAtLocation(nameNode);
    const declarations = symbolDeclarations(symbol);
    if (declarations.length === 0) return;
    const access = accessOf(node);
    if (access === "call") {
      const call = node.parent as ts.CallExpression | ts.NewExpression;
      const signature = checker.getResolvedSignature(call)?.declaration;
      if (signature && declarations.length > 0 && isOfficeDeclarationFile(signature.getSourceFile().fileName)) {
        record(node, [signature], access, call.arguments ?? []);
        return;
      }
    }
    record(node, declarations, access);
  };

  const propertiesOf = (type: ts.Type, name: string): ts.Symbol[] => {
    const parts = type.isUnion() ? type.types : [type];
    return parts.map((t) => checker.getPropertyOfType(checker.getApparentType(t), name)).filter((s): s is ts.Symbol => s !== undefined);
  };

  const elementType = (type: ts.Type): ts.Type => {
    const t = checker.getNonNullableType(type);
    if (checker.isArrayType(t)) return checker.getTypeArguments(t as ts.TypeReference)[0] ?? t;
    return t;
  };

  const visitLoad = (call: ts.CallExpression, receiver: ts.Expression) => {
    // The property names are string literals, possibly chosen by `?:` (each branch is then judged
    // under its own guard) or listed in an array.
    const strings: ts.StringLiteralLike[] = [];
    const collect = (e: ts.Expression) => {
      if (ts.isStringLiteralLike(e)) strings.push(e);
      else if (ts.isParenthesizedExpression(e)) collect(e.expression);
      else if (ts.isConditionalExpression(e)) {
        collect(e.whenTrue);
        collect(e.whenFalse);
      } else if (ts.isArrayLiteralExpression(e)) e.elements.forEach(collect);
    };
    call.arguments.forEach(collect);
    for (const literal of strings) {
      for (const item of literal.text.split(",")) {
        let type: ts.Type | undefined = checker.getNonNullableType(checker.getTypeAtLocation(receiver));
        for (const segment of item.trim().split("/")) {
          if (!type || !segment) break;
          const props = propertiesOf(type, segment.trim());
          const declarations = props.flatMap((p) => p.declarations ?? []);
          if (declarations.length === 0) break;
          record(literal, declarations, "read");
          type = elementType(checker.getTypeOfSymbolAtLocation(props[0]!, literal));
        }
      }
    }
  };

  for (const sf of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        usesAtName(node, node.name);
        const parent = node.parent;
        if (node.name.text === "load" && ts.isCallExpression(parent) && parent.expression === node) {
          const decl = checker.getResolvedSignature(parent)?.declaration;
          if (decl && qualifiedName(decl)) visitLoad(parent, node.expression);
        }
      } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
        usesAtName(node, node.argumentExpression);
      } else if (ts.isObjectLiteralExpression(node)) {
        const contextual = checker.getContextualType(node);
        if (contextual) {
          for (const property of node.properties) {
            if (!(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) continue;
            const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
            if (!name) continue;
            const props = propertiesOf(contextual, name);
            const declarations = props.flatMap((p) => p.declarations ?? []);
            const owners = declarations.map((d) => enclosingTypeDeclaration(d)).filter((d): d is ts.Node => d !== undefined);
            const load = owners.some((o) => /LoadOptions$/.test(nameOf(o) ?? ""));
            record(property.name, declarations, load ? "read" : "write");
          }
        }
      } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const key = node.propertyName ?? node.name;
        if (ts.isIdentifier(key) || ts.isStringLiteral(key)) {
          const props = propertiesOf(checker.getTypeAtLocation(node.parent), key.text);
          record(key, props.flatMap((p) => p.declarations ?? []), "read");
        }
      } else if (ts.isTypeReferenceNode(node) && (ts.isAsExpression(node.parent) || ts.isTypeAssertionExpression(node.parent) || ts.isSatisfiesExpression(node.parent))) {
        const symbol = checker.getSymbolAtLocation(ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName);
        if (symbol && symbol.flags & ts.SymbolFlags.EnumMember) record(node, symbol.declarations ?? [], "reference");
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  uses.sort(byTable);
  return evaluate({ uses, violations: [], declared: options.declared, files: files.length, ms: Date.now() - started }, options.declared);
}

/** Judges the uses against `declared` (rule 3) and the guards in force at each (rule 4). */
export function evaluate(report: Report, declared: DeclaredSets): Report {
  const available = (need: Need): boolean => {
    const key = need.set.toLowerCase();
    const versions = [declared.get(key)?.version, HOST_BASELINE[key]?.need.version].filter((v): v is string => v !== undefined);
    return versions.some((v) => compareVersions(need.version, v) <= 0);
  };
  const uses = report.uses.map((use) => {
    const guardedBy: Guard[] = [];
    const unmet: Need[] = [];
    for (const need of use.needs) {
      if (available(need)) continue;
      const g = use.inForce.find((x) => x.set.toLowerCase() === need.set.toLowerCase());
      if (g && compareVersions(need.version, g.version) <= 0) guardedBy.push(g);
      else unmet.push(need);
    }
    return { ...use, guardedBy, unmet };
  });
  return { ...report, uses, violations: uses.filter((u) => u.unmet.length > 0), declared };
}

function highest(needs: Need[]): string {
  return needs.length ? maxVersion(needs.map((n) => n.version)) : "0";
}

function dedupe(needs: Need[]): Need[] {
  const best = new Map<string, Need>();
  for (const n of needs) {
    const prev = best.get(n.set.toLowerCase());
    if (!prev || compareVersions(n.version, prev.version) > 0) best.set(n.set.toLowerCase(), n);
  }
  return [...best.values()];
}

export const needsText = (needs: Need[]): string => (needs.length ? needs.map((n) => `${n.set} ${n.version}`).join(" + ") : "-");

function byTable(a: ApiUse, b: ApiUse): number {
  const na = a.needs[0];
  const nb = b.needs[0];
  const set = (na?.set ?? "").localeCompare(nb?.set ?? "");
  if (set) return set;
  const version = compareVersions(na?.version ?? "0", nb?.version ?? "0");
  if (version) return version;
  return a.member.localeCompare(b.member) || a.access.localeCompare(b.access) || a.file.localeCompare(b.file) || a.line - b.line;
}

/** Highest need per namespace and set among uses not behind a guard. */
export function highestUnguarded(report: Report): Map<Namespace, Map<string, Need>> {
  const out = new Map<Namespace, Map<string, Need>>();
  for (const use of report.uses) {
    if (use.guardedBy.length > 0) continue;
    const sets = out.get(use.namespace) ?? new Map<string, Need>();
    for (const need of use.needs) {
      const prev = sets.get(need.set);
      if (!prev || compareVersions(need.version, prev.version) > 0) sets.set(need.set, need);
    }
    out.set(use.namespace, sets);
  }
  return out;
}

/** The printed table: one row per member, access, requirement and guard, with every place it is used. */
export function formatReport(report: Report): string {
  const rows = new Map<string, { set: string; member: string; access: string; source: string; guard: string; where: string[]; status: string }>();
  for (const use of report.uses) {
    const guard = use.guardedBy.map((g) => g.how).join("; ");
    const source = use.source === "tag" ? "" : use.source;
    const status = use.unmet.length ? `VIOLATION (${needsText(use.unmet)})` : use.guardedBy.length ? "guarded" : "";
    const key = [needsText(use.needs), use.member, use.access, source, guard, status].join("\u0000");
    const row = rows.get(key) ?? { set: needsText(use.needs), member: use.member, access: use.access, source, guard, where: [], status };
    row.where.push(`${use.file}:${use.line}`);
    rows.set(key, row);
  }
  const lines: string[] = [];
  const declared = [...report.declared.values()].map((n) => `${n.set} ${n.version}`).join(", ") || "none";
  lines.push(`API sets used in src/ (${report.files} files, ${report.uses.length} uses, ${report.ms} ms); manifest declares: ${declared}`);
  lines.push("set needed | member | access | where | guarded by / note");
  for (const row of rows.values()) {
    const where = row.where.length > 6 ? `${row.where.slice(0, 6).join(", ")} (+${row.where.length - 6} more)` : row.where.join(", ");
    const note = [row.status, row.guard, row.source].filter(Boolean).join("; ");
    lines.push(`${row.set} | ${row.member} | ${row.access} | ${where} | ${note}`);
  }
  lines.push("Highest set used without a guard:");
  for (const [namespace, sets] of highestUnguarded(report)) {
    lines.push(`  ${namespace}: ${[...sets.values()].map((n) => `${n.set} ${n.version}`).join(", ") || "no requirement set (untagged)"}`);
  }
  lines.push(report.violations.length ? `${report.violations.length} use(s) need more than the manifest declares and are not guarded.` : "No use needs more than the manifest declares without a guard.");
  return lines.join("\n");
}

/** The check as the test runs it: src/ of the project at `root`, sets from its manifest.xml. */
export function checkProject(root: string): Report {
  return checkApiSets({
    files: sourceFilesUnder(path.join(root, "src")),
    compilerOptions: compilerOptionsFrom(path.join(root, "tsconfig.json")),
    declared: readManifestSets(fs.readFileSync(path.join(root, "manifest.xml"), "utf8")),
    baseDir: root,
  });
}

if (require.main === module) {
  const report = checkProject(path.resolve(__dirname, "../.."));
  console.log(formatReport(report));
  process.exitCode = report.violations.length ? 1 : 0;
}
