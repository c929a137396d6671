/*
 * dist/functions.js evaluated as Excel's runtime evaluates it: a plain script in this realm (in the
 * shared runtime it runs in the page's realm, loaded by taskpane.html), with CustomFunctions stubbed
 * to collect each CustomFunctions.associate call. What users run, not the TypeScript source.
 */
import fs from "fs";
import path from "path";
import vm from "vm";

export type Associated = (...args: any[]) => any;

class CustomFunctionsError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
  }
}

/** The functions of dist/functions.js by id, and which build it is (development builds are not minified). */
export function builtFunctions(): { functions: Map<string, Associated>; build: string } {
  const file = path.resolve(process.env.CEO_DIST ?? "dist", "functions.js");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  const functions = new Map<string, Associated>();
  const global = globalThis as any;
  global.CustomFunctions = {
    associate: (id: string, fn: Associated) => functions.set(id, fn),
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" },
  };
  global.Office ??= { onReady: () => Promise.resolve({ host: null, platform: null }) };
  const source = fs.readFileSync(file, "utf8");
  vm.runInThisContext(source, { filename: file });
  if (functions.size === 0) throw new Error(`${file} associated no function`);
  const build = `${path.relative(process.cwd(), file)}, ${source.includes("/******/") ? "development build (npm run build for the release's)" : "production build"}`;
  return { functions, build };
}

/** The function `id` of the built bundle, throwing if it is not there. */
export function fn(functions: Map<string, Associated>, id: string): Associated {
  const found = functions.get(id);
  if (!found) throw new Error(`dist/functions.js associates no ${id}`);
  return found;
}
