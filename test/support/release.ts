/*
 * Release builds (npm run build:prod) for the tests in test/release/: the build itself, the URLs of
 * its manifest, and Microsoft's office.js CDN played in chromium by the pinned npm copy.
 */
import { spawnSync } from "child_process";
import fs from "fs";
import path from "path";
import type { Session } from "./browser";

export const ROOT = path.resolve(__dirname, "../..");
export const BASE = "https://addins.example.com/ceo/";
/** The reference Microsoft asks for: https://www.npmjs.com/package/@microsoft/office-js (README). */
export const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const OFFICE_JS_ORIGIN = new URL(OFFICE_JS_CDN).origin;
const PINNED = path.join(ROOT, "node_modules/@microsoft/office-js/dist");

/** Runs scripts/build-prod.mjs with only the URL and office.js sources we give it. */
export function buildProd(args: string[], dist: string, env: Record<string, string> = {}) {
  const ours = ["CEO_URL_PROD", "npm_config_url", "CEO_BUNDLE_OFFICE_JS", "npm_config_bundle_office_js"];
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ours.includes(k)));
  return spawnSync(process.execPath, [path.join(ROOT, "scripts/build-prod.mjs"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...clean, CEO_DIST: dist, ...env },
    timeout: 300_000,
  });
}

/** Every URL in the manifest's attributes and text, the XML namespaces aside. */
export function manifestUrls(xml: string): string[] {
  const withoutNamespaces = xml.replace(/\sxmlns(:\w+)?="[^"]*"/g, "");
  return [...withoutNamespaces.matchAll(/["<>]([a-z][a-z0-9+.-]*:\/\/[^"<]*)/gi)].map((m) => m[1]!);
}

/**
 * Serves Microsoft's office.js CDN (https://appsforoffice.microsoft.com/lib/1/hosted/...) in the page
 * from the pinned npm copy (the CDN's own files, as of the package's version; no internet here), or
 * `officeJs` in place of office.js itself. Returns every URL asked of that origin, and those the CDN
 * would not have. Registered after openRelease's catch-all, so it takes precedence for that origin
 * only: anything else stays offsite.
 */
export async function playOfficeCdn(session: Session, officeJs?: string): Promise<{ asked: string[]; missing: string[] }> {
  const asked: string[] = [];
  const missing: string[] = [];
  const folder = new URL(".", OFFICE_JS_CDN).href;
  await session.page.route(`${OFFICE_JS_ORIGIN}/**`, (route) => {
    const url = route.request().url();
    asked.push(url);
    if (officeJs !== undefined && url === OFFICE_JS_CDN) return route.fulfill({ contentType: "text/javascript", body: officeJs });
    const file = url.startsWith(folder) ? path.join(PINNED, decodeURIComponent(new URL(url).pathname.slice(new URL(folder).pathname.length))) : "";
    if (!file.startsWith(PINNED + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      missing.push(url);
      return route.fulfill({ status: 404, body: "not on the CDN" });
    }
    return route.fulfill({ path: file, contentType: file.endsWith(".js") ? "text/javascript" : undefined });
  });
  return { asked, missing };
}
