import assert from "assert";
import { call, functionsMetadata, loadFunctions } from "../support/bundle";

describe("dist/functions.js in Node", () => {
  it("associates every id of functions.json with a function, and nothing else", () => {
    const ids = functionsMetadata().functions.map((f) => f.id).sort();
    assert.ok(ids.length > 0, "functions.json lists no functions");
    assert.deepStrictEqual([...loadFunctions().keys()].sort(), ids);
  });

  it("ids are the upper-case names, all in the CEO namespace's style", () => {
    for (const f of functionsMetadata().functions) {
      assert.match(f.id, /^[A-Z][A-Z0-9]*$/);
      assert.strictEqual(f.name, f.id);
    }
  });

  it("runs CEO.FEE end to end: the seed's $900,000 on $25M", () => {
    assert.strictEqual(call("FEE", 25_000_000, null, null), 900_000);
  });
});
