/*
 * The Placements table's recalculation as the banker's copy holds it: every column formula of the
 * import passed through Prepare for sharing's own planner (planSharing: CEO calls become native
 * formulas; Prior Gross and its check columns are native already), the structured references
 * resolved to the cells they name (test/support/placementsSheet.ts), written to an .xlsx with no
 * cached values and recalculated by LibreOffice headless. One soffice run converts every workbook
 * in turn; each file's time is the gap between the CSV before it and its own (the first file is a
 * one-row table, so soffice's start is not counted). Then the recalculation alone: each banker's
 * copy loaded by a soffice macro that times calculateAll() (timedRecalc). Then the same table in
 * hyperformula, and Prepare for sharing's planner on a 300,000-cell sheet.
 *
 * The baseline is the quadratic Prior Gross this replaced (two SUMIFS over the table per row),
 * alone in its column, at small N.
 */
import { spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { columnLetters } from "../src/core/formulaText";
import { planSharing } from "../src/taskpane/share/share";
import { computedColumns, HEADERS, INPUT_COLUMNS, rowValues } from "../src/taskpane/import/placementsTable";
import { DEFAULT_CHUNK_BYTES } from "../src/taskpane/excel/limits";
import { chunkByBytes } from "../src/taskpane/import/apply";
import { columnRuns } from "../src/taskpane/share/shareApply";
import { columnFormulas, inputCell, layout, resolve, sheetRows, type SaleCells } from "../test/support/placementsSheet";
import { addHolidaysSheet, recalculatingProfile, soffice } from "../test/support/libreoffice";
import { Engine, type CellValue } from "../test/support/hyperformula";
import { report } from "./harness";

const DAYS: number[] = [];
for (let d = 37196; DAYS.length < 2000; d++) if (d % 7 !== 0 && d % 7 !== 1) DAYS.push(d); // weekdays from 2001-11-01 (holidays give #NUM! in Settlement Date only)

function sales(n: number): SaleCells[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const shares = 1_000 + Math.floor(random() * 20_000);
    const price = Math.round((3 + random() * 3) * 10_000) / 10_000;
    return { tradeDate: DAYS[Math.floor((i * DAYS.length) / n)]!, shares, price, gross: Math.round(shares * price * 100) / 100, agreement: random() < 0.3 ? "Other" : "Sales", placement: `P-${i}` };
  });
}

/** The old Prior Gross, before issue 19: two SUMIFS over the whole table per row. */
const QUADRATIC =
  '=SUMIFS([Gross],[Agreement],[@Agreement],[Trade Date],"<"&[@[Trade Date]])+SUMIFS(INDEX([Gross],1):[@Gross],INDEX([Agreement],1):[@Agreement],[@Agreement],INDEX([Trade Date],1):[@[Trade Date]],[@[Trade Date]])-[@Gross]';

const lay = layout();
const banker = columnFormulas(lay, true);


/**
 * The workbook as Excel saves a table's column formulas: one shared formula per column (the first
 * row's text, the others "shared" from it, MS-XLSX / ECMA-376 18.3.1.40 f, t="shared"), so a
 * 100,000-row file holds each formula once, not 100,000 times.
 */
async function workbook(file: string, rows: SaleCells[], formulas: "banker" | "quadratic" | "chain"): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Placements");
  const priorAt = lay.columns.findIndex((c) => c.name === "Prior Gross");
  const columnTexts =
    formulas === "quadratic"
      ? [QUADRATIC]
      : banker.map((f, k) => (formulas === "banker" || k <= priorAt ? f : ""));
  const headers = formulas === "quadratic" ? [...INPUT_COLUMNS, "Prior Gross"] : lay.headers;
  sheet.addRow(headers);
  rows.forEach((s) => sheet.addRow(formulas === "quadratic" ? [s.tradeDate, s.shares, s.price, s.gross, s.agreement, s.placement ?? null] : lay.headers.map((h) => inputCell(s, h))));
  const last = rows.length + 1;
  columnTexts.forEach((text, k) => {
    if (text === "") return;
    const column = columnLetters((formulas === "quadratic" ? INPUT_COLUMNS.length : lay.at(lay.columns[k]!.name)) + 1);
    const master = resolve(text, lay, 2, rows.length, false).slice(1).replace(/\bNORM\.S\.DIST\(/g, "_xlfn.NORM.S.DIST(");
    sheet.getCell(`${column}2`).value = (last > 2 ? { formula: master, shareType: "shared", ref: `${column}2:${column}${last}` } : { formula: master }) as ExcelJS.CellValue;
    for (let r = 3; r <= last; r++) sheet.getCell(`${column}${r}`).value = { sharedFormula: `${column}2` } as ExcelJS.CellValue;
  });
  if (formulas !== "quadratic") sheet.getColumn(lay.at("Prior Gross") + 1).numFmt = "0.00"; // every digit in the CSV
  addHolidaysSheet(book);
  await book.xlsx.writeFile(file);
}

/**
 * Converts each file in a soffice run of its own, timed by /usr/bin/time: wall seconds, and CPU
 * seconds (user + system) which other jobs on a loaded machine move far less. A one-row table's
 * run is soffice's start, load and save of the holiday sheet: taken off every other.
 */
function convertEach(binary: string, profile: string, dir: string, files: string[]): { wall: number; cpu: number }[] {
  const timed = files.map((file) => {
    const run = spawnSync("/usr/bin/time", ["-f", "%e %U %S", binary, `-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", "csv", "--outdir", dir, file], { encoding: "utf8", timeout: 3_600_000 });
    const line = run.stderr.trim().split(/\n/).pop()!;
    const [wall, user, system] = line.split(" ").map(Number);
    if (run.status !== 0 || !fs.existsSync(file.replace(/\.xlsx$/, ".csv"))) throw new Error(`soffice failed on ${file}: ${run.stderr}`);
    return { wall: wall!, cpu: user! + system! };
  });
  // The second one-row run: the first soffice after the profile's first start still does more.
  const start = timed[1]!;
  return timed.map((t) => ({ wall: t.wall - start.wall, cpu: t.cpu - start.cpu }));
}

/**
 * The recalculation alone: a headless soffice (the profile `convertEach` made) runs a Basic macro
 * that loads the workbook, then times `calculateAll()` (every formula computed again, as after an
 * edit of the first row's Gross, which every later row depends on) with GetSystemTicks: wall
 * seconds, soffice's start and the load not counted; then `calculateAll()` again, timed apart. Then
 * the first row's Gross is raised by $1 and `calculate()` times what an edit costs (every later Prior
 * Gross, Fee and Net depends on it). Reads the last row's Prior Gross before and after, to check what
 * it computed.
 *
 * With `warmUp`, the macro first opens and closes that (small) workbook. LibreOffice forks once per
 * process, at the end of its first load, to run gpgconf and gpg (GPGME, for document signatures:
 * seen with strace). A fork write-protects every page of the parent's heap, so after a large first
 * load the first calculateAll pays one page fault per page it writes (`forkedPageWrite` measures
 * one here): 12.4-12.9 s against 4.8-5.3 s at 100,000 rows, with the same formulas. A soffice that
 * has opened a document before forks while its heap is small.
 */
function timedRecalc(profileDir: string, file: string, cell: string, edited: string, warmUp?: string): { load: number; recalc: number; again: number; edit: number; value: number; after: number } {
  const module = path.join(profileDir, "user", "basic", "Standard", "Module1.xba");
  if (!fs.existsSync(module)) throw new Error(`no Basic library in the profile at ${profileDir}`);
  const out = `${file}.time`;
  const quote = (text: string) => `&quot;${text}&quot;`;
  fs.writeFileSync(
    module,
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Recalc
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = ${quote("Hidden")}
  args(0).Value = True
${warmUp ? `  small = StarDesktop.loadComponentFromURL(ConvertToURL(${quote(warmUp)}), ${quote("_blank")}, 0, args())
  small.close(True)` : ""}
  t0 = GetSystemTicks()
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(${quote(file)}), ${quote("_blank")}, 0, args())
  t1 = GetSystemTicks()
  doc.calculateAll()
  t2 = GetSystemTicks()
  doc.calculateAll()
  t5 = GetSystemTicks()
  sheet = doc.Sheets.getByIndex(0)
  v = sheet.getCellRangeByName(${quote(cell)}).getValue()
  first = sheet.getCellRangeByName(${quote(edited)})
  t3 = GetSystemTicks()
  first.setValue(first.getValue() + 1)
  doc.calculate()
  t4 = GetSystemTicks()
  w = sheet.getCellRangeByName(${quote(cell)}).getValue()
  n = FreeFile
  Open ${quote(out)} For Output As #n
  Print #n, (t1 - t0) &amp; ${quote(" ")} &amp; (t2 - t1) &amp; ${quote(" ")} &amp; (t4 - t3) &amp; ${quote(" ")} &amp; Str(v) &amp; ${quote(" ")} &amp; Str(w) &amp; ${quote(" ")} &amp; (t5 - t2)
  Close #n
  doc.close(True)
End Sub
</script:module>`,
  );
  const run = spawnSync(soffice()!, [`-env:UserInstallation=file://${profileDir}`, "--headless", "--norestore", "macro:///Standard.Module1.Recalc"], { encoding: "utf8", timeout: 3_600_000 });
  if (!fs.existsSync(out)) throw new Error(`soffice ran no timing macro on ${file} (status ${run.status}): ${run.stdout} ${run.stderr}`);
  const [load, recalc, edit, value, after, again] = fs.readFileSync(out, "utf8").trim().split(/\s+/).map(Number);
  return { load: load! / 1000, recalc: recalc! / 1000, again: again! / 1000, edit: edit! / 1000, value: value!, after: after! };
}

/**
 * One page's first write after the process forks, in microseconds, against a write to a page
 * without a fork: the price LibreOffice's first calculateAll pays per page of its heap after its fork
 * for gpgconf (see timedRecalc). Node's spawnSync forks (libuv), as soffice does.
 */
function forkedPageWrite(): { forked: number; plain: number } {
  const page = 4096;
  const heap = Buffer.alloc(256 * 1024 * 1024, 1);
  const write = (value: number) => {
    const start = process.hrtime.bigint();
    for (let at = 0; at < heap.length; at += page) heap[at] = value;
    return Number(process.hrtime.bigint() - start) / 1e3 / (heap.length / page);
  };
  const plain = write(2);
  spawnSync("true");
  return { forked: write(3), plain };
}

function lastPriorGross(csvFile: string, column: number): string {
  const lines = fs.readFileSync(csvFile, "utf8").trim().split(/\r?\n/);
  return lines[lines.length - 1]!.split(",")[column]!;
}

async function libreOffice(): Promise<void> {
  if (process.env.CEO_BENCH_SKIP_LO) return console.log("LibreOffice: skipped (CEO_BENCH_SKIP_LO)");
  const binary = soffice();
  if (!binary) {
    console.log("LibreOffice: soffice not found, skipped (apt-get install -y --no-install-recommends libreoffice-calc-nogui)");
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-bench-"));
  try {
    const small = process.env.CEO_BENCH_SMALL !== undefined; // a quick run: 1/100 of the rows
    const cases: { name: string; n: number; kind: "banker" | "quadratic" | "chain" }[] = ([
      { name: "warm", n: 1, kind: "banker" },
      { name: "warm-again", n: 1, kind: "banker" },
      { name: "quadratic-2000", n: 2_000, kind: "quadratic" },
      { name: "quadratic-4000", n: 4_000, kind: "quadratic" },
      { name: "chain-4000", n: 4_000, kind: "chain" },
      { name: "chain-100000", n: 100_000, kind: "chain" },
      { name: "banker-1000", n: 1_000, kind: "banker" },
      { name: "banker-10000", n: 10_000, kind: "banker" },
      { name: "banker-100000", n: 100_000, kind: "banker" },
    ] as const).map((c) => ({ ...c, n: small && c.n > 1 ? Math.max(2, c.n / 100) : c.n }));
    const files: string[] = [];
    for (const c of cases) {
      const file = path.join(dir, `${c.name}.xlsx`);
      await workbook(file, sales(c.n), c.kind);
      files.push(file);
    }
    // A first run makes the profile (slow, and not part of any file's time); its settings are written
    // once: written again, the next soffice starts as a first start (slower, and it runs no macro).
    const profile = recalculatingProfile(dir);
    spawnSync(binary, [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", "csv", "--outdir", dir, files[0]!], { timeout: 600_000 });
    const seconds = convertEach(binary, profile, dir, files);
    const index = (name: string) => cases.findIndex((c) => c.name === name);
    const at = (name: string) => seconds[index(name)]!.cpu;
    const wall = (name: string) => seconds[index(name)]!.wall;
    const prior = HEADERS.indexOf("Prior Gross");
    // The last row's Prior Gross, against a sum done here: the table computed, not merely loaded.
    for (const name of ["banker-1000", "banker-10000", "banker-100000", "chain-100000"]) {
      const n = cases[index(name)]!.n;
      const rows = sales(n);
      const last = rows[n - 1]!;
      const sum = rows.slice(0, -1).filter((r) => r.agreement === last.agreement).reduce((s, r) => s + Math.round((r.gross as number) * 100), 0) / 100; // whole cents: exact in doubles
      const shown = Number(lastPriorGross(path.join(dir, `${name}.csv`), prior));
      if (shown !== sum) throw new Error(`LibreOffice, ${n} rows: the last Prior Gross is ${shown}, expected ${sum}`);
    }
    // The recalculation alone, each table loaded first (profile made by the runs above).
    // The profile's folder, not recalculatingProfile() again: rewriting its settings makes the next soffice a first start, which runs no macro.
    const profileDir = path.join(dir, "profile");
    const recalcs = new Map<string, number>();
    const colds = new Map<string, number>();
    const edits = new Map<string, number>();
    const agains = new Map<string, number>();
    for (const name of ["banker-1000", "banker-10000", "banker-100000"]) {
      const n = cases[index(name)]!.n;
      const rows = sales(n);
      const last = rows[n - 1]!;
      const sum = rows.slice(0, -1).filter((r) => r.agreement === last.agreement).reduce((s, r) => s + Math.round((r.gross as number) * 100), 0) / 100;
      const cell = `${columnLetters(prior + 1)}${n + 1}`;
      const gross = `${columnLetters(HEADERS.indexOf("Gross") + 1)}2`;
      const cold = timedRecalc(profileDir, files[index(name)]!, cell, gross);
      const timed = timedRecalc(profileDir, files[index(name)]!, cell, gross, files[index("warm")]);
      for (const run of [cold, timed]) {
        if (Math.abs(run.value - sum) > 0.005) throw new Error(`LibreOffice calculateAll, ${n} rows: the last Prior Gross is ${run.value}, expected ${sum}`);
        const raised = rows[0]!.agreement === last.agreement ? 1 : 0;
        if (Math.abs(run.after - run.value - raised) > 0.005) throw new Error(`LibreOffice, ${n} rows, the first Gross raised by 1: the last Prior Gross went from ${run.value} to ${run.after}`);
      }
      recalcs.set(name, timed.recalc);
      colds.set(name, cold.recalc);
      edits.set(name, timed.edit);
      agains.set(name, timed.again);
    }
    const page = forkedPageWrite();
    const columns = computedColumns().length;
    const both = (name: string) => `CPU s (wall ${wall(name).toFixed(1)} s)`;
    report(`LibreOffice, banker's copy, 1,000 rows x ${columns} formula columns, load + recalculate + save`, at("banker-1000"), both("banker-1000"));
    report(`LibreOffice, banker's copy, 10,000 rows`, at("banker-10000"), both("banker-10000"), { name: "1,000 rows (linear is 10x)", value: at("banker-1000") });
    report(`LibreOffice, banker's copy, 100,000 rows`, at("banker-100000"), both("banker-100000"), { name: "10,000 rows (goal: at most 12x; linear is 10x)", value: at("banker-10000") });
    report(`LibreOffice, banker's copy, 1,000 rows, recalculated (the first calculateAll after the load)`, recalcs.get("banker-1000")!, "s");
    report(`LibreOffice, banker's copy, 10,000 rows, recalculated`, recalcs.get("banker-10000")!, "s", { name: "1,000 rows (linear is 10x)", value: recalcs.get("banker-1000")! });
    report(`LibreOffice, banker's copy, 100,000 rows, recalculated (goal: under 10 s)`, recalcs.get("banker-100000")!, "s", { name: "10,000 rows (goal: at most 12x; linear is 10x)", value: recalcs.get("banker-10000")! });
    report(`LibreOffice, banker's copy, 1,000 rows, recalculated again (a second calculateAll)`, agains.get("banker-1000")!, "s");
    report(`LibreOffice, banker's copy, 10,000 rows, recalculated again`, agains.get("banker-10000")!, "s", { name: "1,000 rows (linear is 10x)", value: agains.get("banker-1000")! });
    report(`LibreOffice, banker's copy, 100,000 rows, recalculated again`, agains.get("banker-100000")!, "s", { name: "10,000 rows (linear is 10x)", value: agains.get("banker-10000")! });
    report(`LibreOffice, banker's copy, 100,000 rows, the first row's Gross edited (calculate)`, edits.get("banker-100000")!, "s", { name: "the whole recalculation", value: recalcs.get("banker-100000")! });
    report(`a page's first write after the process forked (spawnSync), this machine`, page.forked, "us per page", { name: "a write to a page, no fork", value: page.plain });
    for (const name of ["banker-1000", "banker-10000", "banker-100000"]) {
      report(`LibreOffice, banker's copy, ${cases[index(name)]!.n.toLocaleString("en-US")} rows, the first calculateAll in a soffice whose first load it was (its fork for gpgconf came after the load)`, colds.get(name)!, "s", { name: "the same in a soffice that opened a document before", value: recalcs.get(name)! });
    }
    report(`LibreOffice, Prior Gross and its check columns alone, 100,000 rows`, at("chain-100000"), both("chain-100000"), { name: "the whole banker's copy", value: at("banker-100000") });
    report(`LibreOffice, quadratic Prior Gross alone (baseline), 2,000 rows`, at("quadratic-2000"), both("quadratic-2000"));
    report(`LibreOffice, quadratic Prior Gross alone (baseline), 4,000 rows`, at("quadratic-4000"), both("quadratic-4000"), { name: "2,000 rows (quadratic is 4x)", value: at("quadratic-2000") });
    report(`LibreOffice, linear Prior Gross and its check columns alone, 4,000 rows`, at("chain-4000"), both("chain-4000"), { name: "the quadratic Prior Gross alone at 4,000 rows", value: at("quadratic-4000") });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function hyperformula(): void {
  if (process.env.CEO_BENCH_SKIP_HF) return console.log("hyperformula: skipped (CEO_BENCH_SKIP_HF)");
  for (const n of [1_000, 2_000]) {
    // hyperformula reads INDEX's whole range as a precedent (a #CYCLE! for a column reading its row above): resolved to the cell it names.
    const data = sheetRows(sales(n), lay, banker, true);
    // The tests' engine (test/support/hyperformula.ts): the holidays sheet, Excel's ROUND, and the two
    // speed-ups that change no result (INDEX reading one cell, the holiday ranges kept in its graph).
    const engine = new Engine({ maxRows: 200_000 });
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    engine.set(0, 0, data as CellValue[][]);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    const value = engine.hf.getCellValue({ sheet: engine.inputs, row: n, col: HEADERS.indexOf("Prior Gross") });
    engine.hf.destroy();
    if (typeof value !== "number") throw new Error(`hyperformula, ${n} rows: last Prior Gross ${JSON.stringify(value)}`);
    report(`hyperformula, banker's copy, ${n.toLocaleString("en-US")} rows, written and calculated`, (used.user + used.system) / 1000, `ms CPU (wall ${Math.round(ms).toLocaleString("en-US")} ms)`);
  }
}

function planner(): void {
  if (process.env.CEO_BENCH_SKIP_PLANNER) return console.log("planSharing: skipped (CEO_BENCH_SKIP_PLANNER)");
  // A Placements sheet of 300,000 cells as Prepare reads it: 300,000 / 21 columns = 14,286 rows.
  const width = HEADERS.length;
  const rows = Math.ceil(300_000 / width);
  const formulas = [[...HEADERS], ...Array.from({ length: rows }, (_, i) => {
    const values = rowValues({ line: i + 2, tradeDate: 37196, shares: 1000, price: 4, gross: 4000, agreement: "Sales", placement: "P", notes: "" } as any);
    return values.map((v, c) => computedColumns().find((x) => x.name === HEADERS[c])?.formula ?? v);
  })];
  const values = formulas.map((r, i) => (i === 0 ? [...r] : r.map(() => 0))); // the header row's values are its names
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const plan = planSharing([{ name: "Placements", copy: "Placements (shared)", address: `A1:${columnLetters(width)}${rows + 1}`, formulas, values }]);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const writes = plan.sheets[0]!.writes;
  // Requests as writeCells sends them: runs down a column, grouped into requests of about DEFAULT_CHUNK_BYTES.
  const chunks = chunkByBytes(columnRuns(writes, DEFAULT_CHUNK_BYTES / 2), DEFAULT_CHUNK_BYTES);
  const requests = chunks.map((chunk) => JSON.stringify(chunk.map((run) => [run.address, run.contents])).length);
  report(`planSharing, Placements sheet of ${(rows * width).toLocaleString("en-US")} cells (${writes.length.toLocaleString("en-US")} formulas converted)`, (used.user + used.system) / 1000, `ms CPU (wall ${Math.round(ms).toLocaleString("en-US")} ms)`);
  console.log(`planSharing: the copy written in ${requests.length} requests, largest ${(Math.max(...requests) / 1e6).toFixed(2)} MB (Excel on the web refuses over 5 MB)`);
}

async function main() {
  const cpus = os.cpus().length;
  console.log(`machine: ${cpus} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (other jobs running move every figure)`);
  planner();
  hyperformula();
  await libreOffice();
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
