/*
 * End to end in a second real spreadsheet engine: the seed's placements
 * (examples/neot-2001-placements.csv) written to an .xlsx whose computed columns are the
 * native formulas "Prepare for sharing" writes, recalculated by LibreOffice headless, read back
 * as CSV and compared with the core through the wrappers. Slower (LibreOffice starts in about
 * a second or two); skipped, with a note, where `soffice` is not installed (Debian:
 * apt-get install -y --no-install-recommends libreoffice-calc-nogui), unless
 * CEO_REQUIRE_LIBREOFFICE is set, as CI sets it.
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { settle } from "../../src/functions/calendar";
import { capacityLeft } from "../../src/functions/capacity";
import { compPct } from "../../src/functions/compensation";
import { fee, net } from "../../src/functions/fees";
import { warrants } from "../../src/functions/warrants";
import { convertFormula } from "../../src/taskpane/share/share";
import { columnLetters } from "../../src/core/formulaText";
import { convPrice, convShares, initConv } from "../../src/functions/conversion";
import { bsWarrant } from "../../src/functions/blackScholes";
import { planImport } from "../../src/taskpane/import/plan";
import { computedColumns } from "../../src/taskpane/import/placementsTable";
import { viaWrapper } from "../support/customFunctions";
import { addHolidaysSheet, csvRows, recalculatedCsv, skipWithoutSoffice } from "../support/libreoffice";



/**
 * The native formula as an .xlsx file stores it: Excel writes functions newer than 2007 with the
 * _xlfn. prefix (typing or setting NORM.S.DIST through Office.js needs none), and LibreOffice
 * reads NORM.S.DIST only so.
 */
const native = (ceo: string) => {
  const c = convertFormula(ceo);
  if (c.kind !== "native") throw new Error(`${ceo}: ${JSON.stringify(c)}`);
  return c.formula.slice(1).replace(/\bNORM\.S\.DIST\(/g, "_xlfn.NORM.S.DIST(");
};

describe("LibreOffice (slower): the seed's placements with native formulas, recalculated headless", function () {
  this.timeout(180_000);
  before(function () {
    skipWithoutSoffice(this);
  });

  it("fees, net proceeds, settlement dates and warrants per sale, and the offering's summary, equal the core's", async () => {
    const plan = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-placements.csv"), "utf8"));
    assert.ok(plan.ok, JSON.stringify(plan.errors));
    const rows = [...plan.rows].sort((a, b) => a.tradeDate - b.tradeDate || a.line - b.line);
    const n = rows.length;
    const last = n + 1;
    // The agent's settlement dates (examples/neot-2001-agent-report.csv), by sale; the last sale's left blank ("not stated").
    const report = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-report.csv"), "utf8"));
    assert.ok(report.ok, JSON.stringify(report.errors));
    const stated = new Map(report.rows.map((r) => [`${r.tradeDate}|${r.shares}|${r.price}`, r.statedSettlement]));
    const agentSettlement = (i: number) => (i === n - 1 ? undefined : stated.get(`${rows[i]!.tradeDate}|${rows[i]!.shares}|${rows[i]!.price}`));

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Placements");
    sheet.addRow(["Trade Date", "Shares", "Price", "Gross", "Agreement", "Prior Gross", "Fee", "Net", "Settlement Date", "Warrant Shares", "Warrant Exercise Price"]);
    rows.forEach((row, i) => {
      const r = i + 2;
      const fee = `CEO.FEE(D${r},F${r},IF(E${r}="Other",0.04,""))`;
      sheet.addRow([
        row.tradeDate,
        row.shares,
        row.price,
        row.gross,
        row.agreement,
        { formula: `SUMIFS($D$2:$D$${last},$E$2:$E$${last},E${r},$A$2:$A$${last},"<"&A${r})+SUMIFS($D$2:D${r},$E$2:E${r},E${r},$A$2:A${r},A${r})-D${r}` },
        { formula: native(`=${fee}`) },
        { formula: native(`=CEO.NET(D${r},F${r},IF(E${r}="Other",0.04,""))`) },
        { formula: native(`=CEO.SETTLE(A${r})`) },
        { formula: native(`=INDEX(CEO.WARRANTS(B${r},C${r}),1,1)`) },
        { formula: native(`=INDEX(CEO.WARRANTS(B${r},C${r}),1,2)`) },
      ]);
      // Beside the summary (L:M): the table's Agent Settlement and its Settlement Difference formula, cell references for the structured ones.
      sheet.getCell(`O${r}`).value = agentSettlement(i) ?? null;
      sheet.getCell(`P${r}`).value = { formula: `IF(O${r}="","",O${r}-I${r})` } as ExcelJS.CellFormulaValue;
    });
    const difference = computedColumns().find((c) => c.name === "Settlement Difference")!.formula;
    assert.strictEqual(difference, '=IF([@[Agent Settlement]]="","",[@[Agent Settlement]]-[@[Settlement Date]])', "the table's formula, as translated above");
    // Plain numbers with every digit in the CSV (dates as serials), not as LibreOffice would show them.
    const formats: Record<number, string> = { 1: "0", 4: "0.00##########", 6: "0.00##########", 7: "0.00##########", 8: "0", 9: "0", 10: "0.0##############", 13: "0.0##############", 15: "0", 16: "0" };
    for (const [column, format] of Object.entries(formats)) sheet.getColumn(Number(column)).numFmt = format;
    const sales = `$E$2:$E$${last},"Sales"`;
    const summary: [string, string][] = [
      ["Gross, Sales", `=SUMIFS($D$2:$D$${last},${sales})`],
      ["Gross, Other", `=SUMIFS($D$2:$D$${last},$E$2:$E$${last},"Other")`],
      ["Commissions", `=SUM($G$2:$G$${last})`],
      ["Warrant shares (offering)", `=INDEX(CEO.WARRANTS($B$2:$B$${last},$C$2:$C$${last}),1,1)`],
      ["Warrant exercise price (offering)", `=INDEX(CEO.WARRANTS($B$2:$B$${last},$C$2:$C$${last}),1,2)`],
      ["Capacity left, Sales", `=CEO.CAPACITY(M2)`],
      ["Capacity left, Other", `=CEO.CAPACITY(M3,8400000)`],
      ["NASD compensation", `=CEO.COMPPCT(M2+M3,M4,120000,125000)`],
    ];
    summary.forEach(([label, formula], i) => {
      sheet.getCell(`L${i + 2}`).value = label;
      sheet.getCell(`M${i + 2}`).value = { formula: /CEO\./.test(formula) ? native(formula) : formula.slice(1), date1904: false } as ExcelJS.CellFormulaValue;
    });

    addHolidaysSheet(book);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-lo-"));
    try {
      const csv = csvRows((await recalculatedCsv(dir, [book], 120_000))[0]!);
      let prior = { Sales: 0, Other: 0 } as Record<string, number>;
      const num = (text: string | undefined) => {
        assert.ok(text !== undefined && /^-?[0-9.E+-]+$/.test(text), `not a number: ${text}`);
        return Number(text);
      };
      rows.forEach((row, i) => {
        const cells = csv[i + 1]!;
        const schedule = row.agreement === "Other" ? 0.04 : "";
        const priorGross = prior[row.agreement]!;
        assert.strictEqual(num(cells[5]), priorGross, `row ${i + 2} prior gross`);
        assert.strictEqual(num(cells[6]), viaWrapper(() => fee(row.gross, priorGross, schedule as any)), `row ${i + 2} fee`);
        assert.strictEqual(num(cells[7]), viaWrapper(() => net(row.gross, priorGross, schedule as any)), `row ${i + 2} net`);
        assert.strictEqual(num(cells[8]), viaWrapper(() => settle(row.tradeDate)), `row ${i + 2} settlement date`);
        const [shares, price] = (viaWrapper(() => warrants(row.shares as any, row.price as any)) as number[][])[0]!;
        assert.strictEqual(num(cells[9]), shares, `row ${i + 2} warrant shares`);
        assert.ok(Math.abs(num(cells[10]) - price!) <= 1e-12 * price!, `row ${i + 2} exercise price ${cells[10]} vs ${price}`);
        const agent = agentSettlement(i);
        assert.strictEqual(cells[15] ?? "", agent === undefined ? "" : String(agent - (viaWrapper(() => settle(row.tradeDate)) as number)), `row ${i + 2} settlement difference`);
        prior = { ...prior, [row.agreement]: Math.round((priorGross + row.gross) * 100) / 100 };
      });
      const figure = (k: number) => num(csv[k + 1]![12]);
      const salesGross = rows.filter((r) => r.agreement === "Sales").reduce((s, r) => s + r.gross, 0);
      const otherGross = rows.filter((r) => r.agreement === "Other").reduce((s, r) => s + r.gross, 0);
      const commissions = rows.reduce((s, _, i) => s + num(csv[i + 1]![6]), 0);
      assert.ok(Math.abs(figure(0) - salesGross) < 1e-6 && Math.abs(figure(1) - otherGross) < 1e-6);
      const [offeringShares, offeringPrice] = (viaWrapper(() => warrants(rows.map((r) => [r.shares]) as any, rows.map((r) => [r.price]) as any)) as number[][])[0]!;
      assert.strictEqual(figure(3), offeringShares);
      assert.ok(Math.abs(figure(4) - offeringPrice!) <= 1e-12 * offeringPrice!);
      assert.strictEqual(figure(5), viaWrapper(() => capacityLeft(figure(0))));
      assert.strictEqual(figure(6), viaWrapper(() => capacityLeft(figure(1), 8_400_000)));
      const pct = viaWrapper(() => compPct(figure(0) + figure(1), figure(2), 120_000, 125_000 as any)) as number;
      assert.ok(Math.abs(figure(7) - pct) <= 1e-12 * pct, `${figure(7)} vs ${pct}`);
      assert.ok(Math.abs(figure(2) - commissions) < 1e-6);
      // The planted settlement date (examples/README.md): the 2001-11-07 sale a day early; every other stated one SETTLE's.
      assert.deepStrictEqual(rows.map((_, i) => csv[i + 1]![15] ?? ""), ["0", "0", "0", "0", "0", "-1", "0", "0", "0", "0", "0", ""]);
      console.log(`      LibreOffice recalculated ${n} placements (${n * 5} native formulas) and ${summary.length} summary figures: all equal to the core`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it("price series longer than 400 cells (positions by ROW and COLUMN, which hyperformula cannot check) and Black-Scholes", async () => {
    // A fixed pseudo-random series per case: blanks scattered, 10 to 60 bids with 4 decimals.
    let seed = 20011101;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cases = 24;
    const height = 450;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Cases");
    const series: (number | null)[][] = [];
    for (let k = 0; k < cases; k++) {
      const column = columnLetters(k + 1);
      const cells: (number | null)[] = Array.from({ length: height }, () => null);
      const count = 10 + Math.floor(random() * 50);
      for (let j = 0; j < count; j++) cells[Math.floor(random() * height)] = Math.round((1 + random() * 9) * 10_000) / 10_000;
      cells.forEach((v, r) => v !== null && (sheet.getCell(`${column}${r + 1}`).value = v));
      series.push(cells);
      const range = `${column}1:${column}${height}`;
      sheet.getCell(`${column}${height + 2}`).value = { formula: native(`=CEO.CONVPRICE(${range})`) } as ExcelJS.CellFormulaValue;
      sheet.getCell(`${column}${height + 3}`).value = { formula: native(`=CEO.CONVSHARES(1000000,${range},4.5,120)`) } as ExcelJS.CellFormulaValue;
      sheet.getCell(`${column}${height + 4}`).value = { formula: native(`=CEO.INITCONV(${range},4)`) } as ExcelJS.CellFormulaValue;
      const [s, kk, t, v, r] = [2 + random() * 20, 2 + random() * 20, 0.5 + random() * 5, 0.1 + random(), random() * 0.08];
      sheet.getCell(`${column}${height + 5}`).value = { formula: native(`=CEO.BSWARRANT(${s},${kk},${t},${v},${r})`) } as ExcelJS.CellFormulaValue;
      sheet.getCell(`${column}${height + 6}`).value = [s, kk, t, v, r].join(" ");
    }
    for (let k = 1; k <= cases; k++) sheet.getColumn(k).numFmt = "0.0##############";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-lo-"));
    try {
      const csv = csvRows((await recalculatedCsv(dir, [book], 120_000))[0]!);
      for (let k = 0; k < cases; k++) {
        const bids = series[k]!.map((v) => [v]);
        const at = (row: number) => Number(csv[row - 1]![k]);
        const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `case ${k + 1} ${what}: ${a} vs ${b}`);
        close(at(height + 2), viaWrapper(() => convPrice(bids)) as number, "CONVPRICE");
        assert.strictEqual(at(height + 3), viaWrapper(() => convShares(1_000_000, bids, 4.5, 120)), `case ${k + 1} CONVSHARES`);
        assert.strictEqual(at(height + 4), viaWrapper(() => initConv(bids, 4)), `case ${k + 1} INITCONV`);
        const [s, kk, t, v, r] = csv[height + 5]![k]!.split(" ").map(Number);
        const value = viaWrapper(() => bsWarrant(s!, kk!, t!, v!, r!)) as number;
        assert.ok(Math.abs(at(height + 5) - value) <= 1e-12 * s!, `case ${k + 1} BSWARRANT ${csv[height + 4]![k]} vs ${value}`);
      }
      console.log(`      LibreOffice: ${cases} series of ${height} cells (CONVPRICE, CONVSHARES, INITCONV) and ${cases} Black-Scholes values equal the core's`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
