/*
 * The Script Lab snippet's checks (test/support/excelRules.ts), run against the fake with the same
 * list and the same printing: every rule passes on the fake as it is, and each undocumented
 * behaviour switched the other way fails its rule with what was observed, in full.
 */
import assert from "assert";
import { readFileSync } from "fs";
import path from "path";
import vm from "vm";
import { lockUp } from "../../src/functions/calendar";
import { warrants } from "../../src/functions/warrants";
import { EXCEL_RULES, runChecks, type CheckLine } from "../support/excelRules";
import { dateSerial, FakeWorkbook } from "../support/fakeExcel";

/** Results of the formulas the checks write, as Excel computes them: SEQUENCE's and FIXED's by their definitions, the add-in's by its own functions. */
const RESULTS: Record<string, () => unknown[][]> = {
  "=SEQUENCE(1,2)": () => [[1, 2]],
  "=FIXED(123456789012345,0,1)": () => [["123456789012345"]],
  "=FIXED(1234567,0,1)": () => [["1234567"]],
  "=CEO.WARRANTS(12345,4)": () => warrants([[12345]], [[4]]),
  "=CEO.LOCKUP(DATE(2001,11,1),DATE(2001,11,6))": () => lockUp(dateSerial(2001, 11, 1)!, dateSerial(2001, 11, 6)!),
};

/** Runs the checks (all, or the interactive one) on a new fake workbook; `setUp` switches it first. */
async function check(setUp: (book: FakeWorkbook) => void = () => undefined, options: { excelApi?: string; platform?: string; interactive?: boolean } = {}) {
  const book = new FakeWorkbook();
  book.arrays = (formula) => RESULTS[formula]?.();
  setUp(book);
  const uninstall = book.installOffice({ ExcelApi: options.excelApi ?? "1.12" });
  const printed: string[] = [];
  try {
    const lines = await runChecks(
      EXCEL_RULES.filter((r) => Boolean(r.interactive) === Boolean(options.interactive)),
      {
        excel: book as any,
        supports: (version) => Office.context.requirements.isSetSupported("ExcelApi", version),
        platform: options.platform ?? "OfficeOnline",
        userEditsCell: async () => {
          book.editingCell = true;
        },
        userEndsEdit: () => setTimeout(() => book.finishCellEdit(), 5),
        sleep: async () => undefined,
      },
      (line) => printed.push(line),
    );
    return { lines, printed, book, byId: new Map(lines.map((l) => [l.id, l])) };
  } finally {
    uninstall();
  }
}

const verdicts = (lines: readonly CheckLine[]) => Object.fromEntries(lines.map((l) => [l.id, l.verdict]));

describe("the Excel checks (Script Lab snippet) against the fake", () => {
  it("every rule passes on the fake: one printed line per rule, then the count; no check sheet is left behind", async () => {
    const { lines, printed, book } = await check();
    const automatic = EXCEL_RULES.filter((r) => !r.interactive);
    assert.deepStrictEqual(verdicts(lines), Object.fromEntries(automatic.map((r) => [r.id, "PASS"])), printed.join("\n"));
    assert.strictEqual(printed.length, automatic.length + 1);
    assert.strictEqual(printed.at(-1), `${automatic.length} PASS, 0 FAIL, 0 SKIP`);
    assert.match(printed[0]!, /^PASS {2}quote-prefix {2}expected \(the fake\): \{"values":"=1\+1","formulas":"=1\+1"\} {2}observed: \{"values":"=1\+1","formulas":"=1\+1"\}$/);
    assert.deepStrictEqual([...book.sheets.keys()], []);
    assert.deepStrictEqual([...book.tables.keys()], []);
  });

  it("the cell-edit check (the person running it takes part) passes on the fake", async () => {
    const { lines } = await check(undefined, { interactive: true });
    assert.deepStrictEqual(lines.map((l) => [l.id, l.verdict, l.observed]), [["cell-edit", "PASS", "plain batch: refused InvalidOperationInCellEditMode; delayed batch: ran"]]);
  });

  it("every rule has an id, words, a source, steps and an expected value; the undocumented ones say how to encode the other answer", () => {
    assert.strictEqual(new Set(EXCEL_RULES.map((r) => r.id)).size, EXCEL_RULES.length);
    for (const rule of EXCEL_RULES) {
      for (const field of ["behaviour", "source", "steps", "expected"] as const) assert.ok(rule[field].length > (field === "expected" ? 1 : 10), `${rule.id}.${field}`);
      if (/^undocumented/.test(rule.source)) assert.ok(rule.encode, `${rule.id} is undocumented: it says what to switch`);
    }
  });

  describe("each undocumented behaviour switched the other way fails its rule, the observed value printed in full", () => {
    const cases: [string, (book: FakeWorkbook) => void, string[], RegExp][] = [
      ['spilled cells give the formula ("parent")', (b) => (b.undocumented.spilledFormulas = "parent"), ["spilled-formulas", "spilled-formulas-ceo"], /observed: \{"formulas":\["=SEQUENCE\(1,2\)","=SEQUENCE\(1,2\)"\],"values":\[1,2\]\}/],
      ['error values outside the grammar are taken ("any")', (b) => (b.undocumented.errorLiterals = "any"), ["error-literals-other"], /observed: \{"=#SPILL!":"taken","=#BUSY!":"taken","=#CALC!":"taken"\}/],
      ['a copy\'s structured references name the original table ("original")', (b) => (b.undocumented.copiedTableReferences = "original"), ["copied-table-references"], /observed: reads the original table: =SUM\(CEOCheckCopy\[x\]\) \(the copy's table is CEOCheckCopy2\)/],
      ["conditional formats stay on the rows they were added to", (b) => (b.undocumented.conditionalFormatsGrow = false), ["conditional-formats-grow"], /observed: "B2"/],
      ['null refused by rows.add ("refused")', (b) => (b.undocumented.rowsAddNull = "refused"), ["rows-add-null"], /observed: refused InvalidArgument {2}encode: If Excel refuses null/],
      ['null written as an empty cell by rows.add ("clears")', (b) => (b.undocumented.rowsAddNull = "clears"), ["rows-add-null"], /observed: ""/],
    ];
    for (const [name, setUp, failing, printedLine] of cases) {
      it(name, async () => {
        const { lines, printed } = await check(setUp);
        const failed = lines.filter((l) => l.verdict !== "PASS").map((l) => l.id);
        assert.deepStrictEqual(failed, failing, printed.join("\n"));
        assert.ok(printed.some((line) => line.startsWith(`FAIL  ${failing[0]}  `) && printedLine.test(line)), printed.join("\n"));
      });
    }
  });

  it("without ExcelApi 1.12 the spill APIs are skipped; away from Excel on the web the 5 MB limits are; each says why", async () => {
    const { byId } = await check(undefined, { excelApi: "1.11", platform: "PC" });
    assert.deepStrictEqual(
      ["spill-apis", "request-over-5mb", "response-over-5mb", "spilled-formulas"].map((id) => [id, byId.get(id)!.verdict, byId.get(id)!.observed]),
      [
        ["spill-apis", "SKIP", "this Excel has no ExcelApi 1.12: the pane finds spilled cells from the formula's value instead"],
        ["request-over-5mb", "SKIP", "Excel on the web only (this is PC)"],
        ["response-over-5mb", "SKIP", "Excel on the web only (this is PC)"],
        ["spilled-formulas", "PASS", '{"formulas":["=SEQUENCE(1,2)",""],"values":[1,2]}'],
      ],
    );
  });

  it("without the add-in's functions the CEO variant is skipped, saying so", async () => {
    const { byId } = await check((book) => (book.arrays = (formula) => (formula.startsWith("=CEO.") ? [["#NAME?"]] : RESULTS[formula]?.())));
    assert.deepStrictEqual([byId.get("spilled-formulas-ceo")!.verdict, byId.get("spilled-formulas-ceo")!.observed], ["SKIP", "the CEO add-in is not loaded in this workbook (=CEO.WARRANTS shows #NAME?): sideload it and run again"]);
  });

  it("the committed snippet (docs/excel-checks.yaml) is exactly what scripts/excel-checks.mjs makes from the list", async () => {
    const root = path.join(__dirname, "..", "..");
    const { snippetYaml } = await import(path.join(root, "scripts", "excel-checks.mjs"));
    const made: string = await snippetYaml();
    assert.strictEqual(readFileSync(path.join(root, "docs", "excel-checks.yaml"), "utf8"), made, "run `node scripts/excel-checks.mjs` and commit docs/excel-checks.yaml");
    for (const rule of EXCEL_RULES) assert.ok(made.includes(JSON.stringify(rule.id)), `${rule.id} in the snippet`);
    assert.match(made, /^host: EXCEL\napi_set:\n {4}ExcelApi: '1\.7'\nscript:\n {4}content: \|\n/m);
  });

  it("docs/EXCEL-CHECKS.md holds the rules table the generator makes from the list, and the count the fake prints", async () => {
    const root = path.join(__dirname, "..", "..");
    const { checksDocument } = await import(path.join(root, "scripts", "excel-checks.mjs"));
    const document = readFileSync(path.join(root, "docs", "EXCEL-CHECKS.md"), "utf8");
    assert.strictEqual(document, await checksDocument(document), "run `node scripts/excel-checks.mjs` and commit docs/EXCEL-CHECKS.md");
    for (const rule of EXCEL_RULES) assert.ok(document.includes(`| \`${rule.id}\` |`), rule.id);
    const automatic = EXCEL_RULES.filter((r) => !r.interactive).length;
    assert.ok(document.includes(`\`${automatic} PASS, 0 FAIL, 0 SKIP\` on the fake`));
  });

  it("the committed snippet's own script, run on the fake behind a stand-in page, prints the same PASS lines", async () => {
    const yaml = readFileSync(path.join(__dirname, "..", "..", "docs", "excel-checks.yaml"), "utf8");
    // The script block: the lines under "script:\n    content: |", each indented 8 spaces (YAML strips them).
    const lines = yaml.split("\n");
    const from = lines.indexOf("    content: |", lines.indexOf("script:")) + 1;
    const to = lines.indexOf("    language: typescript", from);
    const script = lines.slice(from, to).map((l) => l.slice(8)).join("\n");
    const book = new FakeWorkbook();
    book.arrays = (formula) => RESULTS[formula]?.();
    const elements = new Map<string, any>();
    const element = (id: string) => {
      if (!elements.has(id)) elements.set(id, { id, value: "", textContent: "", disabled: false, listeners: [] as (() => void)[], addEventListener(_: string, f: () => void) { this.listeners.push(f); } });
      return elements.get(id);
    };
    const uninstall = book.installOffice({ ExcelApi: "1.12" });
    try {
      const office = (globalThis as any).Office;
      office.context.diagnostics = { version: "16.0 (fake)", platform: "OfficeOnline" };
      vm.runInNewContext(script, { document: { getElementById: element }, Excel: book, Office: office, console: { log: () => undefined }, setTimeout, Date });
      element("run").listeners[0]();
      for (let i = 0; i < 200 && !element("status").textContent.startsWith("Done"); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      uninstall();
    }
    const printed: string[] = element("log").value.trim().split("\n");
    assert.match(printed[0]!, /^CEO add-in Excel checks: Excel 16\.0 \(fake\) on OfficeOnline, ExcelApi 1\.12, /);
    const automatic = EXCEL_RULES.filter((r) => !r.interactive);
    assert.deepStrictEqual(printed.slice(1).map((l) => l.split("  ").slice(0, 2).join(" ")), [...automatic.map((r) => `PASS ${r.id}`), `${automatic.length} PASS, 0 FAIL, 0 SKIP`]);
  });
});
