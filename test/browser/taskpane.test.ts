import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import { openDist, openPane, requireChromium, type Session } from "../support/browser";
import { functionsMetadata } from "../support/bundle";

describe("taskpane.html in chromium", function () {
  this.timeout(60_000);
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it("renders with Office stubbed, runs CEO.FEE, no console error, no request off localhost", async function () {
    session = await openPane(this, false);
    assert.strictEqual(await session.page.textContent("h1"), "Placements");
    const fee = await session.page.evaluate(() => (window as any).__associated.FEE(25_000_000, null, null));
    assert.strictEqual(fee, 900_000);
    // Each id associated once (by functions.js), and the same wrappers left for the pane's Explain.
    const ids = await session.page.evaluate(() => [Object.keys((window as any).__associated).length, Object.keys((window as any).ceoWrappers).length]);
    const count = functionsMetadata().functions.length;
    assert.deepStrictEqual(ids, [count, count]);
    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });

  it("does not hang on the real office.js outside Office, and it asks for nothing off localhost", async function () {
    session = await openDist(requireChromium(this));
    await session.page.goto(`${session.origin}/taskpane.html`);
    await session.page.waitForFunction(() => document.getElementById("status")?.textContent !== "Loading…", null, { timeout: 20_000 });
    assert.match((await session.page.textContent("#status")) ?? "", /Open this pane from Excel/);
    assert.deepStrictEqual(session.offsite, []);
  });

  it("imports a pasted report: errors listed, then a preview, then progress to 100% into the workbook", async function () {
    session = await openPane(this);
    const page = session.page;

    await page.fill("#paste", "Trade Date,Shares,Price\n2001-11-01,100,4.04\n2001-13-01,(5),4.04\n");
    await page.waitForSelector("#errors:not([hidden])");
    const errors = await page.$$eval("#error-rows tr", (rows) => rows.map((r) => r.textContent));
    assert.deepStrictEqual(errors, ['3Trade Date"2001-13-01" is not a calendar date', '3SharesShares "(5)" is negative (in parentheses): expected an amount above 0']);
    assert.notStrictEqual(await page.getAttribute("#apply", "disabled"), null);

    const sample = fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-placements.csv"), "utf8");
    await page.fill("#paste", sample);
    await page.waitForSelector("#preview:not([hidden])");
    assert.match((await page.textContent("#plan-summary")) ?? "", /^12 rows ready, gross \$1,922,350\.00\./);
    assert.strictEqual(await page.$$eval("#preview-rows tr", (rows) => rows.length), 12);

    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.strictEqual(await page.getAttribute("#progress", "value"), "100");
    assert.match((await page.textContent("#progress-text")) ?? "", /12 new rows added/);
    const table = await page.evaluate(() => (window as any).__book.tableValues("Placements"));
    assert.strictEqual(table.length, 12);
    assert.deepStrictEqual(table[0].slice(0, 6), [37196, 50000, 4.04, 202000, "Sales", "P-001"]);

    await page.click("#apply"); // the same report again: nothing new
    await page.waitForFunction(() => /0 new rows/.test(document.getElementById("progress-text")?.textContent ?? ""));
    assert.match((await page.textContent("#progress-text")) ?? "", /12 already there skipped/);
    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });

  it("refuses a 50 MB report at once, and the pane stays usable", async function () {
    session = await openPane(this);
    const page = session.page;
    const row = "2001-11-01,1000,4.04,Sales,P-1,padding padding padding padding padding\n";
    const huge = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ceo-")), "huge.csv");
    fs.writeFileSync(huge, "Trade Date,Shares,Price,Agreement,Placement,Notes\n" + row.repeat(Math.ceil((50 * 1024 * 1024) / row.length)));
    await page.setInputFiles("#file", huge);
    await page.waitForSelector("#errors:not([hidden])");
    assert.match((await page.textContent("#error-rows")) ?? "", /huge\.csv is 50\.0 MB: the limit is 30 MB, split the report/);
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    assert.match((await page.textContent("#plan-summary")) ?? "", /^12 rows ready/);
    assert.deepStrictEqual(session.consoleErrors, []);
  });

  it("a failure in the middle of an import is undone and the pane says so", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    const before = await page.evaluate(() => JSON.stringify((window as any).__book.snapshot()));
    await page.evaluate(() => ((window as any).__book.failAtRequest = 3));
    await page.click("#apply");
    await page.waitForFunction(() => /failed and was undone/.test(document.getElementById("progress-text")?.textContent ?? ""));
    assert.match((await page.textContent("#progress-text")) ?? "", /nothing was written: injected failure at request 3/);
    assert.strictEqual(await page.evaluate(() => JSON.stringify((window as any).__book.snapshot())), before);
    assert.strictEqual(await page.getAttribute("#apply", "disabled"), null); // usable again
  });
});
