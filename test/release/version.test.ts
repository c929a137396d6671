/* npm version: package.json's X.Y.Z becomes the manifest's X.Y.Z.0, a CHANGELOG heading and the released functions. */
import assert from "assert";
import { spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { DIST } from "../support/bundle";

const ROOT = path.resolve(__dirname, "../..");
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), "utf8");

/** A copy of the files `npm version` touches, package.json at `version`, and dist/functions.json. */
function project(version: string, functionsJson = read(DIST, "functions.json")): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-version-"));
  for (const name of ["manifest.xml", "CHANGELOG.md", "functions.lock.json"]) fs.copyFileSync(path.join(ROOT, name), path.join(dir, name));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "ceo-addin", version }));
  fs.mkdirSync(path.join(dir, "dist"));
  fs.writeFileSync(path.join(dir, "dist", "functions.json"), functionsJson);
  return dir;
}
function runVersion(dir: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CEO_DIST"));
  return spawnSync(process.execPath, [path.join(ROOT, "scripts/version.mjs")], { cwd: dir, encoding: "utf8", env });
}

describe("versioning", () => {
  it("manifest.xml's <Version> is package.json's version with .0", () => {
    const { version } = JSON.parse(read(ROOT, "package.json"));
    assert.match(read(ROOT, "manifest.xml"), new RegExp(`<Version>${version.replace(/\./g, "\\.")}\\.0</Version>`));
    assert.match(read(ROOT, "CHANGELOG.md"), new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"));
  });

  it("npm version's step sets the manifest, heads the unreleased notes with the version, records new functions", () => {
    const metadata = JSON.parse(read(DIST, "functions.json"));
    metadata.functions.push({ id: "FEECAP", name: "FEECAP", description: "", result: { type: "number" }, parameters: [{ name: "gross", type: "number" }] });
    const dir = project("0.2.0", JSON.stringify(metadata));
    const run = runVersion(dir);
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /released CEO\.FEECAP is new/);

    assert.match(read(dir, "manifest.xml"), /<Version>0\.2\.0\.0<\/Version>/);
    assert.strictEqual(read(dir, "manifest.xml").match(/<Version>/g)!.length, 1);
    const changelog = read(dir, "CHANGELOG.md");
    const today = new Date().toISOString().slice(0, 10);
    const unreleased = changelog.indexOf("## [Unreleased]");
    const released = changelog.indexOf(`## [0.2.0] - ${today}`);
    assert.ok(unreleased >= 0 && released > unreleased, changelog.slice(0, 800));
    // What was under Unreleased is now under 0.2.0, and Unreleased is empty.
    assert.strictEqual(changelog.slice(unreleased, released).trim(), "## [Unreleased]");
    assert.ok(changelog.indexOf("### Added", released) < changelog.indexOf("## [0.1.0]"));
    assert.ok(JSON.parse(read(dir, "functions.lock.json")).functions.FEECAP);

    // Run twice (say after a failed commit): nothing doubles.
    assert.strictEqual(runVersion(dir).status, 0);
    assert.strictEqual(read(dir, "CHANGELOG.md"), changelog);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a pre-release version (a manifest <Version> is digits only) and a release that breaks a formula", () => {
    const beta = project("0.2.0-beta.1");
    const run = runVersion(beta);
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /^version: 0\.2\.0-beta\.1 is not X\.Y\.Z[^\n]*\n$/);
    assert.strictEqual(read(beta, "manifest.xml"), read(ROOT, "manifest.xml"));

    const metadata = JSON.parse(read(DIST, "functions.json"));
    metadata.functions = metadata.functions.filter((f: { id: string }) => f.id !== "FEE");
    const breaking = project("0.2.0", JSON.stringify(metadata));
    const refused = runVersion(breaking);
    assert.strictEqual(refused.status, 1);
    assert.match(refused.stderr, /^version: CEO\.FEE was released and is gone/);
    assert.strictEqual(read(breaking, "functions.lock.json"), read(ROOT, "functions.lock.json"));
    for (const dir of [beta, breaking]) fs.rmSync(dir, { recursive: true, force: true });
  });
});
