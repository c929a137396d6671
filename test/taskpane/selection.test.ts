/*
 * "Use current selection" against the fake workbook: a multiple selection (getSelectedRange
 * throws), an empty one, whole columns, and one too large get a message, not a failed request;
 * a good one becomes the text planImport reads.
 */
import assert from "assert";
import { MAX_SELECTION_CELLS, readSelectionText, SelectionRefused } from "../../src/taskpane/excel/selection";
import { planImport } from "../../src/taskpane/import/plan";
import { EXCEL_WEB_REQUEST_LIMIT, FakeWorkbook } from "../support/fakeExcel";

function bookWithReport(rows = 3): FakeWorkbook {
  const book = new FakeWorkbook();
  const sheet = book.addSheet("Report");
  sheet.rows = [["Trade Date", "Shares", "Price", "Placement"], ...Array.from({ length: rows }, (_, i) => ["2001-11-01", 1000 + i, 4.04, `P-${i}`])];
  return book;
}

const refusal = (promise: Promise<unknown>) => promise.then(() => assert.fail("not refused"), (e: unknown) => (assert.ok(e instanceof SelectionRefused, String(e)), (e as Error).message));

describe("Use current selection", () => {
  for (const countsAreas of [true, false]) {
    it(`a selection of several areas gets a message (${countsAreas ? "ExcelApi 1.9: areas counted first" : "older host: getSelectedRange's error caught"})`, async () => {
      const book = bookWithReport();
      book.selection = { sheet: "Report", address: "A1:B2,D1:D4" };
      const message = await refusal(readSelectionText(book.run, () => countsAreas));
      assert.match(message, /^The selection has (2 separate areas|several separate areas): select one block of cells/);
    });
  }

  it("whole columns: only the used rows are read", async () => {
    const book = bookWithReport(3);
    book.selection = { sheet: "Report", address: "A1:D1048576" };
    const text = await readSelectionText(book.run, () => true);
    assert.strictEqual(text.split("\r\n").length, 4);
    const plan = planImport(text);
    assert.ok(plan.ok, JSON.stringify(plan.errors));
    assert.deepStrictEqual(plan.rows.map((r) => r.placement), ["P-0", "P-1", "P-2"]);
  });

  it("an empty selection, and one over the cap, get a message", async () => {
    const book = bookWithReport(3);
    book.selection = { sheet: "Report", address: "F10:G20" };
    assert.match(await refusal(readSelectionText(book.run, () => true)), /The selected cells are empty/);
    const big = book.addSheet("Big");
    const rows = Math.ceil(MAX_SELECTION_CELLS / 4) + 10;
    big.rows = Array.from({ length: rows }, (_, i) => [i, i, i, i]);
    book.selection = { sheet: "Big", address: `A1:D${rows}` };
    book.responseBytes = [];
    const message = await refusal(readSelectionText(book.run, () => true));
    assert.match(message, /holds 250,010 rows by 4 columns of data \(1,000,040 cells\): the pane reads at most 1,000,000 cells/);
    assert.ok(Math.max(...book.responseBytes) < 1000, "refused before reading the cells");
  });

  it("a large selection is read in blocks, every response under 5 MB", async () => {
    const book = new FakeWorkbook();
    const sheet = book.addSheet("Report");
    const rows = 60_000;
    sheet.rows = [["Trade Date", "Shares", "Price", "Placement", "Notes"], ...Array.from({ length: rows }, (_, i) => ["2001-11-01", 1000 + i, 4.04, `P-${i}`, "n".repeat(80)])];
    book.selection = { sheet: "Report", address: `A1:E${rows + 1}` };
    const text = await readSelectionText(book.run, () => true);
    assert.ok(text.length > EXCEL_WEB_REQUEST_LIMIT, "more than one response's worth");
    assert.ok(Math.max(...book.responseBytes) < EXCEL_WEB_REQUEST_LIMIT);
    assert.strictEqual(text.split("\r\n").length, rows + 1);
  });
});
