/*
 * The sample's placements as the Placements table holds them, and the quarterly report's cells as a
 * spreadsheet engine without tables takes them (test/native/report.test.ts, test/libreoffice/report.test.ts).
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { HEADERS } from "../../src/taskpane/import/placementsTable";
import { planImport } from "../../src/taskpane/import/plan";
import type { ReportLayout } from "../../src/taskpane/report/report";
import { convertFormula } from "../../src/taskpane/share/share";
import type { CellValue } from "./hyperformula";

/** The sample as the Placements table holds it (A1 header, rows in trade-date order), Fee, Net and Warrant Shares by hand. */
export function samplePlacements(): CellValue[][] {
  const plan = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-placements.csv"), "utf8"));
  assert.ok(plan.ok);
  const rows = [...plan.rows].sort((a, b) => a.tradeDate - b.tradeDate || a.line - b.line);
  const at = (name: string) => HEADERS.indexOf(name);
  return [
    [...HEADERS],
    ...rows.map((r) => {
      const row: CellValue[] = HEADERS.map(() => null);
      row[at("Trade Date")] = r.tradeDate;
      row[at("Shares")] = r.shares;
      row[at("Price")] = r.price;
      row[at("Gross")] = r.gross;
      row[at("Agreement")] = r.agreement;
      row[at("Placement")] = r.placement;
      const fee = Math.round(r.gross * 4) / 100; // 4% to the cent
      row[at("Fee")] = fee;
      row[at("Net")] = Math.round((r.gross - fee) * 100) / 100;
      row[at("Warrant Shares")] = r.shares / 10;
      return row;
    }),
  ];
}

/** Placements[Gross] -> Placements!$D$2:$D$13: what the structured reference stands for in a table at A1 of `rows` data rows. */
export function tableRanges(formula: string, rows: number): string {
  return formula.replace(/Placements\[([^\]]+)\]/g, (_, name: string) => {
    const k = HEADERS.indexOf(name);
    if (k < 0) throw new Error(`no column ${name}`);
    const letter = String.fromCharCode(65 + k);
    return `Placements!$${letter}$2:$${letter}$${rows + 1}`;
  });
}

/** The report's cells as an engine takes them: CEO calls as their native formulas. */
export function engineCells(layout: ReportLayout, rows: number): CellValue[][] {
  return layout.cells.map((row) =>
    row.map((cell) => {
      if (cell === null) return null;
      if ("text" in cell) return cell.text;
      if ("value" in cell) return cell.value;
      const formula = tableRanges(cell.formula, rows);
      if (!/CEO\./.test(formula)) return formula;
      const native = convertFormula(formula);
      if (native.kind !== "native") throw new Error(`${formula}: ${JSON.stringify(native)}`);
      return native.formula;
    }),
  );
}

