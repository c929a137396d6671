/*
 * Range arguments in a second engine: the forms the native formulas use for range (any[][])
 * arguments (src/core/rangeFormula.ts) recalculated by LibreOffice headless, one workbook and one
 * run for every case. LibreOffice differs from Excel and hyperformula where it matters here: it
 * stores a logical as a number (TRUE is 1 with a boolean format), it evaluates ROW(range) as an
 * array (hyperformula gives one number, so whole-column price series longer than the window are
 * checked only here), and it has its own array evaluation of MMULT and SUMPRODUCT. Each case is
 * one sheet of input cells with its native formula; the first sheet gathers the results.
 * Skipped, with a note, where `soffice` is not installed, unless CEO_REQUIRE_LIBREOFFICE is set.
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { nativeFormula } from "../../src/core/formulas";
import { columnLetters } from "../../src/core/formulaText";
import { compPct } from "../../src/functions/compensation";
import { convPrice, convShares, initConv } from "../../src/functions/conversion";
import { fee, feeRate, net } from "../../src/functions/fees";
import { vwap, warrants } from "../../src/functions/warrants";
import { viaWrapper } from "../support/customFunctions";
import { recalculatedCsv, skipWithoutSoffice } from "../support/libreoffice";



/** A cell: a number, text ("'5" is the text 5), a logical, blank, '=""' (a formula showing empty text). */
type In = number | string | boolean | null;

function passed(v: In): unknown {
  if (typeof v !== "string") return v;
  if (v === '=""') return "";
  return v.startsWith("'") ? v.slice(1) : v;
}

function block(cells: In[][], r0: number, c0: number, r1: number, c1: number): unknown[][] {
  const out: unknown[][] = [];
  for (let r = r0; r <= r1; r++) {
    const row: unknown[] = [];
    for (let c = c0; c <= c1; c++) row.push(passed(cells[r]?.[c] ?? null));
    out.push(row);
  }
  return out;
}

interface Case {
  label: string;
  cells: In[][];
  id: string;
  args: string[];
  wrapper: () => unknown;
  /**
   * A logical inside a range of several cells: LibreOffice stores it as the number 1 or 0 with a
   * logical format that no function sees in an array (ISLOGICAL and TYPE give FALSE and 1 there),
   * so in LibreOffice the copy reads it as a number where Excel's add-in refuses it (#VALUE!).
   */
  logicalInRange?: boolean;
  /** The formula around the native element (=IFERROR(..., 0) as analysts write it). */
  around?: (element: string) => string;
}

/** A seeded generator (the seed printed), for the random cases. */
function generator(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function cases(seed: number): Case[] {
  const random = generator(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: Case[] = [];
  // Parallel ranges, shares down A, prices down B or across row 1 from D: numbers, blank pairs, a blank beside a number, text, numeric text, logicals, empty text.
  const odd: In[] = [null, '=""', "abc", "'5", true, false, -3];
  for (let k = 0; k < 40; k++) {
    const n = 2 + Math.floor(random() * 5);
    const sharesIn: In[] = Array.from({ length: n }, () => Math.floor(random() * 5000));
    const pricesIn: In[] = Array.from({ length: n }, () => Math.round((1 + random() * 9) * 10_000) / 10_000);
    const mode = pick(["clean", "pair", "odd"] as const);
    if (mode === "pair") {
      const i = Math.floor(random() * n);
      sharesIn[i] = pick([null, '=""'] as In[]);
      pricesIn[i] = pick([null, '=""'] as In[]);
    } else if (mode === "odd") {
      (random() < 0.5 ? sharesIn : pricesIn)[Math.floor(random() * n)] = pick(odd);
    }
    if (!sharesIn.some((s) => typeof s === "number" && s > 0)) sharesIn.splice(0, 1, 1000);
    const crossed = random() < 0.5;
    const cells: In[][] = Array.from({ length: Math.max(n, 1) }, (_, i) => [sharesIn[i]!, crossed ? null : pricesIn[i]!, null]);
    if (crossed) cells[0]!.push(...pricesIn);
    const s = block(cells, 0, 0, n - 1, 0);
    const p = crossed ? block(cells, 0, 3, 0, 2 + n) : block(cells, 0, 1, n - 1, 1);
    const pRef = crossed ? `$D$1:$${columnLetters(3 + n)}$1` : `B1:B${n}`;
    const label = `${crossed ? "column x row" : "columns"} ${mode} ${JSON.stringify(sharesIn)} ${JSON.stringify(pricesIn)}`;
    const logicalInRange = [...sharesIn, ...pricesIn].some((v) => typeof v === "boolean");
    out.push({ label: `VWAP ${label}`, cells, id: "VWAP", args: [`A1:A${n}`, pRef], wrapper: () => vwap(s, p), logicalInRange });
    out.push({ label: `WARRANTS ${label}`, cells, id: "WARRANTS", args: [`A1:A${n}`, pRef, "", "", "2"], wrapper: () => warrants(s, p, undefined, undefined, 2), logicalInRange });
  }
  // Whole columns over a header row, and without one.
  const sales = [[50000, 4.04], [25000, 4.06], [null, null], [40000, 4.1], [60000, 4.02]] as In[][];
  for (const header of [true, false]) {
    const cells: In[][] = [...(header ? [["Shares", "Price"]] : []), ...sales].map((row) => [null, null, null, null, null, ...row]);
    const s = block(cells, 0, 5, cells.length + 2, 5);
    const p = block(cells, 0, 6, cells.length + 2, 6);
    // A few only: each whole-column formula takes LibreOffice seconds (hyperformula checks more: test/native/ranges.test.ts).
    out.push({ label: `VWAP F:F, G:G header ${header}`, cells, id: "VWAP", args: ["F:F", "G:G"], wrapper: () => vwap(s, p) });
    if (!header) out.push({ label: `WARRANTS F:F, G:G header ${header}`, cells, id: "WARRANTS", args: ["$F:$F", "$G:$G"], wrapper: () => warrants(s, p) });
  }
  // Price series of 12 to 60 bids with blanks, under a header or not, text, numeric text or a logical
  // among them; down a column (I1:I100) or across a row. Two of them as the whole column I:I (each
  // such formula takes LibreOffice seconds: it computes over 1,048,576 rows).
  for (let k = 0; k < 12; k++) {
    // The whole column without a header holds more bids than the window, so its last 30 are found by ROW.
    const count = k === 0 ? 45 : 12 + Math.floor(random() * 48);
    const bids: In[] = Array.from({ length: count }, () => (random() < 0.15 ? null : Math.round((1 + random() * 9) * 10_000) / 10_000));
    const mode = k < 2 ? (["bare", "header"] as const)[k]! : pick(["header", "bare", "odd", "row"] as const);
    if (mode === "odd") bids[Math.floor(random() * count)] = pick(["abc", "'4.5", true, '=""'] as In[]);
    const logicalInRange = bids.some((v) => typeof v === "boolean");
    if (mode === "row") {
      const cells: In[][] = [bids];
      const row = block(cells, 0, 0, 0, count - 1);
      const ref = `A1:${columnLetters(count)}1`;
      out.push({ label: `CONVPRICE row of ${count}`, cells, id: "CONVPRICE", args: [ref], wrapper: () => convPrice(row), logicalInRange });
      continue;
    }
    const cells: In[][] = [...(mode === "header" ? ["Bid"] : []), ...bids].map((b) => [null, null, null, null, null, null, null, null, b]);
    const whole = k < 2;
    const column = block(cells, 0, 8, whole ? cells.length + 2 : 99, 8);
    const [ref, absolute] = whole ? ["I:I", "$I:$I"] : ["I1:I100", "$I$1:$I$100"];
    const label = `${ref} ${mode} ${count}`;
    out.push({ label: `CONVPRICE ${label}`, cells, id: "CONVPRICE", args: [ref], wrapper: () => convPrice(column), logicalInRange });
    if (k === 1) continue; // a header row: #VALUE! in all three, once is enough over a whole column
    out.push({ label: `INITCONV ${label}`, cells, id: "INITCONV", args: [absolute, "4"], wrapper: () => initConv(column, 4), logicalInRange });
    out.push({ label: `CONVSHARES ${label}`, cells, id: "CONVSHARES", args: ["1000000", ref, "4.5", "120"], wrapper: () => convShares(1_000_000, column, 4.5, 120), logicalInRange });
  }
  // COMPPCT other, and the fee schedule: one rate, a 2-column range.
  for (const bad of [null, '=""', "abc", "'62500", true, 125000] as In[]) {
    const cells: In[][] = [[25_000_000, 900_000, 60_000, 62_500], [null, null, null, bad]];
    const other = block(cells, 0, 3, 1, 3);
    out.push({ label: `COMPPCT other ${String(bad)}`, cells, id: "COMPPCT", args: ["A1", "B1", "C1", "D1:D2"], wrapper: () => compPct(25_000_000, 900_000, 60_000, other), logicalInRange: typeof bad === "boolean" });
    const one = block(cells, 1, 3, 1, 3);
    out.push({ label: `COMPPCT other one cell ${String(bad)}`, cells, id: "COMPPCT", args: ["A1", "B1", "C1", "D2"], wrapper: () => compPct(25_000_000, 900_000, 60_000, one) });
  }
  for (const rate of ["'0.04", "abc", true, false, null, '=""', 0.04] as In[]) {
    const cells: In[][] = [[2_000_000, 750_000, rate]];
    for (const [id, f] of [["FEE", fee], ["NET", net], ["FEERATE", feeRate]] as const) {
      out.push({ label: `${id} rate ${String(rate)}`, cells, id, args: ["A1", "B1", "C1"], wrapper: () => f(2_000_000, 750_000, [[passed(rate)]] as any) });
    }
  }
  const schedules: [string, In[][]][] = [
    ["header", [["From", "Rate"], [0, 0.05], [1_000_000, 0.02]]],
    ["numeric text bound", [[0, 0.05], ["'1000000", 0.02], [null, null]]],
    ["logical rate", [[0, 0.05], [1_000_000, true], [null, null]]],
    ["empty text row", [[0, 0.05], ['=""', '=""'], [1_000_000, 0.02]]],
    ["half-blank row", [[0, 0.05], [1_000_000, null], [null, null]]],
    ["valid", [[0, 0.05], [null, null], [1_000_000, 0.02]]],
  ];
  for (const [label, schedule] of schedules) {
    const cells = schedule.map((row, i) => [i === 0 ? 2_000_000 : null, i === 0 ? 750_000 : null, ...row]);
    const value = block(cells, 0, 2, 2, 3);
    out.push({ label: `FEE schedule ${label}`, cells, id: "FEE", args: ["A1", "B1", "C1:D3"], wrapper: () => fee(2_000_000, 750_000, value), logicalInRange: schedule.flat().some((v) => typeof v === "boolean") });
  }
  // One figure and one price, from cells and as literals (WARRANTS reads them as num() does).
  for (const bad of [null, '=""', "'5", "abc", true, 4] as In[]) {
    const cells: In[][] = [[12345, bad]];
    out.push({ label: `WARRANTS one price ${String(bad)}`, cells, id: "WARRANTS", args: ["A1", "B1"], wrapper: () => warrants([[12345]], [[passed(bad)]]) });
    out.push({ label: `WARRANTS one figure ${String(bad)}, literal price`, cells, id: "WARRANTS", args: ["B1", "4.05", "0.1", "1.3", "2"], wrapper: () => warrants([[passed(bad)]], [[4.05]], 0.1, 1.3, 2) });
  }
  // Under IFERROR an error where the add-in gives a number would be another number: empty text among the bids, an initial price left as "".
  const tenBids: In[] = [4, 4.1, '=""', 4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9, 5];
  for (const initial of [null, '=""', 4.5] as In[]) {
    const cells: In[][] = tenBids.map((b, i) => [b, i === 0 ? initial : null]);
    const bids = block(cells, 0, 0, 11, 0);
    const around = (element: string) => `IFERROR(${element},0)`;
    out.push({ label: `IFERROR(CONVSHARES(..., initial ${String(initial)}, 120))`, cells, id: "CONVSHARES", args: ["1000000", "A1:A12", "B1", "120"], wrapper: () => convShares(1_000_000, bids, passed(initial) as any, 120), around });
    out.push({ label: `IFERROR(CONVPRICE(..., initial ${String(initial)}))`, cells, id: "CONVPRICE", args: ["A1:A12", "B1"], wrapper: () => convPrice(bids, passed(initial) as any), around });
  }
  for (const literal of ["FALSE", "TRUE", '"5"']) {
    const value = literal.startsWith('"') ? literal.slice(1, -1) : literal === "TRUE";
    out.push({ label: `WARRANTS(${literal}, A1)`, cells: [[4.05]], id: "WARRANTS", args: [literal, "A1"], wrapper: () => warrants([[value]], [[4.05]]) });
    out.push({ label: `COMPPCT other ${literal}`, cells: [], id: "COMPPCT", args: ["25000000", "900000", "", literal], wrapper: () => compPct(25_000_000, 900_000, null as any, [[value]]) });
  }
  out.push({ label: "COMPPCT other a literal", cells: [], id: "COMPPCT", args: ["25000000", "900000", "120000", "125000"], wrapper: () => compPct(25_000_000, 900_000, 120_000, [[125_000]]) });
  out.push({ label: "FEE rate a negative literal", cells: [], id: "FEE", args: ["25000000", "", "-0.04"], wrapper: () => fee(25_000_000, null as any, [[-0.04]]) });
  return out;
}

describe("LibreOffice (slower): range arguments read as the add-in reads them", function () {
  this.timeout(300_000);
  before(function () {
    skipWithoutSoffice(this);
  });

  it("text, logicals, blanks, rows against columns and whole columns: the add-in's number or an error", async () => {
    const seed = Number(process.env.CEO_SEED ?? 20010417);
    const all = cases(seed);
    const book = new ExcelJS.Workbook();
    const results = book.addWorksheet("Results");
    results.getColumn(1).numFmt = "0.0##############";
    results.getColumn(2).numFmt = "0.0##############";
    const expected: { label: string; core: unknown[]; formulas: readonly string[]; logicalInRange: boolean }[] = [];
    all.forEach((c, k) => {
      const built = nativeFormula(c.id, c.args);
      assert.ok(built.ok, `${c.label}: ${JSON.stringify(built)}`);
      const sheet = book.addWorksheet(`S${k + 1}`);
      c.cells.forEach((row, r) =>
        row.forEach((v, col) => {
          if (v === null) return;
          sheet.getCell(r + 1, col + 1).value = (v === '=""' ? { formula: '""' } : typeof v === "string" && v.startsWith("'") ? v.slice(1) : v) as ExcelJS.CellValue;
        }),
      );
      built.elements.forEach((element, i) => {
        // Row 100, column Z: outside every input range, whole columns (F, G, I) included.
        sheet.getCell(100, 26 + i).value = { formula: c.around ? c.around(element) : element } as ExcelJS.CellFormulaValue;
        results.getCell(k + 1, i + 1).value = { formula: `S${k + 1}!${columnLetters(26 + i)}100` } as ExcelJS.CellFormulaValue;
      });
      const raw = viaWrapper(c.wrapper);
      // IFERROR(..., 0) around the add-in's call shows 0 where it errs.
      const core = c.around && typeof raw === "string" ? 0 : raw;
      expected.push({ label: c.label, core: Array.isArray(core) ? (core as unknown[][])[0]! : [core], formulas: built.elements, logicalInRange: c.logicalInRange ?? false });
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-lo-ranges-"));
    try {
      const lines = (await recalculatedCsv(dir, [book], 240_000))[0]!.split(/\r?\n/);
      const failures: string[] = [];
      const codes: string[] = [];
      const copyErrs: string[] = [];
      const logicals: string[] = [];
      let numbers = 0;
      let errors = 0;
      expected.forEach(({ label, core, formulas, logicalInRange }, k) => {
        const got = (lines[k] ?? "").split(",");
        core.forEach((want, i) => {
          const text = (got[i] ?? "").replace(/^"|"$/g, "");
          const isError = /^(#|Err:)/.test(text);
          if (typeof want === "string") {
            if (!isError && logicalInRange) logicals.push(`${label} [${i + 1}]: the add-in shows ${want}, LibreOffice ${text}`);
            else if (!isError) failures.push(`${label} [${i + 1}]: the add-in shows ${want}, LibreOffice ${text}: ${formulas[i]}`);
            else {
              errors++;
              if (text !== want) codes.push(`${label} [${i + 1}]: add-in ${want}, LibreOffice ${text}`);
            }
          } else {
            const n = Number(text);
            const w = want as number;
            // An error where the add-in gives a number would keep the rule, but under IFERROR(...,0) it is another number: a failure too.
            if (isError) copyErrs.push(`${label} [${i + 1}]: the add-in gives ${w}, LibreOffice ${text}: ${formulas[i]}`);
            else if (text === "" || !(Math.abs(n - w) <= 1e-12 * Math.max(Math.abs(w), 1))) failures.push(`${label} [${i + 1}]: the add-in gives ${w}, LibreOffice ${text}: ${formulas[i]}`);
            else numbers++;
          }
        });
      });
      console.log(`      LibreOffice (seed ${seed}): ${all.length} cases, ${numbers} numbers equal to the add-in's, ${errors} errors where the add-in errs (${codes.length} with another code)`);
      if (codes.length > 0) console.log(`      error codes that differ:\n        ${codes.slice(0, 10).join("\n        ")}`);
      if (logicals.length > 0) console.log(`      LibreOffice reads a logical in a range as 1 or 0 (${logicals.length}):\n        ${logicals.slice(0, 10).join("\n        ")}`);
      assert.deepStrictEqual([...failures, ...copyErrs], []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
