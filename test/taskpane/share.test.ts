import assert from "assert";
import { callAt, shapeOf, tokenize } from "../../src/core/formulaText";
import { valueContent, convertFormula, copyName, formulaOf, functionDepth, hasCeoCall, nameTargets, noteAddress, planSharing, referencedSheets, retarget, sheetsToCopy, type SheetGrid, type WorkbookName } from "../../src/taskpane/share/share";
import { Engine } from "../support/hyperformula";
import { viaWrapper } from "../support/customFunctions";
import { fee, net } from "../../src/functions/fees";
const fee5m = () => fee(5_000_000);
import { capacityLeft } from "../../src/functions/capacity";
import { warrants } from "../../src/functions/warrants";

describe("share: reading Excel formula text", () => {
  const cases: [formula: string, ceo: boolean][] = [
    ["=CEO.FEE(A1)", true],
    ["=ceo.fee(A1)", true],
    ["=_xll.CEO.FEE(A1)", true],
    ['="CEO.FEE(" & A1', false], // a string that reads like a call
    ['="a""CEO.FEE(b"&CEO.NET(A1)', true], // escaped quotes, then a real call
    ["='CEO.FEE( sheet'!A1*2", false], // a sheet named like a call
    ["=SUM(A1:A3)", false],
    ["=Placements[@Gross]*2", false],
    ["=1+2", false],
    ["CEO.FEE(A1)", false], // text, not a formula
    ["=CEO.FEE(", true], // unreadable, but a CEO formula: its value is kept (below)
    ["=CEO.FEE(A1#)", true], // a spill reference
    ["=CEO.FEE(Données!A1)", true], // a sheet name beyond ASCII
    ["=SUM(Données!A1:A3)+A1#", false],
    ["=CEO.FEE(A1)~", true], // a formula the tokenizer cannot read that names CEO.
    ["=SUM(A1)~", false],
  ];
  for (const [formula, ceo] of cases) it(`${formula} ${ceo ? "calls" : "does not call"} a CEO function`, () => assert.strictEqual(hasCeoCall(formula), ceo));

  it("tokens: strings, quoted sheets, structured references, arrays, errors, ranges", () => {
    const tokens = tokenize(`=IF('My ''x'' sheet'!$A$1:B2>0,Placements[[#This Row],[Gross]],{1,2;3,4})&"a,b)"&#N/A+[@[Prior Gross]]+A:A+3:3+1.5E+3`).filter((t) => t.kind !== "space");
    assert.deepStrictEqual(
      tokens.map((t) => `${t.kind}:${t.text}`),
      ["op:=", "func:IF", "open:(", "ref:'My ''x'' sheet'!$A$1:B2", "op:>", "number:0", "comma:,", "struct:Placements[[#This Row],[Gross]]", "comma:,", "array:{1,2;3,4}", "close:)", "op:&", 'string:"a,b)"', "op:&", "error:#N/A", "op:+", "struct:[@[Prior Gross]]", "op:+", "ref:A:A", "op:+", "ref:3:3", "op:+", "number:1.5E+3"],
    );
    assert.strictEqual(tokens[3]!.sheet, "My 'x' sheet");
  });

  it("tokens: spill references and sheet names in any script", () => {
    const tokens = tokenize("=Données!A1+A1#+Données!B2#+Zürich_Rate+'Ünï'!$A$1:$B$2").filter((t) => t.kind !== "space");
    assert.deepStrictEqual(
      tokens.map((t) => `${t.kind}:${t.text}`),
      ["op:=", "ref:Données!A1", "op:+", "ref:A1#", "op:+", "ref:Données!B2#", "op:+", "name:Zürich_Rate", "op:+", "ref:'Ünï'!$A$1:$B$2"],
    );
    assert.strictEqual(tokens[1]!.sheet, "Données");
  });

  it("arguments split at top-level commas only", () => {
    const text = '=CEO.FEE(IF(C1="a,b)",1,2), {1,2;3,4}, Sheet1!A1:B2)';
    const tokens = tokenize(text);
    assert.deepStrictEqual(callAt(text, tokens, 1).args, ['IF(C1="a,b)",1,2)', " {1,2;3,4}", " Sheet1!A1:B2"]);
    assert.deepStrictEqual(callAt("=CEO.RETAINER()", tokenize("=CEO.RETAINER()"), 1).args, []);
    assert.deepStrictEqual(callAt("=CEO.FEE(A1,,0.04)", tokenize("=CEO.FEE(A1,,0.04)"), 1).args, ["A1", "", "0.04"]);
  });

  it("shapes of arguments from their text", () => {
    assert.deepStrictEqual(shapeOf("A1:B3"), { kind: "cells", rows: 3, columns: 2 });
    assert.deepStrictEqual(shapeOf("Placements[Shares]"), { kind: "column" });
    assert.deepStrictEqual(shapeOf("[@Shares]"), { kind: "one" });
    assert.deepStrictEqual(shapeOf('IF([@Agreement]="Other",0.04,"")'), { kind: "one" });
    assert.deepStrictEqual(shapeOf("SUM(A1:A9)*2"), { kind: "one" });
    assert.deepStrictEqual(shapeOf("OFFSET(A1,0,0,5)"), { kind: "unknown" });
    assert.deepStrictEqual(shapeOf("Tiers"), { kind: "unknown" });
    assert.deepStrictEqual(shapeOf("{1;2;3}"), { kind: "cells", rows: 3, columns: 1 });
    assert.deepStrictEqual(shapeOf(""), { kind: "omitted" });
  });
});

describe("share: converting CEO formulas", () => {
  it("the Placements table's formulas become native, with no CEO call left", () => {
    for (const formula of [
      '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))',
      '=CEO.NET([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))',
      "=CEO.SETTLE([@[Trade Date]])",
      "=INDEX(CEO.WARRANTS([@Shares],[@Price]),1,1)",
      "=INDEX(CEO.WARRANTS(Placements[Shares],Placements[Price]),1,2)",
      "=CEO.CAPACITY(P2)",
      "=CEO.COMPPCT(P2+P3,P4,120000,125000)",
    ]) {
      const c = convertFormula(formula);
      assert.strictEqual(c.kind, "native", `${formula}: ${JSON.stringify(c)}`);
      assert.ok(c.kind === "native" && !/CEO\./i.test(c.formula.replace(/'CEO Holidays'/g, "")), formula);
    }
    const settle = convertFormula("=CEO.SETTLE([@[Trade Date]])");
    assert.ok(settle.kind === "native" && settle.holidays);
  });

  it("a spilled row becomes one formula per cell; inside a larger formula it keeps its value", () => {
    const spill = convertFormula("=CEO.WARRANTS(A1,B1)");
    assert.ok(spill.kind === "spill" && spill.formulas.length === 2);
    const lockup = convertFormula("=@CEO.LOCKUP(A1,B1)");
    assert.ok(lockup.kind === "spill" && lockup.holidays);
    assert.deepStrictEqual(convertFormula("=SUM(CEO.WARRANTS(A1,B1))"), { kind: "value", reason: "CEO.WARRANTS returns a row of 2 values and is used inside a larger formula" });
    assert.match((convertFormula("=INDEX(CEO.WARRANTS(A1,B1),1,0)") as { reason: string }).reason, /picks no single element/);
  });

  it("value with the reason: argument forms and counts no native formula follows", () => {
    assert.deepStrictEqual(convertFormula("=CEO.FEE(A1,,Tiers)"), { kind: "value", reason: "CEO.FEE: schedule is a table column or a name: its rows are not known to a native formula" });
    assert.match((convertFormula("=CEO.FEE(A1,B1,C1,D1)") as { reason: string }).reason, /takes 3 arguments/);
    assert.match((convertFormula("=CEO.NOSUCH(A1)") as { reason: string }).reason, /no native formula/);
    assert.match((convertFormula("=CEO.FEE(") as { reason: string }).reason, /could not be read: unclosed \(/);
    const long = `=CEO.FEE(${"A1+".repeat(3000)}A1)`;
    assert.match((convertFormula(long) as { reason: string }).reason, /longer than Excel's 8192/);
  });

  it("nested calls and calls inside larger expressions, evaluated: the same figures as the CEO functions", () => {
    const e = new Engine();
    e.set(0, 0, [[5_000_000, 8_000_000, 30_000_000, 12345, 4.04, "Other"]]);
    const cases: [string, unknown][] = [
      ["=CEO.FEE(A1,CEO.FEE(B1)*0+B1)", viaWrapper(() => fee(5_000_000, 8_000_000))],
      ["=CEO.NET(A1,B1)+CEO.FEE(A1,B1)", 5_000_000],
      ['="Fee: "&TEXT(CEO.FEE(A1),"0.00")', "Fee: 200000.00"],
      ["=CEO.CAPACITY(CEO.NET(A1)+CEO.FEE(B1))", viaWrapper(() => capacityLeft((net(5_000_000) as number) + (fee(8_000_000) as number)))],
      ['=CEO.FEE(A1,B1,IF(F1="Other",0.04,""))*2', 2 * (viaWrapper(() => fee(5_000_000, 8_000_000, 0.04 as any)) as number)],
      ["=INDEX(CEO.WARRANTS(D1,E1),1,1)+INDEX(CEO.WARRANTS(D1,E1),2)", (viaWrapper(() => warrants(12345 as any, 4.04 as any)) as number[][])[0]!.reduce((a, b) => a + b, 0)],
      ["=CEO.FEE(C1)", 1_050_000],
    ];
    for (const [formula, expected] of cases) {
      const c = convertFormula(formula);
      assert.strictEqual(c.kind, "native", `${formula}: ${JSON.stringify(c)}`);
      const value = e.evaluate((c as { formula: string }).formula);
      if (typeof expected === "number") assert.ok(Math.abs((value as number) - expected) < 1e-6, `${formula}: ${value} != ${expected}`);
      else assert.strictEqual(value, expected, formula);
    }
  });

  it("references to copied sheets point to the copies; others are listed", () => {
    const renamed = new Map([["Placements", "Placements (shared)"], ["Deal Terms", "Deal Terms (shared)"]]);
    assert.strictEqual(retarget("=Placements!A1+'Deal Terms'!B2:C3+Other!A1+A1", renamed), "='Placements (shared)'!A1+'Deal Terms (shared)'!B2:C3+Other!A1+A1");
    assert.strictEqual(retarget('="Placements!A1"', renamed), '="Placements!A1"');
    assert.deepStrictEqual(referencedSheets("=Placements!A1+'Deal Terms'!B2+Placements!C3"), ["Placements", "Deal Terms"]);
  });

  it("copy names are unique and at most 31 characters; the note goes right of the used range", () => {
    assert.strictEqual(copyName("Placements", ["Placements"]), "Placements (shared)");
    assert.strictEqual(copyName("Placements", ["Placements", "placements (shared)"]), "Placements (shared 2)");
    assert.strictEqual(copyName("A very long sheet name indeed!!", []).length, 31);
    assert.strictEqual(noteAddress("'Placements (shared)'!A1:V13"), "X1");
    assert.strictEqual(noteAddress("C5"), "E5");
  });
});

describe("share: planning a sheet's copy", () => {
  const grid = (formulas: unknown[][], values: unknown[][], address = "A1"): SheetGrid => {
    const rows = formulas.length;
    const columns = Math.max(...formulas.map((r) => r.length));
    const end = `${String.fromCharCode(64 + columns + address.charCodeAt(0) - 65)}${rows + Number(address.slice(1)) - 1}`;
    return { name: "Deal", copy: "Deal (shared)", address: `${address}:${end}`, formulas, values };
  };

  it("CEO formulas replaced, others untouched, originals kept with their addresses", () => {
    const plan = planSharing([grid([["Gross", 5_000_000, "=CEO.FEE(B1)", "=B1*2"], ["", "", "=CEO.WARRANTS(B1,4)", ""]], [["Gross", 5_000_000, 200000, 1e7], ["", "", 500000, 5.2]], "B2")]);
    const sheet = plan.sheets[0]!;
    assert.deepStrictEqual(sheet.writes.map((w) => w.address), ["D2", "D3", "E3"]);
    assert.deepStrictEqual(sheet.originals, [
      { sheet: "Deal (shared)", address: "D2", formula: "=CEO.FEE(B1)" },
      { sheet: "Deal (shared)", address: "D3", formula: "=CEO.WARRANTS(B1,4)" },
      { sheet: "Deal (shared)", address: "E3", formula: "" },
    ]);
    assert.strictEqual(sheet.native, 2);
    assert.ok(sheet.writes.every((w) => typeof w.content === "string" && !/CEO\./.test(w.content)));
  });

  it("NET beside FEE of the same arguments in a table row reads that fee's column; other arguments, or cells outside a table, get the whole NET", () => {
    const fee = '=CEO.FEE([@Gross],[@[Prior Gross]],IF([@Agreement]="Other",0.04,""))';
    const net = fee.replace("CEO.FEE", "CEO.NET");
    const headers = ["Gross", "Prior Gross", "Agreement", "Fee [$]", "Net", "Net 3%", "Fee A1", "Net A1"];
    const row = (r: number) => [1000 * r, 0, "Sales", fee, net, '=CEO.NET([@Gross],[@[Prior Gross]],0.03)', `=CEO.FEE(A${r + 1},B${r + 1})`, `=CEO.NET(A${r + 1},B${r + 1})`];
    const formulas = [headers, row(1), row(2), row(3)];
    const plan = planSharing([grid(formulas, [headers, ...[1, 2, 3].map((r) => [1000 * r, 0, "Sales", 40 * r, 960 * r, 970 * r, 40 * r, 960 * r])])]);
    const written = (address: string) => plan.sheets[0]!.writes.find((w) => w.address === address)?.content;
    for (const r of [2, 3, 4]) {
      // The header's [ and ] escaped with ' as structured references require.
      assert.strictEqual(written(`E${r}`), "=IF(ISNUMBER([@[Fee '[$']]]),ROUND((--[@Gross])-[@[Fee '[$']]],2),[@[Fee '[$']]])");
      assert.match(String(written(`F${r}`)), /^=IF\(OR\(0\*/); // another schedule than the fee's: the whole NET
      assert.match(String(written(`H${r}`)), /^=IF\(OR\(0\*/); // A1 references: no table to name the fee's column in
    }
    assert.strictEqual(plan.sheets[0]!.native, 15);
  });

  it("a spilled row blocked by a neighbour, and unsupported forms, keep their values with a note", () => {
    const plan = planSharing([grid([["=CEO.WARRANTS(C1,4)", "x", 100], ["=CEO.FEE(C1,,Tiers)", "", ""], ["=CEO.FEE(C9)", "", ""]], [["#SPILL!", "x", 100], [4, "", ""], ["#NUM!", "", ""]])]);
    const sheet = plan.sheets[0]!;
    assert.deepStrictEqual(sheet.writes.map((w) => [w.address, w.content]), [["A1", "=NA()"], ["A2", 4], ["A3", '=IF(OR(0*IF(C9="",0,--C9),C9="",ISLOGICAL(C9)),#VALUE!,IF((--C9)<0,#NUM!,ROUND(0.04*MIN((--C9),10000000)+0.035*MAX(0,MIN((--C9),20000000)-10000000)+0.03*MAX(0,(--C9)-20000000),2)))']]);
    assert.strictEqual(sheet.values, 2);
    assert.match(sheet.notes.join("\n"), /A1: value kept \(its row of values is blocked by the cell to its right; it showed #SPILL!, written as =NA\(\): Excel takes no #SPILL! typed in a formula\)/);
    assert.match(sheet.notes.join("\n"), /A2: value kept \(CEO.FEE: schedule is a table column or a name/);
  });

  it("a spilled row that keeps its value keeps every value of the row, each with its original (empty) recorded", () => {
    const plan = planSharing([grid([["=CEO.WARRANTS(C1:C2,D1:D2+0)", "", "=CEO.LOCKUP(C1)", "", "x"], ["=@CEO.WARRANTS(C1:C2,D1:D2+0)", "", "", "", ""]], [[5000, 5.252, 37300, 37400, "x"], [5000, "", "", "", ""]])]);
    const sheet = plan.sheets[0]!;
    assert.deepStrictEqual(
      sheet.writes.filter((w) => w.row === 0 && w.column < 2).map((w) => [w.address, w.content]),
      [["A1", 5000], ["B1", 5.252]],
    );
    assert.deepStrictEqual(sheet.originals.filter((o) => o.address === "A1" || o.address === "B1").map((o) => o.formula), ["=CEO.WARRANTS(C1:C2,D1:D2+0)", ""]);
    assert.deepStrictEqual(sheet.writes.filter((w) => w.address === "C1" || w.address === "D1").map((w) => w.content), [37300, 37400]); // LOCKUP missing its second argument
    assert.ok(!sheet.writes.some((w) => w.address === "B2"), "an implicit intersection does not spill");
    assert.strictEqual(sheet.values, 3);
  });

  it("a kept value is written as Excel shows it: error literals as errors, other errors as =NA(), text through the text writer, never a formula", () => {
    assert.deepStrictEqual(
      ["#N/A", "#NUM!", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#TBD", "#", "'quoted", "\tTab", "=1+1", "+1", "-", "@x", "plain", 5, true, null, ""].map(valueContent),
      ["=#N/A", "=#NUM!", "=#NULL!", "=#DIV/0!", "=#VALUE!", "=#REF!", "=#NAME?", "'#TBD", "'#", "''quoted", "'\tTab", "'=1+1", "'+1", "'-", "'@x", "'plain", 5, true, "", ""],
    );
    // Typed through Range.formulas these would become a number, a percentage and a date (values written are read as typed).
    assert.deepStrictEqual(["00123", "50%", "2024-06-03", "1,234"].map(valueContent), ["'00123", "'50%", "'2024-06-03", "'1,234"]);
    // Errors that are not literals of the formula grammar (MS-XLSX 2.2.2 error-constant): =NA(), never a formula Excel refuses.
    for (const error of ["#SPILL!", "#CALC!", "#BUSY!", "#BLOCKED!", "#CONNECT!", "#FIELD!", "#UNKNOWN!", "#GETTING_DATA", "#PYTHON!", "#EXTERNAL!"]) assert.strictEqual(valueContent(error), "=NA()", error);
  });

  it("a spill reference or an unreadable CEO formula keeps its value with the reason", () => {
    assert.deepStrictEqual(convertFormula("=CEO.FEE(A1#)"), { kind: "value", reason: "A1# is a spill reference: its size is not known to a native formula" });
    const plan = planSharing([grid([["=CEO.FEE(A1#)", "=CEO.FEE(B9)~", "=CEO.FEE(Données!A1)"]], [[40, 41, 42]])]);
    const sheet = plan.sheets[0]!;
    assert.deepStrictEqual(sheet.writes.slice(0, 2).map((w) => [w.address, w.content]), [["A1", 40], ["B1", 41]]);
    assert.match(String(sheet.writes[2]!.content), /^=IF\(OR\(0\*IF\(Données!A1="",0,--Données!A1\),Données!A1="",ISLOGICAL\(Données!A1\)\),#VALUE!,IF\(\(--Données!A1\)<0,#NUM!,/);
    assert.strictEqual(sheet.values, 2);
    assert.match(sheet.notes.join("\n"), /A1: value kept \(A1# is a spill reference/);
    assert.match(sheet.notes.join("\n"), /B1: value kept \(the formula could not be read/);
  });

  it("a formula referring to another copied sheet is pointed at its copy; to a sheet left out, a warning", () => {
    const a: SheetGrid = { name: "Terms", copy: "Terms (shared)", address: "A1:A1", formulas: [["=CEO.FEE(Deal!B1)"]], values: [[1]] };
    const b: SheetGrid = { name: "Deal", copy: "Deal (shared)", address: "A1:B1", formulas: [["=Terms!A1*2", "=Other!A1"]], values: [[2, 3]] };
    const plan = planSharing([a, b], ["Terms", "Deal", "Other"]);
    assert.match(String(plan.sheets[0]!.writes[0]!.content), /'Deal \(shared\)'!B1/);
    assert.deepStrictEqual(plan.sheets[1]!.writes.map((w) => w.content), ["='Terms (shared)'!A1*2"]);
    assert.deepStrictEqual(plan.sheets[1]!.originals.map((o) => o.formula), ["=Terms!A1*2"]);
    assert.match(plan.warnings.join(), /"Deal \(shared\)" B1 reads "Other", which is not one of the shared copies/);
  });
});

describe("share: names read the copies where they point into a copied sheet", () => {
  // The Terms sheet's schedule (writeTermsSheet lays Sales_Schedule out at A13:B15) and a deal sheet that reads it by name.
  const SCHEDULE = [[0, 0.04], [10_000_000, 0.035], [20_000_000, 0.03]];
  const terms = (): SheetGrid => ({ name: "Terms", copy: "Terms (shared)", address: "A13:B15", formulas: SCHEDULE, values: SCHEDULE });
  const deal = (formulas: unknown[][] = [[5_000_000, "=CEO.FEE(D2,,Sales_Schedule)", "=INDEX(Sales_Schedule,2,2)"]], values: unknown[][] = [[5_000_000, 200_000, 0.035]]): SheetGrid => ({
    name: "Deal",
    copy: "Deal (shared)",
    address: `D2:${String.fromCharCode(67 + formulas[0]!.length)}2`,
    formulas,
    values,
  });
  const NAMES: WorkbookName[] = [
    { name: "Sales_Schedule", formula: "=Terms!$A$13:$B$15" },
    { name: "Other_Rate", formula: "=0.04" },
    { name: "Doubled", formula: "=Terms!$B$13*2" },
    { name: "Relative", formula: "=Terms!A13:B15" },
  ];
  const SHEETS = ["Terms", "Deal", "Notes"];
  const content = (plan: ReturnType<typeof planSharing>, copy: string, address: string) => plan.sheets.find((s) => s.copy === copy)!.writes.find((w) => w.address === address)?.content;

  it("Terms copied too: the native formula and a plain formula read 'Terms (shared)', the copy the analyst sends reads no original sheet", () => {
    const plan = planSharing([terms(), deal()], SHEETS, NAMES);
    const fee = String(content(plan, "Deal (shared)", "E2"));
    assert.match(fee, /'Terms \(shared\)'!\$A\$13/);
    assert.ok(!/(^|[^'])Terms!/.test(fee), fee);
    // Evaluated with only the copy of Terms in the engine: the add-in's figure.
    const e = new Engine();
    e.hf.addSheet("Terms (shared)");
    e.hf.setCellContents({ sheet: e.hf.getSheetId("Terms (shared)")!, row: 12, col: 0 }, SCHEDULE);
    e.set(1, 3, [[5_000_000]]);
    assert.strictEqual(e.evaluate(fee), viaWrapper(() => fee5m()));
    // A formula that is not the add-in's reads the copy too: it was pointed at the copies already for direct references.
    assert.strictEqual(content(plan, "Deal (shared)", "F2"), "=INDEX('Terms (shared)'!$A$13:$B$15,2,2)");
    assert.deepStrictEqual(plan.sheets.find((s) => s.copy === "Deal (shared)")!.originals.map((o) => o.formula), ["=CEO.FEE(D2,,Sales_Schedule)", "=INDEX(Sales_Schedule,2,2)"]);
    assert.deepStrictEqual(plan.warnings, []);
  });

  it("Terms not copied: the copy reads the original, and the details name each cell, the sheet and the name", () => {
    const plan = planSharing([deal()], SHEETS, NAMES);
    assert.match(String(content(plan, "Deal (shared)", "E2")), /Terms!\$A\$13/);
    assert.strictEqual(content(plan, "Deal (shared)", "F2"), undefined, "a plain formula into a sheet not copied is left as it is");
    assert.deepStrictEqual(plan.warnings, [
      '"Deal (shared)" E2, F2 read "Terms" through the name Sales_Schedule (Terms!$A$13:$B$15), which is not one of the shared copies: the copies depend on it, and sent without it they would link back to this workbook. Prepare "Terms" with them (not only the active sheet; unhide it if hidden), or send the whole workbook.',
    ]);
  });

  it("a reference to a sheet left out, written in the formula, is listed the same way; a cell that keeps its value depends on nothing", () => {
    const plan = planSharing([deal([[5_000_000, "=CEO.FEE(Terms!B2)", "=CEO.FEE(D2,,Terms!A1:A2)"]])], SHEETS, NAMES);
    assert.strictEqual(plan.sheets[0]!.values, 1);
    assert.deepStrictEqual(plan.warnings, ['"Deal (shared)" E2 reads "Terms", which is not one of the shared copies: the copies depend on it, and sent without it they would link back to this workbook. Prepare "Terms" with them (not only the active sheet; unhide it if hidden), or send the whole workbook.']);
  });

  it("names that are not absolute references keep today's behaviour: a number is written in, a formula or a relative reference stays a name (and is listed)", () => {
    const plan = planSharing([terms(), deal([[5_000_000, "=CEO.FEE(D2,,Other_Rate)", "=CEO.FEE(D2)*Doubled", "=CEO.FEE(D2,,Relative)"]], [[5_000_000, 200_000, 16_000, 0.035]])], SHEETS, NAMES);
    assert.match(String(content(plan, "Deal (shared)", "E2")), /0\.04\*/);
    assert.match(String(content(plan, "Deal (shared)", "F2")), /Doubled/);
    assert.strictEqual(content(plan, "Deal (shared)", "G2"), 0.035, "a schedule given as a name the pane cannot read keeps its value");
    assert.deepStrictEqual(plan.warnings, [
      '"Deal (shared)" F2 reads "Terms" through the name Doubled (Terms!$B$13*2), which the pane does not rewrite (it rewrites names of absolute references and numbers), so the copy reads the original sheet: sent without "Terms", it would link back to this workbook. Replace the name by the cells it reads, or send the whole workbook.',
    ]);
    assert.deepStrictEqual(
      [...nameTargets(NAMES)].sort(),
      [["other_rate", "0.04"], ["sales_schedule", "Terms!$A$13:$B$15"]],
    );
  });

  it("a name of the sheet itself (Worksheet.names) is the one its formulas read, over the workbook's", () => {
    const local = new Map([["Deal", [{ name: "SALES_SCHEDULE", formula: "=Deal!$H$1:$I$3" }]]]);
    const plan = planSharing([terms(), deal()], SHEETS, NAMES, local);
    assert.match(String(content(plan, "Deal (shared)", "E2")), /'Deal \(shared\)'!\$H\$1/);
    assert.strictEqual(content(plan, "Deal (shared)", "F2"), "=INDEX('Deal (shared)'!$H$1:$I$3,2,2)");
    // A sheet's name the pane cannot read hides the workbook's: the schedule keeps its value rather than read another range.
    const hidden = planSharing([terms(), deal()], SHEETS, NAMES, new Map([["Deal", [{ name: "Sales_Schedule", formula: "=OFFSET(Deal!$H$1,0,0,3,2)" }]]]));
    assert.strictEqual(content(hidden, "Deal (shared)", "E2"), 200_000);
    assert.strictEqual(content(hidden, "Deal (shared)", "F2"), undefined);
  });

  it("the sheets to copy: those with CEO formulas, and the chosen sheets they read, directly or through a name", () => {
    const notes = { name: "Notes", formulas: [["=Deal!D2"]], values: [[5_000_000]] };
    const inputs = { name: "Inputs", formulas: [[1]], values: [[1]] };
    const rates = { name: "Rates", formulas: [[0.04]], values: [[0.04]] };
    const read = [terms(), deal([[5_000_000, "=CEO.FEE(D2,,Sales_Schedule)", "=Inputs!A1+Rates!A1"]]), notes, inputs, rates].map(({ name, formulas, values }) => ({ name, formulas, values }));
    assert.deepStrictEqual(sheetsToCopy(read, NAMES), ["Terms", "Deal", "Inputs", "Rates"]);
    assert.deepStrictEqual(sheetsToCopy(read.slice(1), NAMES), ["Deal", "Inputs", "Rates"]);
    assert.deepStrictEqual(sheetsToCopy([terms(), notes], NAMES), []);
  });
});

describe("share: text that reads like a formula stays text (values and formulas compared)", () => {
  // A quote-prefixed text cell's formulas is its text without the apostrophe (office-js issue 6687): only its value tells it from a formula.
  it("formulaOf: the formula of a formula cell; nothing for text, numbers, blanks", () => {
    const cases: [formula: unknown, value: unknown, expected: string | undefined][] = [
      ["=CEO.FEE(A1)", 200000, "=CEO.FEE(A1)"],
      ["=CEO.FEE(A1)", "#NAME?", "=CEO.FEE(A1)"],
      ['="=CEO.FEE(1)"', "=CEO.FEE(1)", '="=CEO.FEE(1)"'], // a formula whose result reads like one
      ["=CEO.FEE(1)", "=CEO.FEE(1)", undefined], // text, written '=CEO.FEE(1)
      ['=WEBSERVICE("http://x")', '=WEBSERVICE("http://x")', undefined],
      ["plain", "plain", undefined],
      [5, 5, undefined],
      ["", "", undefined],
      [null, null, undefined],
    ];
    for (const [formula, value, expected] of cases) assert.strictEqual(formulaOf(formula, value), expected, `${String(formula)} / ${String(value)}`);
  });

  it("a Notes cell holding =WEBSERVICE(...) or =CEO.FEE(1) as text is not written to the copy, retargeted or counted", () => {
    const web = '=WEBSERVICE("http://x/?q="&Deal!B1)';
    const grid: SheetGrid = {
      name: "Deal",
      copy: "Deal (shared)",
      address: "A1:E1",
      formulas: [["=CEO.FEE(B1)", 5_000_000, web, "=CEO.FEE(1)", "=Other!A1 as text"]],
      values: [[200_000, 5_000_000, web, "=CEO.FEE(1)", "=Other!A1 as text"]],
    };
    const plan = planSharing([grid], ["Deal", "Other"]);
    assert.deepStrictEqual(plan.sheets[0]!.writes.map((w) => w.address), ["A1"]);
    assert.deepStrictEqual(plan.sheets[0]!.originals.map((o) => o.address), ["A1"]);
    assert.strictEqual(plan.sheets[0]!.native, 1);
    assert.deepStrictEqual(plan.warnings, []);
  });
});

describe("share: formulas Excel refuses keep their values", () => {
  it("functionDepth counts nested function calls, not parentheses", () => {
    assert.strictEqual(functionDepth("=1+(2*(3))"), 0);
    assert.strictEqual(functionDepth("=SUM(A1,MAX(1,(2)),ABS(ROUND(1,2)))"), 3);
    assert.strictEqual(functionDepth('=IF(A1,"(((",ABS(1))'), 2);
  });

  it("a native formula nesting functions deeper than Excel's 64 levels keeps the cell's value with the reason", () => {
    // The analyst's formula nests 62 levels (Excel took it); the native FEE nests 5 more.
    const formula = `=${"ABS(".repeat(62)}CEO.FEE(A1)${")".repeat(62)}`;
    const converted = convertFormula(formula);
    assert.strictEqual(converted.kind, "value");
    assert.match((converted as { reason: string }).reason, /nests functions 67 levels deep: Excel takes 64/);
    const shallow = convertFormula(`=${"ABS(".repeat(50)}CEO.FEE(A1)${")".repeat(50)}`);
    assert.strictEqual(shallow.kind, "native");
  });
});
