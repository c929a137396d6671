import assert from "assert";
import fs from "fs";
import { call, distFile, expectError, functionsMetadata, loadFunctions } from "../support/bundle";
import { scriptSources } from "../support/csp";

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

  it("reads Excel's trailing invocation object as an omitted argument (metadata cached from an older release)", () => {
    const invocation = { address: "Sheet1!A1", functionName: "CEO.FEE" };
    assert.strictEqual(call("FEE", 25_000_000, invocation), 900_000); // old metadata: priorGross unknown to Excel
    assert.strictEqual(call("FEE", 25_000_000, null, null, invocation), 900_000);
    assert.strictEqual(call("NET", 25_000_000, 0, invocation), 24_100_000);
    assert.deepStrictEqual(Array.from((call("WARRANTS", [[12345]], [[4]], invocation) as number[][])[0]!), [1234, 5.2]);
    assert.strictEqual(call("SETTLE", 37195, invocation), 37200);
    assert.strictEqual(call("CONVSHARES", 1_000_000, [[4], [4], [4], [4], [4], [4], [4], [4], [4], [4]], invocation), 247524);
  });

  it("reads a data-type argument by its basicValue, and refuses an entity with #VALUE! (test/functions/dataTypes.test.ts has the cases)", () => {
    assert.strictEqual(call("FEE", 20_000_000, 0, [[{ type: "FormattedNumber", basicValue: 0.04, numberFormat: "0%" }]]), 800_000);
    expectError(call("FEE", 20_000_000, 0, [[{ type: "Entity", text: "Microsoft", basicType: "Error", basicValue: "#VALUE!" }]]), "#VALUE!", /schedule is an Entity value "Microsoft": expected a number/);
  });
});

describe("dist/taskpane.html's scripts: the core once", () => {
  // The shared runtime runs the pane and the functions in one page, taskpane.html, which loads
  // functions.js itself (manifest.xml: <Runtime>, <Page> and <FunctionFile> all Taskpane.Url).
  const html = fs.readFileSync(distFile("taskpane.html"), "utf8");
  const scripts = scriptSources(html).filter((src) => !/(^|\/)office\.js$/.test(src));
  const text = scripts.map((src) => fs.readFileSync(distFile(src), "utf8"));
  const copies = (signature: RegExp) => text.reduce((n, t) => n + (t.match(new RegExp(signature, "g"))?.length ?? 0), 0);

  it("loads functions.js first, then the pane's own script", () => {
    assert.deepStrictEqual(scripts, ["functions.js", "taskpane.js"]);
  });

  it("holds one copy of decimal.js (its error prefix, a string every copy has)", () => {
    assert.strictEqual(copies(/\[DecimalError\] /), 1);
  });

  it("holds one copy of src/core (the project's Decimal clone in core/decimal.ts)", () => {
    assert.strictEqual(copies(/toExpNeg:\s*-40/), 1);
  });

  it("holds one copy of the function wrappers: every function is associated once in the page's realm", () => {
    assert.strictEqual(copies(/CustomFunctions\.associate\("FEE",/), 1);
  });

  it("leaves the import, Reconcile, Prepare for sharing, the report, Check compliance and the New deal form to chunks beside it, fetched on first use (src/taskpane/chunks.ts)", () => {
    assert.strictEqual(copies(/IS_PAPA_WORKER/), 0, "papaparse is loaded with the pane");
    // core/formulas.ts's signature of VWAP's arguments: the native-formula builders of Prepare for sharing.
    assert.strictEqual(copies(/shares\[\] prices\[\] decimals#\?/), 0, "the native-formula builders are loaded with the pane");
    // compliance/apply.ts's refusal without a register, and termsForm.ts's fee schedule label: each only in its chunk.
    assert.strictEqual(copies(/through New deal, then check again/), 0, "Check compliance's code is loaded with the pane");
    assert.strictEqual(copies(/Fee schedule of agreement/), 0, "the New deal form's code is loaded with the pane");
    for (const chunk of ["import.js", "formulas.js", "reconcile.js", "share.js", "report.js", "compliance.js", "termsForm.js", "registerCsv.js"]) assert.ok(fs.existsSync(distFile(chunk)), `${chunk} is missing`);
    assert.match(fs.readFileSync(distFile("import.js"), "utf8"), /IS_PAPA_WORKER/, "papaparse is not in the import's chunk");
  });
});
