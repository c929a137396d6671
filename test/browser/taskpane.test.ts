import assert from "assert";
import { OFFICE_STUB, openDist, requireChromium, type Session } from "../support/browser";

describe("taskpane.html in chromium", function () {
  this.timeout(60_000);
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it("renders with Office stubbed, runs CEO.FEE, no console error, no request off localhost", async function () {
    session = await openDist(requireChromium(this));
    await session.page.route("**/office/office.js", (route) => route.fulfill({ contentType: "text/javascript", body: OFFICE_STUB }));
    await session.page.goto(`${session.origin}/taskpane.html`);
    await session.page.waitForFunction(() => document.getElementById("status")?.textContent === "Ready.");
    assert.strictEqual(await session.page.textContent("h1"), "Placements");
    const fee = await session.page.evaluate(() => (window as any).__associated.FEE(25_000_000, null, null));
    assert.strictEqual(fee, 900_000);
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
});
