/* The pane's Content-Security-Policy: scripts only from the add-in's own origin, no eval, nothing remote. */
import assert from "assert";
import fs from "fs";
import { distFile } from "../support/bundle";

describe("taskpane.html Content-Security-Policy", () => {
  const html = fs.readFileSync(distFile("taskpane.html"), "utf8");
  const policy = html.match(/http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/)?.[1] ?? "";
  const directive = (name: string) => policy.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? "";

  it("is present, scripts from 'self' only, without eval or inline scripts", () => {
    assert.ok(policy, "no CSP meta in dist/taskpane.html");
    assert.strictEqual(directive("script-src"), "script-src 'self'");
    assert.doesNotMatch(policy, /unsafe-eval|https?:|\*|data:\s*;?\s*script/);
    assert.strictEqual(directive("default-src"), "default-src 'self'");
    assert.strictEqual(directive("connect-src"), "connect-src 'self'");
    assert.strictEqual(directive("object-src"), "object-src 'none'");
  });

  it("loads no script from anywhere but the add-in", () => {
    const sources = [...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((m) => m[1]!);
    assert.ok(sources.length >= 3);
    for (const src of sources) assert.doesNotMatch(src, /^(https?:)?\/\//, `remote script ${src}`);
  });
});
