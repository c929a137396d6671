// npm run build:prod -- --url https://host/path/  (or CEO_URL_PROD=https://host/path/ npm run build:prod)
// A release build of dist/ for the firm's https host: minified, bundles named by content, manifest.xml
// pointing only at that base URL. A bad or missing URL is one line on stderr, exit code 1, nothing built.
//
// office.js comes from Microsoft's CDN (https://appsforoffice.microsoft.com/lib/1/hosted/office.js),
// the only copy Microsoft supports. `--bundle-office-js` (or CEO_BUNDLE_OFFICE_JS=1) ships the pinned
// npm copy in dist/office/ instead, for firms whose network blocks the CDN: docs/DEPLOY.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { releaseUrlProblem } = require("./release-url.cjs");

function fail(message) {
  console.error(`build:prod: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
let flag;
let bundleFlag = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--url") flag = args[++i] ?? "";
  else if (args[i].startsWith("--url=")) flag = args[i].slice("--url=".length);
  else if (args[i] === "--bundle-office-js") bundleFlag = true;
  else fail(`unknown argument "${args[i]}": the options are --url https://host/path/ and --bundle-office-js`);
}
// `npm run build:prod --url x` (without the `--`) reaches us as npm's own config npm_config_url, and
// `--bundle-office-js` as npm_config_bundle_office_js.
const url = flag ?? process.env.npm_config_url ?? process.env.CEO_URL_PROD;
const problem = releaseUrlProblem(url);
if (problem) fail(problem);
const yes = (value) => value !== undefined && value !== "" && value !== "0" && value !== "false";
const bundleOfficeJs = bundleFlag || yes(process.env.npm_config_bundle_office_js) || yes(process.env.CEO_BUNDLE_OFFICE_JS);

const dist = path.resolve(root, process.env.CEO_DIST ?? "dist");
const officeJs = bundleOfficeJs ? "office.js bundled in office/" : "office.js from Microsoft's CDN";
console.log(`Building a release of ${path.relative(process.cwd(), dist) || dist} for ${url} (${officeJs}) ...`);
const env = ["--env", `urlProd=${url}`, ...(bundleOfficeJs ? ["--env", "bundleOfficeJs"] : [])];
const build = spawnSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production", ...env], {
  cwd: root,
  encoding: "utf8",
});
if (build.status !== 0) {
  const firstError = (build.stdout + build.stderr).split("\n").find((line) => /error/i.test(line)) ?? "see `npx webpack --mode production`";
  fail(`the build failed: ${firstError.trim()}`);
}

const manifest = fs.readFileSync(path.join(dist, "manifest.xml"), "utf8");
if (/localhost/i.test(manifest)) fail(`${path.join(dist, "manifest.xml")} still names localhost: is manifest.xml written for https://localhost:3000/?`);

const kb = (file) => (fs.existsSync(path.join(dist, file)) ? `${(fs.statSync(path.join(dist, file)).size / 1024).toFixed(1)} kB` : "missing");
const bundles = fs.readdirSync(dist).filter((file) => /\.[0-9a-f]{8}\.js$/.test(file));
console.log(`Built ${path.relative(process.cwd(), dist) || dist}/ for ${url}:`);
for (const file of [...bundles, "taskpane.html", "functions.json", "manifest.xml"]) console.log(`  ${file.padEnd(28)} ${kb(file)}`);
console.log(bundleOfficeJs ? `  ${"office/".padEnd(28)} office.js ${officeJsVersion()}, pinned` : `  office.js: https://appsforoffice.microsoft.com/lib/1/hosted/office.js`);
console.log(`Upload everything in it to ${url} (keep the previous release's *.js files), then deploy manifest.xml: docs/DEPLOY.md.`);

function officeJsVersion() {
  return JSON.parse(fs.readFileSync(require.resolve("@microsoft/office-js/package.json"), "utf8")).version;
}
