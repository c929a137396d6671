import assert from "assert";
import fs from "fs";
import path from "path";
import { openPane, type Session } from "../support/browser";

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

  it("the form, filled with the seed's deal, writes the Terms sheet; a bad field gets its message and nothing is written", async function () {
    const page = await open(this);
    await page.click("#new-deal");
    assert.strictEqual(await page.inputValue("#f-agreements-0-name"), "Sales");
    assert.strictEqual(await page.inputValue("#f-agreements-0-tiers-1-from"), "10000000");
    assert.strictEqual(await page.inputValue("#f-agreements-1-programMax"), "8400000");

    await page.fill("#f-agreements-1-tiers-0-rate", "4"); // 400%
    await page.fill("#f-agreements-0-programMax", "0");
    await page.click("#write-terms");
    await page.waitForFunction(() => /to fix: nothing was written/.test(document.getElementById("terms-result")?.textContent ?? ""));
    assert.match((await page.textContent("#f-agreements-1-tiers-0-rate-error")) ?? "", /is 4: expected a fraction from 0 to 1/);
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
    await page.waitForSelector("#reconciliation-text:not([hidden])");
    const text = (await page.textContent("#reconciliation-text")) ?? "";
    assert.match(text, /2 sales differ from the contract:/);
    assert.match(text, /Net overcharge on commissions: \$380\.00\./);
    assert.strictEqual(await page.getAttribute("#copy-reconciliation", "disabled"), null);
    assert.strictEqual(await page.evaluate(() => (window as any).__book.sheets.has("Reconciliation")), true);
    assert.deepStrictEqual(session!.consoleErrors, []);
    assert.deepStrictEqual(session!.offsite, []);
  });
});
