import assert from "assert";
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { isoDate, serialOf } from "../../src/core/calendar";
import { tradingDay } from "../../src/core/calendar/days";
import { openPane, slowExcel, type Session } from "../support/browser";

/** Screenshots of the running and ended states, for a reviewer's eyes (git-ignored). */
const SHOTS = path.resolve(__dirname, "../../test-screenshots/runner");
async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** A report of `rows` sales, 20 a trading day from 2001-11-01, small enough together to stay under the $25M program. */
function bigReport(rows: number, placement: string): string {
  const lines = ["Trade Date,Shares,Price,Agreement,Placement"];
  let day = serialOf(2001, 11, 1);
  for (let i = 0; i < rows; i++) {
    lines.push(`${isoDate(day)},${100 + (i % 50)},4.04,Sales,${placement}`);
    if (i % 20 === 19) day = tradingDay(day, 1);
  }
  return lines.join("\n");
}

/** The ids of the pane's controls that are enabled now (buttons, inputs, the paste box). */
function enabledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("main fluent-button, main button, main input, main textarea, main select")]
      .filter((c) => !c.hasAttribute("disabled") && !(c as HTMLInputElement).disabled)
      .map((c) => c.id || c.tagName.toLowerCase()),
  );
}

/** Pastes `text` as the user does (one input event): Playwright's fill types a 300 KB report too slowly. */
function paste(page: Page, text: string): Promise<void> {
  return page.evaluate((report) => {
    const box = document.getElementById("paste") as HTMLTextAreaElement;
    box.value = report;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
const tableRows = (page: Page) => page.evaluate(() => ((window as any).__book.tables.get("Placements")?.rowCount as number | undefined) ?? 0);

describe("One command at a time in chromium", function () {
  this.timeout(180_000);
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it("an import of a large pasted report: every other control disabled while it runs (a script's click ignored), progress and Cancel, then enabled again with focus back on Import; a cancel hides the bar (screenshots)", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 1100 }); // a task pane's width
    await paste(page, bigReport(10_000, "P-1"));
    await page.waitForSelector("#apply:not([disabled])");
    assert.match((await page.textContent("#plan-summary")) ?? "", /^10,000 rows ready/);
    const before = await enabledControls(page);
    for (const id of ["load-sample", "reconcile-button", "share-prepare", "choose-file", "paste", "use-selection", "new-deal", "apply"]) assert.ok(before.includes(id), `${id} enabled before`);

    await slowExcel(page, 600);
    await page.click("#apply");
    await page.waitForSelector("#cancel:not([hidden])");
    // While the import runs: Cancel is the only control enabled, and it has the focus.
    assert.deepStrictEqual(await enabledControls(page), ["cancel"]);
    for (const id of ["load-sample", "reconcile-button", "share-prepare", "share-restore", "choose-file", "use-selection", "new-deal", "apply"]) {
      assert.notStrictEqual(await page.getAttribute(`#${id}`, "disabled"), null, `${id} disabled while importing`);
    }
    assert.strictEqual(await page.evaluate(() => (document.getElementById("paste") as HTMLTextAreaElement).disabled), true);
    assert.strictEqual(await page.evaluate(() => (document.getElementById("file") as HTMLInputElement).disabled), true);
    assert.strictEqual(await focused(page), "cancel");
    // A click that arrives anyway (a script's) starts nothing: the report stays, no other command runs.
    const pasted = await page.inputValue("#paste");
    await page.evaluate(() => ["load-sample", "reconcile-button", "share-prepare"].forEach((id) => document.getElementById(id)!.click()));
    await page.waitForTimeout(300);
    assert.strictEqual(await page.isVisible("#cancel"), true, "still importing");
    assert.strictEqual(await page.inputValue("#paste"), pasted);
    assert.strictEqual(await page.isVisible("#share-result"), false);
    assert.strictEqual(await page.isVisible("#reconciliation-text"), false);
    await page.waitForFunction(() => /^Writing [\d,]+ of 10,000 rows… \d+%$/.test(document.getElementById("progress-text")?.textContent ?? ""));
    assert.strictEqual(await page.isVisible("#progress"), true);
    await shoot(page, "1-import-running");


    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"), null, { timeout: 120_000 });
    assert.strictEqual(await page.textContent("#progress-text"), "Done: 10,000 new rows added to the Placements table, 0 already there skipped.");
    assert.strictEqual(await page.getAttribute("#progress-text", "class"), "");
    assert.strictEqual(await tableRows(page), 10_000);
    // Ended: every control as before, Cancel and the bar hidden, focus back on Import.
    assert.deepStrictEqual(await enabledControls(page), before);
    assert.strictEqual(await page.isVisible("#cancel"), false);
    assert.strictEqual(await page.isVisible("#progress"), false);
    assert.strictEqual(await focused(page), "apply");
    await shoot(page, "2-import-ended");

    // Another report, cancelled while it is written: nothing written, said plainly (not red), the bar hidden, focus on Import.
    await paste(page, bigReport(10_000, "P-2"));
    await page.waitForFunction(() => /^10,000 rows ready/.test(document.getElementById("plan-summary")?.textContent ?? ""));
    await page.waitForSelector("#apply:not([disabled])");
    await page.click("#apply");
    await page.waitForSelector("#cancel:not([hidden])");
    await page.click("#cancel");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Cancelled"), null, { timeout: 120_000 });
    assert.strictEqual(await page.textContent("#progress-text"), "Cancelled: nothing was written.");
    assert.strictEqual(await page.getAttribute("#progress-text", "class"), "");
    assert.strictEqual(await page.isVisible("#progress"), false);
    assert.strictEqual(await page.isVisible("#cancel"), false);
    assert.strictEqual(await tableRows(page), 10_000);
    assert.deepStrictEqual(await enabledControls(page), before);
    assert.strictEqual(await focused(page), "apply");
    await shoot(page, "3-import-cancelled");
    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });

  it("Prepare for sharing: progress and Cancel (undone, the bar hidden), then done, saying what to send; a failure reads red (screenshots)", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 1100 });
    await page.evaluate(() => {
      const deal = (window as any).__book.addSheet("Deal");
      deal.rows = [["Gross", "Fee", "Settles"], ...Array.from({ length: 3_000 }, (_, i) => [25_000 + i, `=CEO.FEE(A${i + 2})`, "=CEO.SETTLE(37195)"])];
      deal.values = [[], ...Array.from({ length: 3_000 }, (_, i) => [null, Math.round((25_000 + i) * 4) / 100, 37200])];
    });
    const sheets = () => page.evaluate(() => [...(window as any).__book.sheets.keys()]);
    const before = await enabledControls(page);
    await slowExcel(page, 300);

    await page.click("#share-prepare");
    await page.waitForSelector("#share-cancel:not([hidden])");
    await page.waitForFunction(() => /… \d+%$/.test(document.getElementById("share-result")?.textContent ?? ""));
    assert.deepStrictEqual(await enabledControls(page), ["share-cancel"]);
    assert.strictEqual(await page.isVisible("#share-progress"), true);
    assert.strictEqual(await focused(page), "share-cancel");
    await shoot(page, "4-prepare-running");
    await page.click("#share-cancel");
    await page.waitForFunction(() => document.getElementById("share-result")?.textContent?.startsWith("Cancelled"), null, { timeout: 60_000 });
    assert.strictEqual(await page.textContent("#share-result"), "Cancelled: nothing was changed.");
    assert.strictEqual(await page.getAttribute("#share-result", "class"), "");
    assert.strictEqual(await page.isVisible("#share-progress"), false);
    assert.strictEqual(await page.isVisible("#share-cancel"), false);
    assert.deepStrictEqual(await sheets(), ["Deal"]);
    assert.deepStrictEqual(await enabledControls(page), before);
    assert.strictEqual(await focused(page), "share-prepare");
    await shoot(page, "5-prepare-cancelled");

    await page.click("#share-prepare");
    await page.waitForFunction(() => document.getElementById("share-result")?.textContent?.startsWith("Prepared"), null, { timeout: 120_000 });
    const text = (await page.textContent("#share-result")) ?? "";
    assert.match(text, /^Prepared 1 shared copy: 6,000 CEO formulas now native\. Send "Deal \(shared\)" and "CEO Holidays" in a workbook of their own: select those tabs \(Ctrl\+click; Cmd\+click on a Mac\), right-click one > Move or Copy > To book: \(new book\), tick Create a copy, OK, then save and send the new workbook\./);
    assert.deepStrictEqual(await sheets(), ["Deal", "Deal (shared)", "CEO Holidays", "CEO Originals"]);
    assert.strictEqual(await page.isVisible("#share-progress"), false);
    assert.strictEqual(await focused(page), "share-prepare");
    await shoot(page, "6-prepare-done");

    // A failure: red, and the workbook as it was.
    await page.evaluate(() => ((window as any).__book.failAtRequest = (window as any).__book.requests + 12));
    await page.click("#share-prepare");
    await page.waitForFunction(() => document.getElementById("share-result")?.textContent?.startsWith("Failed"), null, { timeout: 120_000 });
    assert.match((await page.textContent("#share-result")) ?? "", /^Failed, and undone: nothing was changed\. injected failure at request \d+/);
    assert.strictEqual(await page.getAttribute("#share-result", "class"), "bad");
    assert.deepStrictEqual(await sheets(), ["Deal", "Deal (shared)", "CEO Holidays", "CEO Originals"]);
    assert.deepStrictEqual(await enabledControls(page), before);
    await shoot(page, "7-prepare-failed");
    assert.deepStrictEqual(session.consoleErrors, []);
  });
});
