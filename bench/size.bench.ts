/* Bundle sizes (minified, gzipped) against decimal.js alone, and the functions bundle's cold start in Node. */
import { buildSync } from "esbuild";
import fs from "fs";
import path from "path";
import vm from "vm";
import zlib from "zlib";
import { report } from "./harness";

const dist = path.resolve(process.env.CEO_DIST ?? "dist");
const file = (name: string) => {
  const p = path.join(dist, name);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm run build\` first`);
  return fs.readFileSync(p);
};
const gzip = (bytes: Buffer | Uint8Array) => zlib.gzipSync(bytes, { level: 9 }).length;

// The baseline: decimal.js alone, minified the same way (esbuild), then gzipped.
const decimalOnly = buildSync({ entryPoints: [path.resolve("node_modules/decimal.js/decimal.js")], bundle: true, minify: true, write: false, format: "iife" }).outputFiles[0]!.contents;
const baseline = { name: "decimal.js alone", value: gzip(decimalOnly) / 1024 };
report("decimal.js minified+gzipped", baseline.value, "KiB");
report("functions.js minified+gzipped", gzip(file("functions.js")) / 1024, "KiB", baseline);
report("taskpane.js minified+gzipped", gzip(file("taskpane.js")) / 1024, "KiB", baseline);

const source = file("functions.js").toString("utf8");
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = process.hrtime.bigint();
  const context = vm.createContext({ CustomFunctions: { associate() {}, Error, ErrorCode: {} }, Office: { onReady: () => Promise.resolve({}) } });
  vm.runInContext(source, context);
  runs.push(Number(process.hrtime.bigint() - start) / 1e6);
}
report("functions.js cold start (evaluate in a fresh Node context, best of 5)", Math.min(...runs), "ms");
