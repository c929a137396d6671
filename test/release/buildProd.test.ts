/*
 * npm run build:prod: a release of dist/ for https://addins.example.com/ceo/, built once into a temp
 * dir, then checked as a firm would host it (https, a path prefix, the manifest's own URLs). This is the
 * default release, office.js from Microsoft's CDN; bundleOfficeJs.test.ts builds the other one.
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import vm from "vm";
import { XMLValidator } from "fast-xml-parser";
import { OFFICE_STUB, fakeExcelScript, requireChromium, type Session } from "../support/browser";
import { assertPanePolicy, scriptSources } from "../support/csp";
import { certificates, openRelease, serveHttps, type HttpsServer } from "../support/httpsDist";
import { BASE, OFFICE_JS_CDN, OFFICE_JS_ORIGIN, ROOT, buildProd, manifestUrls, playOfficeCdn } from "../support/release";
import { functionsJsonProblems, manifestSchemaProblems, requireXmllint } from "../support/schemas";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lockProblems } = require("../../scripts/functions-lock.cjs");

const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

describe("npm run build:prod: bad --url", () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["no URL at all", [], {}, /give the https URL/],
    ["--url without a value", ["--url"], {}, /give the https URL/],
    ["an http URL", ["--url", "http://addins.example.com/ceo/"], {}, /is not https/],
    ["no trailing slash", ["--url", "https://addins.example.com/ceo"], {}, /no trailing slash.*https:\/\/addins\.example\.com\/ceo\//],
    ["not a URL", ["--url=addins.example.com/ceo/"], {}, /is not a URL/],
    ["localhost", ["--url", "https://localhost:3000/"], {}, /is this machine/],
    ["an http CEO_URL_PROD", [], { CEO_URL_PROD: "http://addins.example.com/ceo/" }, /is not https/],
    ["an unknown option", ["--host", "addins.example.com"], {}, /unknown argument "--host"/],
    ["--bundle-office-js without a URL", ["--bundle-office-js"], {}, /give the https URL/],
  ];
  for (const [name, args, env, message] of cases) {
    it(`${name}: one line on stderr, exit 1, nothing built`, () => {
      const dist = path.join(os.tmpdir(), `ceo-prod-refused-${process.pid}`);
      fs.rmSync(dist, { recursive: true, force: true });
      const run = buildProd(args, dist, env);
      assert.strictEqual(run.status, 1, run.stderr);
      assert.strictEqual(run.stdout, "");
      assert.match(run.stderr, /^build:prod: [^\n]+\n$/);
      assert.match(run.stderr, message);
      assert.ok(!fs.existsSync(dist), "a refused build wrote its output directory");
    });
  }

  it("leaves an existing dist/ alone when it refuses", () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-prod-kept-"));
    fs.writeFileSync(path.join(dist, "taskpane.html"), "previous release");
    assert.strictEqual(buildProd(["--url", "http://addins.example.com/ceo/"], dist).status, 1);
    assert.strictEqual(fs.readFileSync(path.join(dist, "taskpane.html"), "utf8"), "previous release");
    fs.rmSync(dist, { recursive: true, force: true });
  });
});

describe("npm run build:prod -- --url https://addins.example.com/ceo/ (office.js from Microsoft's CDN)", function () {
  let dist: string;
  let manifest: string;
  const file = (name: string) => path.join(dist, name);

  before(function () {
    this.timeout(300_000);
    dist = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-prod-"));
    const run = buildProd(["--url", BASE], dist);
    assert.strictEqual(run.status, 0, run.stderr || run.stdout);
    manifest = fs.readFileSync(file("manifest.xml"), "utf8");
  });
  after(() => fs.rmSync(dist, { recursive: true, force: true }));

  it("writes a well-formed manifest whose every URL is https under the base, and no localhost", () => {
    assert.strictEqual(XMLValidator.validate(manifest), true);
    assert.doesNotMatch(manifest, /localhost|127\.0\.0\.1/i);
    const urls = manifestUrls(manifest);
    assert.ok(urls.length >= 10, `only ${urls.length} URLs found`);
    for (const url of urls) assert.ok(url.startsWith(BASE), `${url} is not under ${BASE}`);
  });

  it("writes a manifest valid against Microsoft's schema (xmllint)", function () {
    requireXmllint(this);
    assert.deepStrictEqual(manifestSchemaProblems(file("manifest.xml")), []);
  });

  it("writes a functions.json valid against Microsoft's custom-functions schema", () => {
    assert.deepStrictEqual(functionsJsonProblems(JSON.parse(fs.readFileSync(file("functions.json"), "utf8"))), []);
  });

  it("references office.js on Microsoft's CDN, ships no copy, and lets the CSP allow that one origin", () => {
    const html = fs.readFileSync(file("taskpane.html"), "utf8");
    assert.strictEqual(scriptSources(html)[0], OFFICE_JS_CDN);
    assertPanePolicy(html, [OFFICE_JS_ORIGIN]);
    assert.ok(!fs.existsSync(file("office")), "the release carries its own office/ beside the CDN reference");
  });

  it("takes the manifest version from package.json", () => {
    assert.match(manifest, new RegExp(`<Version>${version.replace(/\./g, "\\.")}\\.0</Version>`));
  });

  it("names the bundles by content hash; functions.json keeps its place", () => {
    const names = fs.readdirSync(dist);
    const functions = names.filter((n) => /^functions\.[0-9a-f]{8}\.js$/.test(n));
    const taskpane = names.filter((n) => /^taskpane\.[0-9a-f]{8}\.js$/.test(n));
    assert.strictEqual(functions.length, 1);
    assert.strictEqual(taskpane.length, 1);
    assert.ok(!names.includes("functions.js") && !names.includes("taskpane.js"));
    assert.match(manifest, new RegExp(`id="Functions.Script.Url" DefaultValue="${BASE}${functions[0]!.replace(".", "\\.")}"`));
    assert.match(manifest, new RegExp(`id="Functions.Metadata.Url" DefaultValue="${BASE}functions\\.json"`));
    const html = fs.readFileSync(file("taskpane.html"), "utf8");
    assert.ok(html.includes(`src=${functions[0]}`) && html.includes(`src=${taskpane[0]}`), "taskpane.html does not load the hashed bundles");
  });

  it("emits every file the manifest and taskpane.html name (office.js aside, on the CDN)", () => {
    for (const url of manifestUrls(manifest)) assert.ok(fs.existsSync(file(url.slice(BASE.length))), `${url}: no such file in the release`);
    const html = fs.readFileSync(file("taskpane.html"), "utf8");
    const refs = [...html.matchAll(/\s(?:src|href)=("[^"]*"|[^\s>]+)/g)].map((m) => m[1]!.replace(/"/g, "")).filter((ref) => ref !== OFFICE_JS_CDN);
    assert.ok(refs.length >= 4);
    for (const ref of refs) assert.ok(fs.existsSync(file(ref)), `taskpane.html names ${ref}, which is not in the release`);
  });

  it("names localhost in none of its own files", () => {
    const own = fs.readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((n) => fs.statSync(file(n)).isFile() && !n.endsWith(".png"));
    assert.ok(own.length >= 8);
    for (const name of own) assert.doesNotMatch(fs.readFileSync(file(name), "utf8"), /localhost/i, name);
  });

  it("has exactly its content-hashed files matched by docs/DEPLOY.md's year-long cache rule", () => {
    const deploy = fs.readFileSync(path.join(ROOT, "docs/DEPLOY.md"), "utf8");
    const rule = new RegExp(deploy.match(/map \$uri \$ceo_cache \{\s*"~([^"]+)"/)![1]!);
    const all = fs.readdirSync(dist, { recursive: true, encoding: "utf8" });
    const cachedForAYear = all.filter((n) => rule.test("/ceo/" + n)).sort();
    assert.deepStrictEqual(
      cachedForAYear,
      all.filter((n) => /^[A-Za-z-]+\.[0-9a-f]{8}\.js(\.LICENSE\.txt)?$/.test(n)).sort(),
    );
    // The two scripts taskpane.html loads; the chunks the pane fetches on first use fall under the same rule (above).
    for (const name of ["functions", "taskpane"]) assert.ok(cachedForAYear.some((n) => new RegExp(`^${name}\\.[0-9a-f]{8}\\.js$`).test(n)), `no content-hashed ${name} script`);
  });

  it("associates every function of functions.json from the minified bundle, and keeps the released API", () => {
    const metadata = JSON.parse(fs.readFileSync(file("functions.json"), "utf8"));
    const script = fs.readdirSync(dist).find((n) => /^functions\.[0-9a-f]{8}\.js$/.test(n))!;
    const associated = new Map<string, (...args: unknown[]) => unknown>();
    const context = vm.createContext({
      console,
      CustomFunctions: { associate: (id: string, fn: (...args: unknown[]) => unknown) => associated.set(id, fn), Error, ErrorCode: {} },
      Office: { onReady: () => Promise.resolve({ host: null, platform: null }) },
    });
    vm.runInContext(fs.readFileSync(file(script), "utf8"), context);
    assert.deepStrictEqual([...associated.keys()].sort(), metadata.functions.map((f: { id: string }) => f.id).sort());
    assert.strictEqual(associated.get("FEE")!(25_000_000, null, null), 900_000);
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "functions.lock.json"), "utf8"));
    assert.deepStrictEqual(lockProblems(lock, metadata), []);
  });

  describe("served over https at /ceo/, opened in chromium at the manifest's own URLs", function () {
    this.timeout(120_000);
    let server: HttpsServer | undefined;
    let session: Session | undefined;
    let chromiumAt: string;

    before(async function () {
      chromiumAt = requireChromium(this);
      const tls = await certificates(fs.mkdtempSync(path.join(dist, "certs-")), [new URL(BASE).hostname, "localhost", "127.0.0.1"]);
      server = await serveHttps(dist, "/ceo/", tls);
    });
    afterEach(async () => {
      await session?.close();
      session = undefined;
    });
    after(async () => server?.close());

    it("loads the pane from SourceLocation, runs CEO.FEE and the sample import, asks nothing elsewhere", async () => {
      session = await openRelease(chromiumAt, BASE, server!.port);
      const cdn = await playOfficeCdn(session, OFFICE_STUB + fakeExcelScript());
      const page = session.page;
      const sourceLocation = manifest.match(/<SourceLocation DefaultValue="([^"]+)"/)![1]!;
      assert.strictEqual(sourceLocation, `${BASE}taskpane.html`);
      await page.goto(sourceLocation);
      await page.waitForFunction(() => document.getElementById("status")?.textContent === "Ready.");
      assert.strictEqual(await page.evaluate(() => (window as any).__associated.FEE(25_000_000, null, null)), 900_000);

      await page.click("#load-sample");
      await page.waitForSelector("#preview:not([hidden])");
      assert.match((await page.textContent("#plan-summary")) ?? "", /^12 rows ready/);

      // Every URL the manifest gives Office answers over https from the release host.
      const statuses = await page.evaluate((urls) => Promise.all(urls.map(async (u) => `${(await fetch(u)).status} ${u}`)), manifestUrls(manifest));
      for (const status of statuses) assert.match(status, /^200 /);

      assert.deepStrictEqual(session.consoleErrors, []);
      assert.deepStrictEqual(session.offsite, []);
      assert.deepStrictEqual(cdn.asked, [OFFICE_JS_CDN], "the pane asked the CDN for more than office.js (stubbed here)");
      assert.ok(server!.requests.some((url) => /^\/ceo\/taskpane\.[0-9a-f]{8}\.js$/.test(url)), "the pane was not served by the test's https server");
      for (const url of server!.requests) assert.ok(url.startsWith("/ceo/"), `the pane asked for ${url}, outside /ceo/`);
    });

    it("loads the real office.js, and what it loads beside itself, from Microsoft's CDN and nowhere else (outside Office)", async () => {
      session = await openRelease(chromiumAt, BASE, server!.port);
      const cdn = await playOfficeCdn(session);
      server!.requests.length = 0;
      await session.page.goto(`${BASE}taskpane.html`);
      await session.page.waitForFunction(() => document.getElementById("status")?.textContent !== "Loading…", null, { timeout: 20_000 });
      assert.match((await session.page.textContent("#status")) ?? "", /Open this pane from Excel/);
      assert.strictEqual(cdn.asked[0], OFFICE_JS_CDN);
      assert.ok(cdn.asked.length > 1, "office.js loaded nothing beside itself");
      for (const url of cdn.asked) assert.ok(url.startsWith(new URL(".", OFFICE_JS_CDN).href), `${url} is not beside office.js on the CDN`);
      assert.deepStrictEqual(cdn.missing, [], "office.js asked the CDN for files its npm copy does not have");
      assert.ok(!server!.requests.some((url) => url.startsWith("/ceo/office/")), "the pane asked the release host for office.js");
      assert.deepStrictEqual(session.offsite, []);
      // The CSP let every one of them in: chromium reports a refused script on the console.
      assert.deepStrictEqual(session.consoleErrors.filter((e) => /Content Security Policy/i.test(e)), []);
    });
  });
});
