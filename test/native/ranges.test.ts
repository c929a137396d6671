/*
 * Range arguments (any[][] parameters) of the native formulas, read as the add-in reads them
 * (src/functions/excel.ts range(), parallelRanges(), rows(); docs/SHARING-MODEL.md): text, even
 * numeric text, and logicals are #VALUE!; blanks are skipped (a pair of blanks in parallel
 * ranges), a blank beside a number is #VALUE!; parallel ranges pair in reading order whatever
 * their orientation; whole columns are read whole (a header row is text: #VALUE!). Each case is
 * evaluated in hyperformula on cells and compared with the wrapper called with the values Excel
 * passes for those cells; where both err, the error code too.
 */
import assert from "assert";
import { nativeFormula } from "../../src/core/formulas";
import { compPct } from "../../src/functions/compensation";
import { convPrice, convShares, initConv } from "../../src/functions/conversion";
import { fee, feeRate, net } from "../../src/functions/fees";
import { vwap, warrants } from "../../src/functions/warrants";
import { viaWrapper } from "../support/customFunctions";
import type { CellValue } from "../support/hyperformula";
import { agree, engine, type Precision } from "./agree";

/**
 * A cell as written in the test engine: a number, text ("'5" is the text 5, as typed with an
 * apostrophe), a logical, blank, '=""' (a formula showing empty text) or "=NA()".
 */
type In = CellValue;

/** What Excel passes a range parameter for the cell: the raw value (numeric text stays text). */
function passed(v: In): unknown {
  if (typeof v !== "string") return v;
  if (v === '=""') return "";
  if (v === "=NA()") return { type: "Error", basicValue: "#N/A", errorType: "NotAvailable" };
  return v.startsWith("'") ? v.slice(1) : v;
}

/** The values of rows r0..r1, columns c0..c1 (0-based, inclusive) as Excel passes them, blanks as null. */
function block(cells: In[][], r0: number, c0: number, r1: number, c1: number): unknown[][] {
  const out: unknown[][] = [];
  for (let r = r0; r <= r1; r++) {
    const row: unknown[] = [];
    for (let c = c0; c <= c1; c++) row.push(passed(cells[r]?.[c] ?? null));
    out.push(row);
  }
  return out;
}

/** The native elements of =CEO.id(args) through the converter's registry, or a failure naming the reason. */
function native(id: string, args: string[]): readonly string[] {
  const result = nativeFormula(id, args);
  if (!result.ok) assert.fail(`CEO.${id}(${args.join(",")}) has no native formula: ${result.reason}`);
  return result.elements;
}

/** agree(), and where the wrapper errs the same error code in every element. */
function same(label: string, cells: In[][], elements: readonly string[], wrapper: () => unknown, precision: Precision | readonly Precision[] = "relative"): void {
  agree(label, cells, elements, wrapper, precision);
  const core = viaWrapper(wrapper);
  elements.forEach((element, i) => {
    const expected = Array.isArray(core) ? (core as unknown[][])[0]![i] : core;
    if (typeof expected === "string") assert.strictEqual(engine().evaluate(`=${element}`), expected, `${label} [element ${i + 1}]: the add-in shows ${expected}; ${element}`);
  });
}

const shares = [1000, 3000, 2000];
const prices = [4.04, 5.5, 4.25];

describe("range arguments read as the add-in reads them (hyperformula)", () => {
  describe("VWAP and WARRANTS: parallel ranges", () => {
    it("text, numeric text and logicals in shares or prices are #VALUE!", () => {
      for (const bad of ["abc", "'5", true, "'-1"] as In[]) {
        for (const column of [0, 1]) {
          const cells: In[][] = shares.map((s, i) => [s, prices[i]!, null, i === 0 ? 4 : null]);
          cells[1]![column] = bad;
          const s = block(cells, 0, 0, 2, 0);
          const p = block(cells, 0, 1, 2, 1);
          same(`VWAP ${String(bad)} in column ${column + 1}`, cells, native("VWAP", ["A1:A3", "B1:B3"]), () => vwap(s, p));
          same(`WARRANTS ${String(bad)} in column ${column + 1}`, cells, native("WARRANTS", ["A1:A3", "B1:B3"]), () => warrants(s, p), ["exact", "relative"]);
          same(`WARRANTS total ${String(bad)} in column ${column + 1}`, cells, native("WARRANTS", ["A1:A3", "D1"]), () => warrants(s, [[4]]), ["exact", "relative"]);
        }
      }
    });

    it("a blank beside a number is #VALUE!, a pair of blanks is skipped, empty text is blank", () => {
      const cases: [string, In[][]][] = [
        ["blank share", [[1000, 4], [null, 5], [2000, 4.5]]],
        ["blank price", [[1000, 4], [3000, null], [2000, 4.5]]],
        ["pair of blanks", [[1000, 4], [null, null], [2000, 4.5]]],
        ["empty text pair", [[1000, 4], ['=""', '=""'], [2000, 4.5]]],
        ["empty text beside a number", [[1000, 4], ['=""', 5], [2000, 4.5]]],
      ];
      for (const [label, cells] of cases) {
        const s = block(cells, 0, 0, 2, 0);
        const p = block(cells, 0, 1, 2, 1);
        same(`VWAP ${label}`, cells, native("VWAP", ["A1:A3", "B1:B3"]), () => vwap(s, p));
        same(`WARRANTS ${label}`, cells, native("WARRANTS", ["A1:A3", "B1:B3"]), () => warrants(s, p), ["exact", "relative"]);
      }
    });

    it("shares down a column and prices across a row (and the reverse) pair in reading order", () => {
      // shares A1:A3, prices C1:E1; shares across C3:E3, prices down B1:B3
      const layouts: [string, In[][]][] = [
        ["numbers", [[1000, 4.5, 4.04, 5.5, 4.25], [3000, 5, null, null, null], [2000, 4, 1500, 500, 2500]]],
        ["a pair of blanks", [[1000, 4.5, 4.04, null, 4.25], [null, 5, null, null, null], [2000, 4, 1500, null, 2500]]],
        ["a blank beside a number", [[1000, 4.5, 4.04, 5.5, 4.25], [null, 5, null, null, null], [2000, 4, null, 500, 2500]]],
        ["text", [[1000, 4.5, 4.04, "'5.5", 4.25], [3000, 5, null, null, null], [2000, 4, 1500, 500, true]]],
        ["negative", [[1000, 4.5, 4.04, -5.5, 4.25], [3000, 5, null, null, null], [2000, 4, 1500, 500, 2500]]],
        ["zero volume", [[0, 4.5, 4.04, 5.5, 4.25], [0, 5, null, null, null], [0, 4, 0, 0, 0]]],
      ];
      for (const [label, cells] of layouts) {
        const down = block(cells, 0, 0, 2, 0);
        const across = block(cells, 0, 2, 0, 4);
        same(`VWAP column x row, ${label}`, cells, native("VWAP", ["A1:A3", "C1:E1"]), () => vwap(down, across));
        same(`WARRANTS column x row, ${label}`, cells, native("WARRANTS", ["A1:A3", "C1:E1"]), () => warrants(down, across), ["exact", "relative"]);
        const acrossShares = block(cells, 2, 2, 2, 4);
        const downPrices = block(cells, 0, 1, 2, 1);
        same(`VWAP row x column, ${label}`, cells, native("VWAP", ["$C$3:$E$3", "$B$1:$B$3", "2"]), () => vwap(acrossShares, downPrices, 2));
        same(`WARRANTS row x column, ${label}`, cells, native("WARRANTS", ["C3:E3", "B1:B3"]), () => warrants(acrossShares, downPrices), ["exact", "relative"]);
      }
    });

    it("ranges of different sizes are #VALUE!; the same size in other shapes pairs in reading order or keeps its value", () => {
      const cells: In[][] = [[1000, 4, 4.1, 4.2], [3000, 5, 4.3, 4.4], [2000, 4.5, null, null], [500, 4.75, null, null]];
      same("VWAP 3 vs 4", cells, native("VWAP", ["A1:A3", "B1:B4"]), () => vwap(block(cells, 0, 0, 2, 0), block(cells, 0, 1, 3, 1)));
      same("VWAP column vs row of another size", cells, native("VWAP", ["A1:A3", "B1:D1"]), () => vwap(block(cells, 0, 0, 2, 0), block(cells, 0, 1, 0, 3)));
      same("WARRANTS 4 vs 3", cells, native("WARRANTS", ["A1:A4", "B1:B3"]), () => warrants(block(cells, 0, 0, 3, 0), block(cells, 0, 1, 2, 1)));
      same("WARRANTS one share figure vs 4 prices", cells, native("WARRANTS", ["A1", "B1:B4"]), () => warrants(block(cells, 0, 0, 0, 0), block(cells, 0, 1, 3, 1)));
      const square = nativeFormula("VWAP", ["A1:A4", "C1:D2"]);
      assert.ok(!square.ok && /reading order/.test(square.reason), JSON.stringify(square));
    });

    it("whole columns: a header row is text (#VALUE! in both); without one, the numbers", () => {
      const withHeader: In[][] = [[null, null, null, null, null, "Shares", "Price"], ...shares.map((s, i) => [null, null, null, null, null, s, prices[i]!])];
      const s = block(withHeader, 0, 5, 40, 5);
      const p = block(withHeader, 0, 6, 40, 6);
      same("VWAP F:F, G:G with a header", withHeader, native("VWAP", ["F:F", "G:G"]), () => vwap(s, p));
      same("WARRANTS F:F, G:G with a header", withHeader, native("WARRANTS", ["$F:$F", "$G:$G"]), () => warrants(s, p), ["exact", "relative"]);
      same("WARRANTS F:F, one vwap, with a header", withHeader, native("WARRANTS", ["F:F", "4"]), () => warrants(s, [[4]]), ["exact", "relative"]);
      const bare = withHeader.slice(1);
      const s2 = block(bare, 0, 5, 40, 5);
      const p2 = block(bare, 0, 6, 40, 6);
      same("VWAP F:F, G:G", bare, native("VWAP", ["F:F", "G:G"]), () => vwap(s2, p2));
      same("WARRANTS F:F, G:G", bare, native("WARRANTS", ["F:F", "G:G"]), () => warrants(s2, p2), ["exact", "relative"]);
    });

    it("WARRANTS: one share figure or one price that is blank, text or a logical is #VALUE!", () => {
      for (const bad of [null, '=""', "'5", "abc", true] as In[]) {
        const cells: In[][] = [[bad, 4, 12345, bad]];
        const b = passed(bad);
        same(`shares ${String(bad)}`, cells, native("WARRANTS", ["A1", "B1"]), () => warrants([[b]], [[4]]), ["exact", "relative"]);
        same(`vwap ${String(bad)}`, cells, native("WARRANTS", ["C1", "D1"]), () => warrants([[12345]], [[b]]), ["exact", "relative"]);
        same(`vwap ${String(bad)}, with options`, cells, native("WARRANTS", ["C1", "D1", "0.05", "1.2", "2"]), () => warrants([[12345]], [[b]], 0.05, 1.2, 2), ["exact", "exact"]);
      }
    });

    it("a logical or text written as the argument is #VALUE!, a logical also where an engine takes it for 1 or 0", () => {
      const cells: In[][] = [[1000, 4], [3000, 5]];
      for (const literal of ["FALSE", "TRUE", '"5"', '"abc"']) {
        const value = literal.startsWith('"') ? literal.slice(1, -1) : literal === "TRUE";
        for (const [id, args, wrapper] of [
          ["WARRANTS", [literal, "B1"], () => warrants([[value]], [[4]])],
          ["WARRANTS", ["A1", literal], () => warrants([[1000]], [[value]])],
          ["WARRANTS", ["A1:A2", literal], () => warrants([[1000], [3000]], [[value]])],
          ["COMPPCT", ["25000000", "900000", "", literal], () => compPct(25_000_000, 900_000, null as any, [[value]])],
        ] as const) {
          const elements = native(id, [...args]);
          const core = viaWrapper(wrapper);
          assert.strictEqual((Array.isArray(core) ? (core as unknown[][])[0]![0] : core), "#VALUE!", `${id}(${args.join(",")}) in the add-in`);
          // The condition is the constant 1 (hyperformula reads TRUE and FALSE as names: #NAME?, an error too).
          for (const element of elements) assert.match(element, /[(,]1[,)]/, `${id}(${args.join(",")}): ${element}`);
          agree(`${id}(${args.join(",")})`, cells, elements, wrapper);
        }
      }
    });

    it("WARRANTS with decimals 12, -1 or 0.5 errs in both cells, as a literal and from a cell", () => {
      for (const d of [12, -1, 0.5, 11, 2]) {
        const cells: In[][] = [[12345, 4.0412, d], [1000, 4, null]];
        for (const text of [String(d), "C1"]) {
          same(`WARRANTS one sale decimals ${text}=${d}`, cells, native("WARRANTS", ["A1", "B1", "", "", text]), () => warrants([[12345]], [[4.0412]], undefined, undefined, d), ["exact", "exact"]);
          same(`WARRANTS per sale decimals ${text}=${d}`, cells, native("WARRANTS", ["A1:A2", "B1:B2", "", "", text]), () => warrants([[12345], [1000]], [[4.0412], [4]], undefined, undefined, d), ["exact", "exact"]);
        }
      }
    });
  });

  describe("INITCONV, CONVPRICE, CONVSHARES: price series", () => {
    const ten = [4, 4.1, 4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9, 5];
    it("text, numeric text and logicals in the series are #VALUE!; blanks and empty text skipped", () => {
      for (const bad of ["abc", "'4.5", true, '=""', null, "=NA()"] as In[]) {
        for (const at of [0, 5, 10]) {
          const values: In[] = [...ten];
          values[at] = bad;
          const cells = values.map((v) => [v]);
          const bids = block(cells, 0, 0, 10, 0);
          const label = `${String(bad)} at ${at + 1}`;
          same(`INITCONV ${label}`, cells, native("INITCONV", ["A1:A11"]), () => initConv(bids));
          same(`CONVPRICE ${label}`, cells, native("CONVPRICE", ["A1:A11"]), () => convPrice(bids));
          same(`CONVSHARES ${label}`, cells, native("CONVSHARES", ["1000000", "A1:A11", "5.04", "120"]), () => convShares(1_000_000, bids, 5.04, 120), "exact");
          const row = [values];
          const across = block(row, 0, 0, 0, 10);
          same(`CONVPRICE across a row, ${label}`, row, native("CONVPRICE", ["A1:K1"]), () => convPrice(across));
        }
      }
    });

    it("an initial price or day count left blank or empty text is omitted, also under IFERROR", () => {
      for (const blank of [null, '=""'] as In[]) {
        const cells: In[][] = ten.map((v, i) => [v, i === 0 ? blank : null, i === 0 ? 120 : null]);
        const bids = block(cells, 0, 0, 10, 0);
        same(`CONVPRICE initial ${String(blank)}`, cells, native("CONVPRICE", ["A1:A11", "B1"]), () => convPrice(bids, passed(blank) as any));
        same(`CONVSHARES initial ${String(blank)}`, cells, native("CONVSHARES", ["1000000", "A1:A11", "B1"]), () => convShares(1_000_000, bids, passed(blank) as any), "exact");
        const [element] = native("CONVSHARES", ["1000000", "A1:A11", "B1"]);
        same(`IFERROR(CONVSHARES initial ${String(blank)})`, cells, [`IFERROR(${element},0)`], () => convShares(1_000_000, bids, passed(blank) as any), "exact");
      }
    });

    it("an array constant holding text or a logical is #VALUE!, as the add-in gives", () => {
      for (const bad of ['"4.5"', "TRUE", '"abc"']) {
        const text = `{4;4.1;4.2;4.3;${bad};4.5;4.6;4.7;4.8;4.9;5}`;
        for (const [id, args] of [["INITCONV", [text]], ["CONVPRICE", [text]], ["CONVSHARES", ["1000000", text]]] as const) {
          const result = nativeFormula(id, [...args]);
          assert.ok(result.ok, `${id}(${args.join(",")}): ${JSON.stringify(result)}`);
          assert.deepStrictEqual(result.elements, ["#VALUE!"], id);
        }
      }
    });

    it("a whole column: a header row is #VALUE!, as in the add-in; without one, the last values", () => {
      const bids = Array.from({ length: 25 }, (_, i) => 3 + ((i * 37) % 23) / 10);
      const header: In[][] = [["Bid"], ...bids.map((b) => [b])].map((row) => [null, null, null, null, null, ...row]);
      const column = block(header, 0, 5, 40, 5);
      same("CONVPRICE F:F with a header", header, native("CONVPRICE", ["F:F"]), () => convPrice(column));
      same("INITCONV F:F with a header", header, native("INITCONV", ["F:F"]), () => initConv(column));
      same("CONVSHARES F:F with a header", header, native("CONVSHARES", ["1000000", "$F:$F"]), () => convShares(1_000_000, column), "exact");
      // More values than the window need positions by ROW, which hyperformula reads as one number:
      // the last-30 and last-5 selections over whole columns are checked in LibreOffice (test/libreoffice/ranges.test.ts).
      const bare = header.slice(1);
      const some = block(bare, 0, 5, 40, 5);
      same("CONVPRICE F:F, 25 bids", bare, native("CONVPRICE", ["F:F"]), () => convPrice(some));
      same("CONVSHARES F:F, 25 bids", bare, native("CONVSHARES", ["1000000", "F:F", "3.5", "91"]), () => convShares(1_000_000, some, 3.5, 91), "exact");
    });
  });

  describe("the converter's reasons where it keeps the value", () => {
    it("a whole column is converted; a name or an expression says why not, truly", () => {
      for (const [id, args] of [["CONVPRICE", ["P:P"]], ["INITCONV", ["'Deal 1'!$P:$P"]], ["CONVSHARES", ["1000000", "P:P"]], ["VWAP", ["B:B", "C:C"]], ["WARRANTS", ["B:B", "C:C"]], ["WARRANTS", ["B:B", "4.05"]]] as const) {
        const result = nativeFormula(id, [...args]);
        assert.ok(result.ok, `${id}(${args.join(",")}): ${JSON.stringify(result)}`);
      }
      const reason = (id: string, args: string[]) => {
        const result = nativeFormula(id, args);
        assert.ok(!result.ok, `${id}(${args.join(",")}) converted`);
        return result.reason;
      };
      assert.strictEqual(reason("CONVPRICE", ["Bids"]), "CEO.CONVPRICE: bids is not a range or an array constant: a native formula finds its last 30 values in reading order only in one of those");
      assert.match(reason("INITCONV", ["OFFSET(A1,0,0,20,1)"]), /prices is not a range or an array constant: .* last 5 values/);
      assert.strictEqual(reason("FEE", ["A1", "", "A:B"]), "CEO.FEE: schedule has more than 20 rows");
      assert.strictEqual(
        reason("VWAP", ["A1:B2", "D1:D4"]),
        "CEO.VWAP: shares (2 rows x 2 columns) and prices (4 rows x 1 column) pair their cells in reading order: a native formula pairs ranges of the same shape, or a row with a column",
      );
      // Sizes that differ are #VALUE! in the add-in whatever the cells hold: the copy says so too.
      assert.deepStrictEqual(nativeFormula("VWAP", ["B:B", "1:1"]), { ok: true, elements: ["#VALUE!"], holidays: false });
    });
  });

  describe("COMPPCT: other items", () => {
    it("text, numeric text and logicals are #VALUE!; blanks and empty text skipped", () => {
      for (const bad of ["abc", "'62500", true, null, '=""', -5] as In[]) {
        const cells: In[][] = [[25_000_000, 900_000, 60_000, 62_500], [null, null, null, bad], [null, null, null, 1000]];
        const other = block(cells, 0, 3, 2, 3);
        same(`COMPPCT other with ${String(bad)}`, cells, native("COMPPCT", ["A1", "B1", "C1", "D1:D3"]), () => compPct(25_000_000, 900_000, 60_000, other));
        const one = block(cells, 1, 3, 1, 3);
        same(`COMPPCT other one cell ${String(bad)}`, cells, native("COMPPCT", ["A1", "B1", "C1", "D2"]), () => compPct(25_000_000, 900_000, 60_000, one));
        const across = [[25_000_000, 900_000, 60_000, 62_500, bad, 1000]];
        same(`COMPPCT other across ${String(bad)}`, across, native("COMPPCT", ["A1", "B1", "C1", "D1:F1"]), () => compPct(25_000_000, 900_000, 60_000, block(across, 0, 3, 0, 5)));
      }
      same("COMPPCT other a text literal", [], native("COMPPCT", ["25000000", "900000", "", '"62500"']), () => compPct(25_000_000, 900_000, null as any, [["62500"]]));
    });
  });

  describe("FEE, NET, FEERATE: the schedule", () => {
    const run = (label: string, cells: In[][], schedule: string, value: unknown) => {
      same(`FEE ${label}`, cells, native("FEE", ["A1", "B1", schedule]), () => fee(2_000_000, 750_000, value as any), "exact");
      same(`NET ${label}`, cells, native("NET", ["A1", "B1", schedule]), () => net(2_000_000, 750_000, value as any), "exact");
      same(`FEERATE ${label}`, cells, native("FEERATE", ["A1", "B1", schedule]), () => feeRate(2_000_000, 750_000, value as any));
    };

    it("one rate given as text, numeric text or a logical is #VALUE!; blank or empty text is the Sales tiers", () => {
      for (const rate of ["'0.04", "abc", true, null, '=""', 0.04, 2] as In[]) {
        run(`rate ${String(rate)} in a cell`, [[2_000_000, 750_000, rate]], "C1", [[passed(rate)]]);
      }
      run("rate as a text literal", [[2_000_000, 750_000]], '"0.04"', [["0.04"]]);
      run("rate as an empty text literal", [[2_000_000, 750_000]], '""', [[""]]);
      run("rate chosen by IF as text", [[2_000_000, 750_000, "Other"]], 'IF(C1="Other","0.04","")', [["0.04"]]);
    });

    it("a 2-column range holding text or a logical is #VALUE!; a half-blank row is #VALUE!; the domain checks stay #NUM!", () => {
      const cases: [string, In[][]][] = [
        ["header row", [["From", "Rate"], [0, 0.05], [1_000_000, 0.02]]],
        ["numeric text bound", [[0, 0.05], ["'1000000", 0.02], [null, null]]],
        ["numeric text rate", [[0, 0.05], [1_000_000, "'0.02"], [null, null]]],
        ["logical rate", [[0, 0.05], [1_000_000, true], [null, null]]],
        ["empty text row", [[0, 0.05], ['=""', '=""'], [1_000_000, 0.02]]],
        ["half-blank row", [[0, 0.05], [1_000_000, null], [null, null]]],
        ["half empty text row", [[0, 0.05], [1_000_000, '=""'], [null, null]]],
        ["rate 2", [[0, 2], [1_000_000, 0.02], [null, null]]],
        ["bounds falling", [[0, 0.05], [5_000_000, 0.02], [1_000_000, 0.01]]],
        ["first bound 100", [[100, 0.05], [1_000_000, 0.02], [null, null]]],
        ["all blank", [[null, null], [null, null], [null, null]]],
        ["valid", [[0, 0.05], [null, null], [1_000_000, 0.02]]],
      ];
      for (const [label, schedule] of cases) {
        const cells = schedule.map((row, i) => [i === 0 ? 2_000_000 : null, i === 0 ? 750_000 : null, ...row]);
        run(label, cells, "C1:D3", block(cells, 0, 2, 2, 3));
      }
    });

    it("an array constant holding text or a logical is #VALUE!", () => {
      for (const text of ['{0,"0.05";1000000,0.02}', "{0,0.05;1000000,TRUE}"]) {
        for (const id of ["FEE", "NET", "FEERATE"]) {
          const result = nativeFormula(id, ["2000000", "750000", text]);
          assert.ok(result.ok, `${id}(...,${text}): ${JSON.stringify(result)}`);
          assert.strictEqual(engine().evaluate(`=${result.elements[0]}`), "#VALUE!", `${id} ${text}`);
        }
      }
    });
  });
});
