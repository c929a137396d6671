/*
 * The quarterly report's formulas in a real spreadsheet engine (hyperformula): the sample's twelve
 * placements (examples/neot-2001-placements.csv) on a Placements sheet, the report sheet as
 * report.ts lays it out, its structured references read as the table's cell ranges (hyperformula
 * has no tables) and its CEO.CAPACITY as the native formula Prepare for sharing writes. Expected
 * figures are the sample's sums, by hand: every sale is in the 4% tier (Sales under $10M; Other a
 * flat 4%), so each commission is 4% of gross, and every share count is a multiple of 10, so each
 * sale's warrant shares are a tenth of its shares.
 */
import assert from "assert";
import { HyperFormula } from "hyperformula";
import { serialOf } from "../../src/core/calendar";
import { HEADERS } from "../../src/taskpane/import/placementsTable";
import { REPORT_SHEET, reportLayout, FIGURES, type Figure, type Quarter } from "../../src/taskpane/report/report";
import { Engine } from "../support/hyperformula";
import { engineCells, samplePlacements } from "../support/reportSample";

const SALES = { shares: 370_000, gross: 1_529_850, fee: 61_194, net: 1_468_656, warrants: 37_000 };
const OTHER = { shares: 95_000, gross: 392_500, fee: 15_700, net: 376_800, warrants: 9_500 };
const TOTAL = { shares: 465_000, gross: 1_922_350, fee: 76_894, net: 1_845_456, warrants: 46_500 };

describe("the quarterly report's formulas in hyperformula, on the sample's placements", () => {
  const placements = samplePlacements();
  const n = placements.length - 1;

  function open(quarter: Quarter) {
    const engine = new Engine();
    const hf: HyperFormula = engine.hf;
    hf.addSheet("Placements");
    const table = hf.getSheetId("Placements")!;
    hf.setSheetContent(table, placements);
    const layout = reportLayout(quarter);
    hf.addSheet(REPORT_SHEET);
    const report = hf.getSheetId(REPORT_SHEET)!;
    hf.setSheetContent(report, engineCells(layout, n));
    const value = (address: string) => {
      const { col, row } = hf.simpleCellAddressFromString(address, report)!;
      const v = hf.getCellValue({ sheet: report, row, col });
      return v !== null && typeof v === "object" ? (v as { value: string }).value : v;
    };
    const figure = (group: string, f: Figure, period: "B" | "C" | "D") => value(`${period}${layout.groups.find((g) => g.name === group)!.header + 1 + FIGURES.indexOf(f)}`);
    return { hf, table, report, layout, value, figure };
  }

  it("Q4 2001: quarter, year to date and since inception are the whole sample, per agreement and in total", () => {
    const { figure, value, layout } = open({ year: 2001, quarter: 4 });
    assert.strictEqual(value(`B${layout.fromRow}`), serialOf(2001, 10, 1));
    assert.strictEqual(value(`C${layout.fromRow}`), serialOf(2001, 1, 1));
    assert.strictEqual(value(`D${layout.fromRow}`), serialOf(2001, 11, 1), "inception: the first sale");
    for (const p of ["B", "C", "D"] as const) assert.strictEqual(value(`${p}${layout.toRow}`), serialOf(2001, 12, 31));
    for (const [group, expected, max] of [["Sales Agreement", SALES, 25_000_000], ["Other Agreement", OTHER, 8_400_000], ["Total", TOTAL, 33_400_000]] as const) {
      for (const p of ["B", "C", "D"] as const) {
        assert.strictEqual(figure(group, "Shares sold", p), expected.shares, `${group} ${p} shares`);
        assert.strictEqual(figure(group, "Gross proceeds", p), expected.gross, `${group} ${p} gross`);
        assert.ok(Math.abs((figure(group, "Commissions", p) as number) - expected.fee) < 1e-6, `${group} ${p} commissions`);
        assert.ok(Math.abs((figure(group, "Net proceeds", p) as number) - expected.net) < 1e-6, `${group} ${p} net`);
        assert.strictEqual(figure(group, "Weighted average price (gross / shares)", p), expected.gross / expected.shares, `${group} ${p} weighted average`);
        assert.strictEqual(figure(group, "Gross sold since inception, at period end", p), expected.gross);
        assert.strictEqual(figure(group, "Capacity left at period end", p), max - expected.gross, `${group} ${p} capacity`);
        assert.strictEqual(figure(group, "Warrants issued (warrant shares)", p), expected.warrants);
      }
    }
  });

  it("a quarter without sales (Q1 2002): zeros and n/a for the quarter, never #DIV/0!; since inception the whole sample", () => {
    const { figure, value, layout } = open({ year: 2002, quarter: 1 });
    assert.strictEqual(value(`B${layout.fromRow}`), serialOf(2002, 1, 1));
    assert.strictEqual(value(`B${layout.toRow}`), serialOf(2002, 3, 31));
    for (const p of ["B", "C"] as const) {
      assert.strictEqual(figure("Total", "Shares sold", p), 0);
      assert.strictEqual(figure("Total", "Gross proceeds", p), 0);
      assert.strictEqual(figure("Total", "Weighted average price (gross / shares)", p), "n/a");
      assert.strictEqual(figure("Sales Agreement", "Capacity left at period end", p), 25_000_000 - SALES.gross, "capacity at the period's end counts the earlier sales");
    }
    assert.strictEqual(figure("Total", "Shares sold", "D"), TOTAL.shares);
    assert.strictEqual(figure("Total", "Gross proceeds", "D"), TOTAL.gross);
  });

  it("before the first sale (Q3 2001): nothing sold in any period, full capacity", () => {
    const { figure } = open({ year: 2001, quarter: 3 });
    for (const p of ["B", "C", "D"] as const) {
      assert.strictEqual(figure("Total", "Shares sold", p), 0);
      assert.strictEqual(figure("Sales Agreement", "Weighted average price (gross / shares)", p), "n/a");
      assert.strictEqual(figure("Sales Agreement", "Capacity left at period end", p), 25_000_000);
      assert.strictEqual(figure("Other Agreement", "Capacity left at period end", p), 8_400_000);
    }
  });

  it("editing a bound or a table row recomputes: the quarter from 2001-11-06; a sale's shares changed", () => {
    const { hf, figure, layout, report, table } = open({ year: 2001, quarter: 4 });
    hf.setCellContents({ sheet: report, row: layout.fromRow - 1, col: 1 }, [[serialOf(2001, 11, 6)]]);
    // Sales from 2001-11-06 on: 30,000 + 35,000 + 20,000 + 55,000 + 15,000 + 40,000 shares.
    assert.strictEqual(figure("Sales Agreement", "Shares sold", "B"), 195_000);
    assert.strictEqual(figure("Sales Agreement", "Gross proceeds", "B"), 119_400 + 145_250 + 84_000 + 236_500 + 64_800 + 171_200);
    assert.strictEqual(figure("Sales Agreement", "Shares sold", "C"), SALES.shares, "the year to date keeps its own bound");
    hf.setCellContents({ sheet: table, row: 1, col: HEADERS.indexOf("Shares") }, [[50_001]]);
    assert.strictEqual(figure("Sales Agreement", "Shares sold", "D"), SALES.shares + 1);
  });

  it("the chart's data: evenly spaced dates from the first sale to the quarter's end, gross sold to each, maxima and tier bounds", () => {
    const { value, layout } = open({ year: 2001, quarter: 4 });
    const { chart } = layout;
    assert.strictEqual(value(`A${chart.first}`), serialOf(2001, 11, 1));
    assert.strictEqual(value(`A${chart.last}`), serialOf(2001, 12, 31));
    const sales = chart.series.find((s) => s.name === "Sales: gross sold")!.column;
    const other = chart.series.find((s) => s.name === "Other: gross sold")!.column;
    assert.strictEqual(value(`${sales}${chart.first}`), 202_000 + 101_500, "2001-11-01: two sales");
    assert.strictEqual(value(`${sales}${chart.last}`), SALES.gross);
    assert.strictEqual(value(`${other}${chart.last}`), OTHER.gross);
    const constants = chart.series.filter((s) => s.kind !== "gross").map((s) => [s.name, value(`${s.column}${chart.first}`)]);
    assert.deepStrictEqual(constants, [
      ["Sales: program maximum", 25_000_000],
      ["Sales: fee tier from $10,000,000", 10_000_000],
      ["Sales: fee tier from $20,000,000", 20_000_000],
      ["Other: program maximum", 8_400_000],
    ]);
  });
});
