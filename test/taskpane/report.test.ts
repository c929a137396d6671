/*
 * The quarterly report's layout, pure: quarters and their bounds, and the exact formulas (written
 * from what each line means; their values are checked in test/native/report.test.ts and
 * test/libreoffice/report.test.ts).
 */
import assert from "assert";
import { isoDate, serialOf } from "../../src/core/calendar";
import { agreementWords, checkedQuarter, pickedQuarter, FIGURES, quarterEnd, quarterOf, quarterStart, reportLayout, type Figure, type ReportCell, type ReportLayout } from "../../src/taskpane/report/report";
import { SEED_TERMS, type DealTerms } from "../../src/taskpane/terms/terms";

const at = (layout: ReportLayout, address: string): ReportCell => {
  const m = /^([A-Z])(\d+)$/.exec(address)!;
  return layout.cells[Number(m[2]) - 1]![m[1]!.charCodeAt(0) - 65] ?? null;
};
const formulaAt = (layout: ReportLayout, address: string) => {
  const cell = at(layout, address);
  assert.ok(cell && "formula" in cell, `${address} is a formula: ${JSON.stringify(cell)}`);
  return cell.formula;
};
const figureRow = (layout: ReportLayout, group: string, figure: Figure) => layout.groups.find((g) => g.name === group)!.header + 1 + FIGURES.indexOf(figure);

describe("quarterly report: quarters and period bounds", () => {
  const cases: [year: number, quarter: number, start: string, end: string][] = [
    [2001, 4, "2001-10-01", "2001-12-31"],
    [2024, 1, "2024-01-01", "2024-03-31"],
    [2024, 2, "2024-04-01", "2024-06-30"],
    [2024, 3, "2024-07-01", "2024-09-30"],
    [2100, 4, "2100-10-01", "2100-12-31"],
  ];
  for (const [year, quarter, start, end] of cases) {
    it(`Q${quarter} ${year}: ${start} to ${end}`, () => {
      assert.strictEqual(isoDate(quarterStart({ year, quarter })), start);
      assert.strictEqual(isoDate(quarterEnd({ year, quarter })), end);
    });
  }

  it("the quarter of a date, at each quarter's first and last day", () => {
    const of = (y: number, m: number, d: number) => quarterOf(serialOf(y, m, d));
    assert.deepStrictEqual(of(2001, 11, 15), { year: 2001, quarter: 4 });
    assert.deepStrictEqual(of(2024, 3, 31), { year: 2024, quarter: 1 });
    assert.deepStrictEqual(of(2024, 4, 1), { year: 2024, quarter: 2 });
    assert.deepStrictEqual(of(2024, 2, 29), { year: 2024, quarter: 1 });
    assert.deepStrictEqual(of(2024, 12, 31), { year: 2024, quarter: 4 });
    assert.deepStrictEqual(of(2025, 1, 1), { year: 2025, quarter: 1 });
  });

  it("a quarter outside Q1 to Q4 of 1985 to 2100 is refused with what is expected", () => {
    assert.throws(() => checkedQuarter(2024, 5), /the quarter is 1 to 4, not 5/);
    assert.throws(() => checkedQuarter(2024, 0), /the quarter is 1 to 4/);
    assert.throws(() => checkedQuarter(1984, 1), /from 1985 to 2100, not 1984/);
    assert.throws(() => checkedQuarter(2024.5, 1), /whole year/);
    assert.deepStrictEqual(checkedQuarter(2024, 3), { year: 2024, quarter: 3 });
  });

  it("the pane's picker: Last with sales, a quarter with its year, or a refusal saying what to choose", () => {
    assert.strictEqual(pickedQuarter("", ""), undefined);
    assert.strictEqual(pickedQuarter("", "2024"), undefined);
    assert.deepStrictEqual(pickedQuarter("3", " 2024 "), { year: 2024, quarter: 3 });
    assert.deepStrictEqual(pickedQuarter("3", ""), { refused: 'Choose the year of Q3 (1985 to 2100), or "Last with sales". Nothing was written.' });
    assert.deepStrictEqual(pickedQuarter("1", "1900"), { refused: "The year is a whole year from 1985 to 2100, not 1900. Nothing was written." });
    assert.deepStrictEqual(pickedQuarter("1", "20x4"), { refused: '"20x4" is not a year: write it as 2024 (1985 to 2100). Nothing was written.' });
  });

  it("the bounds are cells: the quarter end a date, each period's From and To formulas of it", () => {
    const layout = reportLayout({ year: 2001, quarter: 4 });
    assert.strictEqual(layout.quarterEndCell, "$B$4");
    assert.deepStrictEqual(at(layout, "B4"), { value: serialOf(2001, 12, 31) });
    assert.strictEqual(formulaAt(layout, `B${layout.fromRow}`), "=DATE(YEAR($B$4),MONTH($B$4)-2,1)");
    assert.strictEqual(formulaAt(layout, `C${layout.fromRow}`), "=DATE(YEAR($B$4),1,1)");
    assert.strictEqual(formulaAt(layout, `D${layout.fromRow}`), `=IF(COUNT(Placements[Trade Date])=0,D${layout.toRow},MIN(Placements[Trade Date]))`);
    for (const p of ["B", "C", "D"]) assert.strictEqual(formulaAt(layout, `${p}${layout.toRow}`), "=$B$4");
  });
});

describe("quarterly report: the figures' formulas", () => {
  const seed = reportLayout({ year: 2001, quarter: 4 });
  const withTerms = reportLayout({ year: 2001, quarter: 4 }, SEED_TERMS);

  it("without a Terms sheet: the seed's Sales and Other Agreements and a Total, each with every figure", () => {
    assert.deepStrictEqual(seed.groups.map((g) => g.name), ["Sales Agreement", "Other Agreement", "Total"]);
    for (const g of seed.groups) assert.deepStrictEqual(FIGURES.map((f) => (at(seed, `A${figureRow(seed, g.name, f)}`) as { text: string }).text), [...FIGURES]);
  });

  it("sums over the Placements table between the period's bounds, per agreement", () => {
    const { fromRow: f, toRow: t } = seed;
    const between = (p: string) => `Placements[Trade Date],">="&${p}$${f},Placements[Trade Date],"<="&${p}$${t}`;
    assert.strictEqual(formulaAt(seed, `B${figureRow(seed, "Sales Agreement", "Shares sold")}`), `=SUMIFS(Placements[Shares],Placements[Agreement],"Sales",${between("B")})`);
    assert.strictEqual(formulaAt(seed, `C${figureRow(seed, "Other Agreement", "Gross proceeds")}`), `=SUMIFS(Placements[Gross],Placements[Agreement],"Other",${between("C")})`);
    assert.strictEqual(formulaAt(seed, `D${figureRow(seed, "Sales Agreement", "Commissions")}`), `=SUMIFS(Placements[Fee],Placements[Agreement],"Sales",${between("D")})`);
    assert.strictEqual(formulaAt(seed, `B${figureRow(seed, "Sales Agreement", "Net proceeds")}`), `=SUMIFS(Placements[Net],Placements[Agreement],"Sales",${between("B")})`);
    assert.strictEqual(formulaAt(seed, `B${figureRow(seed, "Sales Agreement", "Warrants issued (warrant shares)")}`), `=SUMIFS(Placements[Warrant Shares],Placements[Agreement],"Sales",${between("B")})`);
    // The total reads every row of the table, whatever its agreement.
    assert.strictEqual(formulaAt(seed, `B${figureRow(seed, "Total", "Shares sold")}`), `=SUMIFS(Placements[Shares],${between("B")})`);
  });

  it("the weighted average is gross / shares, n/a (never #DIV/0!) without shares", () => {
    const shares = figureRow(seed, "Sales Agreement", "Shares sold");
    const gross = figureRow(seed, "Sales Agreement", "Gross proceeds");
    assert.strictEqual(formulaAt(seed, `C${figureRow(seed, "Sales Agreement", "Weighted average price (gross / shares)")}`), `=IF(C${shares}=0,"n/a",C${gross}/C${shares})`);
  });

  it("capacity at period end: CEO.CAPACITY of the gross sold to the period's end, against the program maximum (name or figure); the total adds them", () => {
    const sold = (l: ReportLayout, g: string) => figureRow(l, g, "Gross sold since inception, at period end");
    assert.strictEqual(formulaAt(seed, `B${sold(seed, "Sales Agreement")}`), `=SUMIFS(Placements[Gross],Placements[Agreement],"Sales",Placements[Trade Date],"<="&B$${seed.toRow})`);
    assert.strictEqual(formulaAt(seed, `B${figureRow(seed, "Sales Agreement", "Capacity left at period end")}`), `=CEO.CAPACITY(B${sold(seed, "Sales Agreement")},25000000)`);
    assert.strictEqual(formulaAt(seed, `D${figureRow(seed, "Other Agreement", "Capacity left at period end")}`), `=CEO.CAPACITY(D${sold(seed, "Other Agreement")},8400000)`);
    assert.strictEqual(formulaAt(withTerms, `B${figureRow(withTerms, "Sales Agreement", "Capacity left at period end")}`), `=CEO.CAPACITY(B${sold(withTerms, "Sales Agreement")},Sales_Program_Max)`);
    const capacity = (g: string) => figureRow(seed, g, "Capacity left at period end");
    assert.strictEqual(formulaAt(seed, `C${capacity("Total")}`), `=C${capacity("Sales Agreement")}+C${capacity("Other Agreement")}`);
  });

  it("one agreement: no Total group; the paragraph names it", () => {
    const terms: DealTerms = { ...SEED_TERMS, agreements: [{ ...SEED_TERMS.agreements[0]!, name: "ATM" }] };
    const layout = reportLayout({ year: 2024, quarter: 3 }, terms);
    assert.deepStrictEqual(layout.groups.map((g) => g.name), ["ATM Agreement"]);
    assert.match(formulaAt(layout, `F${layout.groups[0]!.paragraphs}`), /under the ATM Agreement at a weighted average price of /);
    assert.strictEqual(agreementWords(["Sales", "Other", "Third"]), "the Sales Agreement, the Other Agreement and the Third Agreement");
  });

  it("the paragraphs: from the period's cells, TEXT for dates and dollars, 'did not sell any shares' without sales", () => {
    const row = figureRow(seed, "Sales Agreement", "Shares sold");
    const paragraph = formulaAt(seed, `F${seed.groups[0]!.paragraphs}`);
    assert.strictEqual(seed.groups[0]!.paragraphs, row);
    assert.ok(paragraph.startsWith(`=IF(B${row}=0,B$9&", the Company did not sell any shares of common stock under the Sales Agreement."&`), paragraph);
    assert.match(paragraph, /TEXT\(B\d+,"\$#,##0\.00"\)/);
    assert.match(paragraph, /TEXT\(B\$8,"mmmm d, yyyy"\)/);
    assert.deepStrictEqual(at(seed, `E${row}`), { text: "Quarter:" });
    assert.deepStrictEqual(at(seed, `E${row + 1}`), { text: "Year to date:" });
    assert.match(formulaAt(seed, `F${row + 2}`), /^=IF\(D\d+=0,D\$9&/);
  });

  it("the chart's data: dates spaced from the inception bound to the quarter end; a series per agreement, maximum and tier bound (Terms names when there)", () => {
    const { chart } = withTerms;
    assert.strictEqual(chart.last - chart.first + 1, 25);
    assert.strictEqual(formulaAt(withTerms, `A${chart.first + 3}`), `=INT(D$${withTerms.fromRow}+(D$${withTerms.toRow}-D$${withTerms.fromRow})*3/24)`);
    assert.deepStrictEqual(
      chart.series.map((s) => [s.column, s.name, formulaAt(withTerms, `${s.column}${chart.first}`)]),
      [
        ["B", "Sales: gross sold", `=SUMIFS(Placements[Gross],Placements[Agreement],"Sales",Placements[Trade Date],"<="&$A${chart.first})`],
        ["C", "Sales: program maximum", "=Sales_Program_Max"],
        ["D", "Sales: fee tier from $10,000,000", "=INDEX(Sales_Schedule,2,1)"],
        ["E", "Sales: fee tier from $20,000,000", "=INDEX(Sales_Schedule,3,1)"],
        ["F", "Other: gross sold", `=SUMIFS(Placements[Gross],Placements[Agreement],"Other",Placements[Trade Date],"<="&$A${chart.first})`],
        ["G", "Other: program maximum", "=Other_Program_Max"],
      ],
    );
  });

  it("text cells are text: no label or heading is written as a formula", () => {
    for (const row of seed.cells) for (const cell of row) if (cell && "text" in cell) assert.doesNotMatch(cell.text, /^[=+\-@]/);
    assert.ok(seed.cells.every((r) => r.length === seed.cells[0]!.length) && seed.formats.every((r, i) => r.length === seed.cells[i]!.length), "a rectangle");
  });
});
