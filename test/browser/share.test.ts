import assert from "assert";
import { openPane, type Session } from "../support/browser";

describe("Share with bankers in chromium", function () {
  this.timeout(60_000);
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it("Prepare for sharing, Repair and Restore from the pane's buttons, on the fake workbook", async function () {
    session = await openPane(this);
    const page = session.page;
    await page.evaluate(() => {
      const deal = (window as any).__book.addSheet("Deal");
      deal.rows = [["Gross", "Fee", "Settles"], [25_000_000, "=CEO.FEE(A2)", "=CEO.SETTLE(37195)"]];
      deal.values = [[], [null, 900_000, 37200]];
    });
    const result = async (button: string, pattern: RegExp) => {
      await page.click(`#${button}`);
      await page.waitForFunction((p) => new RegExp(p).test(document.getElementById("share-result")?.textContent ?? ""), pattern.source);
      return (await page.textContent("#share-result")) ?? "";
    };
    assert.match(await result("share-prepare", /^Prepared/), /^Prepared 1 shared copy: 2 CEO formulas now native\./);
    const copy = await page.evaluate(() => (window as any).__book.sheets.get("Deal (shared)").rows[1]);
    assert.match(copy[1], /^=IF\(A2<0,#NUM!,ROUND\(0\.04\*MIN\(A2,10000000\)/);
    assert.match(await result("share-repair", /repair/), /No CEO formula shows #NAME\?: nothing to repair\./);
    assert.match(await result("share-restore", /^Restored/), /^Restored 3 cells on 1 sheet/);
    assert.deepStrictEqual(await page.evaluate(() => (window as any).__book.sheets.get("Deal (shared)").rows[1].slice(0, 3)), [25_000_000, "=CEO.FEE(A2)", "=CEO.SETTLE(37195)"]);
    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });
});
