/* The README's function table promises a result for each example: hold it to that, through the built bundle. */
import assert from "assert";
import fs from "fs";
import path from "path";
import { call, functionsMetadata } from "./support/bundle";

const readme = fs.readFileSync(path.resolve(__dirname, "../README.md"), "utf8");
const EXAMPLE = /^\| `([A-Z0-9]+)\(.*?\| `=CEO\.([A-Z0-9]+)\((.*)\)` → ([-0-9., ]+?)(?: \(.*?\))? \|/gm;

/** Splits Excel arguments at top-level commas. */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "," && depth === 0) {
      args.push(current);
      current = "";
      continue;
    }
    if (ch === "(" || ch === "{") depth++;
    if (ch === ")" || ch === "}") depth--;
    current += ch;
  }
  args.push(current);
  return text === "" ? [] : args;
}

/** The argument forms the examples use: numbers, empty, DATE(y,m,d), {a;b} columns and {a,b} rows. */
function evaluate(arg: string): unknown {
  const t = arg.trim();
  if (t === "") return null;
  const date = t.match(/^DATE\((\d+),(\d+),(\d+)\)$/);
  if (date) return Math.round((Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!) - Date.UTC(1899, 11, 30)) / 86_400_000);
  const array = t.match(/^\{(.*)\}$/);
  if (array) return array[1]!.split(";").map((row) => row.split(",").map(Number));
  assert.match(t, /^-?[0-9.]+$/, `unsupported example argument ${t}`);
  return Number(t);
}

describe("README function table", () => {
  const examples = [...readme.matchAll(EXAMPLE)];

  it("has an example for every function in functions.json", () => {
    const documented = examples.map((m) => m[1]).sort();
    assert.deepStrictEqual(documented, functionsMetadata().functions.map((f) => f.id).sort());
  });

  for (const [, id, exampleId, args, expected] of examples) {
    it(`=CEO.${exampleId}(${args}) gives ${expected}`, () => {
      assert.strictEqual(exampleId, id);
      const params = functionsMetadata().functions.find((f) => f.id === id)!.parameters;
      const values = splitArgs(args!).map(evaluate);
      while (values.length < params.length) values.push(null);
      const result = call(id!, ...values);
      const want = expected!.split(",").map((x) => Number(x.trim()));
      assert.deepStrictEqual(Array.isArray(result) ? Array.from(result.flat()) : [result], want);
    });
  }
});
