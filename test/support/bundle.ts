/*
 * Loads the built dist/functions.js in Node the way Excel would: a fresh global scope with
 * CustomFunctions and Office stubbed, collecting every CustomFunctions.associate call.
 */
import fs from "fs";
import path from "path";
import vm from "vm";

export const DIST = path.resolve(__dirname, "../..", process.env.CEO_DIST ?? "dist");

export class StubCustomFunctionsError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
  }
}

export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export type CustomFunction = (...args: unknown[]) => unknown;

let loaded: Map<string, CustomFunction> | undefined;

export function distFile(name: string): string {
  const file = path.join(DIST, name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  return file;
}

export function loadFunctions(): Map<string, CustomFunction> {
  if (loaded) return loaded;
  const associated = new Map<string, CustomFunction>();
  const context = vm.createContext({
    console,
    CustomFunctions: {
      associate(id: string, fn: CustomFunction) {
        if (associated.has(id)) throw new Error(`${id} associated twice`);
        associated.set(id, fn);
      },
      Error: StubCustomFunctionsError,
      ErrorCode,
    },
    Office: { onReady: (callback?: (info: unknown) => void) => (callback?.({ host: null, platform: null }), Promise.resolve({ host: null, platform: null })) },
  });
  vm.runInContext(fs.readFileSync(distFile("functions.js"), "utf8"), context, { filename: "functions.js" });
  loaded = associated;
  return associated;
}

export function functionsMetadata(): { functions: { id: string; name: string; parameters: { name: string; optional?: boolean }[] }[] } {
  return JSON.parse(fs.readFileSync(distFile("functions.json"), "utf8"));
}

/** Calls a CEO function by id as Excel would, returning the value or the error it threw. */
export function call(id: string, ...args: unknown[]): unknown {
  const fn = loadFunctions().get(id);
  if (!fn) throw new Error(`CEO.${id} is not associated`);
  try {
    return fn(...args);
  } catch (error) {
    return error;
  }
}

/** Asserts a call failed with the given Excel error code and a message matching `pattern`. */
export function expectError(result: unknown, code: string, pattern: RegExp): void {
  if (!(result instanceof StubCustomFunctionsError)) {
    throw new Error(`expected ${code} matching ${pattern}, got ${JSON.stringify(result)}`);
  }
  if (result.code !== code || !pattern.test(result.message)) {
    throw new Error(`expected ${code} matching ${pattern}, got ${result.code}: ${result.message}`);
  }
}
