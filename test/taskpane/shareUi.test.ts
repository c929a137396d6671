import assert from "assert";
import { FakeWorkbook } from "../support/fakeExcel";

/** The few DOM elements the share section uses: ids, click handlers, attributes, text. */
class Element {
  hidden = false;
  className = "";
  textContent = "";
  checked = false;
  attributes = new Set<string>();
  private handlers: (() => void)[] = [];
  addEventListener(_type: string, handler: () => void) {
    this.handlers.push(handler);
  }
  setAttribute(name: string) {
    this.attributes.add(name);
  }
  hasAttribute(name: string) {
    return this.attributes.has(name);
  }
  focus() {}
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
  click() {
    for (const handler of this.handlers) handler();
  }
}

const IDS = ["share", "share-prepare", "share-restore", "share-repair", "share-explain", "share-cancel", "share-progress", "share-result", "share-active-only"];
const CONTROLS = ["share-prepare", "share-restore", "share-repair", "share-explain", "share-cancel", "share-active-only"];

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let k = 0; k < 200 && !condition(); k++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), what);
}

describe("shareUi: the pane's share commands run through excelRun (delayForCellEdit where supported)", () => {
  const scope = globalThis as { document?: unknown; Excel?: unknown };
  const elements = new Map(IDS.map((id) => [id, new Element()]));
  const book = new FakeWorkbook();
  let putBackOffice: () => void;
  let saved: { document?: unknown; Excel?: unknown };

  before(async () => {
    saved = { document: scope.document, Excel: scope.Excel };
    // What the pane's runner asks of the page (runner.ts domPane): its controls, and whether it has focus.
    scope.document = { getElementById: (id: string) => elements.get(id) ?? null, querySelectorAll: () => CONTROLS.map((id) => elements.get(id)), hasFocus: () => false };
    scope.Excel = { run: (...args: unknown[]) => (book.run as (...a: unknown[]) => Promise<unknown>)(...args) };
    putBackOffice = book.installOffice({ ExcelApi: "1.11" });
    require("../../src/taskpane/share/shareUi"); // wires the buttons on import, as the pane does
  });
  after(() => {
    scope.document = saved.document;
    scope.Excel = saved.Excel;
    putBackOffice();
  });

  it("Repair clicked while the user edits a cell waits for the edit to end instead of failing", async () => {
    const deal = book.addSheet("Deal");
    deal.rows = [[25_000_000, "=CEO.FEE(A1)"]];
    deal.values = [[25_000_000, "#NAME?"]];
    const result = elements.get("share-result")!;
    book.editingCell = true;
    elements.get("share-repair")!.click();
    await until(() => book.delayedBatches === 1 || result.textContent !== "Working…", "the batch is waiting or has answered");
    assert.strictEqual(result.textContent, "Working…", `answered while the user was editing: ${result.textContent}`);
    assert.strictEqual(book.delayedBatches, 1);
    // One command at a time: while Repair waits, every control of the section is disabled.
    const enabled = () => CONTROLS.filter((id) => !elements.get(id)!.attributes.has("disabled"));
    assert.deepStrictEqual(enabled(), []);
    book.finishCellEdit();
    await until(() => result.textContent !== "Working…", "Repair answers once the edit ends");
    assert.strictEqual(result.textContent, 'Re-entered 1 CEO formula that showed #NAME?.\n"Deal": B1');
    assert.deepStrictEqual(enabled(), CONTROLS);
  });
});
