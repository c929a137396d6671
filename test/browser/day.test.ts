/*
 * An analyst's day in the pane, in chromium on the fake workbook: New deal from the example terms,
 * the agent's placement report, then the agent's statement, Reconcile (the two wrong commissions,
 * $380.00 overcharged), Prepare for sharing, Explain the Fee of a disputed sale, Restore. Each step
 * checks what the pane says and what the workbook holds, and leaves a screenshot of the pane in
 * test-screenshots/day/ (git-ignored) for a reviewer's eyes.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { openPane, type Session } from "../support/browser";

const SHOTS = path.resolve(__dirname, "../../test-screenshots/day");
const example = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");

/** The whole pane, and the section the step is about (readable at full size). */
async function shoot(page: Page, name: string, section?: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  if (section) await page.locator(`#${section}`).screenshot({ path: path.join(SHOTS, `${name}-${section}.png`) });
  // The pane never grows wider than the task pane: nothing to scroll sideways.
  assert.strictEqual(await page.evaluate(() => document.documentElement.scrollWidth), 380, `${name}: the pane is wider than 380px`);
}

/** The workbook as the test reads it: sheet names, a table's rows, one cell's formula. */
const book = {
  sheets: (page: Page): Promise<string[]> => page.evaluate(() => [...(window as any).__book.sheets.keys()]),
  table: (page: Page, name: string): Promise<unknown[][]> => page.evaluate((n) => (window as any).__book.tableValues(n), name),
  names: (page: Page): Promise<Record<string, string>> => page.evaluate(() => Object.fromEntries((window as any).__book.names)),
  cell: (page: Page, sheet: string, address: string): Promise<{ formula: unknown; value: unknown }> => page.evaluate(([s, a]) => (window as any).__book.cell(s, a), [sheet, address]),
};

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();

/** Placements columns (A..Q): the 9 input columns, then Prior Gross (J), Fee (K), Net (L), ... */
const AGENT_COMMISSION = 7;
const FEE_COLUMN = "O"; // Fee, after the input columns, Check, Problems to Date, Prior Units, Gross to Date and Prior Gross

describe("an analyst's day in chromium: New deal, placements, statement, Reconcile, Prepare, Explain, Restore", function () {
  this.timeout(180_000);
  let session: Session | undefined;
  after(async () => {
    await session?.close();
    session = undefined;
  });

  it("walks the day, each step checked in the pane and in the workbook (screenshots in test-screenshots/day)", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 900 }); // a task pane's width
    fs.rmSync(SHOTS, { recursive: true, force: true });

    // 1. First run: the status says to start with New deal; the workbook is empty.
    await page.waitForFunction(() => (document.getElementById("terms-status")?.textContent ?? "") !== "");
    assert.match(await text(page, "#terms-status"), /^No deal terms in this workbook yet: start with New deal\./);
    assert.deepStrictEqual(await book.sheets(page), []);
    await shoot(page, "01-first-run");

    // 2. New deal, from the 2001 example: the Terms sheet and its names.
    await page.click("#new-deal");
    await page.waitForSelector("#terms-form:not([hidden])");
    await page.click("#example-terms");
    assert.strictEqual(await page.inputValue("#f-issuer"), "NeoTherapeutics, Inc.");
    await shoot(page, "02-new-deal-example", "terms");
    await page.click("#write-terms");
    await page.waitForFunction(() => /are written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    assert.match(await text(page, "#terms-status"), /Terms: NeoTherapeutics, Inc\. with Cantor Fitzgerald & Co\.; agreements Sales, Other\./);
    assert.deepStrictEqual(await book.sheets(page), ["Terms"]);
    const names = await book.names(page);
    assert.match(names.Sales_Schedule ?? "", /^=Terms!\$A\$\d+:\$B\$\d+$/);
    assert.match(names.Other_Schedule ?? "", /^=Terms!/);
    await shoot(page, "03-terms-written", "terms");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#terms-form", { state: "hidden" });

    // 3. The agent's placement report (Load example report): preview, then the Placements table.
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    assert.match(await text(page, "#plan-summary"), /^12 rows ready, gross \$1,922,350\.00\./);
    assert.strictEqual(await page.$$eval("#preview-rows tr", (rows) => rows.length), 12);
    await shoot(page, "04-placements-preview", "import");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.strictEqual(await text(page, "#progress-text"), "Done: 12 new rows added to the Placements table, 0 already there skipped.");
    let table = await book.table(page, "Placements");
    assert.strictEqual(table.length, 12);
    assert.deepStrictEqual(table[0]!.slice(0, 6), [37196, 50000, 4.04, 202000, "Sales", "P-001"]);
    assert.deepStrictEqual(table.map((r) => r[AGENT_COMMISSION]), Array(12).fill(null), "no agent figures yet");
    // With a Terms sheet the Fee reads the agreement's named schedule.
    assert.strictEqual((await book.cell(page, "Placements", `${FEE_COLUMN}2`)).formula, '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Sales",Sales_Schedule,IF([@Agreement]="Other",Other_Schedule,NA())))');
    await shoot(page, "05-placements-imported", "import");

    // 4. The agent's statement: its Commission and Net Proceeds fill the same twelve sales.
    await page.fill("#paste", ""); // the report's preview goes, so that the statement's is told from it
    await page.waitForSelector("#preview", { state: "hidden" });
    await page.fill("#paste", example("neot-2001-agent-statement.csv"));
    await page.waitForSelector("#preview:not([hidden])");
    await shoot(page, "06-statement-preview", "import");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.strictEqual(
      await text(page, "#progress-text"),
      "Done: 0 new sales added to the Placements table with the agent's figures; 12 sales already in the table filled with the agent's Commission and Net Proceeds; 0 statement rows could not be matched; 0 already there.",
    );
    table = await book.table(page, "Placements");
    assert.strictEqual(table.length, 12, "no sale duplicated");
    assert.deepStrictEqual(table.map((r) => r[AGENT_COMMISSION]), [8080, 4060, 6560, 9848, 4776, 7200, 5810, 3360, 8500, 9640, 2592, 6848]);
    await shoot(page, "07-statement-imported", "import");

    // 5. Reconcile: exactly the two wrong commissions, $380.00 overcharged in all.
    await page.click("#reconcile-button");
    await page.waitForFunction(() => /Compared the agent's figures/.test(document.getElementById("reconciliation-text")?.textContent ?? ""));
    const reconciliation = await text(page, "#reconciliation-text");
    assert.match(reconciliation, /Compared the agent's figures for 12 of 12 sales with the contract\./);
    assert.match(reconciliation, /2 sales differ from the contract:/);
    assert.deepStrictEqual(reconciliation.match(/^- \d{4}-\d{2}-\d{2} .*$/gm)?.map((l) => l.slice(0, 18)), ["- 2001-11-05 P-002", "- 2001-11-13 P-004"]);
    assert.match(reconciliation, /overcharged \$200\.00/);
    assert.match(reconciliation, /overcharged \$180\.00/);
    assert.match(reconciliation, /In all, commissions overcharged \$380\.00 /);
    assert.ok((await book.sheets(page)).includes("Reconciliation"));
    await shoot(page, "08-reconciled", "reconcile");

    // 6. Prepare for sharing: copies whose CEO formulas are native; the originals untouched.
    await page.click("#share-prepare");
    await page.waitForFunction(() => /^Prepared/.test(document.getElementById("share-result")?.textContent ?? ""));
    const prepared = await text(page, "#share-result");
    const sheetsShared = await book.sheets(page);
    const copy = sheetsShared.find((s) => /^Placements \(/.test(s));
    assert.ok(copy, `a shared copy of Placements among ${sheetsShared.join(", ")}`);
    assert.ok(prepared.includes(copy!), `the message names the copy "${copy}": ${prepared}`);
    const sharedFee = (await book.cell(page, copy!, `${FEE_COLUMN}5`)).formula as string;
    assert.match(sharedFee, /^=/);
    assert.doesNotMatch(sharedFee, /CEO\./, "the banker's copy computes the fee natively");
    assert.match((await book.cell(page, "Placements", `${FEE_COLUMN}5`)).formula as string, /^=CEO\.FEE\(/);
    await shoot(page, "09-prepared", "share");

    // 7. Explain the Fee of the 2001-11-05 sale (P-002), which the agent charged $9,848.00: the pane
    // shows its inputs, the Terms sheet's schedule by name and the tier that applied. The fake
    // computes nothing: the test sets what Excel shows in that row's Prior Gross and Fee.
    await page.evaluate(() => {
      const b = (window as any).__book;
      const sheet = b.sheets.get("Placements");
      sheet.values ??= [];
      sheet.values[4] ??= [];
      sheet.values[4][13] = 467_500;
      sheet.values[4][14] = 9_648;
      b.selection = { sheet: "Placements", address: "O5" };
    });
    await page.click("#share-explain");
    await page.waitForFunction(() => /CEO\.FEE\(/.test(document.getElementById("share-result")?.textContent ?? ""));
    const explained = (await text(page, "#share-result")).split("\n");
    assert.deepStrictEqual(explained.slice(1), [
      "The cell shows: $9,648.00",
      "CEO.FEE(",
      "  gross = $241,200.00 from [@Gross]",
      "  priorGross = $467,500.00 from [@[Prior Gross]]",
      '  schedule = Sales_Schedule: 4% to $10,000,000, 3.5% to $20,000,000, 3% above',
      ") = $9,648.00: $241,200 at 4%",
    ]);
    assert.match(explained[0]!, /^Placements!O5: =CEO\.FEE\(/);
    await shoot(page, "10-explained", "share");

    // 8. Restore: the copies Prepare made and the add-in's own sheets go, and the pane says which;
    // the workbook is as it was before Prepare.
    await page.click("#share-restore");
    await page.waitForFunction(() => /^Removed|^Restored/.test(document.getElementById("share-result")?.textContent ?? ""));
    const restored = await text(page, "#share-result");
    assert.match(restored, /^Removed the shared copies /);
    assert.ok(restored.includes(`"${copy}"`), restored);
    assert.deepStrictEqual((await book.sheets(page)).sort(), ["Placements", "Reconciliation", "Terms"]);
    assert.match((await book.cell(page, "Placements", `${FEE_COLUMN}5`)).formula as string, /^=CEO\.FEE\(/);
    assert.deepStrictEqual((await book.table(page, "Placements")).map((r) => r[AGENT_COMMISSION]), [8080, 4060, 6560, 9848, 4776, 7200, 5810, 3360, 8500, 9640, 2592, 6848]);
    await shoot(page, "11-restored", "share");

    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });
});

describe("an analyst's next day after the upgrade: the import into a Placements table made by 0.1.0", function () {
  this.timeout(180_000);
  let session: Session | undefined;
  after(async () => {
    await session?.close();
    session = undefined;
  });

  it("upgrades the old table (columns added, Prior Gross replaced), keeps its rows, and says so", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 900 });
    // 0.1.0's layout (git show 057c786:src/taskpane/import/placementsTable.ts) with one earlier sale and its quadratic Prior Gross.
    const OLD = ["Trade Date", "Shares", "Price", "Gross", "Agreement", "Placement", "Notes", "Agent Commission", "Agent Net", "Prior Gross", "Fee", "Net", "Commission Difference", "Net Difference", "Settlement Date", "Warrant Shares", "Warrant Exercise Price"];
    await page.evaluate((headers) => {
      const prior = '=SUMIFS([Gross],[Agreement],[@Agreement],[Trade Date],"<"&[@[Trade Date]])+SUMIFS(INDEX([Gross],1):[@Gross],INDEX([Agreement],1):[@Agreement],[@Agreement],INDEX([Trade Date],1):[@[Trade Date]],[@[Trade Date]])-[@Gross]';
      const cells = [37190, 1000, 4, 4000, "'Sales", "'P-000", null, null, null, prior, "=CEO.FEE([@Gross],[@[Prior Gross]])", "=CEO.NET([@Gross],[@[Prior Gross]])", "=1", "=1", "=CEO.SETTLE([@[Trade Date]])", "=1", "=1"];
      (window as any).__book.addTable("Placements", "Placements", "A1", headers, [cells]);
    }, OLD);
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.match(
      await text(page, "#progress-text"),
      /^Done: 12 new rows added to the Placements table, 0 already there skipped\. The Placements table, made by 0\.1\.0, was upgraded .*added columns: Check, Problems to Date, Prior Units, Gross to Date, Agent Settlement, Settlement Difference; formulas updated: Prior Gross.*\.$/,
    );
    await shoot(page, "20-upgraded-import", "import");
    const table = await book.table(page, "Placements");
    assert.strictEqual(table.length, 13);
    assert.deepStrictEqual(table[0]!.slice(0, 6), [37190, 1000, 4, 4000, "Sales", "P-000"], "the old row kept");
    const header = (await book.cell(page, "Placements", "J1")).value;
    assert.strictEqual(header, "Check");
    assert.match(String((await book.cell(page, "Placements", "N2")).formula), /^=IF\(INDEX\(\[Problems to Date\]/, "Prior Gross is the running sum");
  });
});
