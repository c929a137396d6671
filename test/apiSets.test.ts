/*
 * The API-set check (issue 15): every Excel / Office / OfficeExtension / CustomFunctions member used
 * under src/ is resolved by the TypeScript checker to its declaration in @types/office-js (or
 * @types/custom-functions-runtime), its `[Api set: ...]` tag is read, and a use that needs more than
 * manifest.xml's <Requirements> declare must sit behind a requirement-set guard. The rules are at
 * the top of test/support/apiSets.ts; the mutations below prove each one can fail.
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import {
  checkApiSets,
  checkProject,
  compareVersions,
  compilerOptionsFrom,
  evaluate,
  formatReport,
  highestUnguarded,
  needsText,
  parseTag,
  readManifestSets,
  type ApiUse,
  type Report,
} from "./support/apiSets";

const ROOT = path.resolve(__dirname, "..");
const MANIFEST = path.join(ROOT, "manifest.xml");

const describeUse = (u: ApiUse) => `${u.file}:${u.line} ${u.member} (${u.access}) needs ${needsText(u.unmet)}`;

describe("API sets: src/ against manifest.xml", function () {
  this.timeout(120_000);
  let report: Report;

  before(() => {
    report = checkProject(ROOT);
    console.log(formatReport(report));
  });

  it("resolves uses through the type checker (not by text)", () => {
    const members = new Set(report.uses.map((u) => u.member));
    // context.workbook.worksheets.getItem(...) resolves to the collection's method, context.sync() to
    // OfficeExtension's, new CustomFunctions.Error(...) to the constructor of a CustomFunctionsRuntime 1.2 class.
    for (const member of ["Excel.WorksheetCollection.getItem", "OfficeExtension.ClientRequestContext.sync", "CustomFunctions.Error.constructor"]) {
      assert.ok(members.has(member), `${member} was not found in src/`);
    }
    assert.ok(report.uses.some((u) => u.namespace === "Excel" && u.source === "tag"));
  });

  it("reads the declared sets from manifest.xml", () => {
    assert.ok(report.declared.has("excelapi"), "manifest.xml declares no ExcelApi set in <Requirements><Sets>");
  });

  it("no use needs more than the manifest declares unless it is behind a requirement-set guard", () => {
    assert.deepStrictEqual(report.violations.map(describeUse), []);
  });

  it("the manifest does not declare a higher ExcelApi than the code uses without a guard", () => {
    const declared = report.declared.get("excelapi");
    const used = highestUnguarded(report).get("Excel")?.get("ExcelApi");
    assert.ok(declared && used);
    assert.ok(
      compareVersions(declared.version, used.version) <= 0,
      `manifest.xml asks for ExcelApi ${declared.version}, but nothing in src/ needs more than ${used.version} unguarded: Excel versions that could run the add-in are refused`,
    );
  });
});

describe("API sets: the checker", function () {
  this.timeout(120_000);

  it("compares versions numerically", () => {
    assert.ok(compareVersions("1.10", "1.9") > 0);
    assert.ok(compareVersions("1.9", "1.10") < 0);
    assert.strictEqual(compareVersions("1.7", "1.7"), 0);
    assert.ok(compareVersions("Preview", "1.99") > 0);
  });

  it("parses the tag forms of the d.ts", () => {
    assert.deepStrictEqual(parseTag("@remarks\n[Api set: ExcelApi 1.4]"), { read: [{ set: "ExcelApi", version: "1.4" }], write: [{ set: "ExcelApi", version: "1.4" }], tag: "ExcelApi 1.4" });
    const split = parseTag("[Api set: ExcelApi 1.1 for get, 1.8 for set]");
    assert.deepStrictEqual([split?.read, split?.write], [[{ set: "ExcelApi", version: "1.1" }], [{ set: "ExcelApi", version: "1.8" }]]);
    const wording = parseTag("[Api set: ExcelApi 1.1 for reading visibility; 1.2 for setting it.]");
    assert.deepStrictEqual([wording?.read, wording?.write], [[{ set: "ExcelApi", version: "1.1" }], [{ set: "ExcelApi", version: "1.2" }]]);
    assert.deepStrictEqual(parseTag("[Api set: ExcelApi 1.1 for adding a single row; 1.4 allows adding of multiple rows; 1.15 for adding `alwaysInsert` parameter.]")?.read, [{ set: "ExcelApi", version: "1.15" }]);
    assert.deepStrictEqual(parseTag("[Api set: ExcelApi 1.9, ExcelApi Preview for null `destinationRange`]")?.read, [{ set: "ExcelApi", version: "Preview" }]);
    assert.deepStrictEqual(parseTag("[Api set: CustomFunctionsRuntime 1.2]")?.read, [{ set: "CustomFunctionsRuntime", version: "1.2" }]);
    assert.deepStrictEqual(
      parseTag("@remarks\n**Requirement set**: {@link https://learn.microsoft.com/javascript/api/requirement-sets/common/office-add-in-requirement-sets#settings | Settings}")?.read,
      [{ set: "Settings", version: "1.1" }],
    );
    assert.strictEqual(parseTag("Determines whether Excel will delay the batch request"), undefined);
  });

  it("reads <Requirements><Sets>, MinVersion defaulting to DefaultMinVersion", () => {
    const sets = readManifestSets(
      `<?xml version="1.0"?><OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"><Requirements><Sets DefaultMinVersion="1.2">` +
        `<Set Name="ExcelApi" MinVersion="1.10"/><Set Name="SharedRuntime"/></Sets></Requirements></OfficeApp>`,
    );
    assert.deepStrictEqual([...sets.values()], [
      { set: "ExcelApi", version: "1.10" },
      { set: "SharedRuntime", version: "1.2" },
    ]);
  });
});

/*
 * Mutations: small sources written to a temporary folder and checked with the project's compiler
 * options and its real `supports` (src/taskpane/excel/run.ts), against ExcelApi 1.7.
 */
describe("API sets: mutations the check must catch", function () {
  this.timeout(120_000);
  let dir: string;
  let report: Report;
  const violationsIn = (r: Report, file: string) => r.violations.filter((u) => u.file === file).map(describeUse);
  const usesIn = (r: Report, file: string, member: string) => r.uses.filter((u) => u.file === file && u.member === member);

  const fixtures: Record<string, string> = {
    "unguarded.ts": `
      export async function state(context: Excel.RequestContext): Promise<string> {
        const application = context.workbook.application;
        application.load("calculationState");
        await context.sync();
        return application.calculationState;
      }`,
    "guarded19.ts": `
      import { supports } from "RUN";
      export async function state(context: Excel.RequestContext): Promise<string | undefined> {
        if (supports("ExcelApi", "1.9")) {
          const application = context.workbook.application;
          application.load("calculationState");
          await context.sync();
          return application.calculationState;
        }
        return undefined;
      }`,
    "guarded18.ts": `
      import { supports } from "RUN";
      export async function state(context: Excel.RequestContext): Promise<string | undefined> {
        if (supports("ExcelApi", "1.8")) {
          const application = context.workbook.application;
          application.load("calculationState");
          await context.sync();
          return application.calculationState;
        }
        return undefined;
      }`,
    "modeWrite.ts": `
      export function manual(context: Excel.RequestContext): void {
        context.workbook.application.calculationMode = "Manual";
      }`,
    "modeRead.ts": `
      export async function mode(context: Excel.RequestContext): Promise<string> {
        const application = context.workbook.application;
        application.load("calculationMode");
        await context.sync();
        return application.calculationMode;
      }`,
    "earlyExit.ts": `
      import { supports } from "RUN";
      export async function state(context: Excel.RequestContext): Promise<string | undefined> {
        if (!supports("ExcelApi", "1.9")) return undefined;
        const application = context.workbook.application;
        application.load("calculationState");
        await context.sync();
        return application.calculationState;
      }`,
    "expressions.ts": `
      import { supports } from "RUN";
      export function andGuard(app: Excel.Application) {
        return supports("ExcelApi", "1.9") && app.calculationState;
      }
      export function ternaryOffice(app: Excel.Application) {
        return Office.context.requirements.isSetSupported("ExcelApi", "1.10") ? app.calculationState : "Done";
      }
      export function loadChoice(app: Excel.Application) {
        const withState = supports("ExcelApi", "1.9");
        app.load(withState ? "calculationMode,calculationState" : "calculationMode");
      }`,
    "numberOverload.ts": `
      export function state(app: Excel.Application) {
        return Office.context.requirements.isSetSupported("ExcelApi", 1.9) ? app.calculationState : "Done";
      }`,
    "defaultKept.ts": `
      import { supports } from "RUN";
      function runWith(batch: (c: Excel.RequestContext) => Promise<void>, canMerge: () => boolean = () => supports("ExcelApi", "1.20")) {
        return canMerge() ? Excel.run({ mergeUndoGroup: true }, batch) : Excel.run(batch);
      }
      export const pane = (batch: (c: Excel.RequestContext) => Promise<void>) => runWith(batch);`,
    "defaultOverridden.ts": `
      import { supports } from "RUN";
      function runWith(batch: (c: Excel.RequestContext) => Promise<void>, canMerge: () => boolean = () => supports("ExcelApi", "1.20")) {
        return canMerge() ? Excel.run({ mergeUndoGroup: true }, batch) : Excel.run(batch);
      }
      export const pane = (batch: (c: Excel.RequestContext) => Promise<void>) => runWith(batch, () => true);`,
    "comment.ts": `
      export function state(app: Excel.Application) {
        // api-set: guarded by the caller
        return app.calculationState;
      }`,
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-apisets-"));
    const run = path.relative(dir, path.join(ROOT, "src/taskpane/excel/run")).replace(/\\/g, "/");
    for (const [name, text] of Object.entries(fixtures)) fs.writeFileSync(path.join(dir, name), text.replace('"RUN"', JSON.stringify(run)));
    report = checkApiSets({
      files: Object.keys(fixtures).map((name) => path.join(dir, name)),
      compilerOptions: compilerOptionsFrom(path.join(ROOT, "tsconfig.json")),
      declared: new Map([["excelapi", { set: "ExcelApi", version: "1.7" }]]),
      baseDir: dir,
    });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("context.workbook.application.calculationState (ExcelApi 1.9) unguarded is a violation, read and load alike", () => {
    assert.deepStrictEqual(violationsIn(report, "unguarded.ts"), [
      "unguarded.ts:4 Excel.Application.calculationState (read) needs ExcelApi 1.9",
      "unguarded.ts:6 Excel.Application.calculationState (read) needs ExcelApi 1.9",
    ]);
  });

  it('the same inside if (supports("ExcelApi", "1.9")) is not', () => {
    assert.deepStrictEqual(violationsIn(report, "guarded19.ts"), []);
    const guarded = usesIn(report, "guarded19.ts", "Excel.Application.calculationState");
    assert.strictEqual(guarded.length, 2);
    assert.ok(guarded.every((u) => u.guardedBy.length === 1 && u.guardedBy[0]!.how.startsWith('supports("ExcelApi", "1.9")')));
  });

  it('inside if (supports("ExcelApi", "1.8")) it is still a violation', () => {
    assert.strictEqual(violationsIn(report, "guarded18.ts").length, 2);
  });

  it("assigning application.calculationMode (1.8 for set) is a violation, reading it (1.1 for get) is not", () => {
    assert.deepStrictEqual(violationsIn(report, "modeWrite.ts"), ["modeWrite.ts:3 Excel.Application.calculationMode (write) needs ExcelApi 1.8"]);
    assert.deepStrictEqual(violationsIn(report, "modeRead.ts"), []);
    assert.strictEqual(usesIn(report, "modeRead.ts", "Excel.Application.calculationMode").length, 2);
  });

  it("an early exit if (!supports(...)) return guards the rest of the block", () => {
    assert.deepStrictEqual(violationsIn(report, "earlyExit.ts"), []);
    assert.strictEqual(usesIn(report, "earlyExit.ts", "Excel.Application.calculationState").length, 2);
  });

  it("&&, ?: with Office.context.requirements.isSetSupported (1.10 >= 1.9), and a const flag guard", () => {
    assert.deepStrictEqual(violationsIn(report, "expressions.ts"), []);
    assert.strictEqual(usesIn(report, "expressions.ts", "Excel.Application.calculationState").length, 3);
  });

  it("isSetSupported with a number (1.10 would be 1.1) is not a guard", () => {
    assert.strictEqual(violationsIn(report, "numberOverload.ts").length, 1);
  });

  it("a parameter defaulting to a supports() guard counts only while no caller replaces it", () => {
    assert.deepStrictEqual(violationsIn(report, "defaultKept.ts"), []);
    assert.ok(usesIn(report, "defaultKept.ts", "Excel.RunOptions.mergeUndoGroup")[0]?.guardedBy.length === 1);
    assert.deepStrictEqual(violationsIn(report, "defaultOverridden.ts"), ["defaultOverridden.ts:4 Excel.RunOptions.mergeUndoGroup (write) needs ExcelApi 1.20"]);
  });

  it("a comment is not a guard", () => {
    assert.strictEqual(violationsIn(report, "comment.ts").length, 1);
  });

  it("raising the manifest's ExcelApi (read from a mutated copy of manifest.xml) clears the unguarded uses", () => {
    const xml = fs.readFileSync(MANIFEST, "utf8");
    const raised = xml.replace(/(<Set\s+Name="ExcelApi"\s+MinVersion=")[^"]*(")/, "$11.9$2");
    assert.notStrictEqual(raised, xml, "manifest.xml has no <Set Name=\"ExcelApi\" MinVersion=...> to mutate");
    const declared = readManifestSets(raised);
    assert.strictEqual(declared.get("excelapi")?.version, "1.9");
    const again = evaluate(report, declared);
    assert.deepStrictEqual(violationsIn(again, "unguarded.ts"), []);
    assert.deepStrictEqual(violationsIn(again, "modeWrite.ts"), []);
    assert.strictEqual(violationsIn(again, "defaultOverridden.ts").length, 1);
  });
});
