/*
 * A small fake of the Excel objects the pane uses, with Office's batching: property sets and
 * method calls are queued and applied at context.sync(), one request each. It counts requests
 * and their bytes, refuses a request over 5 MB as Excel on the web does, and can fail request k
 * (after applying part of its batch, as a real failed batch may). It also counts what each
 * request's loads bring back (responseBytes) and refuses a response over 5 MB.
 */
export const EXCEL_WEB_REQUEST_LIMIT = 5 * 1024 * 1024;

interface Sheet {
  name: string;
  rows: unknown[][];
  /** Number formats and conditional formats by range ("r0,c0:r1,c1"): setting the same again changes nothing, as in Excel. */
  formats: Record<string, unknown>;
  conditionalFormats: Record<string, unknown[]>;
  /** What Excel shows where a cell holds a formula (set by a test; the fake computes nothing). Default: the cell's content. */
  values?: unknown[][];
  protected?: boolean;
  visibility?: string;
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
  /** Fail the k-th request (1-based) after applying the first half of its operations. */
  failAtRequest?: number;

  addSheet(name: string): Sheet {
    const sheet: Sheet = { name, rows: [], formats: {}, conditionalFormats: {} };
    this.sheets.set(name, sheet);
    return sheet;
  }

  /** A deep copy of what a user would see: every sheet's cells and every table's extent. */
  snapshot(): unknown {
    return JSON.parse(
      JSON.stringify({
        sheets: [...this.sheets.values()].map((s) => ({ name: s.name, rows: trimmed(s.rows), formats: s.formats, conditionalFormats: s.conditionalFormats, visibility: s.visibility ?? "Visible", protected: s.protected ?? false })),
        tables: [...this.tables.values()].map((t) => ({ name: t.name, sheet: t.sheet.name, top: t.top, columns: t.columns, rowCount: t.rowCount })),
        names: [...this.names].sort(),
      }),
    );
  }

  tableValues(name: string): unknown[][] {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return Array.from({ length: t.rowCount }, (_, i) => Array.from({ length: t.columns.length }, (_, c) => t.sheet.rows[t.top + 1 + i]?.[t.left + c] ?? null));
  }

  run = async <T>(batch: (context: any) => Promise<T>): Promise<T> => batch(new FakeContext(this));
}

class FakeContext {
  private queue: { bytes: number; apply: () => void }[] = [];
  /** Bytes loaded by the request being applied. */
  loadedBytes = 0;
  workbook: any;
  application: any;

  constructor(private book: FakeWorkbook) {
    const ctx = this;
    this.application = { suspendApiCalculationUntilNextSync: () => ctx.enqueue([], () => book.calculationSuspensions++) };
    this.workbook = {
      tables: { getItemOrNullObject: (name: string) => ctx.tableProxy(() => book.tables.get(name), true) },
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
    if (bytes > EXCEL_WEB_REQUEST_LIMIT) throw new Error(`RequestPayloadSizeLimitExceeded: ${bytes} bytes`);
    if (book.failAtRequest === book.requests) {
      queue.slice(0, Math.floor(queue.length / 2)).forEach((op) => op.apply());
      throw new Error(`injected failure at request ${book.requests}`);
    }
    this.loadedBytes = 0;
    queue.forEach((op) => op.apply());
    book.responseBytes.push(this.loadedBytes);
    if (this.loadedBytes > EXCEL_WEB_REQUEST_LIMIT) throw new Error(`ResponsePayloadSizeLimitExceeded: ${this.loadedBytes} bytes`);
  }

  private rangeProxy(resolve: () => Box): any {
    const ctx = this;
    const book = this.book;
    const proxy: any = {
      load(props: string) {
        ctx.enqueue([props], () => {
          const box = resolve() as Box | undefined;
          if (!box) return; // a null object (an empty sheet's used range) loads nothing
          proxy.rowCount = box.r1 - box.r0 + 1;
          proxy.address = boxAddress(box);
          const grid = (cell: (r: number, c: number) => unknown) =>
            Array.from({ length: box.r1 - box.r0 + 1 }, (_, i) => Array.from({ length: box.c1 - box.c0 + 1 }, (_, j) => cell(box.r0 + i, box.c0 + j) ?? ""));
          if (props.includes("values")) proxy.loadedValues = grid((r, c) => box.sheet.values?.[r]?.[c] ?? box.sheet.rows[r]?.[c]);
          if (props.includes("formulas")) proxy.loadedFormulas = grid((r, c) => box.sheet.rows[r]?.[c]);
          for (const loaded of [props.includes("values") && proxy.loadedValues, props.includes("formulas") && proxy.loadedFormulas]) if (loaded) ctx.loadedBytes += JSON.stringify(loaded).length;
        });
        return proxy;
      },
      getCell: (r: number, c: number) => ctx.rangeProxy(() => {
        const b = resolve();
        return { sheet: b.sheet, r0: b.r0 + r, c0: b.c0 + c, r1: b.r0 + r, c1: b.c0 + c };
      }),
      getResizedRange: (dr: number, dc: number) => ctx.rangeProxy(() => {
        const b = resolve();
        return { ...b, r1: b.r1 + dr, c1: b.c1 + dc };
      }),
      delete(direction: string) {
        ctx.enqueue([direction], () => {
          const b = resolve();
          const n = b.r1 - b.r0 + 1;
          const rows = b.sheet.rows;
          for (let r = b.r0; r < rows.length; r++) {
            for (let c = b.c0; c <= b.c1; c++) {
              const from = rows[r + n]?.[c];
              (rows[r] ??= [])[c] = from;
            }
          }
          for (const t of book.tables.values()) {
            if (t.sheet === b.sheet && b.r0 > t.top && b.r0 <= t.top + t.rowCount) t.rowCount -= Math.min(n, t.top + t.rowCount - b.r0 + 1);
          }
        });
      },
      conditionalFormats: {
        add(type: string) {
          const rule = { type, custom: { rule: { formula: "" }, format: { fill: { color: "" }, font: { color: "" } } } };
          ctx.enqueue([type], () => {
            const b = resolve();
            // Whole columns of a table: keyed by column, as Excel extends them with the table.
            (b.sheet.conditionalFormats[`column ${b.c0}:${b.c1}`] ??= []).push(rule);
          });
          return rule;
        },
      },
      clear() {
        ctx.enqueue([], () => {
          const b = resolve();
          for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) if (b.sheet.rows[r]) b.sheet.rows[r]![c] = undefined;
        });
      },
    };
    const write = (value: unknown) => {
      ctx.enqueue(value, () => {
        const b = resolve();
        if (b.sheet.protected) throw new Error(`AccessDenied: ${b.sheet.name} is protected`);
        for (let r = b.r0; r <= b.r1; r++) {
          for (let c = b.c0; c <= b.c1; c++) {
            const v = Array.isArray(value) ? value[r - b.r0]?.[c - b.c0] : value;
            if (v === null || v === undefined) continue;
            (b.sheet.rows[r] ??= [])[c] = v;
            if (b.sheet.values?.[r]) b.sheet.values[r]![c] = undefined; // entered again: no longer shows what it showed
          }
        }
      });
    };
    Object.defineProperty(proxy, "values", { set: write, get: () => proxy.loadedValues });
    Object.defineProperty(proxy, "formulas", { set: write, get: () => proxy.loadedFormulas });
    Object.defineProperty(proxy, "numberFormat", {
      set: (format: unknown) =>
        ctx.enqueue(format, () => {
          const b = resolve();
          b.sheet.formats[`${b.r0},${b.c0}:${b.r1},${b.c1}`] = format;
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
      if (!s) throw new Error("ItemNotFound: sheet");
      return s;
    };
    const proxy: any = {
      getRange: (address: string) => ctx.rangeProxy(() => ({ ...parseAddress(address), sheet: sheet() })),
      tables: {
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
          const follow = (v: unknown) => (typeof v === "string" && v.startsWith("=") ? renames.reduce((f, [from, to]) => f.split(`${from}[`).join(`${to}[`), v) : v);
          copy.rows = s.rows.map((row) => (row ? row.map(follow) : row));
          copy.values = s.values?.map((row) => (row ? [...row] : row));
          copy.formats = { ...s.formats };
          copy.conditionalFormats = JSON.parse(JSON.stringify(s.conditionalFormats));
          copy.protected = s.protected;
          created = copy;
        });
        return ctx.sheetProxy(() => created, false);
      },
      set name(name: string) {
        ctx.enqueue([name], () => {
          const s = sheet();
          if (book.sheets.has(name)) throw new Error(`a sheet named ${name} exists`);
          book.sheets.delete(s.name);
          s.name = name;
          book.sheets.set(name, s);
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

  private tableProxy(resolve: () => Table | undefined, nullable: boolean): any {
    const ctx = this;
    const book = this.book;
    const table = () => {
      const t = resolve();
      if (!t) throw new Error("ItemNotFound: table");
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
    });
    const proxy: any = {
      getDataBodyRange: () => ctx.rangeProxy(body),
      getRange: () => ctx.rangeProxy(() => ({ ...body(), r0: table().top })),
      columns: {
        getItemAt: (i: number) => column(() => i),
        getItem: (name: string) => column(() => {
          const i = table().columns.indexOf(name);
          if (i < 0) throw new Error(`ItemNotFound: column ${name}`);
          return i;
        }),
      },
      rows: {
        add: (_index: unknown, values: unknown[][]) => {
          ctx.enqueue(values, () => {
            const t = table();
            values.forEach((row, i) => {
              const r = t.top + 1 + t.rowCount + i;
              row.forEach((v, c) => {
                // A null leaves the cell to the column's calculated formula, as Excel does.
                const above = t.sheet.rows[t.top + 1]?.[t.left + c];
                const value = v ?? (typeof above === "string" && above.startsWith("=") ? above : undefined);
                (t.sheet.rows[r] ??= [])[t.left + c] = value;
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
