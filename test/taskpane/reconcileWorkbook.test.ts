/*
 * Reconcile in the workbook, against a fake that follows Excel's documented behaviour
 * (test/support/fakeExcel.ts): the Placements table found as a table and its columns by header,
 * reads and writes in blocks under Excel on the web's 5 MB, free text stored as text.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { textContent } from "../../src/taskpane/excel/text";
import { HEADERS, rowValues } from "../../src/taskpane/import/placementsTable";
import { planImport, type PlacementRow } from "../../src/taskpane/import/plan";
import { SEED_TERMS, type DealTerms } from "../../src/taskpane/terms/terms";
import { reconcileWorkbook } from "../../src/taskpane/reconcile/apply";
import { EXCEL_WEB_REQUEST_LIMIT, FakeWorkbook } from "../support/fakeExcel";

const statement = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));

/** A row's cells as a user would type them: text with Excel's text prefix, so that "00123" stays text. */
const typed = (row: PlacementRow) => rowValues(row).map((v) => (typeof v === "string" && v !== "" && !v.startsWith("'") ? textContent(v) : v));

/**
 * A Placements table as a user may have rearranged it: `headers` in this order (the import's
 * names, moved, plus any the user added), at `topLeft` of `sheet`.
 */
function placementsTable(book: FakeWorkbook, rows: readonly PlacementRow[], options: { sheet?: string; topLeft?: string; headers?: readonly string[] } = {}): void {
  const headers = options.headers ?? HEADERS;
  const cells = rows.map((row) => {
    const values = typed(row);
    return headers.map((h) => (HEADERS.includes(h) ? values[HEADERS.indexOf(h)] : h === "Comments" ? textContent(`checked ${row.line}`) : null));
  });
  book.addTable(options.sheet ?? "Placements", "Placements", options.topLeft ?? "A1", [...headers], cells);
}

/** Column A's and B's cells of the Reconciliation sheet, as typed into Excel: "'" + text where the cell holds text by its prefix. */
function entered(book: FakeWorkbook, address: string): unknown {
  const cell = book.cell("Reconciliation", address);
  return cell.quotePrefix ? `'${cell.formula}` : cell.formula;
}

describe("Reconcile in the workbook", () => {
  it("finds the table on any sheet and anywhere on it, each column by its header: moved and added columns change nothing", async () => {
    const plain = new FakeWorkbook();
    placementsTable(plain, statement.rows);
    const expected = await reconcileWorkbook(plain.run, SEED_TERMS);

    const moved = new FakeWorkbook();
    const headers = [...HEADERS].reverse();
    headers.splice(3, 0, "Comments");
    placementsTable(moved, statement.rows, { sheet: "Deal 2", topLeft: "C4", headers });
    const { result, text } = await reconcileWorkbook(moved.run, SEED_TERMS);
    assert.strictEqual(text, expected.text);
    assert.strictEqual(result.overcharge.toFixed(2), "380.00");
    assert.deepStrictEqual(result.discrepancies.map((s) => s.row.line), [8, 14]); // sheet rows: the table's header is on row 4
    assert.deepStrictEqual(
      result.byPlacement.map((p) => [p.key, p.sales, p.commission.toFixed(2)]),
      expected.result.byPlacement.map((p) => [p.key, p.sales, p.commission.toFixed(2)]),
    );
  });

  it("reads the Agent Settlement column where the table has it, by its header; a table made before it reconciles without settlement dates (issue 21)", async () => {
    const report = planImport(fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-report.csv"), "utf8"));
    const book = new FakeWorkbook();
    placementsTable(book, report.rows, { headers: [...HEADERS].reverse() });
    const { result, text } = await reconcileWorkbook(book.run, SEED_TERMS);
    assert.deepStrictEqual(result.settlements, { stated: 12, differing: 1 });
    assert.match(text, /settlement stated 2001-11-12, contract 2001-11-13: 1 day earlier/);
    const rows = book.sheets.get("Reconciliation")!.rows;
    const at = rows[2]!.indexOf("Settlement dates differing");
    assert.deepStrictEqual([rows[3]![0], rows[3]![at], rows[4]![0], rows[4]![at]], ["Sales", 0, "Other", 1]);

    const old = new FakeWorkbook();
    placementsTable(old, report.rows, { headers: HEADERS.filter((h) => h !== "Agent Settlement" && h !== "Settlement Difference") });
    const before = await reconcileWorkbook(old.run, SEED_TERMS);
    assert.strictEqual(before.result.settlements, undefined);
    assert.strictEqual(before.result.compared, 12, "the agent's commissions and nets compared as before");
  });

  it("a column reconcile needs that is missing (renamed) is refused with a message naming it; nothing written", async () => {
    const book = new FakeWorkbook();
    placementsTable(book, statement.rows, { headers: HEADERS.map((h) => (h === "Agent Net" ? "Net (agent)" : h === "Price" ? "Px" : h)) });
    const before = book.snapshot();
    await assert.rejects(reconcileWorkbook(book.run, SEED_TERMS), /the Placements table has no "Price", "Agent Net" columns/);
    assert.deepStrictEqual(book.snapshot(), before);
  });

  it("a cell that is not a number where one belongs is refused, naming its sheet row; a blank row is skipped", async () => {
    const book = new FakeWorkbook();
    const rows = statement.rows.map((r) => ({ ...r }));
    placementsTable(book, rows);
    const table = book.tables.get("Placements")!;
    table.sheet.rows[3]![HEADERS.indexOf("Shares")] = "60,000 sh"; // typed as text by hand
    table.sheet.rows[5]![HEADERS.indexOf("Agent Commission")] = "n/a";
    await assert.rejects(reconcileWorkbook(book.run, SEED_TERMS), /row 4: Shares is "60,000 sh", not a number; row 6: Agent Commission is "n\/a", not a number/);

    const blank = new FakeWorkbook();
    placementsTable(blank, [...statement.rows.slice(0, 3), { line: 0, tradeDate: NaN, shares: NaN, price: NaN, gross: NaN, agreement: "", placement: "", notes: "" }, ...statement.rows.slice(3)]);
    const t = blank.tables.get("Placements")!;
    for (let c = 0; c < HEADERS.length; c++) t.sheet.rows[4]![c] = undefined; // an emptied row in the middle
    const { result } = await reconcileWorkbook(blank.run, SEED_TERMS);
    assert.strictEqual(result.sales.length, statement.rows.length);
    assert.strictEqual(result.overcharge.toFixed(2), "380.00");
  });

  it("placement ids, names and summary lines are written as text: \"00123\", \"2024-06-03\", \"50%\", \"=cmd|' /C calc'!A0\" stay what they are", async () => {
    const odd = ["00123", "2024-06-03", "50%", "=cmd|' /C calc'!A0", "-1", "TRUE"];
    const rows = statement.rows.map((r, i) => ({ ...r, placement: odd[i % odd.length]! }));
    const terms: DealTerms = { ...SEED_TERMS, issuer: "=cmd|' /C calc'!A0", agent: "00123" };
    const book = new FakeWorkbook();
    placementsTable(book, rows);
    const { result } = await reconcileWorkbook(book.run, terms);
    assert.deepStrictEqual(result.byPlacement.map((p) => p.key).sort(), [...odd].sort(), "the ids read back as typed");
    assert.strictEqual(entered(book, "B1"), textContent("00123, =cmd|' /C calc'!A0"));
    const keys = Array.from({ length: result.byPlacement.length }, (_, i) => entered(book, `A${6 + result.byAgreement.length + i}`));
    assert.deepStrictEqual(keys, result.byPlacement.map((p) => textContent(p.key)));
    for (const key of odd) {
      const at = keys.indexOf(textContent(key));
      const cell = book.cell("Reconciliation", `A${6 + result.byAgreement.length + at}`);
      assert.deepStrictEqual([cell.value, cell.isFormula], [key, false], `${key} reads back as itself`);
    }
    const summary = Array.from({ length: 60 }, (_, i) => book.cell("Reconciliation", `A${i + 1}`)).filter((c) => typeof c.value === "string" && c.value.startsWith("- "));
    assert.ok(summary.length > 0 && summary.every((c) => c.quotePrefix && !c.isFormula), "a summary line starting with - is text");
  });

  it("a table whose columns make a response over 5 MB is read in blocks, and a Reconciliation sheet over 5 MB written in chunks", async function () {
    this.timeout(300_000);
    // 80,000 sales of a long program, with placement ids as agents write them, every one stated at
    // 4.5% (the contract says 4%, then 3.5% and 3%): a discrepancy line each in the summary.
    const rows: PlacementRow[] = Array.from({ length: 80_000 }, (_, i) => {
      const shares = 1000 + (i % 9000);
      const price = Math.round((3 + (i % 700) / 100) * 10_000) / 10_000;
      const gross = Math.round(shares * price * 100) / 100;
      const statedCommission = Math.round(gross * 4.5) / 100;
      const placement = `CF-ATM-${37196 + Math.floor(i / 300)}-${String(Math.floor(i / 20)).padStart(5, "0")}`;
      return { line: i + 2, tradeDate: 37196 + Math.floor(i / 300), shares, price, gross, agreement: "Sales", placement, notes: "", statedCommission, statedNet: Math.round((gross - statedCommission) * 100) / 100 };
    });
    const book = new FakeWorkbook();
    placementsTable(book, rows);
    const inputs = book.tableValues("Placements").map((r) => r.slice(0, 9).map((v) => v ?? "")); // as Range.values returns them
    assert.ok(JSON.stringify(inputs).length > EXCEL_WEB_REQUEST_LIMIT, "the input columns in one read would be over 5 MB");
    book.requests = 0;
    const { result, text } = await reconcileWorkbook(book.run, SEED_TERMS);
    assert.strictEqual(result.sales.length, rows.length);
    assert.strictEqual(result.discrepancies.length, rows.length);
    assert.ok(Math.max(...book.responseBytes) < EXCEL_WEB_REQUEST_LIMIT && Math.max(...book.requestBytes) < EXCEL_WEB_REQUEST_LIMIT);
    const written = book.requestBytes.filter((b) => b > 100_000).reduce((a, b) => a + b, 0);
    assert.ok(written > EXCEL_WEB_REQUEST_LIMIT, `the Reconciliation sheet is over 5 MB (${written} bytes written)`);
    const sheet = book.sheets.get("Reconciliation")!;
    assert.strictEqual(book.cell("Reconciliation", `A${sheet.rows.length}`).value, text.split("\n").at(-1), "the last line of the summary is there");
  });
});
