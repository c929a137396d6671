/*
 * Check compliance in chromium on the fake workbook: the wrong order first (no register, no table:
 * a clear refusal in red, nothing written), then the sample deal's register and blackout typed into
 * the New deal form (a bad date refused at its field first), the sample report imported, and the
 * Compliance sheet, the Placements table's Compliance column and the count in the pane; a second
 * click while the check runs starts nothing. Screenshots in test-screenshots/compliance/.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { HEADERS } from "../../src/taskpane/import/placementsTable";
import { openPane, type Session } from "../support/browser";

const SHOTS = path.resolve(__dirname, "../../test-screenshots/compliance");
async function shoot(page: Page, name: string, section?: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  if (section) await page.locator(`#${section}`).screenshot({ path: path.join(SHOTS, `${name}-${section}.png`) });
  assert.strictEqual(await page.evaluate(() => document.documentElement.scrollWidth), 380, `${name}: the pane is wider than 380px`);
}

const sheets = (page: Page): Promise<string[]> => page.evaluate(() => [...(window as any).__book.sheets.keys()]);
const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();
/** The sample's register (examples/neot-2001-register.csv) and blackout, as an analyst types them. */
const REGISTER = [
  ["P-001", "Sales", "2001-10-31", "115,000", "4.00", "75,000", ""],
  ["P-002", "Sales", "2001-11-02", "100,000", "4.00", "", ""],
  ["O-001", "Other", "11/6/2001", "100k", "", "", ""],
  ["P-003", "Sales", "2001-11-07", "60000", "$4.10", "", ""],
  ["P-004", "Sales", "2001-11-12", "120,000", "4.25", "", "2001-11-16"],
];
const FIELDS = ["id", "agreement", "termsDate", "sharesOffered", "minimumPrice", "dailyLimit", "endDate"];

describe("Check compliance in chromium", function () {
  this.timeout(180_000);
  let session: Session | undefined;
  after(async () => {
    await session?.close();
    session = undefined;
  });

  it("the wrong order refused; the register typed in the form; the sample's two findings on the Compliance sheet, in the table and counted in the pane", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 900 });
    fs.rmSync(SHOTS, { recursive: true, force: true });

    // 1. Check compliance in an empty workbook: no register; said in red, nothing written.
    await page.click("#compliance-button");
    await page.waitForFunction(() => /Nothing was written/.test(document.getElementById("compliance-result")?.textContent ?? ""));
    assert.strictEqual(
      await text(page, "#compliance-result"),
      "The Terms sheet has no placements register: add the placements (and any blackout windows) through New deal, then check again. Nothing was written.",
    );
    assert.strictEqual(await page.getAttribute("#compliance-result", "class"), "bad");
    assert.deepStrictEqual(await sheets(page), []);
    await shoot(page, "1-no-register", "compliance");

    // 2. New deal from the example terms; the register and the blackout typed in; a bad date first.
    await page.click("#new-deal");
    await page.waitForSelector("#terms-form:not([hidden])");
    await page.click("#example-terms");
    for (let i = 0; i < REGISTER.length; i++) {
      await page.click("[data-action=add-placement]");
      assert.strictEqual(await page.evaluate(() => document.activeElement?.id), `f-placements-${i}-id`, "focus on the new placement's id");
      for (const [k, field] of FIELDS.entries()) await page.fill(`#f-placements-${i}-${field}`, REGISTER[i]![k]!);
    }
    await page.click("[data-action=add-blackout]");
    await page.fill("#f-blackouts-0-start", "2001-11-09");
    await page.fill("#f-blackouts-0-end", "2001-11-31"); // no such day
    await page.fill("#f-placements-1-sharesOffered", "a lot");
    await page.click("#write-terms");
    await page.waitForFunction(() => /nothing was written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    assert.strictEqual(await text(page, "#terms-result"), "3 problems to fix, each shown at its field: nothing was written.");
    const shown = await page.$$eval("#terms-fields .field-error", (slots) => slots.filter((s) => s.textContent).map((s) => `${s.id}: ${s.textContent}`));
    assert.deepStrictEqual(shown, [
      'f-placements-1-sharesOffered-error: placement 2 (P-002): the shares offered "a lot" is not a number of shares: write a whole number of shares such as 150,000 or 150k',
      'f-blackouts-0-end-error: blackout 1: the last day: "2001-11-31" is not a calendar date',
      "f-blackouts-0-reason-error: blackout 1 has no reason: say why, e.g. Q3 earnings",
    ]);
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "f-placements-1-sharesOffered", "focus on the first field in error");
    assert.deepStrictEqual(await sheets(page), []);
    await shoot(page, "2-register-errors", "terms");
    await page.locator("fieldset.placement").nth(1).screenshot({ path: path.join(SHOTS, "2-placement-2-error.png") });
    await page.locator("fieldset.blackout").first().screenshot({ path: path.join(SHOTS, "2-blackout-errors.png") });
    await page.fill("#f-placements-1-sharesOffered", "100,000");
    await page.fill("#f-blackouts-0-end", "2001-11-11");
    await page.fill("#f-blackouts-0-reason", "Third-quarter 2001 results");
    await page.click("#write-terms");
    await page.waitForFunction(() => /are written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    const names = await page.evaluate(() => Object.fromEntries((window as any).__book.names));
    assert.deepStrictEqual([names.Placement_Register, names.Blackouts, names.NonAffiliate_Shares], ["=Terms!$A$27:$G$31", "=Terms!$A$35:$C$35", "=Terms!$B$23"]);
    await shoot(page, "3-register-written", "terms");
    await page.keyboard.press("Escape");

    // 3. Check compliance before any import: no table; nothing written.
    await page.click("#compliance-button");
    await page.waitForFunction(() => /import a placement report first/.test(document.getElementById("compliance-result")?.textContent ?? ""));
    assert.strictEqual(await text(page, "#compliance-result"), "There is no Placements table to check: import a placement report first. Nothing was written.");
    assert.deepStrictEqual(await sheets(page), ["Terms"]);

    // 4. The sample report imported: the check runs after the import, its count in the Compliance section.
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    await page.click("#apply");
    await page.waitForFunction(() => /^2 findings/.test(document.getElementById("compliance-result")?.textContent ?? ""));
    assert.strictEqual(await text(page, "#progress-text"), "Done: 12 new rows added to the Placements table, 0 already there skipped.");
    const expected =
      "2 findings (below minimum price 1, inside blackout 1); 5 lock-up windows with 44 sales of other placements inside (the agent's written consent is needed). Listed on the Compliance sheet and in the Compliance column of the Placements table.";
    assert.strictEqual(await text(page, "#compliance-result"), expected);
    assert.strictEqual(await page.getAttribute("#compliance-result", "class"), "");
    assert.deepStrictEqual((await sheets(page)).sort(), ["Compliance", "Placements", "Terms"]);
    const findings = await page.evaluate(() => (window as any).__book.sheets.get("Compliance").rows.slice(5, 7).map((r: unknown[]) => r.slice(0, 5)));
    assert.deepStrictEqual(findings, [
      ["Below minimum price", "P-002", 6, 37201, "$3.9800 a share, $0.0200 below the minimum $4.0000"],
      ["Inside blackout", "P-003", 9, 37204, "traded 2001-11-09, inside the blackout 2001-11-09 to 2001-11-11"],
    ]);
    const at = HEADERS.indexOf("Compliance");
    const column = await page.evaluate((at) => (window as any).__book.tableValues("Placements").map((r: unknown[]) => r[at] ?? ""), at);
    assert.deepStrictEqual(column.map((v: string, i: number) => (v ? i + 2 : 0)).filter(Boolean), [6, 9]);
    await shoot(page, "4-imported-checked", "compliance");

    // 5. Check again on demand, Excel busy with a cell edit: the command waits, a second click starts nothing.
    await page.evaluate(() => ((window as any).__book.editingCell = true));
    await page.click("#compliance-button");
    await page.waitForFunction(() => document.getElementById("compliance-result")?.textContent === "Checking compliance…");
    assert.strictEqual(await page.getAttribute("#compliance-button", "disabled"), "");
    await page.click("#compliance-button", { force: true });
    await page.evaluate(() => document.getElementById("compliance-button")!.click()); // a script's click reaches the runner: ignored
    assert.strictEqual(await page.evaluate(() => (window as any).__book.delayedBatches), 1, "one check waiting, not two");
    await shoot(page, "5-running", "compliance");
    await page.evaluate(() => (window as any).__book.finishCellEdit());
    await page.waitForFunction((e) => document.getElementById("compliance-result")?.textContent === e, expected);
    assert.deepStrictEqual((await sheets(page)).sort(), ["Compliance", "Placements", "Terms"], "the sheet replaced, not added");
    assert.strictEqual(await page.getAttribute("#compliance-button", "disabled"), null);
    await shoot(page, "6-checked-again", "compliance");

    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });
});
