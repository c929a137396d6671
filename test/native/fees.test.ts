import fc from "fast-check";
import { feeFormula, feeRateFormula, netFormula } from "../../src/core/fees.formula";
import { fee, feeRate, net } from "../../src/functions/fees";
import { agree } from "./agree";

const PLACEMENTS_SCHEDULE = 'IF(C1="Other",0.04,"")'; // the Placements table's schedule argument

describe("native FEE, NET, FEERATE in a spreadsheet engine", () => {
  // [gross, priorGross]: the seed's figures and the tier edges of core/fees.test.ts.
  const seed: [number, number][] = [
    [25_000_000, 0], // $900,000
    [8_000_000, 0],
    [5_000_000, 8_000_000], // $185,000 across the $10M edge
    [12_000_000, 13_000_000], // $395,000
    [10_000_000, 0],
    [9_999_999.99, 0],
    [9_999_999.87, 0],
    [10_000_000.01, 0],
    [10_000_000.15, 0],
    [20_000_000.17, 0],
    [30_000_000, 0],
    [0.125, 0], // a half cent: half-up
    [0.13, 0.13], // cumulative rounding: 0.00
    [1234.56, 0],
    [0, 0],
    [-1, 0], // #NUM! in both
    [100, -5],
  ];
  for (const [gross, prior] of seed) {
    it(`FEE/NET/FEERATE(${gross}, ${prior}) with the Sales tiers, a flat 4% and the Placements table's IF(...)`, () => {
      const cells = [[gross, prior, "Sales", 0.04]];
      agree("FEE", cells, [feeFormula("A1", "B1")], () => fee(gross, prior));
      agree("FEE omitted prior", cells, [feeFormula("A1")], () => fee(gross));
      agree("NET", cells, [netFormula("A1", "B1")], () => net(gross, prior));
      agree("FEERATE", cells, [feeRateFormula("A1", "B1")], () => feeRate(gross, prior), "relative");
      agree("FEE flat", cells, [feeFormula("A1", "B1", "D1")], () => fee(gross, prior, [[0.04]]));
      agree("FEE flat literal", cells, [feeFormula("A1", "B1", "0.04")], () => fee(gross, prior, 0.04 as any));
      agree("FEE Sales via IF", cells, [feeFormula("A1", "B1", PLACEMENTS_SCHEDULE)], () => fee(gross, prior, "" as any));
      const other = [[gross, prior, "Other"]];
      agree("NET Other via IF", other, [netFormula("A1", "B1", PLACEMENTS_SCHEDULE)], () => net(gross, prior, 0.04 as any));
    });
  }

  it("Other Agreement: 4% of $8.4M is $336,000 (schedule as a literal rate)", () => {
    agree("FEE", [], [feeFormula("8400000", "", "0.04")], () => fee(8_400_000, undefined, 0.04 as any));
  });

  it("a schedule range of (lower bound, rate) rows, blank rows skipped; array constants", () => {
    const rows = [
      [2_000_000, 750_000, 0, 0.05],
      [null, null, 1_000_000, 0.02],
      [null, null, null, null],
      [null, null, 5_000_000, 0.01],
    ];
    const schedule = [[0, 0.05], [1_000_000, 0.02], [null, null], [5_000_000, 0.01]];
    agree("FEE range", rows, [feeFormula("A1", "B1", "C1:D4")], () => fee(2_000_000, 750_000, schedule));
    agree("NET range", rows, [netFormula("A1", "B1", "$C$1:$D$4")], () => net(2_000_000, 750_000, schedule));
    agree("FEE array", rows, [feeFormula("A1", "B1", "{0,0.05;1000000,0.02;5000000,0.01}")], () => fee(2_000_000, 750_000, [[0, 0.05], [1_000_000, 0.02], [5_000_000, 0.01]]));
    agree("FEE rate 4 is #NUM!", rows, [feeFormula("A1", "B1", "4")], () => fee(2_000_000, 750_000, 4 as any));
  });

  it("a range or array schedule the core refuses is #NUM! natively too: a rate above 1, bounds not rising, a first bound not 0, half-blank rows, none", () => {
    const bad: [string, (number | null)[][]][] = [
      ["rate 2", [[0, 2], [1_000_000, 0.02]]],
      ["negative rate", [[0, 0.05], [1_000_000, -0.02]]],
      ["bounds falling", [[0, 0.05], [5_000_000, 0.02], [1_000_000, 0.01]]],
      ["bounds equal", [[0, 0.05], [1_000_000, 0.02], [1_000_000, 0.01]]],
      ["bounds equal across a blank row", [[0, 0.05], [1_000_000, 0.02], [null, null], [1_000_000, 0.01]]],
      ["first bound 100", [[100, 0.05], [1_000_000, 0.02]]],
      ["first bound 0 after a blank row is fine", [[null, null], [0, 0.05], [1_000_000, 0.02]]],
      ["half-blank row", [[0, 0.05], [1_000_000, null]]],
      ["all blank", [[null, null], [null, null]]],
    ];
    for (const [label, schedule] of bad) {
      const cells = schedule.map((row, i) => [i === 0 ? 2_000_000 : null, i === 0 ? 750_000 : null, ...row]);
      agree(`FEE ${label}`, cells, [feeFormula("A1", "B1", `C1:D${schedule.length}`)], () => fee(2_000_000, 750_000, schedule as any));
      agree(`NET ${label}`, cells, [netFormula("A1", "B1", `C1:D${schedule.length}`)], () => net(2_000_000, 750_000, schedule as any));
      const constant = schedule.every((row) => row.every((v) => v !== null)) ? `{${schedule.map((row) => row.join(",")).join(";")}}` : undefined;
      if (constant) agree(`FEE array ${label}`, cells, [feeFormula("A1", "B1", constant)], () => fee(2_000_000, 750_000, schedule as any));
    }
  });

  it("property: any gross and prior in cents up to $50M, any of the schedule forms", () => {
    const cents = fc.integer({ min: 0, max: 5_000_000_000 });
    const rate = fc.integer({ min: 0, max: 1000 }).map((r) => r / 10000); // 0 to 10%, basis points
    fc.assert(
      fc.property(cents, cents, rate, fc.constantFrom("sales", "flat", "if-sales", "if-other", "range"), (g, p, r, form) => {
        const gross = g / 100;
        const prior = p / 100;
        const cells = [[gross, prior, form === "if-other" ? "Other" : "Sales", r, 0, r], [null, null, null, null, 3_000_000, 0.02]];
        const table = [[0, r], [3_000_000, 0.02]];
        const [text, schedule]: [string | undefined, unknown] =
          form === "sales" ? [undefined, undefined] : form === "flat" ? ["D1", [[r]]] : form === "if-sales" ? [PLACEMENTS_SCHEDULE, ""] : form === "if-other" ? [PLACEMENTS_SCHEDULE, 0.04] : ["E1:F2", table];
        agree(`FEE ${form} ${gross} ${prior}`, cells, [feeFormula("A1", "B1", text)], () => fee(gross, prior, schedule as any));
        agree(`NET ${form}`, cells, [netFormula("A1", "B1", text)], () => net(gross, prior, schedule as any));
        if (gross > 0) agree(`FEERATE ${form}`, cells, [feeRateFormula("A1", "B1", text)], () => feeRate(gross, prior, schedule as any), "relative");
      }),
      { numRuns: 400 },
    );
  });
});
