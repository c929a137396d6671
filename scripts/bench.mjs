// npm run bench: bundles bench/run.ts with esbuild (as the production bundles are built: no
// tsx name-keeping wrappers around every closure) and runs it in this Node process's place.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Written inside the project so that its externals (esbuild) resolve from node_modules.
const out = path.join(root, ".bench", "bench.cjs");
const benches = fs.readdirSync(path.join(root, "bench")).filter((f) => f.endsWith(".bench.ts")).sort();
const only = process.argv.slice(2);
const entry = benches
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => `console.log("# ${f}");\nawait import(${JSON.stringify(path.join(root, "bench", f))});`)
  .join("\n");
await build({
  stdin: { contents: `(async () => {\n${entry}\n})();`, resolveDir: root, loader: "ts" },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outfile: out,
  external: ["esbuild"],
  logLevel: "warning",
});
const run = spawnSync(process.execPath, [out], { stdio: "inherit", cwd: root });
process.exit(run.status ?? 1);
