// npm run lock:functions [-- --allow-breaking]: record the freshly built dist/functions.json as the
// released API in functions.lock.json. A change that breaks saved formulas (a removed id, a
// reordered, renamed, retyped or newly required parameter) is refused unless --allow-breaking says
// it is meant, which also calls for a major version (`npm version major`).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { lockOf, lockProblems, lockAdditions, formatLock } = createRequire(import.meta.url)("./functions-lock.cjs");
const args = process.argv.slice(2);
const allowBreaking = args.includes("--allow-breaking");
for (const arg of args.filter((a) => a !== "--allow-breaking")) {
  console.error(`lock:functions: unknown argument "${arg}": the only option is --allow-breaking`);
  process.exit(1);
}

const metadata = path.resolve(root, process.env.CEO_DIST ?? "dist", "functions.json");
const lockFile = path.join(root, "functions.lock.json");
if (!fs.existsSync(metadata)) {
  console.error(`lock:functions: ${metadata} is missing: run npm run build first`);
  process.exit(1);
}
const current = JSON.parse(fs.readFileSync(metadata, "utf8"));
const lock = fs.existsSync(lockFile) ? JSON.parse(fs.readFileSync(lockFile, "utf8")) : { functions: {} };

const problems = lockProblems(lock, current);
if (problems.length && !allowBreaking) {
  for (const problem of problems) console.error(`lock:functions: ${problem}`);
  console.error("lock:functions: these break saved workbooks; nothing written. If that is meant: npm run lock:functions -- --allow-breaking, then npm version major.");
  process.exit(1);
}
const next = formatLock(lockOf(current));
if (fs.existsSync(lockFile) && fs.readFileSync(lockFile, "utf8") === next) {
  console.log("lock:functions: functions.lock.json already matches dist/functions.json");
  process.exit(0);
}
for (const line of lockAdditions(lock, current)) console.log(`lock:functions: ${line}`);
for (const problem of problems) console.log(`lock:functions: BREAKING, accepted: ${problem}`);
fs.writeFileSync(lockFile, next);
console.log(`lock:functions: wrote functions.lock.json (${Object.keys(current.functions).length} functions)`);
