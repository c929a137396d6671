/*
 * Accessibility of the pane in chromium: axe-core on each main state (ready, errors, preview,
 * the New deal form with its messages, a reconciliation, the share and explain results), and the
 * preview table reachable and scrollable from the keyboard in a task pane's width.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { columnLetter, HEADERS } from "../../src/taskpane/import/placementsTable";
import { axeViolations, openPane, type Session } from "../support/browser";

const example = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");

/** No violation, or the list of them (rule, impact, elements) as the failure message. */
async function assertAccessible(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepStrictEqual(violations, [], `${state}: ${JSON.stringify(violations, null, 2)}`);
}

describe("the pane's accessibility in chromium (axe-core)", function () {
  this.timeout(120_000);
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it("no axe violation in any main state: ready, errors, preview, the New deal form with its messages, reconciled, shared, explained", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 900 });
    await page.waitForFunction(() => (document.getElementById("terms-status")?.textContent ?? "") !== "");
    await assertAccessible(page, "ready");

    await page.fill("#paste", "Trade Date,Shares,Price\n2001-13-01,(5),4.04\n");
    await page.waitForSelector("#errors:not([hidden])");
    await assertAccessible(page, "errors");

    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    await assertAccessible(page, "preview");

    await page.click("#new-deal");
    await page.waitForSelector("#terms-form:not([hidden])");
    await assertAccessible(page, "terms form open");
    await page.click("#example-terms");
    await page.fill("#f-agent", "");
    await page.fill("#f-agreements-0-tiers-1-rate", "3.5");
    await page.click("#write-terms");
    await page.waitForFunction(() => /nothing was written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    await assertAccessible(page, "terms form with errors");
    await page.fill("#f-agent", "Cantor Fitzgerald & Co.");
    await page.fill("#f-agreements-0-tiers-1-rate", "3.5%");
    await page.click("#write-terms");
    await page.waitForFunction(() => /are written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    await page.keyboard.press("Escape");

    await page.fill("#paste", ""); // the sample's preview goes, so that the statement's is told from it
    await page.waitForSelector("#preview", { state: "hidden" });
    await page.fill("#paste", example("neot-2001-agent-statement.csv"));
    await page.waitForSelector("#preview:not([hidden])");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    await assertAccessible(page, "import done");
    await page.click("#reconcile-button");
    await page.waitForSelector("#reconciliation-text:not([hidden])");
    await assertAccessible(page, "reconciled");

    await page.click("#share-prepare");
    await page.waitForFunction(() => /^Prepared/.test(document.getElementById("share-result")?.textContent ?? ""));
    await assertAccessible(page, "share result");

    // A Fee cell: the table's Fee column, row 5.
    const fee = `${columnLetter(HEADERS.indexOf("Fee"))}5`;
    await page.evaluate((fee) => ((window as any).__book.selection = { sheet: "Placements", address: fee }), fee);
    await page.click("#share-explain");
    await page.waitForFunction(() => /CEO\.FEE\(/.test(document.getElementById("share-result")?.textContent ?? ""));
    await assertAccessible(page, "explained");
    assert.deepStrictEqual(session.consoleErrors, []);
  });

  it("the preview table is a labelled region reached with Tab and scrolled sideways with the arrow keys", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 320, height: 800 }); // narrower than the preview's seven columns
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    const region = page.locator("#preview [role=region]");
    assert.strictEqual(await region.count(), 1, "one scrolling region around the preview table");
    assert.strictEqual(await region.getAttribute("tabindex"), "0");
    const name = await region.evaluate((e) => e.getAttribute("aria-label") ?? document.getElementById(e.getAttribute("aria-labelledby") ?? "")?.textContent ?? "");
    assert.match(name, /Preview/);
    const [scrollWidth, clientWidth] = await region.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok(scrollWidth > clientWidth, `the table overflows its region at 320px (${scrollWidth} > ${clientWidth})`);

    // From the paste box, Tab goes to the region (nothing focusable lies between them).
    await page.focus("#paste");
    let steps = 0;
    while (!(await region.evaluate((e) => e === document.activeElement)) && steps++ < 10) await page.keyboard.press("Tab");
    assert.ok(await region.evaluate((e) => e === document.activeElement), "Tab reaches the preview region");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => (document.querySelector("#preview [role=region]")?.scrollLeft ?? 0) > 0);
    await page.keyboard.press("End");
    const [left, max] = await region.evaluate((e) => [e.scrollLeft, e.scrollWidth - e.clientWidth]);
    assert.ok(left > 0 && left <= max, `scrolled to ${left} of ${max}`);
    // Focus is shown on the region.
    const outline = await region.evaluate((e) => getComputedStyle(e).outlineStyle);
    assert.notStrictEqual(outline, "none");
  });
});
