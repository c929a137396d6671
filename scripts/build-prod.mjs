// npm run build:prod -- --url https://host/path/  (or CEO_URL_PROD=https://host/path/ npm run build:prod)
// A release build of dist/ for the firm's https host: minified, bundles named by content, manifest.xml
// pointing only at that base URL. A bad or missing URL is one line on stderr, exit code 1, nothing built.
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
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--url") flag = args[++i] ?? "";
  else if (args[i].startsWith("--url=")) flag = args[i].slice("--url=".length);
  else fail(`unknown argument "${args[i]}": the only option is --url https://host/path/`);
}
// `npm run build:prod --url x` (without the `--`) reaches us as npm's own config npm_config_url.
const url = flag ?? process.env.npm_config_url ?? process.env.CEO_URL_PROD;
const problem = releaseUrlProblem(url);
if (problem) fail(problem);

const dist = path.resolve(root, process.env.CEO_DIST ?? "dist");
console.log(`Building a release of ${path.relative(process.cwd(), dist) || dist} for ${url} ...`);
const build = spawnSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production", "--env", `urlProd=${url}`], {
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
console.log(`Upload everything in it to ${url} (keep the previous release's *.js files), then deploy manifest.xml: docs/DEPLOY.md.`);
