/*
 * The Placements table's Prior Gross is a running sum read from the row above (linear time), so it
 * is right only in trade-date order: these tests do to the table what analysts do (sort by every
 * column both ways, filter, insert a row by hand, edit Gross, Agreement or Trade Date, delete a row,
 * type bad values) and recalculate it in hyperformula, in the workbook (Prior Gross native, Fee and
 * Net as CEO.FEE / CEO.NET receive it) and in the banker's copy (every formula native, through the
 * pane's planner). Every figure must equal the fee computed here from the core's terms on the
 * sales in trade-date order, or the table must show #N/A in every Prior Gross, Fee and Net with the
 * reason in Check and in the summary: never a fee on a wrong Prior Gross.
 */
import assert from "assert";
import { Decimal } from "../../src/core/decimal";
import { tokenize } from "../../src/core/formulaText";
import { feeSchedule, type FeeSchedule } from "../../src/core/fees";
import { fee, net } from "../../src/functions/fees";
import { computedColumns, summary } from "../../src/taskpane/import/placementsTable";
import { SEED_TERMS, type DealTerms } from "../../src/taskpane/terms/terms";
import { viaWrapper } from "../support/customFunctions";
import { Engine } from "../support/hyperformula";
import { columnFormulas, DAYS, expected, layout, sales, SCHEDULES, sheetRows, sortedBy, summaryFormulas, type Cell, type SaleCells } from "../support/placementsSheet";

interface Shown {
  values: Cell[][];
  /** The summary's table-check line. */
  check: Cell;
  column: (header: string) => Cell[];
}

let shared: Engine | undefined;

/** The table recalculated in hyperformula: the workbook's formulas (`banker` false: Fee and Net as CEO.FEE / CEO.NET get them) or the banker's copy. */
function recalculate(rows: readonly SaleCells[], banker: boolean, terms?: DealTerms): Shown {
  const lay = layout(terms);
  const formulas = columnFormulas(lay, banker).map((f, k) => (!banker && /CEO\./.test(f) ? `="${lay.columns[k]!.name}"` : f));
  // One engine for every table (its holidays sheet, 28,931 rows, is built once); Inputs emptied before each.
  const engine = (shared ??= new Engine());
  engine.clear();
  engine.set(0, 0, sheetRows(rows, lay, formulas, true));
  const line = summaryFormulas(lay, rows.length, terms, true).findIndex(([label]) => label === "Table check");
  const [, checkFormula] = summaryFormulas(lay, rows.length, terms, true)[line]!;
  const check = engine.evaluate(checkFormula) as Cell;
  const values = rows.map((_, i) => lay.headers.map((_, c) => {
    const v = engine.hf.getCellValue({ sheet: engine.inputs, row: i + 1, col: c });
    return v !== null && typeof v === "object" ? (v as { value: string }).value : typeof v === "boolean" ? String(v) : (v as Cell);
  }));
  if (!banker) {
    // Excel passes an error argument on without calling the function; else CEO.FEE / CEO.NET of the row's cells.
    const at = lay.at.bind(lay);
    values.forEach((row, i) => {
      const prior = row[at("Prior Gross")];
      const schedule = rows[i]!.agreement === "Other" ? 0.04 : "";
      const call = (f: typeof fee) => (typeof prior === "string" && prior.startsWith("#") ? prior : (viaWrapper(() => f(rows[i]!.gross as number, prior as number, schedule as any)) as Cell));
      row[at("Fee")] = call(fee);
      row[at("Net")] = call(net);
    });
  }
  return { values, check, column: (h) => values.map((r) => r[lay.at(h)]!) };
}

/** Every figure equal to the core's, or #N/A everywhere with the reason shown. */
function assertRight(rows: readonly SaleCells[], shown: Shown, what: string, schedules?: Record<string, FeeSchedule>): "right" | "refused" {
  const want = expected(rows, schedules);
  if ("problem" in want) {
    assert.ok(shown.column("Prior Gross").every((v) => v === "#N/A"), `${what}: ${want.problem}, yet Prior Gross shows ${shown.column("Prior Gross").filter((v) => v !== "#N/A").slice(0, 3).join(", ")}`);
    // Fee and Net: #N/A from Prior Gross, or the row's own error first (a text Gross is #VALUE!): never a number.
    for (const h of ["Fee", "Net"]) assert.ok(shown.column(h).every((v) => typeof v === "string" && v.startsWith("#")), `${what}: ${want.problem}, yet ${h} shows ${shown.column(h).filter((v) => typeof v === "number").slice(0, 3).join(", ")}`);
    assert.ok(shown.column("Check").some((v) => typeof v === "string" && v.startsWith(want.problem)), `${what}: Check does not say "${want.problem}": ${[...new Set(shown.column("Check"))].join(" / ")}`);
    assert.match(String(shown.check), /need attention/, `${what}: the summary says ${shown.check}`);
    return "refused";
  }
  want.forEach((w, i) => {
    assert.strictEqual(shown.column("Check")[i], "", `${what}: row ${i + 1} Check`);
    assert.strictEqual(shown.column("Prior Gross")[i], w.prior, `${what}: row ${i + 1} Prior Gross`);
    assert.strictEqual(shown.column("Fee")[i], w.fee, `${what}: row ${i + 1} Fee`);
    assert.strictEqual(shown.column("Net")[i], w.net, `${what}: row ${i + 1} Net`);
  });
  assert.match(String(shown.check), /^OK/, `${what}: the summary says ${shown.check}`);
  return "right";
}

const imported = () => sortedBy(sales(), (s) => s.tradeDate, false);

for (const banker of [false, true]) {
  describe(`Placements table ${banker ? "in the banker's copy (native formulas, through the planner)" : "in the workbook"}: sorting, filtering and hand edits (hyperformula)`, function () {
    this.timeout(300_000);

    it("as imported (trade-date order, ties as the report listed them): every Prior Gross, Fee and Net equals the core's", () => {
      assert.strictEqual(assertRight(imported(), recalculate(imported(), banker), "as imported"), "right");
    });

    it("sorted by every column, both ways: right when the sort leaves trade dates in order, else #N/A everywhere with the reason", () => {
      const start = imported();
      const before = recalculate(start, banker);
      const lay = layout();
      const outcomes: string[] = [];
      for (const header of lay.headers) {
        for (const descending of [false, true]) {
          const keyed = start.map((row, i) => ({ row, key: before.values[i]![lay.at(header)] }));
          const rows = sortedBy(keyed, (k) => k.key, descending).map((k) => k.row);
          outcomes.push(`${header} ${descending ? "desc" : "asc"}: ${assertRight(rows, recalculate(rows, banker), `sorted by ${header} ${descending ? "Z-A" : "A-Z"}`)}`);
        }
      }
      assert.ok(outcomes.includes("Trade Date asc: right") && outcomes.includes("Trade Date desc: refused") && outcomes.includes("Gross asc: refused"), outcomes.join("; "));
    });

    it("filtering hides rows and changes no figure: no column formula reads visibility (SUBTOTAL, AGGREGATE, CELL)", () => {
      for (const c of computedColumns()) assert.doesNotMatch(c.formula, /SUBTOTAL|AGGREGATE|CELL\(/, c.name);
      for (const [, formula] of summary().rows) assert.doesNotMatch(formula, /SUBTOTAL|AGGREGATE|CELL\(/, formula);
    });

    it("a row inserted by hand: #N/A while blank, right once filled in order, #N/A when its date is out of order", () => {
      const rows = imported();
      const at = 17;
      const blank: SaleCells = { tradeDate: null, shares: null, price: null, gross: null, agreement: null };
      const withBlank = [...rows.slice(0, at), blank, ...rows.slice(at)];
      assert.strictEqual(assertRight(withBlank, recalculate(withBlank, banker), "blank row inserted"), "refused");
      const filled = { tradeDate: rows[at - 1]!.tradeDate, shares: 100_000, price: 5, gross: 500_000, agreement: "Sales" };
      const inOrder = [...rows.slice(0, at), filled, ...rows.slice(at)];
      assert.strictEqual(assertRight(inOrder, recalculate(inOrder, banker), "row filled in order"), "right");
      const early = [...rows.slice(0, at), { ...filled, tradeDate: rows[0]!.tradeDate }, ...rows.slice(at)];
      assert.strictEqual(assertRight(early, recalculate(early, banker), "row filled with an earlier date"), "refused");
      const atEnd = [...rows, { ...filled, tradeDate: DAYS[DAYS.length - 1]!, agreement: "Other" }];
      assert.strictEqual(assertRight(atEnd, recalculate(atEnd, banker), "row added at the end"), "right");
    });

    it("editing Gross, Agreement or Trade Date, and deleting a row, recompute every later row", () => {
      const rows = imported();
      const edit = (i: number, change: Partial<SaleCells>) => rows.map((r, k) => (k === i ? { ...r, ...change } : r));
      const cases: [string, SaleCells[], "right" | "refused"][] = [
        ["Gross of row 3 edited", edit(2, { gross: 1_234_567.89 }), "right"],
        ["Gross of the first row edited", edit(0, { gross: 9_999_999.99 }), "right"],
        ["Agreement of row 5 Sales -> Other", edit(4, { agreement: rows[4]!.agreement === "Other" ? "Sales" : "Other" }), "right"],
        ["Agreement typed in lower case", edit(6, { agreement: "sales" }), "right"],
        ["Trade Date of row 2 set after row 3's", edit(1, { tradeDate: DAYS[DAYS.length - 1]! }), "refused"],
        ["Trade Date of row 2 set to row 1's", edit(1, { tradeDate: rows[0]!.tradeDate }), "right"],
        ["row 10 deleted", rows.filter((_, k) => k !== 9), "right"],
        ["first row deleted", rows.slice(1), "right"],
      ];
      for (const [what, changed, outcome] of cases) assert.strictEqual(assertRight(changed, recalculate(changed, banker), what), outcome, what);
    });

    it("bad input: text, blank, negative or over-precise Gross, an unknown Agreement, a text Trade Date: #N/A everywhere and Check says which", () => {
      const rows = imported();
      const edit = (i: number, change: Partial<SaleCells>) => rows.map((r, k) => (k === i ? { ...r, ...change } : r));
      const cases: [string, SaleCells[]][] = [
        ["Gross is text", edit(8, { gross: "n/a" })],
        ["Gross is blank", edit(8, { gross: null })],
        ["Gross is negative", edit(8, { gross: -5 })],
        ["Gross has 5 decimals", edit(8, { gross: 1000.12345 })],
        ["Agreement misspelt", edit(8, { agreement: "Salse" })],
        ["Agreement blank", edit(8, { agreement: null })],
        ["Trade Date is text", edit(8, { tradeDate: "2001-11-12" })],
      ];
      for (const [what, changed] of cases) assert.strictEqual(assertRight(changed, recalculate(changed, banker), what), "refused", what);
    });
  });
}

describe("Placements table with the Terms sheet's agreements (any number, names from the terms): Prior Gross per agreement (hyperformula)", () => {
  it("three agreements, one named with digits: Prior Gross equals the core's in order, #N/A out of order, an unknown one named", () => {
    const terms: DealTerms = { ...SEED_TERMS, agreements: [...SEED_TERMS.agreements, { ...SEED_TERMS.agreements[1]!, name: "Third2" }] };
    const schedules = { ...SCHEDULES, Third2: feeSchedule([[new Decimal(0), new Decimal("0.02")]]) };
    const rows = imported().map((r, i) => (i % 4 === 3 ? { ...r, agreement: "Third2" } : r));
    const check = (changed: SaleCells[]) => {
      const shown = recalculate(changed, false, terms);
      const want = expected(changed, schedules);
      if ("problem" in want) {
        assert.ok(shown.column("Prior Gross").every((v) => v === "#N/A"));
        return shown.column("Check").find((v) => v !== "");
      }
      want.forEach((w, i) => assert.strictEqual(shown.column("Prior Gross")[i], w.prior, `row ${i + 1}`));
      return "right";
    };
    assert.strictEqual(check(rows), "right");
    assert.match(String(check(sortedBy(rows, (r) => r.agreement, false))), /earlier than the row above/);
    assert.match(String(check(rows.map((r, i) => (i === 5 ? { ...r, agreement: "Fourth" } : r)))), /not one of Sales, Other, Third2/);
  });
});

describe("the Placements formulas stay linear", () => {
  it("no column formula reads a whole column except through INDEX at one position (MATCH only among the agreement names); the summary reads each column once per figure", () => {
    for (const c of computedColumns(SEED_TERMS)) {
      const tokens = tokenize(c.formula.slice(1)).filter((t) => t.kind !== "space");
      tokens.forEach((t, i) => {
        if (t.kind !== "struct" || /@|#/.test(t.text)) return;
        const reader = tokens[i - 2];
        assert.ok(tokens[i - 1]?.kind === "open" && reader?.kind === "func" && /^(INDEX|ROWS)$/.test(reader.text), `${c.name} reads the whole column ${t.text} outside INDEX/ROWS`);
      });
      // MATCH only of the row's own agreement among the terms' names (an array constant), never in a column.
      const agreementField = /MATCH\(\[@Agreement\],\{("[^"]*"(,"[^"]*")*)\},0\)/g;
      assert.doesNotMatch(c.formula.replace(agreementField, ""), /SUMIFS|COUNTIFS|SUMPRODUCT|OFFSET|INDIRECT|MATCH|LOOKUP/, c.name);
    }
  });
});
