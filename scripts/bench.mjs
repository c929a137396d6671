// npm run bench [name...]: bundles each bench/*.bench.ts with esbuild (as the production bundles
// are built: no tsx name-keeping wrappers around every closure) and runs each in a fresh Node
// process, so one bench's warm caches (the calendar table, JIT) do not flatter another.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".bench.ts") && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
let failed = false;
for (const file of benches) {
  // Written inside the project so that its externals (esbuild) resolve from node_modules.
  const out = path.join(root, ".bench", file.replace(/\.ts$/, ".cjs"));
  await build({ entryPoints: [path.join(root, "bench", file)], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: out, external: ["esbuild", "playwright-core"], logLevel: "warning", logOverride: { "require-resolve-not-external": "silent" } });
  console.log(`# ${file}`);
  const run = spawnSync(process.execPath, [out], { stdio: "inherit", cwd: root });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
