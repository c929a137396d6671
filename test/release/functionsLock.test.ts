/*
 * The CEO.* ids are a public API: dist/functions.json must keep every id and parameter list that
 * functions.lock.json says was released. The checker itself is tried on modified copies.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { functionsMetadata } from "../support/bundle";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lockOf, lockProblems, lockAdditions, formatLock } = require("../../scripts/functions-lock.cjs");

const LOCK_FILE = path.resolve(__dirname, "../../functions.lock.json");
const lockText = fs.readFileSync(LOCK_FILE, "utf8");
const lock = JSON.parse(lockText);

type Metadata = { functions: { id: string; name: string; result: any; parameters: any[] }[] };
/** A modified copy of the built functions.json. */
function edited(change: (m: Metadata) => void): Metadata {
  const copy = structuredClone(functionsMetadata()) as Metadata;
  change(copy);
  return copy;
}
const fn = (m: Metadata, id: string) => m.functions.find((f) => f.id === id)!;

describe("functions.lock.json: the released API", () => {
  it("is kept by dist/functions.json: every released id, parameter order, name, type and optionality", () => {
    assert.deepStrictEqual(lockProblems(lock, functionsMetadata()), []);
  });

  it("names the functions not released yet (npm version records them)", () => {
    // A new function may go unrecorded until the release that ships it; say which, without failing.
    const pending = lockAdditions(lock, functionsMetadata());
    if (pending.length) console.log(`      not yet released: ${pending.join("; ")}`);
    assert.ok(Object.keys(lock.functions).length >= 22);
  });

  it("is written exactly as the lock tools write it (one parameter per line)", () => {
    assert.strictEqual(formatLock(lock), lockText);
  });

  it("records, per parameter, the name, type, dimensionality and optionality", () => {
    assert.deepStrictEqual(lock.functions.FEE.parameters, [
      { name: "gross", type: "number", dimensionality: "scalar", optional: false },
      { name: "priorGross", type: "number", dimensionality: "scalar", optional: true },
      { name: "schedule", type: "any", dimensionality: "matrix", optional: true },
    ]);
    assert.deepStrictEqual(lock.functions.WARRANTS.result, { type: "number", dimensionality: "matrix" });
  });
});

describe("the functions lock checker, on modified copies of functions.json", () => {
  const cases: [string, (m: Metadata) => void, RegExp | RegExp[]][] = [
    ["a removed id", (m) => (m.functions = m.functions.filter((f) => f.id !== "FEE")), /^CEO\.FEE was released and is gone/],
    [
      "reordered parameters",
      (m) => fn(m, "FEE").parameters.reverse(),
      [/^CEO\.FEE parameter 1 \(gross\) moved to position 3: parameters may not be reordered$/, /^CEO\.FEE parameter 3 \(schedule\) moved to position 1/],
    ],
    ["a renamed parameter", (m) => (fn(m, "VWAP").parameters[1].name = "price"), /^CEO\.VWAP parameter 2 \(prices\) was renamed to price$/],
    ["a removed trailing optional parameter", (m) => fn(m, "BSWARRANT").parameters.pop(), /^CEO\.BSWARRANT parameter 7 \(decimals\) was removed/],
    ["a type change", (m) => (fn(m, "SETTLE").parameters[0].type = "string"), /^CEO\.SETTLE parameter 1 \(tradeDate\) type changed from number to string$/],
    ["a range that became a scalar", (m) => delete fn(m, "VWAP").parameters[0].dimensionality, /^CEO\.VWAP parameter 1 \(shares\) changed from matrix to scalar$/],
    ["optional to required", (m) => delete fn(m, "FEE").parameters[1].optional, /^CEO\.FEE parameter 2 \(priorGross\) was optional and is now required$/],
    ["a new required parameter", (m) => fn(m, "DILUTION").parameters.push({ name: "basis", type: "number" }), /^CEO\.DILUTION gained a required parameter basis/],
    ["a result that spills now", (m) => (fn(m, "FEE").result.dimensionality = "matrix"), /^CEO\.FEE result dimensionality changed from scalar to matrix$/],
    ["a renamed function", (m) => (fn(m, "NET").name = "NETPROCEEDS"), /^CEO\.NET is now named NETPROCEEDS/],
  ];
  for (const [name, change, messages] of cases) {
    it(`catches ${name}`, () => {
      const problems: string[] = lockProblems(lock, edited(change));
      const expected = [messages].flat();
      assert.strictEqual(problems.length, expected.length, problems.join("\n"));
      expected.forEach((message, i) => assert.match(problems[i]!, message));
    });
  }

  it("allows a new function, a new trailing optional parameter and a required one made optional", () => {
    const grown = edited((m) => {
      m.functions.push({ id: "FEECAP", name: "FEECAP", result: { type: "number" }, parameters: [{ name: "gross", type: "number" }] });
      fn(m, "FEE").parameters.push({ name: "decimals", type: "number", optional: true });
      fn(m, "DILUTION").parameters[1].optional = true;
    });
    assert.deepStrictEqual(lockProblems(lock, grown), []);
    assert.deepStrictEqual(lockAdditions(lock, grown), ["CEO.DILUTION parameter outstanding is now optional", "CEO.FEE has a new optional parameter decimals", "CEO.FEECAP is new"]);
    // Once recorded, the new parameter is released too: dropping it later is caught.
    const next = JSON.parse(formatLock(lockOf(grown)));
    assert.match(lockProblems(next, functionsMetadata()).join("\n"), /CEO\.FEECAP was released and is gone/);
    assert.match(lockProblems(next, functionsMetadata()).join("\n"), /CEO\.FEE parameter 4 \(decimals\) was removed/);
  });

  it("changes nothing for descriptions", () => {
    assert.deepStrictEqual(lockProblems(lock, edited((m) => m.functions.forEach((f) => f.parameters.forEach((p) => (p.description = "reworded"))))), []);
  });
});
