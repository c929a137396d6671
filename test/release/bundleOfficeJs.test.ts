/*
 * npm run build:prod -- --url https://addins.example.com/ceo/ --bundle-office-js: the release for a firm
 * whose network blocks Microsoft's CDN. office.js and its Excel files are the pinned npm copy in
 * office/, and the pane asks nothing of any origin but the release host. Built once, like
 * buildProd.test.ts (which checks everything the two releases share).
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import { requireChromium, type Session } from "../support/browser";
import { assertPanePolicy, scriptSources } from "../support/csp";
import { certificates, openRelease, serveHttps, type HttpsServer } from "../support/httpsDist";
import { BASE, OFFICE_JS_ORIGIN, buildProd } from "../support/release";
import { manifestSchemaProblems, requireXmllint } from "../support/schemas";

describe("npm run build:prod -- --url https://addins.example.com/ceo/ --bundle-office-js", function () {
  let dist: string;
  let stdout: string;
  const file = (name: string) => path.join(dist, name);

  before(function () {
    this.timeout(300_000);
    dist = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-prod-bundled-"));
    const run = buildProd(["--url", BASE, "--bundle-office-js"], dist);
    assert.strictEqual(run.status, 0, run.stderr || run.stdout);
    stdout = run.stdout;
  });
  after(() => fs.rmSync(dist, { recursive: true, force: true }));

  it("loads office.js from its own office/ copy, and the CSP names no origin but the add-in's", () => {
    const html = fs.readFileSync(file("taskpane.html"), "utf8");
    assert.strictEqual(scriptSources(html)[0], "office/office.js");
    assertPanePolicy(html, []);
    assert.doesNotMatch(html, new RegExp(OFFICE_JS_ORIGIN.replace(/\./g, "\\.")));
    for (const name of ["office.js", "excel-web-16.00.js", "excel-win32-16.01.js", "en-us/office_strings.js"]) assert.ok(fs.existsSync(file(`office/${name}`)), `office/${name} is missing`);
    assert.match(stdout, /office\.js bundled in office\//);
  });

  it("writes a manifest valid against Microsoft's schema (xmllint)", function () {
    requireXmllint(this);
    assert.deepStrictEqual(manifestSchemaProblems(file("manifest.xml")), []);
  });

  describe("served over https at /ceo/, opened in chromium", function () {
    this.timeout(120_000);
    let server: HttpsServer | undefined;
    let session: Session | undefined;

    before(async function () {
      const chromiumAt = requireChromium(this);
      const tls = await certificates(fs.mkdtempSync(path.join(dist, "certs-")), [new URL(BASE).hostname, "localhost", "127.0.0.1"]);
      server = await serveHttps(dist, "/ceo/", tls);
      session = await openRelease(chromiumAt, BASE, server.port);
    });
    after(async () => {
      await session?.close();
      await server?.close();
    });

    it("loads the real office.js, and what it loads beside itself, from the release host and nowhere else (outside Office)", async () => {
      await session!.page.goto(`${BASE}taskpane.html`);
      await session!.page.waitForFunction(() => document.getElementById("status")?.textContent !== "Loading…", null, { timeout: 20_000 });
      assert.match((await session!.page.textContent("#status")) ?? "", /Open this pane from Excel/);
      assert.ok(server!.requests.includes("/ceo/office/office.js"));
      assert.ok(server!.requests.some((url) => url.startsWith("/ceo/office/") && url !== "/ceo/office/office.js"), "office.js loaded nothing beside itself");
      assert.deepStrictEqual(session!.offsite, []);
      assert.deepStrictEqual(session!.consoleErrors.filter((e) => /Content Security Policy/i.test(e)), []);
    });
  });
});
