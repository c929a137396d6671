/*
 * The pane's Content-Security-Policy in the dev and test build: scripts only from the add-in's own
 * origin (office.js is the pinned copy in office/), no eval, nothing remote. Release builds are checked
 * with the same assertPanePolicy in test/release/: with Microsoft's office.js CDN as the one other origin
 * (buildProd.test.ts), or none (bundleOfficeJs.test.ts).
 */
import assert from "assert";
import fs from "fs";
import { distFile } from "../support/bundle";
import { assertPanePolicy, cspDirectives, scriptSources } from "../support/csp";

describe("taskpane.html Content-Security-Policy", () => {
  const html = fs.readFileSync(distFile("taskpane.html"), "utf8");

  it("is present, scripts from 'self' only, without eval or inline scripts", () => {
    assert.strictEqual(cspDirectives(html).get("script-src"), "script-src 'self'");
    assertPanePolicy(html, []);
  });

  it("loads no script from anywhere but the add-in, office.js from its pinned copy", () => {
    const sources = scriptSources(html);
    for (const src of sources) assert.doesNotMatch(src, /^(https?:)?\/\//, `remote script ${src}`);
    assert.strictEqual(sources[0], "office/office.js");
  });
});
