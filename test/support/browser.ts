/*
 * Real-browser tests: Debian's chromium driven by playwright-core, dist/ served on a local
 * port, every request that leaves that server recorded (and refused).
 */
import fs from "fs";
import http from "http";
import type { AddressInfo } from "net";
import { chromium, type Browser, type Page } from "playwright-core";
import { DIST } from "./bundle";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staticHandler } = require("../../scripts/static-server.cjs");

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => !!p && fs.existsSync(p));
}

/** Skips the suite when chromium is absent, unless CEO_REQUIRE_BROWSER is set (as .ci/run does). */
export function requireChromium(context: Mocha.Context): string {
  const found = chromiumPath();
  if (found) return found;
  if (process.env.CEO_REQUIRE_BROWSER) throw new Error("chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)");
  console.warn("    (chromium not found: browser tests skipped; .ci/run installs it)");
  context.skip();
}

/** Chromium without a GPU, sandbox or any call home (TOOLCHAIN.md): the flags every headless run here uses. */
export const CHROMIUM_FLAGS: readonly string[] = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export interface Session {
  browser: Browser;
  page: Page;
  origin: string;
  offsite: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function openDist(executablePath: string): Promise<Session> {
  const server = http.createServer(staticHandler(DIST));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath,
    args: [...CHROMIUM_FLAGS],
  });
  const page = await browser.newPage();
  const offsite: string[] = [];
  const consoleErrors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url.startsWith("data:")) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  return {
    browser,
    page,
    origin,
    offsite,
    consoleErrors,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An Office/Excel/CustomFunctions stand-in, served instead of office.js. */
export const OFFICE_STUB = `
window.__associated = {};
window.Office = {
  HostType: { Excel: "Excel" },
  onReady: (callback) => {
    const info = { host: "Excel", platform: "OfficeOnline" };
    if (callback) callback(info);
    return Promise.resolve(info);
  },
};
window.CustomFunctions = {
  associate: (id, fn) => {
    if (window.__associated[id]) throw new Error("associated twice: " + id);
    window.__associated[id] = fn;
  },
  Error: class extends Error { constructor(code, message) { super(message); this.code = code; } },
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" },
};
`;

/** The fake workbook of test/support/fakeExcel.ts, bundled for the page: window.__book, window.Excel.run. */
export function fakeExcelScript(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const bundle = esbuild.buildSync({ entryPoints: [require.resolve("./fakeExcel.ts")], bundle: true, format: "iife", globalName: "FakeExcel", write: false, target: "es2020" });
  return `${bundle.outputFiles[0]!.text}
window.__book = new FakeExcel.FakeWorkbook();
window.Excel = { run: (...args) => window.__book.run(...args) }; // Excel.run(batch) or Excel.run(options, batch)`;
}

/** Serves the Office stub (plus the fake workbook) in place of office.js. */
export async function stubOffice(session: Session, withExcel = false): Promise<void> {
  const body = OFFICE_STUB + (withExcel ? fakeExcelScript() : "");
  await session.page.route("**/office/office.js", (route) => route.fulfill({ contentType: "text/javascript", body }));
}

/** dist/taskpane.html open in chromium with Office stubbed (and the fake workbook when `withExcel`), once the pane says Ready. */
export async function openPane(context: Mocha.Context, withExcel = true): Promise<Session> {
  const session = await openDist(requireChromium(context));
  await stubOffice(session, withExcel);
  await session.page.goto(`${session.origin}/taskpane.html`);
  await session.page.waitForFunction(() => document.getElementById("status")?.textContent === "Ready.");
  return session;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each element's selector and axe's summary of what is wrong with it. */
  nodes: string[];
}

/**
 * axe-core's violations on the page as it is now (WCAG 2.x A and AA rules and axe's best
 * practices), less color-contrast on disabled controls: WCAG 1.4.3 exempts text that is "part of
 * an inactive user interface component". Injected through the debugging protocol, which the
 * pane's Content-Security-Policy does not govern.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    // Colours are read once transitions end (a button just enabled fades to its colour).
    await Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined)));
    const axe = (window as any).axe;
    const results = await axe.run(document, { elementRef: true, resultTypes: ["violations"] });
    // (No named functions in here: tsx would wrap them in a __name helper the page does not have.)
    return results.violations
      .map((v: any) => ({
        ...v,
        nodes:
          v.id !== "color-contrast"
            ? v.nodes
            : v.nodes.filter((n: any) => {
                // Up from the element, out of shadow roots (a fluent-button's text is in its shadow DOM).
                for (let e = n.element; e; e = e.parentElement ?? e.getRootNode().host) if (e.matches("[disabled], [aria-disabled=true]")) return false;
                return true;
              }),
      }))
      .filter((v: any) => v.nodes.length > 0)
      .map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => `${n.target.join(" >>> ")}: ${n.failureSummary}`) }));
  });
}

/** Every request of the fake workbook (the pane opened with Excel) takes `ms` more, as Excel's round trips do: the page repaints and takes clicks meanwhile. */
export async function slowExcel(page: Page, ms: number): Promise<void> {
  await page.evaluate((delay) => {
    const book = (window as any).__book;
    const run = book.run;
    book.run = (...args: any[]) => {
      const batch = args[args.length - 1];
      const options = args.length > 1 ? args[0] : {};
      return run(options, (context: any) => {
        const sync = context.sync.bind(context);
        context.sync = async (value?: unknown) => {
          await new Promise((resolve) => setTimeout(resolve, delay));
          return sync(value);
        };
        return batch(context);
      });
    };
  }, ms);
}
