// The npm "version" lifecycle step (`npm version <major|minor|patch>`): package.json already holds
// the new X.Y.Z. Make manifest.xml's <Version> X.Y.Z.0, give CHANGELOG.md's unreleased notes the
// new version's heading, and record the functions being released in functions.lock.json; npm then
// commits these with package.json. Runs in the package root, as npm runs it.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const root = process.cwd();
const { lockOf, lockProblems, lockAdditions, formatLock } = createRequire(import.meta.url)("./functions-lock.cjs");

function fail(message) {
  console.error(`version: ${message}`);
  process.exit(1);
}
const file = (name) => path.join(root, name);

const { version } = JSON.parse(fs.readFileSync(file("package.json"), "utf8"));
if (!/^\d+\.\d+\.\d+$/.test(version)) fail(`${version} is not X.Y.Z: an Office manifest <Version> takes digits only (no pre-release tag)`);

// The lock is checked before any file is written: a refused release changes nothing.
// preversion (npm test) has just built dist/ and checked it against the lock.
const metadata = path.resolve(root, process.env.CEO_DIST ?? "dist", "functions.json");
if (!fs.existsSync(metadata)) fail(`${metadata} is missing: run npm run build (npm version runs npm test first, which builds it)`);
const current = JSON.parse(fs.readFileSync(metadata, "utf8"));
const lock = JSON.parse(fs.readFileSync(file("functions.lock.json"), "utf8"));
const problems = lockProblems(lock, current);
if (problems.length) fail(`${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more: npm run lock:functions lists them)` : ""}`);

const manifest = fs.readFileSync(file("manifest.xml"), "utf8");
if (!/<Version>[^<]*<\/Version>/.test(manifest)) fail("manifest.xml has no <Version> element");
fs.writeFileSync(file("manifest.xml"), manifest.replace(/<Version>[^<]*<\/Version>/, `<Version>${version}.0</Version>`));

const changelog = fs.readFileSync(file("CHANGELOG.md"), "utf8");
const heading = `## [${version}] - ${new Date().toISOString().slice(0, 10)}`;
if (!changelog.includes(`## [${version}]`)) {
  const unreleased = /^## \[Unreleased\][^\n]*\n/m;
  const next = unreleased.test(changelog)
    ? changelog.replace(unreleased, (line) => `${line}\n${heading}\n`)
    : changelog.replace(/^## \[/m, `${heading}\n\n## [`);
  fs.writeFileSync(file("CHANGELOG.md"), next.includes(heading) ? next : `${changelog.trimEnd()}\n\n${heading}\n`);
}

for (const line of lockAdditions(lock, current)) console.log(`version: released ${line}`);
fs.writeFileSync(file("functions.lock.json"), formatLock(lockOf(current)));
console.log(`version: manifest.xml <Version>${version}.0</Version>; CHANGELOG.md "${heading.slice(3)}"`);
