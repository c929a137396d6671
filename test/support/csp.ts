/*
 * The pane's Content-Security-Policy, read from a built taskpane.html, and the one check every build
 * must pass: scripts from the add-in itself and from `origins` (Microsoft's office.js CDN in a release
 * that uses it; none otherwise), no eval, and nothing else anywhere.
 */
import assert from "assert";

/** The policy's directives by name ("script-src" -> "script-src 'self'"), from the CSP <meta>. */
export function cspDirectives(html: string): Map<string, string> {
  const policy = html.match(/http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/)?.[1] ?? "";
  const directives = policy.split(";").map((d) => d.trim()).filter(Boolean);
  return new Map(directives.map((d) => [d.split(/\s+/)[0]!, d]));
}

/** Where each <script> of the page comes from. */
export function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((m) => m[1]!);
}

/** Asserts the policy of `html` lets scripts come from 'self' and exactly `origins`, and nothing else in. */
export function assertPanePolicy(html: string, origins: string[]): void {
  const csp = cspDirectives(html);
  assert.ok(csp.size > 0, "no Content-Security-Policy <meta> in taskpane.html");
  assert.strictEqual(csp.get("script-src"), ["script-src", "'self'", ...origins].join(" "));
  assert.strictEqual(csp.get("default-src"), "default-src 'self'");
  assert.strictEqual(csp.get("connect-src"), "connect-src 'self'");
  assert.strictEqual(csp.get("object-src"), "object-src 'none'");
  const policy = [...csp.values()].join("; ");
  assert.doesNotMatch(policy, /unsafe-eval|\*|data:\s*;?\s*script/);
  const named = [...policy.matchAll(/\bhttps?:(\/\/[^\s;]*)?/g)].map((m) => m[0]);
  assert.deepStrictEqual(named, origins, "the policy names an origin it should not");

  const sources = scriptSources(html);
  assert.ok(sources.length >= 3, `only ${sources.length} scripts in taskpane.html`);
  for (const src of sources) {
    if (/^(https?:)?\/\//.test(src)) assert.ok(origins.some((origin) => src.startsWith(origin + "/")), `script from ${src}, outside ${origins.join(", ") || "the add-in"}`);
  }
}
