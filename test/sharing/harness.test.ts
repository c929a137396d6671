/*
 * The differential harness itself (test/support/differential.ts): the add-in side follows the
 * model of what Excel passes (docs/SHARING-MODEL.md), and the verdicts say what the rule says.
 * Fast: the built bundle and the pure converter only, no spreadsheet engine.
 */
import assert from "assert";
import { close, evaluateCall, hfFormula, judge, paramKind, precisionOf, reasonKey, shown, type Arg, type Case, type InputCell, type Observed, type Prepared } from "../support/differential";

const cell = (value: InputCell): Arg => ({ kind: "cell", value });
const result = (id: string, ...args: Arg[]) => {
  const r = evaluateCall({ id, args }).result;
  return typeof r === "object" && !Array.isArray(r) ? r.code : r;
};

describe("differential harness: the add-in as Excel calls it (docs/SHARING-MODEL.md)", () => {
  it("reads parameter kinds from functions.json", () => {
    assert.strictEqual(paramKind("FEE", 0), "number");
    assert.strictEqual(paramKind("FEE", 2), "any");
    assert.strictEqual(paramKind("VWAP", 0), "any");
  });

  it("number parameters: blank and empty text are omitted, numeric text its number, other text and logicals #VALUE!, errors pass through", () => {
    assert.strictEqual(result("FEE", cell(11_104_666.24), cell(null)), 438_663.32);
    assert.strictEqual(result("FEE", cell(null)), "#VALUE!"); // gross is missing
    assert.strictEqual(result("FEE", cell("")), "#VALUE!");
    assert.strictEqual(result("FEE", { kind: "literal", value: "5000" }), 200);
    assert.strictEqual(result("FEE", cell(" 5000 ")), 200);
    assert.strictEqual(result("FEE", cell("5e3")), 200);
    assert.strictEqual(result("FEE", cell("TBD")), "#VALUE!");
    assert.strictEqual(result("FEE", cell(true)), "#VALUE!");
    assert.strictEqual(result("FEE", cell({ error: "#N/A" })), "#N/A");
    assert.strictEqual(result("CASHLESS", { kind: "literal", value: 1000 }, { kind: "literal", value: "5.2" }, { kind: "literal", value: 8 }), 350);
    assert.strictEqual(result("CLASSBPRICE", cell(4.04), cell("4.5")), 3.838);
  });

  it("range parameters: raw cells (numeric text stays text), either orientation, an error among them passes through", () => {
    const shares: Arg = { kind: "range", cells: [[1000], [3000]] };
    assert.strictEqual(result("VWAP", shares, { kind: "range", cells: [[4, 5]] }), 4.75);
    assert.strictEqual(result("VWAP", shares, { kind: "range", cells: [["4"], [5]] }), "#VALUE!");
    assert.strictEqual(result("VWAP", shares, { kind: "range", cells: [[4], [null]] }), "#VALUE!"); // a blank beside a number
    assert.strictEqual(result("VWAP", shares, { kind: "range", cells: [[4], [{ error: "#DIV/0!" }]] }), "#DIV/0!");
    assert.strictEqual(result("FEE", cell(12_000_000), { kind: "omit" }, { kind: "ifOther", cond: "Sales", rate: 0.04 }), 470_000); // "" -> the default tiers
    assert.strictEqual(result("FEE", cell(12_000_000), { kind: "omit" }, { kind: "ifOther", cond: "Other", rate: 0.04 }), 480_000);
    assert.strictEqual(result("FEE", cell(2_000_000), { kind: "omit" }, cell("0.04")), "#VALUE!"); // a rate as text in a range parameter
    assert.strictEqual(result("VWAP", { kind: "columns", cells: [["Shares"], [1000], [3000]] }, { kind: "columns", cells: [["Price"], [4], [5]] }), "#VALUE!");
  });

  it("a range where one value belongs is lifted: the anchor's value, marked", () => {
    const e = evaluateCall({ id: "FEE", args: [{ kind: "range", cells: [[5000], [12_000_000]] }] });
    assert.strictEqual(e.result, 200);
    assert.strictEqual(e.lifted, true);
  });

  it("nested calls, INDEX of a spilled row, IFERROR around", () => {
    const warrants = { id: "WARRANTS", args: [cell(12_345), cell(4)] };
    assert.strictEqual(result("CASHLESS", { kind: "call", call: warrants, index: 1 }, { kind: "call", call: warrants, index: 2 }, cell(8)), 431); // 1,234 warrants at 5.20, the stock at 8
    const c: Case = { fn: "FEE", label: "t", call: { id: "FEE", args: [cell(null)] }, wrap: { iferror: true } };
    assert.deepStrictEqual(shown(c).elements, [{ kind: "number", value: 0 }]);
    const row: Case = { fn: "WARRANTS", label: "t", call: { id: "WARRANTS", args: [cell(null), cell(null)] }, wrap: { iferror: false } };
    assert.deepStrictEqual(shown(row).elements.map((e) => e.kind), ["error", "error"]); // an error errs the whole row
  });
});

describe("differential harness: the verdicts", () => {
  const prepared = (elements: Prepared["elements"], strict = false): Prepared => ({
    case: { fn: "FEE", label: "t", call: { id: "FEE", args: [] }, wrap: { iferror: false }, strict },
    index: 0,
    row: 1,
    formula: "=CEO.FEE(1)",
    inputs: [],
    elements,
    converted: { kind: "formula", formulas: ["=1"], warnings: [] },
    dealCells: [],
  });
  const number = (value: number, diff?: number): Observed => ({ kind: "number", value, text: String(value), ...(diff === undefined ? {} : { diff }) });

  it("same number, error vs error, an error where the add-in shows a number (allowed unless strict), and the failures", () => {
    assert.strictEqual(judge(prepared([{ kind: "number", value: 438_663.32 }]), [number(438_663.32)], false).verdict, "number");
    assert.strictEqual(judge(prepared([{ kind: "number", value: 438_663.32 }]), [number(-311_336.68)], false).verdict, "FAIL");
    assert.strictEqual(judge(prepared([{ kind: "error", code: "#VALUE!" }]), [number(750_000)], false).verdict, "FAIL");
    assert.deepStrictEqual(judge(prepared([{ kind: "error", code: "#VALUE!" }]), [{ kind: "error", code: "#NUM!" }], false), { verdict: "both-error", codes: ["add-in #VALUE! / copy #NUM!"] });
    assert.strictEqual(judge(prepared([{ kind: "number", value: 1 }]), [{ kind: "error", code: "#VALUE!" }], false).verdict, "copy-error");
    assert.strictEqual(judge(prepared([{ kind: "number", value: 1 }], true), [{ kind: "error", code: "#VALUE!" }], false).verdict, "FAIL");
    assert.strictEqual(judge(prepared([{ kind: "error", code: "#VALUE!" }]), [{ kind: "text", text: "" }], false).verdict, "FAIL");
    assert.strictEqual(judge(prepared([{ kind: "number", value: 0 }]), [{ kind: "logical", value: false }], false).verdict, "FAIL");
  });

  it("exactly means the same double: LibreOffice's own RAWSUBTRACT difference decides where its 15 printed digits cannot", () => {
    assert.strictEqual(judge(prepared([{ kind: "number", value: 438_663.32 }]), [number(438_663.32, -5.820766091346741e-11)], true).verdict, "FAIL");
    assert.strictEqual(judge(prepared([{ kind: "number", value: 438_663.32 }]), [number(438_663.32, 0)], true).verdict, "number");
    assert.ok(close(0.1 + 0.2, 0.3, { kind: "relative" }));
    assert.ok(!close(0.1 + 0.2, 0.3, { kind: "exact" }));
    assert.deepStrictEqual(precisionOf("VWAP", 0, [[[1]], [[1]], null]), { kind: "relative" });
    assert.deepStrictEqual(precisionOf("VWAP", 0, [[[1]], [[1]], 2]), { kind: "exact" });
  });

  it("hyperformula is given exponents in lower case, nothing else changed", () => {
    assert.strictEqual(hfFormula('=IF(A1E3="1E3",1E-07,-2.5E+21)+E1*1E2'), '=IF(A1E3="1E3",1e-07,-2.5e+21)+E1*1e2');
  });

  it("kept reasons group without the figures of one case", () => {
    assert.strictEqual(reasonKey("CEO.FEE: gross is a range of 2 cells where one value belongs", "FEE"), "gross is a range of n cells where one value belongs");
    assert.strictEqual(reasonKey("CEO.INITCONV: prices is missing", "CASHLESS"), "CEO.INITCONV: prices is missing");
    assert.strictEqual(reasonKey("CEO.NASDAQ20: alreadyIssued is a range of 3 cells", "CASHLESS"), "CEO.NASDAQ20: alreadyIssued is a range of n cells");
    assert.strictEqual(reasonKey("schedule 'Deal 1'!$A$1:B3 and P:P", "FEE"), "schedule <ref> and <ref>");
    assert.strictEqual(reasonKey("CEO.CONVPRICE: bids Inputs!$P:$P is not a range", "CONVPRICE"), "bids <ref> is not a range");
  });
});
