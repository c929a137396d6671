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
    // A2 read as the add-in reads it (blank or logical: #VALUE!; numeric text: its number), then the tiers.
    assert.match(copy[1], /^=IF\(OR\(.*ISLOGICAL\(A2\)\),#VALUE!,IF\(\(--A2\)<0,#NUM!,ROUND\(0\.04\*MIN\(\(--A2\),10000000\)/);
    assert.match(await result("share-repair", /repair/), /No CEO formula shows #NAME\?: nothing to repair\./);
    // A second Prepare replaces the first's copy, under the same name.
    assert.match(await result("share-prepare", /Replaced/), /Replaced the copy made by the previous Prepare: "Deal \(shared\)"\./);
    const sheets = () => page.evaluate(() => [...(window as any).__book.sheets.keys()]);
    assert.deepStrictEqual(await sheets(), ["Deal", "CEO Holidays", "Deal (shared)", "CEO Originals"]);
    assert.match(
      await result("share-restore", /^Removed/),
      /^Removed the shared copy "Deal \(shared\)" and the add-in's sheets "CEO Originals" and "CEO Holidays"\. The original sheet "Deal" keeps its CEO formulas\./,
    );
    assert.deepStrictEqual(await sheets(), ["Deal"]);
    assert.deepStrictEqual(session.consoleErrors, []);
    assert.deepStrictEqual(session.offsite, []);
  });
});
