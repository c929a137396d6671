import assert from "assert";
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { openPane, type Session } from "../support/browser";

/** Screenshots of each state, for a reviewer's eyes (git-ignored). */
const SHOTS = path.resolve(__dirname, "../../test-screenshots/terms");
async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await page.locator("#terms").screenshot({ path: path.join(SHOTS, `${name}-deal-terms.png`) });
}

/** The visible primary buttons of each section of the pane, by section id. */
function primaryActions(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const shown: Record<string, string[]> = {};
    for (const section of document.querySelectorAll("main section")) {
      const primary = [...section.querySelectorAll<HTMLElement>("[appearance=primary]")].filter((b) => b.checkVisibility());
      if (primary.length > 0 || section.querySelector("fluent-button")) shown[section.id] = primary.map((b) => b.id);
    }
    return shown;
  });
}

/** Words of the example deal shown in the pane outside the explicit example choices (the two example buttons). */
function wordsShown(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.querySelector("main")!.cloneNode(true) as HTMLElement;
    main.querySelectorAll("#example-terms, #load-sample, [hidden]").forEach((e) => e.remove());
    return main.textContent!.match(/\bseed\w*|\bNEOT\b|NeoTherapeutics|Cantor/gi) ?? [];
  });
}

describe("New deal and Reconcile in chromium", function () {
  this.timeout(60_000);
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function open(context: Mocha.Context) {
    session = await openPane(context);
    return session.page;
  }

  it("first run: the status says what to do first; New deal opens blank; the example fills it; every error at once with focus on the first; Escape closes (screenshots)", async function () {
    const page = await open(this);
    await page.setViewportSize({ width: 380, height: 900 }); // a task pane's width
    await page.waitForFunction(() => (document.getElementById("terms-status")?.textContent ?? "") !== "");
    assert.match((await page.textContent("#terms-status")) ?? "", /^No deal terms in this workbook yet: start with New deal\./);
    assert.deepStrictEqual(await wordsShown(page), []);
    assert.deepStrictEqual(await primaryActions(page), { terms: ["new-deal"], import: ["apply"], reconcile: ["reconcile-button"], compliance: ["compliance-button"], report: ["report-button"], share: ["share-prepare"] });
    await shoot(page, "1-first-run");

    await page.click("#new-deal");
    await page.waitForSelector("#terms-form:not([hidden])");
    const values = await page.$$eval("#terms-fields input", (inputs) => inputs.map((i) => [i.id, (i as HTMLInputElement).value]).filter(([, v]) => v !== ""));
    assert.deepStrictEqual(values, [["f-agreements-0-tiers-0-from", "0"]], "blank but for the first tier's 0");
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "f-issuer");
    assert.deepStrictEqual((await primaryActions(page)).terms, ["write-terms"], "one primary action while the form is open");
    assert.deepStrictEqual(await wordsShown(page), []);
    await shoot(page, "2-new-deal-blank");

    await page.click("#example-terms");
    assert.strictEqual(await page.inputValue("#f-issuer"), "NeoTherapeutics, Inc.");
    assert.strictEqual(await page.inputValue("#f-agreements-0-programMax"), "25,000,000");
    assert.strictEqual(await page.inputValue("#f-agreements-0-tiers-1-from"), "10,000,000");
    assert.strictEqual(await page.inputValue("#f-agreements-0-tiers-1-rate"), "3.5%");
    assert.strictEqual(await page.inputValue("#f-agreements-1-programMax"), "8,400,000");
    assert.strictEqual(await page.inputValue("#f-retainerAllocation"), "62,500");
    await shoot(page, "3-example");

    // Figures read as written, and shown back with separators once the field is left.
    await page.fill("#f-agreements-1-programMax", "8.4m");
    await page.press("#f-agreements-1-programMax", "Tab");
    assert.strictEqual(await page.inputValue("#f-agreements-1-programMax"), "8,400,000");
    await page.fill("#f-agreements-0-tiers-2-rate", "0.03");
    await page.press("#f-agreements-0-tiers-2-rate", "Tab");
    assert.strictEqual(await page.inputValue("#f-agreements-0-tiers-2-rate"), "3%");

    // Bad entries all over the form: every message at once, each at its field, the first focused.
    await page.fill("#f-agent", "");
    await page.fill("#f-agreements-0-tiers-1-rate", "3.5"); // a percentage without its sign
    await page.fill("#f-agreements-0-tiers-2-from", "5m"); // below tier 2's $10,000,000
    await page.fill("#f-agreements-1-programMax", "8,4");
    await page.fill("#f-warrantCoverage", "ten percent");
    await page.click("#write-terms");
    await page.waitForFunction(() => /nothing was written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    assert.strictEqual(await page.textContent("#terms-result"), "5 problems to fix, each shown at its field: nothing was written.");
    const shown = await page.$$eval("#terms-fields .field-error", (slots) => slots.filter((s) => s.textContent).map((s) => `${s.id}: ${s.textContent}`));
    assert.deepStrictEqual(shown, [
      "f-agent-error: the agent's name is missing",
      'f-agreements-0-tiers-1-rate-error: the rate of tier 2 "3.5" would be 350%: write it as 3.5% or 0.035',
      "f-agreements-0-tiers-2-from-error: fee tier 3 starts at 5,000,000, not above tier 2's 10,000,000: bounds must rise",
      'f-agreements-1-programMax-error: the program size "8,4" is not an amount: write it as 8,400,000, $8,400,000.00 or 8.4m (k, m, bn: thousands, millions, billions)',
      'f-warrantCoverage-error: warrant coverage "ten percent" is not a rate: write it as 10% or 0.10',
    ]);
    assert.deepStrictEqual(await page.$$eval("[aria-invalid=true]", (inputs) => inputs.map((i) => i.id)), ["f-agent", "f-agreements-0-tiers-1-rate", "f-agreements-0-tiers-2-from", "f-agreements-1-programMax", "f-warrantCoverage"]);
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "f-agent", "focus on the first field in error");
    assert.strictEqual(await page.evaluate(() => (window as any).__book.sheets.has("Terms")), false);
    await shoot(page, "4-every-error");

    await page.keyboard.press("Escape");
    await page.waitForSelector("#terms-form", { state: "hidden" });
    assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "new-deal");
    assert.strictEqual(await page.evaluate(() => (window as any).__book.sheets.has("Terms")), false, "Escape writes nothing");
    assert.deepStrictEqual(await primaryActions(page), { terms: ["new-deal"], import: ["apply"], reconcile: ["reconcile-button"], compliance: ["compliance-button"], report: ["report-button"], share: ["share-prepare"] });
    await shoot(page, "5-closed");
    assert.deepStrictEqual(session!.consoleErrors, []);
  });

  it("the form, filled from the example, writes the Terms sheet; a bad field gets its message and nothing is written", async function () {
    const page = await open(this);
    await page.click("#new-deal");
    await page.click("#example-terms");
    await page.fill("#f-agreements-1-tiers-0-rate", "4"); // 400%?
    await page.fill("#f-agreements-0-programMax", "0");
    await page.click("#write-terms");
    await page.waitForFunction(() => /nothing was written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    assert.match((await page.textContent("#f-agreements-1-tiers-0-rate-error")) ?? "", /"4" would be 400%: write it as 4% or 0\.04/);
    assert.match((await page.textContent("#f-agreements-0-programMax-error")) ?? "", /above \$0/);
    assert.strictEqual(await page.evaluate(() => (window as any).__book.sheets.has("Terms")), false);

    await page.fill("#f-agreements-1-tiers-0-rate", "0.04");
    await page.fill("#f-agreements-0-programMax", "$30,000,000");
    await page.click("fieldset[data-agreement='0'] [data-action=add-tier]");
    await page.fill("#f-agreements-0-tiers-3-from", "25000000");
    await page.fill("#f-agreements-0-tiers-3-rate", "0.025");
    await page.click("#write-terms");
    await page.waitForFunction(() => /are written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    const book = await page.evaluate(() => {
      const b = (window as any).__book;
      return { rows: b.sheets.get("Terms").rows, names: Object.fromEntries(b.names) };
    });
    assert.strictEqual(book.names.Sales_Schedule, "=Terms!$A$13:$B$16");
    assert.strictEqual(book.names.Program_Max, "=Terms!$B$10");
    assert.deepStrictEqual(book.rows[9], ["Program maximum", 30_000_000]);
    assert.deepStrictEqual(book.rows[15], [25_000_000, 0.025]);
    assert.match((await page.textContent("#terms-status")) ?? "", /Terms: NeoTherapeutics, Inc\. with Cantor Fitzgerald & Co\.; agreements Sales, Other\./);
    assert.deepStrictEqual(session!.consoleErrors, []);
  });

  it("reconciles an imported agent statement and offers the text", async function () {
    const page = await open(this);
    await page.fill("#paste", fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));
    await page.waitForSelector("#preview:not([hidden])");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    await page.click("#reconcile-button");
    await page.waitForFunction(() => !/^(Reconciling|$)/.test(document.getElementById("reconciliation-text")?.textContent ?? "")); // the command's end, not its "Reconciling…"
    const text = (await page.textContent("#reconciliation-text")) ?? "";
    assert.match(text, /2 sales differ from the contract:/);
    assert.match(text, /In all, commissions overcharged \$380\.00 /);
    assert.strictEqual(await page.getAttribute("#copy-reconciliation", "disabled"), null);
    assert.strictEqual(await page.evaluate(() => (window as any).__book.sheets.has("Reconciliation")), true);
    assert.deepStrictEqual(session!.consoleErrors, []);
    assert.deepStrictEqual(session!.offsite, []);
  });

  it("placements first, then the agent's statement: its figures fill the same sales, and Reconcile finds exactly the two wrong commissions, $380.00 overcharged", async function () {
    const page = await open(this);
    const agentCommissions = () => page.evaluate(() => (window as any).__book.tableValues("Placements").map((r: unknown[]) => r[7]));
    // Before any statement: Reconcile says there is nothing to compare.
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.strictEqual(await page.textContent("#progress-text"), "Done: 12 new rows added to the Placements table, 0 already there skipped.");
    await page.click("#reconcile-button");
    await page.waitForFunction(() => !/^(Reconciling|$)/.test(document.getElementById("reconciliation-text")?.textContent ?? "")); // the command's end, not its "Reconciling…"
    assert.match((await page.textContent("#reconciliation-text")) ?? "", /No agent figures in the table: nothing reconciled\./);
    assert.deepStrictEqual(await agentCommissions(), Array(12).fill(null));

    await page.fill("#paste", fs.readFileSync(path.resolve(__dirname, "../../examples/neot-2001-agent-statement.csv"), "utf8"));
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent === ""); // the new text checked
    await page.click("#apply");
    await page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));
    assert.strictEqual(
      await page.textContent("#progress-text"),
      "Done: 0 new sales added to the Placements table with the agent's figures; 12 sales already in the table filled with the agent's Commission and Net Proceeds; 0 statement rows could not be matched; 0 already there.",
    );
    assert.deepStrictEqual(await agentCommissions(), [8080, 4060, 6560, 9848, 4776, 7200, 5810, 3360, 8500, 9640, 2592, 6848]);

    await page.click("#reconcile-button");
    await page.waitForFunction(() => /Compared the agent's figures/.test(document.getElementById("reconciliation-text")?.textContent ?? ""));
    const text = (await page.textContent("#reconciliation-text")) ?? "";
    assert.match(text, /Compared the agent's figures for 12 of 12 sales with the contract\./);
    assert.deepStrictEqual(text.match(/^- \d{4}-\d{2}-\d{2} .*$/gm)?.map((l) => l.slice(0, 18)), ["- 2001-11-05 P-002", "- 2001-11-13 P-004"]);
    assert.match(text, /In all, commissions overcharged \$380\.00 /);
    assert.doesNotMatch(text, /ABOVE/);
    assert.deepStrictEqual(session!.consoleErrors, []);
  });
});
