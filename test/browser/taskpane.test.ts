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
    // The preview's program-size check reads the workbook too: the import's third request is counted from when it is done.
    await page.waitForFunction(() => document.getElementById("program-check")!.hidden);
    const before = await page.evaluate(() => JSON.stringify((window as any).__book.snapshot()));
    const third = await page.evaluate(() => ((window as any).__book.failAtRequest = (window as any).__book.requests + 3));
    await page.click("#apply");
    await page.waitForFunction(() => /failed and was undone/.test(document.getElementById("progress-text")?.textContent ?? ""));
    assert.match((await page.textContent("#progress-text")) ?? "", new RegExp(`nothing was written: injected failure at request ${third}`));
    assert.strictEqual(await page.evaluate(() => JSON.stringify((window as any).__book.snapshot())), before);
    // Usable again, once the preview's program-size check of the re-planned report is done.
    await page.waitForFunction(() => !document.getElementById("apply")!.hasAttribute("disabled"));
  });
});

describe("the import preview in chromium: program size and the details of a report (issue 17)", function () {
  this.timeout(90_000);
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  /** Screenshots of each state, for a reviewer's eyes (git-ignored). */
  const SHOTS = path.resolve(__dirname, "../../test-screenshots/import");
  const shoot = async (page: Session["page"], name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator("#import").screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const applyState = (page: Session["page"]) => page.evaluate(() => [document.getElementById("apply")!.textContent, document.getElementById("apply")!.hasAttribute("disabled")]);
  const header = "Trade Date,Shares,Price,Agreement,Placement";

  it("a report past the program maximum is flagged before anything is written; Import needs the confirmation (screenshot)", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.fill("#paste", `${header}\n2001-11-01,1000000,24.00,Sales,P-1\n`); // $24,000,000 of the Sales Agreement's $25,000,000
    await page.waitForFunction(() => document.getElementById("apply")?.textContent === "Import 1 row" && !document.getElementById("apply")!.hasAttribute("disabled"));
    assert.strictEqual(await page.isHidden("#program-check"), true, "within the program: nothing to say");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));

    await page.fill("#paste", `${header}\n2001-11-02,1000000,1.48,Sales,P-2\n2001-11-02,100000,4.00,Other,O-1\n`);
    await page.waitForSelector("#confirm-past-label:not([hidden])");
    assert.deepStrictEqual(await page.$$eval("#program-excesses li", (items) => items.map((i) => i.textContent)), [
      "Sales Agreement: this report takes gross sold to $25,480,000.00, $480,000.00 past its $25,000,000.00 program ($24,000,000.00 already in the Placements table, $1,480,000.00 in this report)",
    ]);
    assert.strictEqual(await page.textContent("#program-status"), "Past the program maximum: nothing is written unless you confirm.");
    assert.deepStrictEqual(await applyState(page), ["Import 2 rows", true]);
    const before = await page.evaluate(() => JSON.stringify((window as any).__book.snapshot()));
    await page.click("#apply", { force: true }); // a click on the disabled button does nothing
    assert.strictEqual(await page.evaluate(() => JSON.stringify((window as any).__book.snapshot())), before);
    await shoot(page, "program-past-flagged");

    await page.check("#confirm-past-program");
    assert.deepStrictEqual(await applyState(page), ["Import 2 rows", false]);
    await shoot(page, "program-past-confirmed");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.match((await page.textContent("#progress-text")) ?? "", /2 new rows added/);
    assert.strictEqual(await page.evaluate(() => (window as any).__book.tableValues("Placements").length), 3);
    // The same report again: every sale already there, nothing past the program, nothing to confirm.
    await page.waitForFunction(() => document.getElementById("program-check")?.hidden === true);
    assert.deepStrictEqual(session.consoleErrors, []);
  });

  it("when the preview could not check the program size, the import checks it before writing and asks for the confirmation there", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.evaluate(() => (window as any).__book.tables.size); // the workbook is there
    // The preview's read fails once (as a read can, e.g. while the workbook is busy); the import's reads do not.
    await page.evaluate(() => ((window as any).__book.failAtRequest = (window as any).__book.requests + 1));
    await page.fill("#paste", `${header}\n2001-11-01,1000000,25.48,Sales,P-1\n`);
    await page.waitForFunction(() => /^Could not check the program size now \(injected failure at request \d+\): the import checks it again before writing\.$/.test(document.getElementById("program-status")?.textContent ?? ""));
    assert.deepStrictEqual(await applyState(page), ["Import 1 row", false]);
    await page.click("#apply");
    await page.waitForFunction(() => /^Past the program maximum, nothing was written/.test(document.getElementById("progress-text")?.textContent ?? ""));
    assert.strictEqual(await page.evaluate(() => (window as any).__book.tables.size), 0, "nothing written");
    assert.deepStrictEqual(await page.$$eval("#program-excesses li", (items) => items.map((i) => i.textContent)), [
      "Sales Agreement: this report takes gross sold to $25,480,000.00, $480,000.00 past its $25,000,000.00 program ($0.00 already in the Placements table, $25,480,000.00 in this report)",
    ]);
    assert.deepStrictEqual(await applyState(page), ["Import 1 row", true]);
    await shoot(page, "program-past-refused-at-import");
    await page.check("#confirm-past-program");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.strictEqual(await page.evaluate(() => (window as any).__book.tableValues("Placements").length), 1);
  });

  it("a report with a title line and a Total line previews with notes; a file shows its name, the first 20 of its rows and consistent numbers; labels never go stale (screenshots)", async function () {
    session = await openPane(this);
    const page = session.page;
    const titled = ["NeoTherapeutics, Inc. placements, November 2001", "", `${header},Gross`, "2001-11-01,50000,4.04,Sales,P-001,\"$202,000.00\"", "2001-11-02,40000,4.1,Sales,P-001,\"$164,000.00\"", 'Total,"90,000",,,,"$366,000.00"', ""].join("\n");
    await page.fill("#paste", titled);
    await page.waitForSelector("#preview:not([hidden])");
    assert.deepStrictEqual(await page.$$eval("#plan-notes li", (items) => items.map((i) => i.textContent)), [
      'line 1: skipped: a title above the header ("NeoTherapeutics, Inc. placements, November 2001")',
      "line 6: skipped: the Total line (its Shares and Gross agree with the rows above)",
    ]);
    assert.strictEqual(await page.textContent("#preview-title"), "Preview: all 2 rows");
    assert.deepStrictEqual(await page.$$eval("#preview-rows tr", (rows) => rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent))), [
      ["4", "2001-11-01", "50,000", "$4.0400", "$202,000.00", "Sales", "P-001"],
      ["5", "2001-11-02", "40,000", "$4.1000", "$164,000.00", "Sales", "P-001"],
    ]);
    await shoot(page, "title-and-total-notes");

    // Labels never go stale: the moment the text changes, Import neither counts the old rows nor is clickable.
    await page.evaluate(() => {
      const paste = document.getElementById("paste") as HTMLTextAreaElement;
      paste.value += "2001-11-05,abc";
      paste.dispatchEvent(new Event("input", { bubbles: true }));
    });
    assert.deepStrictEqual(await applyState(page), ["Import", true]);
    await page.waitForSelector("#errors:not([hidden])");
    assert.deepStrictEqual(await applyState(page), ["Import", true], "a report with errors: no row count on the button");

    // A file of 5,000 sales: its name, "first 20 of 5,000 rows".
    const rows = Array.from({ length: 5000 }, (_, i) => `2001-11-${String(1 + (i % 2)).padStart(2, "0")},1000,4.04,Sales,P-${i}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ceo-")), "cantor-november.csv");
    fs.writeFileSync(file, [header, ...rows].join("\n"));
    await page.setInputFiles("#file", file);
    await page.waitForFunction(() => document.getElementById("apply")?.textContent === "Import 5,000 rows");
    assert.strictEqual(await page.textContent("#plan-summary"), "cantor-november.csv: 5,000 rows ready, gross $20,200,000.00.");
    assert.strictEqual(await page.textContent("#preview-title"), "Preview: first 20 of 5,000 rows");
    assert.strictEqual(await page.$$eval("#preview-rows tr", (r) => r.length), 20);
    assert.strictEqual(await page.isHidden("#plan-notes"), true, "nothing skipped: no notes");
    await shoot(page, "file-first-20-of-5000");
    // Typing in the box afterwards: the file's name goes with its rows.
    await page.fill("#paste", `${header}\n2001-11-01,100,4.04,Sales,P-1\n`);
    await page.waitForFunction(() => document.getElementById("apply")?.textContent === "Import 1 row");
    assert.strictEqual(await page.textContent("#plan-summary"), "1 row ready, gross $404.00.");
    assert.deepStrictEqual(session.consoleErrors, []);
  });
});
