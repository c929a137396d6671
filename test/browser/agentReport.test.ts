/*
 * A report as an agent sends it today, in chromium on the fake workbook (issue 21): Load example
 * report (the 2001 placements) and import it, then Load example agent report: the preview names
 * the columns it ignores and the lines it skips; Import fills Agent Settlement beside the computed
 * Settlement Date; Reconcile lists the planted settlement difference. Screenshots in
 * test-screenshots/agent-report/ (git-ignored) for a reviewer's eyes.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { openPane, type Session } from "../support/browser";

const SHOTS = path.resolve(__dirname, "../../test-screenshots/agent-report");

async function shoot(page: Page, name: string, section?: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  if (section) await page.locator(`#${section}`).screenshot({ path: path.join(SHOTS, `${name}-${section}.png`) });
  assert.strictEqual(await page.evaluate(() => document.documentElement.scrollWidth), 380, `${name}: the pane is wider than 380px`);
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();
const done = (page: Page) => page.waitForFunction(() => document.getElementById("progress-text")?.textContent?.startsWith("Done"));

describe("a report as an agent sends it today, in chromium (issue 21)", function () {
  this.timeout(120_000);
  let session: Session | undefined;
  after(async () => {
    await session?.close();
    session = undefined;
  });

  it("Load example agent report: ignored columns and skipped lines in the preview; Import fills Agent Settlement; Reconcile lists the difference (screenshots)", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.setViewportSize({ width: 380, height: 900 });
    fs.rmSync(SHOTS, { recursive: true, force: true });

    // The 2001 placements first, as the analyst's day has them.
    await page.click("#load-sample");
    await page.waitForSelector("#preview:not([hidden])");
    await page.click("#apply");
    await done(page);

    // The same sales as the agent sends them today: two title lines, Ticker, Side and Broker, settlement dates, a Total line.
    await page.click("#load-agent-sample");
    await page.waitForFunction(() => /^12 rows ready/.test(document.getElementById("plan-summary")?.textContent ?? ""));
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "Loaded the example agent report.");
    assert.match(await text(page, "#plan-summary"), /^12 rows ready, gross \$1,922,350\.00\./);
    assert.deepStrictEqual(await page.$$eval("#plan-notes li", (items) => items.map((i) => i.textContent)), [
      'line 1: skipped: a title above the header ("CANTOR FITZGERALD & CO. - CONTROLLED EQUITY OFFERING SALE...")',
      'line 2: skipped: a title above the header ("NeoTherapeutics, Inc. (NEOT): sales of November 1 to 15, ...")',
      "line 4: ignored: Ticker, Broker (columns the import does not use)",
      "line 17: skipped: the Total line (its Shares, Gross, Commission and Net Proceeds agree with the rows above)",
    ]);
    assert.deepStrictEqual(await page.$$eval("#preview-rows tr", (rows) => [...(rows[0] as HTMLTableRowElement).cells].map((c) => c.textContent)), ["5", "2001-11-01", "50,000", "$4.0400", "$202,000.00", "Sales", "P-001"]);
    await shoot(page, "01-agent-report-preview", "import");

    await page.click("#apply");
    await done(page);
    assert.strictEqual(
      await text(page, "#progress-text"),
      "Done: 0 new sales added to the Placements table with the agent's figures; 12 sales already in the table filled with the agent's Commission, Net Proceeds and Settlement Date; 0 statement rows could not be matched; 0 already there.",
    );
    const { headers, rows } = await page.evaluate(() => ({ headers: (window as any).__book.tables.get("Placements").columns as string[], rows: (window as any).__book.tableValues("Placements") as unknown[][] }));
    const at = (h: string) => headers.indexOf(h);
    assert.deepStrictEqual([at("Agent Settlement") - at("Settlement Date"), at("Settlement Difference") - at("Agent Settlement")], [1, 1], "beside the computed Settlement Date");
    // By hand (examples/README.md): T+3 settlement business days; the 2001-11-07 sale stated 2001-11-12 (37207), a day before 2001-11-13.
    assert.deepStrictEqual(rows.map((r) => r[at("Agent Settlement")]), [37201, 37201, 37202, 37203, 37204, 37207, 37209, 37210, 37210, 37211, 37214, 37215]);
    assert.ok(rows.every((r) => r[at("Settlement Difference")] === '=IF([@[Agent Settlement]]="","",[@[Agent Settlement]]-[@[Settlement Date]])'));

    // The fake computes no formula: the table as Excel would show it, the Settlement Date from the bundle's own CEO.SETTLE, drawn in the pane for the screenshot.
    const differences = await page.evaluate(
      ([tradeAt, agentAt]) => {
        // (No named functions in here: tsx would wrap them in a __name helper the page does not have.)
        const table = document.createElement("table");
        table.id = "workbook-view";
        table.innerHTML = "<caption>Placements (as Excel computes it)</caption><tr><th>Trade Date</th><th>Settlement Date</th><th>Agent Settlement</th><th>Settlement Difference</th></tr>";
        const out: number[] = [];
        for (const r of (window as any).__book.tableValues("Placements") as unknown[][]) {
          const [trade, agent] = [r[tradeAt!] as number, r[agentAt!] as number];
          const computed = (window as any).__associated.SETTLE(trade, null) as number;
          out.push(agent - computed);
          const row = table.insertRow();
          for (const cell of [trade, computed, agent].map((serial) => new Date(Date.UTC(1899, 11, 30 + serial)).toISOString().slice(0, 10)).concat(String(agent - computed))) row.insertCell().textContent = cell;
          if (agent !== computed) row.style.cssText = "background:#FDE7E9;color:#C50F1F";
        }
        document.getElementById("import")!.append(table);
        return out;
      },
      [at("Trade Date"), at("Agent Settlement")],
    );
    assert.deepStrictEqual(differences, [0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0]);
    await shoot(page, "02-agent-report-imported", "import");
    await page.evaluate(() => document.getElementById("workbook-view")!.remove());

    await page.click("#reconcile-button");
    await page.waitForFunction(() => /Compared the agent's figures/.test(document.getElementById("reconciliation-text")?.textContent ?? ""));
    const reconciliation = await text(page, "#reconciliation-text");
    assert.match(reconciliation, /Compared the agent's figures for 12 of 12 sales with the contract\./);
    assert.match(reconciliation, /1 sale differs from the contract:\n- 2001-11-07 O-001 \(Other, gross \$180,000\.00\): settlement stated 2001-11-12, contract 2001-11-13: 1 day earlier/);
    assert.match(reconciliation, /In all, 1 settlement date differs from the contract \(on the 12 sales stating one\)\./);
    await shoot(page, "03-reconciled", "reconcile");
    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });
});
