/*
 * The pane's JavaScript as taskpane.html loads it (office.js aside, each script counted once),
 * minified and gzipped, against decimal.js alone; the chunks the pane fetches on first use; the
 * functions bundle's cold start in Node; and the pane's time to "Ready." in headless chromium
 * against a page that only loads office.js and says Ready.
 */
import { buildSync } from "esbuild";
import fs from "fs";
import http from "http";
import type { AddressInfo } from "net";
import path from "path";
import { chromium, type Browser } from "playwright-core";
import vm from "vm";
import zlib from "zlib";
import { CHROMIUM_FLAGS, chromiumPath, OFFICE_STUB } from "../test/support/browser";
import { report } from "./harness";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staticHandler } = require("../scripts/static-server.cjs");

/** The goal for the pane's JavaScript before it is ready. */
const GOAL_KIB = 60;

const dist = path.resolve(process.env.CEO_DIST ?? "dist");
const file = (name: string) => {
  const p = path.join(dist, name);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm run build\` first`);
  return fs.readFileSync(p);
};
const gzip = (bytes: Buffer | Uint8Array) => zlib.gzipSync(bytes, { level: 9 }).length;
const kib = (bytes: number) => bytes / 1024;

// The baseline: decimal.js alone, minified the same way (esbuild), then gzipped.
const decimalOnly = buildSync({ entryPoints: [path.resolve("node_modules/decimal.js/decimal.js")], bundle: true, minify: true, write: false, format: "iife" }).outputFiles[0]!.contents;
const baseline = { name: "decimal.js alone", value: kib(gzip(decimalOnly)) };
report("decimal.js minified+gzipped", baseline.value, "KiB");

const functionsJs = file("functions.js");
if (functionsJs.includes("/******/")) console.log("(a development build: `npm run build` first for the release's figures)");
const html = file("taskpane.html").toString("utf8");
const loaded = [...new Set([...html.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((m) => m[1]!))].filter((src) => !/(^|\/)office\.js$/.test(src));
let before = 0;
for (const src of loaded) {
  const size = gzip(file(src));
  before += size;
  report(`${src} minified+gzipped (taskpane.html loads it)`, kib(size), "KiB", baseline);
}
report(`the pane's JavaScript before ready (${loaded.join(" + ")}), minified+gzipped`, kib(before), "KiB", { name: `the goal, ${GOAL_KIB} KiB`, value: GOAL_KIB });
const chunks = fs.readdirSync(dist).filter((n) => n.endsWith(".js") && !loaded.includes(n)).sort();
let later = 0;
for (const chunk of chunks) later += gzip(file(chunk));
report(`chunks fetched on first use (${chunks.join(", ") || "none"}), minified+gzipped`, kib(later), "KiB");
report("all of the pane's JavaScript, each file once", kib(before + later), "KiB", baseline);
console.log(`goal (the pane's JavaScript before ready at most ${GOAL_KIB} KiB gzipped): ${kib(before) <= GOAL_KIB ? "met" : "NOT met"}`);

const source = functionsJs.toString("utf8");
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = process.hrtime.bigint();
  const context = vm.createContext({ CustomFunctions: { associate() {}, Error, ErrorCode: {} }, Office: { onReady: () => Promise.resolve({}) } });
  vm.runInContext(source, context);
  runs.push(Number(process.hrtime.bigint() - start) / 1e6);
}
report("functions.js cold start (evaluate in a fresh Node context, best of 5)", Math.min(...runs), "ms");

/** A page that loads office.js (the same stub) and says Ready. once Office.onReady resolves: the floor. */
const FLOOR = `<!doctype html><html><head><meta charset="utf-8"><script src="office/office.js"></script></head><body><p id="status">Loading…</p>
<script>Office.onReady(() => { document.getElementById("status").textContent = "Ready."; });</script></body></html>`;

/** Milliseconds from navigation start to #status reading "Ready.", in a fresh browser context (cold cache). */
async function timeToReady(browser: Browser, origin: string, page: string): Promise<number> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.route("**/office/office.js", (route) => route.fulfill({ contentType: "text/javascript", body: OFFICE_STUB }));
  await tab.route("**/floor.html", (route) => route.fulfill({ contentType: "text/html", body: FLOOR }));
  // Through the debugging protocol: the pane's Content-Security-Policy does not govern it.
  await tab.addInitScript(() => {
    new MutationObserver(() => {
      const w = window as unknown as { readyAt?: number };
      if (w.readyAt === undefined && document.getElementById("status")?.textContent === "Ready.") w.readyAt = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await tab.goto(`${origin}/${page}`);
  await tab.waitForFunction(() => (window as unknown as { readyAt?: number }).readyAt !== undefined, undefined, { timeout: 30_000 });
  const readyAt = await tab.evaluate(() => (window as unknown as { readyAt: number }).readyAt);
  await context.close();
  return readyAt;
}

(async () => {
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.log("time to ready: skipped (chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH)");
    return;
  }
  const server = http.createServer(staticHandler(dist));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const pane: number[] = [];
    const floor: number[] = [];
    await timeToReady(browser, origin, "taskpane.html"); // warm the browser process itself
    for (let i = 0; i < 7; i++) {
      pane.push(await timeToReady(browser, origin, "taskpane.html"));
      floor.push(await timeToReady(browser, origin, "floor.html"));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    report("pane's time to ready in headless chromium (cold cache, median of 7)", median(pane), "ms", { name: "a page with office.js alone", value: median(floor) });
  } finally {
    await browser.close();
    server.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
