/*
 * A release's dist/ the way a firm hosts it: Node's https with a certificate from
 * office-addin-dev-certs, the files under a path prefix (https://host/ceo/...), and chromium told
 * that the release's host name is this server, so the pane loads from the very URLs the manifest names.
 */
import fs from "fs";
import https from "https";
import type { AddressInfo } from "net";
import path from "path";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, type Session } from "./browser";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staticHandler } = require("../../scripts/static-server.cjs");

/** A CA, a certificate for `hosts` and its key, made by office-addin-dev-certs in `dir`. */
export async function certificates(dir: string, hosts: string[]): Promise<{ cert: Buffer; key: Buffer }> {
  const files = { ca: path.join(dir, "ca.crt"), cert: path.join(dir, "host.crt"), key: path.join(dir, "host.key") };
  const { generateCertificates } = await import("office-addin-dev-certs");
  const log = console.log;
  console.log = () => {}; // it announces every certificate it makes
  try {
    await generateCertificates(files.ca, files.cert, files.key, 1, hosts);
  } finally {
    console.log = log;
  }
  return { cert: fs.readFileSync(files.cert), key: fs.readFileSync(files.key) };
}

export interface HttpsServer {
  port: number;
  requests: string[];
  close(): Promise<void>;
}

/** Serves `dist` over https at `prefix` (e.g. "/ceo/") on 127.0.0.1; anything outside the prefix is 404. */
export async function serveHttps(dist: string, prefix: string, tls: { cert: Buffer; key: Buffer }): Promise<HttpsServer> {
  const files = staticHandler(dist);
  const requests: string[] = [];
  const server = https.createServer(tls, (req, res) => {
    requests.push(req.url ?? "");
    if (!req.url?.startsWith(prefix)) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end(`not under ${prefix}`);
      return;
    }
    req.url = "/" + req.url.slice(prefix.length);
    files(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Chromium resolving `host` to the local server and accepting its self-signed certificate. Every
 * request outside `base` (https://host/prefix/) is recorded in `offsite` and refused.
 */
export async function openRelease(executablePath: string, base: string, port: number): Promise<Session> {
  const host = new URL(base).hostname;
  const browser = await chromium.launch({
    executablePath,
    args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${host} 127.0.0.1:${port}`],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const offsite: string[] = [];
  const consoleErrors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  return { browser, page, origin: new URL(base).origin, offsite, consoleErrors, close: () => browser.close() };
}
