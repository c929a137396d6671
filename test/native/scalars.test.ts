/*
 * Issue 16: every number argument of a native formula reads its input as the add-in does. A blank
 * is the add-in's default (or its #VALUE! when required), numeric text is its number, other text
 * and logicals are #VALUE!, an error passes through, and a range where one value belongs has no
 * native formula. Each case goes through nativeFormula (the converter's central step), is
 * evaluated by hyperformula on cells, and is compared with the wrapper called as Excel calls it
 * (excelCall.ts), error codes included.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { serialOf } from "../../src/core/calendar";
import { NATIVE_FORMULAS, nativeFormula, parametersOf } from "../../src/core/formulas";
import { convertFormula } from "../../src/taskpane/share/share";
import { functionsMetadata } from "../support/bundle";
import type { CellValue } from "../support/hyperformula";
import { engine } from "./agree";
import { agreeCall, excelResult } from "./excelCall";

const PLACEMENTS_SCHEDULE = 'IF(C1="Other",0.04,"")';

/** Valid arguments of every function with number parameters: values for its number parameters, texts for its ranges. */
const monday = serialOf(2024, 6, 3);
const BASE: Record<string, (number | string | null)[]> = {
  FEE: [25_000_000, 1_000_000, null],
  NET: [25_000_000, 1_000_000, null],
  FEERATE: [25_000_000, 1_000_000, null],
  CLASSBPRICE: [4.04, 4.5, 10, 4],
  CASHLESS: [1000, 5.2, 8],
  DILUTION: [8_593_877, 21_862_772],
  OWNERSHIP: [579_098, 4_498_145, 21_862_772],
  NASDAQ20: [21_862_772, 1000],
  CAPACITY: [10_000_000, 25_000_000],
  REIMBURSE: [25_000, 10_000, 60_000],
  RETAINER: [62_500, 25_000, 3, 2],
  BSWARRANT: [4.04, 5.252, 5, 0.8, 0.045, 0.01, 4],
  SETTLE: [monday, 2],
  TRADEDAY: [monday, 5],
  TRADEDAYS: [monday, monday + 14],
  LOCKUP: [monday, monday + 4],
  COMPPCT: [25_000_000, 900_000, 60_000, null],
  WARRANTS: [1_000_000, 4.04, 0.1, 1.3, 4],
  VWAP: ["range", "range", 4],
  INITCONV: ["range", 4],
  CONVPRICE: ["range", 3, 120, 4],
  CONVSHARES: [1_000_000, "range", 3, 120],
};

/** A price series in column Z (rows 1-30) for the range parameters of VWAP, INITCONV, CONVPRICE, CONVSHARES. */
const SERIES = "Z1:Z30";
const SHARES = "Y1:Y30";
function withSeries(row: CellValue[]): CellValue[][] {
  const cells: CellValue[][] = [];
  for (let r = 0; r < 30; r++) {
    const line: CellValue[] = r === 0 ? [...row] : [];
    while (line.length < 24) line.push(null);
    line.push(1000 + r, 3 + (r % 7) / 10);
    cells.push(line);
  }
  return cells;
}

/** The cells and argument texts of CEO.id with its number arguments in A1, B1, ... and one replaced. */
function call(id: string, replace?: { at: number; cell: CellValue }): { cells: CellValue[][]; args: (string | undefined)[] } {
  const params = parametersOf(id);
  const row: CellValue[] = [];
  const args = BASE[id]!.map((value, i) => {
    if (params[i]!.kind === "range" && value === "range") return i === 0 && id === "VWAP" ? SHARES : SERIES;
    if (params[i]!.kind === "range" && value === null) return undefined;
    row[i] = replace?.at === i ? replace.cell : (value as CellValue);
    return `${String.fromCharCode(65 + i)}1`;
  });
  for (let i = 0; i < args.length; i++) row[i] ??= null;
  return { cells: withSeries(row), args };
}

describe("native formulas read number arguments as the add-in does (issue 16)", () => {
  it("the parameter table agrees with functions.json (names, number or range, optional) and with the wrappers' optInt (whole)", () => {
    const metadata = functionsMetadata().functions as unknown as { id: string; parameters: { name: string; type: string; dimensionality?: string; optional?: boolean }[] }[];
    assert.deepStrictEqual(Object.keys(NATIVE_FORMULAS).sort(), metadata.map((f) => f.id).sort());
    const wrappers = fs
      .readdirSync(path.resolve(__dirname, "../../src/functions"))
      .map((f) => fs.readFileSync(path.resolve(__dirname, "../../src/functions", f), "utf8"))
      .join("\n");
    const whole = new Set([...wrappers.matchAll(/optInt\(\w+, "(\w+)"\)/g)].map((m) => m[1]!));
    for (const f of metadata) {
      const table = parametersOf(f.id).map((p) => ({ name: p.name, kind: p.kind, optional: p.optional }));
      const json = f.parameters.map((p) => ({
        name: p.name,
        kind: p.type === "number" && p.dimensionality !== "matrix" ? (whole.has(p.name) ? "whole" : "number") : "range",
        optional: p.optional === true,
      }));
      assert.deepStrictEqual(table, json, f.id);
    }
  });

  it("a blank priorGross is the add-in's 0 with every schedule form: =CEO.FEE($F$231,G231) is 438,663.32, not -311,336.68", () => {
    const cells: CellValue[][] = [[11_104_666.24, null, "Sales", 0.04, 0, 0.05], [null, null, null, null, 1_000_000, 0.02]];
    for (const schedule of [undefined, "D1", "0.04", PLACEMENTS_SCHEDULE, "E1:F2"]) {
      for (const id of ["FEE", "NET", "FEERATE"]) agreeCall(`${id} blank prior, schedule ${schedule}`, cells, id, ["$A$1", "B1", schedule], { precision: id === "FEERATE" ? "relative" : "exact" });
    }
    assert.deepStrictEqual(agreeCall("the issue's figure", cells, "FEE", ["$A$1", "B1"]), [438_663.32]);
    // A cell holding "" (a formula's empty text) is blank to the add-in too.
    agreeCall("prior is empty text", [[11_104_666.24, '=""']], "FEE", ["A1", "B1"]);
  });

  it("a blank required argument is #VALUE!, as the add-in says: =CEO.FEE(N5), =CEO.REIMBURSE(blank,45000)", () => {
    assert.deepStrictEqual(agreeCall("FEE of a blank", [[null]], "FEE", ["A1"]), ["#VALUE!"]);
    assert.deepStrictEqual(agreeCall("REIMBURSE of a blank", [[null, 45_000]], "REIMBURSE", ["A1", "B1"]), ["#VALUE!"]);
    assert.deepStrictEqual(agreeCall("NET, blank gross, empty-text prior", [[null, '=""']], "NET", ["A1", "B1", PLACEMENTS_SCHEDULE]), ["#VALUE!"]);
    // Left out of the text (or ""): the cell keeps the add-in's #VALUE!, and the pane says why.
    assert.deepStrictEqual(nativeFormula("CASHLESS", ["1000", "", "8"]), { ok: false, reason: "CEO.CASHLESS: strike is missing" });
    assert.deepStrictEqual(nativeFormula("CASHLESS", ["1000", '""', "8"]), { ok: false, reason: "CEO.CASHLESS: strike is missing" });
  });

  it("numeric text is its number: CASHLESS(1000,\"5.2\",8) = 350, FEE(\"5000\") = 200, CLASSBPRICE(bid,\"4.5\") = the add-in's 3.838", () => {
    assert.deepStrictEqual(agreeCall("CASHLESS literal", [], "CASHLESS", ["1000", '"5.2"', "8"]), [350]);
    assert.deepStrictEqual(agreeCall("CASHLESS text cell", [["'5.2"]], "CASHLESS", ["1000", "A1", "8"]), [350]);
    assert.deepStrictEqual(agreeCall("FEE literal", [], "FEE", ['"5000"']), [200]);
    assert.deepStrictEqual(agreeCall("FEE text cell", [["'5000", "' 7 "]], "FEE", ["A1", "B1"]), [200]);
    const [b] = agreeCall("CLASSBPRICE literal", [[4.04]], "CLASSBPRICE", ["A1", '"4.5"'], { precision: "relative" });
    assert.ok(Math.abs((b as number) - 3.838) < 1e-12, String(b));
    agreeCall("CLASSBPRICE text cell", [[4.04, "'4.5"]], "CLASSBPRICE", ["A1", "B1"], { precision: "relative" });
    agreeCall("CLASSBPRICE negative text", [[4.04, "'-3"]], "CLASSBPRICE", ["A1", "B1"]);
    agreeCall("REIMBURSE text", [["'25000", "'1e3", "'60000"]], "REIMBURSE", ["A1", "B1", "C1"]);
  });

  it("a pre-filled empty row of the Placements table: #VALUE! as the add-in, and 0 under IFERROR(...,0), not -750,000", () => {
    const e = engine();
    e.clear();
    // Gross blank, Prior Gross the table's formula (0 here), Agreement blank.
    e.set(0, 0, [[null, "=SUM(A2:A3)-A1", null]]);
    for (const [ceo, expected] of [
      [`=CEO.FEE(A1,B1,${PLACEMENTS_SCHEDULE})`, "#VALUE!"],
      [`=CEO.NET(A1,B1,${PLACEMENTS_SCHEDULE})`, "#VALUE!"],
      [`=IFERROR(CEO.FEE(A1,B1,${PLACEMENTS_SCHEDULE}),0)`, 0],
      [`=IFERROR(CEO.NET(A1,B1,${PLACEMENTS_SCHEDULE}),0)`, 0],
    ] as const) {
      const c = convertFormula(ceo);
      assert.ok(c.kind === "native", `${ceo}: ${JSON.stringify(c)}`);
      assert.strictEqual(e.evaluate(c.formula), expected, ceo);
    }
  });

  it("a literal TRUE, FALSE, non-numeric text or error in a number argument: the add-in's #VALUE! (or the error)", () => {
    for (const [text, code] of [["TRUE", "#VALUE!"], ["FALSE", "#VALUE!"], ['"abc"', "#VALUE!"], ["#N/A", "#N/A"], ["#DIV/0!", "#DIV/0!"]] as const) {
      assert.deepStrictEqual(agreeCall(`FEE(${text})`, [], "FEE", [text]), [code]);
      assert.deepStrictEqual(agreeCall(`FEE(1000,${text})`, [], "FEE", ["1000", text]), [code]);
      assert.deepStrictEqual(agreeCall(`LOCKUP(${text})`, [], "LOCKUP", [String(monday), text]), [code, code]);
    }
    assert.deepStrictEqual(agreeCall('FEE(1000,"")', [], "FEE", ["1000", '""']), [40]);
  });

  for (const id of Object.keys(BASE)) {
    it(`${id}: each number argument blank, empty text, numeric text, text, TRUE, FALSE or an error, as the add-in reads it`, () => {
      const params = parametersOf(id);
      const base = call(id);
      agreeCall(`${id} base`, base.cells, id, base.args, { precision: "relative" });
      params.forEach((param, at) => {
        if (param.kind === "range") return;
        const value = BASE[id]![at] as number;
        const variants: [string, CellValue][] = [
          ["blank", null],
          ["empty text", '=""'],
          ["numeric text", `'${value}`],
          ["text", "'abc"],
          ["TRUE", true],
          ["FALSE", false],
          ["#N/A", "=NA()"],
          ["negative text", `'-${value}`],
        ];
        for (const [label, cell] of variants) {
          const { cells, args } = call(id, { at, cell });
          agreeCall(`${id} ${param.name} ${label}`, cells, id, args, { precision: "relative" });
        }
      });
    });
  }

  it("a range, table column or array where one value belongs: no native formula, with the true reason", () => {
    const reason = (id: string, args: string[]) => {
      const r = nativeFormula(id, args);
      assert.ok(!r.ok, `${id}(${args.join(",")}) was converted: ${r.ok ? r.elements[0] : ""}`);
      return r.reason;
    };
    assert.strictEqual(reason("FEE", ["D2:D3"]), "CEO.FEE: gross is a range of 2 cells where one value belongs");
    assert.strictEqual(reason("FEE", ["A1", "B1:C2"]), "CEO.FEE: priorGross is a range of 4 cells where one value belongs");
    assert.strictEqual(reason("FEE", ["Placements[Gross]"]), "CEO.FEE: gross is a table column where one value belongs");
    assert.strictEqual(reason("CASHLESS", ["1000", "B:B", "8"]), "CEO.CASHLESS: strike is a range of 1048576 cells where one value belongs");
    assert.strictEqual(reason("CLASSBPRICE", ["{4,5}"]), "CEO.CLASSBPRICE: bid is an array of 2 values where one value belongs");
    assert.strictEqual(reason("NASDAQ20", ["A1:A3*2"]), "CEO.NASDAQ20: preOutstanding holds a range of several cells where one value belongs");
    assert.strictEqual(reason("FEE", ["OFFSET(A1,0,0,3,1)"]), "CEO.FEE: gross holds OFFSET(...) of several cells where one value belongs");
    assert.strictEqual(reason("FEE", ["OFFSET(A1:A3,1,0)"]), "CEO.FEE: gross holds a range of several cells where one value belongs");
    assert.strictEqual(reason("FEE", ["INDEX(A1:C9,0,2)"]), "CEO.FEE: gross holds INDEX(...) of a whole row or column where one value belongs");
    assert.strictEqual(reason("FEE", ["INDEX(A1:C9,2)"]), "CEO.FEE: gross holds INDEX(...) of a whole row or column where one value belongs");
    assert.strictEqual(reason("FEE", ["FILTER(A1:A9,B1:B9>0)"]), "CEO.FEE: gross holds FILTER(...), an array of a size a native formula cannot follow where one value belongs");
    // One cell, a row's own table cell, aggregates over ranges and lookups of one cell are one value.
    for (const args of [["D2"], ["Placements[@Gross]"], ["SUM(D2:D9)"], ["$D$2:$D$2"], ["INDEX(A1:C9,2,3)"], ["INDEX(A1:A9,MATCH(5,B1:B9,0))"], ["OFFSET(A1,1,0)"], ["VLOOKUP(5,A1:C9,2,FALSE)"]]) {
      assert.ok(nativeFormula("FEE", args).ok, args[0]);
    }
  });

  it("expressions: arithmetic and functions of numbers are used as they are; others are checked like a cell", () => {
    const cells: CellValue[][] = [["'5000", null, 5.2, "x", 25_000_000, 10_000_000]];
    for (const [id, args] of [
      ["FEE", ["A1*1"]], // numeric text times 1 is 5000
      ["FEE", ["B1*1"]], // a blank times 1 is 0: the add-in is handed 0
      ["FEE", ["ROUND(A1,0)"]],
      ["FEE", ["E1", 'IF(D1="x",B1,"")']], // an IF giving a blank cell's value or "": the default
      ["FEE", ["E1", 'IF(D1="x","",F1)']],
      ["CASHLESS", ["1000", 'C1&""', "8"]], // text "5.2" from &: its number
      ["CASHLESS", ["1000", 'IF(D1="x","abc",C1)', "8"]],
      ["CLASSBPRICE", ["C1", "IF(D1=\"x\",TRUE,1)"]],
    ] as const) {
      agreeCall(`${id}(${args.join(",")})`, cells, id, args, { precision: "relative" });
    }
    const arithmetic = nativeFormula("FEE", ["A1*1", "B1+0"]);
    assert.ok(arithmetic.ok && !/ISLOGICAL|--/.test(arithmetic.elements[0]!), arithmetic.ok ? arithmetic.elements[0] : "");
  });

  it("a nested CEO call is a number or an error: used as it is, with no second check, and the result is the add-in's", () => {
    const e = engine();
    e.clear();
    e.set(0, 0, [[10_000_000, null, "'9000000", true]]);
    const cases: [string, unknown][] = [
      ["=CEO.FEE(CEO.CAPACITY(A1))", 575_000], // $15M left: 4% of 10M + 3.5% of 5M
      ["=CEO.NET(CEO.CAPACITY(C1),A1)", 15_470_000], // $16M after $10M: less 3.5% of 10M and 3% of 6M
      ["=CEO.FEE(CEO.CAPACITY(B1))", "#VALUE!"],
      ["=CEO.FEE(CEO.CAPACITY(D1))", "#VALUE!"],
      ["=IFERROR(CEO.FEE(CEO.CAPACITY(B1)),0)", 0],
    ];
    for (const [ceo, expected] of cases) {
      const c = convertFormula(ceo);
      assert.ok(c.kind === "native", `${ceo}: ${JSON.stringify(c)}`);
      assert.ok(!/ISLOGICAL\(\(IF|^=IF\(OR\(\(IF/.test(c.formula), c.formula);
      assert.strictEqual(e.evaluate(c.formula), expected, ceo);
    }
  });

  it("literal numbers stay as written; a blank check is made once per argument, outside the domain guards", () => {
    const literal = nativeFormula("FEE", ["25000000", "1000000"]);
    assert.ok(literal.ok && !/ISLOGICAL|--/.test(literal.elements[0]!), literal.ok ? literal.elements[0] : "");
    const cell = nativeFormula("CASHLESS", ["A1", "B1", "C1"]);
    assert.ok(cell.ok);
    assert.match(cell.elements[0]!, /^IF\(OR\(0\*\(IF\(A1="",0,--A1\)\+IF\(B1="",0,--B1\)\+IF\(C1="",0,--C1\)\),A1="",ISLOGICAL\(A1\),B1="",ISLOGICAL\(B1\),C1="",ISLOGICAL\(C1\)\),#VALUE!,IF\(OR\(\(--A1\)<0,/);
    // #VALUE! from the coercion comes before the core's #NUM!, as in the add-in.
    agreeCall("negative warrants, text price", [[-1, 5.2, "'abc"]], "CASHLESS", ["A1", "B1", "C1"]);
    agreeCall("negative bid, fractional decimals", [[-1, 0.5]], "CLASSBPRICE", ["A1", "", "", "B1"]);
  });

  it("several arguments wrong at once: the first Excel cannot pass gives its error, then the wrapper's #VALUE!, then the core's #NUM!", () => {
    const cells: CellValue[][] = [[true, "'n/a", "=NA()", null, "=1/0", -5]];
    assert.deepStrictEqual(agreeCall("logical, text, error", cells, "CASHLESS", ["A1", "B1", "C1"]), ["#VALUE!"]);
    assert.deepStrictEqual(agreeCall("logical, error", cells, "CASHLESS", ["A1", "C1", "B1"]), ["#N/A"]);
    assert.deepStrictEqual(agreeCall("blank, error", cells, "FEE", ["D1", "E1"]), ["#DIV/0!"]);
    assert.deepStrictEqual(agreeCall("error, error", cells, "FEE", ["E1", "C1"]), ["#DIV/0!"]);
    assert.deepStrictEqual(agreeCall("error literal after an error cell", cells, "FEE", ["C1", "#NUM!"]), ["#N/A"]);
    assert.deepStrictEqual(agreeCall("TRUE literal after an error cell", cells, "FEE", ["E1", "TRUE"]), ["#DIV/0!"]);
    assert.deepStrictEqual(agreeCall("negative, then text", cells, "CASHLESS", ["F1", "1", "B1"]), ["#VALUE!"]);
    assert.deepStrictEqual(agreeCall("fractional decimals after a negative bid", [[-1, 0.5]], "CLASSBPRICE", ["A1", "", "", "B1"]), ["#VALUE!"]);
    // A nested call's error is met before the outer call's blank gross is read.
    const e = engine();
    e.clear();
    e.set(0, 0, [[null, 60_000]]);
    const c = convertFormula("=CEO.FEE(A1,CEO.CAPACITY(-5,B1),0.0019)");
    assert.ok(c.kind === "native");
    assert.strictEqual(e.evaluate(c.formula), "#NUM!");
  });

  it("validity checks err the same cells: decimals outside 0..10 or fractional, whole counts, TRADEDAY n", () => {
    for (const d of [12, -1, 0.5, 10, 0, 2.0000001]) {
      agreeCall(`CLASSBPRICE decimals ${d}`, [[4.04, d]], "CLASSBPRICE", ["A1", "", "", "B1"], { precision: "relative" });
      agreeCall(`CLASSBPRICE literal decimals ${d}`, [[4.04]], "CLASSBPRICE", ["A1", "", "", String(d)], { precision: "relative" });
      agreeCall(`BSWARRANT decimals ${d}`, [[4.04, d]], "BSWARRANT", ["A1", "5.252", "5", "0.8", "0.045", "", "B1"], { precision: { absolute: 1e-9 } });
      agreeCall(`CLASSBPRICE text decimals ${d}`, [[4.04, `'${d}`]], "CLASSBPRICE", ["A1", "", "", "B1"], { precision: "relative" });
      // The add-in refuses the whole row: both cells of WARRANTS err, not only the price.
      agreeCall(`WARRANTS decimals ${d}`, [[1_000_000, 4.04, d]], "WARRANTS", ["A1", "B1", "", "", "C1"], { precision: ["exact", "relative"] });
      agreeCall(`WARRANTS literal decimals ${d}`, [[1_000_000, 4.04]], "WARRANTS", ["A1", "B1", "", "", String(d)], { precision: ["exact", "relative"] });
    }
    for (const n of [2.5, 0, -1, 3, 4]) {
      agreeCall(`RETAINER offerings ${n}`, [[n]], "RETAINER", ["", "", "A1"]);
      agreeCall(`RETAINER offering ${n}`, [[n]], "RETAINER", ["", "", "3", "A1"]);
    }
    for (const n of [1.5, "'2", 0, -3]) agreeCall(`TRADEDAY n ${n}`, [[monday, n]], "TRADEDAY", ["A1", "B1"]);
  });

  it("the wrapper's result as Excel calls it (the test's own model)", () => {
    engine().clear();
    engine().set(0, 0, [[null, "'5.2", "'abc", true, "=NA()"]]);
    assert.strictEqual(excelResult("CASHLESS", ["1000", "B1", "8"]), 350);
    assert.strictEqual(excelResult("CASHLESS", ["1000", "C1", "8"]), "#VALUE!");
    assert.strictEqual(excelResult("CASHLESS", ["1000", "D1", "8"]), "#VALUE!");
    assert.strictEqual(excelResult("CASHLESS", ["1000", "E1", "8"]), "#N/A");
    assert.strictEqual(excelResult("FEE", ["1000", "A1"]), 40);
  });
});
