import assert from "assert";
import { readTerms, SEED_TERMS, termsLayout, validateTerms, type DealTerms } from "../../src/taskpane/terms";

const clone = (t: DealTerms): DealTerms => JSON.parse(JSON.stringify(t));

describe("deal terms: the form's model and the Terms sheet", () => {
  it("the seed's deal is the default: tiers 4% / 3.5% / 3%, $25M and $8.4M, $60,000 caps, 10% at 130%", () => {
    assert.deepStrictEqual(SEED_TERMS.agreements[0], {
      name: "Sales",
      tiers: [
        { from: 0, rate: 0.04 },
        { from: 10_000_000, rate: 0.035 },
        { from: 20_000_000, rate: 0.03 },
      ],
      programMax: 25_000_000,
      expenseCap: 60_000,
    });
    assert.deepStrictEqual(SEED_TERMS.agreements[1], { name: "Other", tiers: [{ from: 0, rate: 0.04 }], programMax: 8_400_000, expenseCap: 60_000 });
    assert.deepStrictEqual([SEED_TERMS.warrantCoverage, SEED_TERMS.warrantPremium, SEED_TERMS.retainerAllocation, SEED_TERMS.settlementCycle], [0.1, 1.3, 62_500, null]);
    assert.deepStrictEqual(validateTerms(SEED_TERMS), []);
  });

  it("lays out the Terms sheet with named ranges", () => {
    const { cells, names } = termsLayout(SEED_TERMS);
    const named = Object.fromEntries(names.map((n) => [n.name, n.reference]));
    assert.deepStrictEqual(named, {
      Warrant_Coverage: "Terms!$B$4",
      Warrant_Premium: "Terms!$B$5",
      Retainer_Allocation: "Terms!$B$6",
      Settlement_Cycle: "Terms!$B$7",
      Sales_Program_Max: "Terms!$B$10",
      Sales_Expense_Cap: "Terms!$B$11",
      Sales_Schedule: "Terms!$A$13:$B$15",
      Other_Program_Max: "Terms!$B$18",
      Other_Expense_Cap: "Terms!$B$19",
      Other_Schedule: "Terms!$A$21:$B$21",
      Program_Max: "Terms!$B$10",
    });
    assert.deepStrictEqual(cells[12], [0, 0.04]);
    assert.deepStrictEqual(cells[14], [20_000_000, 0.03]);
    assert.deepStrictEqual(cells[16], ["Agreement", "Other"]);
  });

  it("round-trips: the sheet read back is the terms written, for one, three and flat schedules", () => {
    const variants: DealTerms[] = [SEED_TERMS, { ...clone(SEED_TERMS), settlementCycle: 2 }];
    const oneTier = clone(SEED_TERMS);
    oneTier.agreements = [{ name: "ATM", tiers: [{ from: 0, rate: 0.025 }], programMax: 50_000_000, expenseCap: 75_000 }];
    variants.push(oneTier);
    const many = clone(SEED_TERMS);
    many.agreements.push({ name: "Third", tiers: [{ from: 0, rate: 0.05 }, { from: 1_000_000, rate: 0.045 }, { from: 2_500_000.5, rate: 0.0375 }], programMax: 3_000_000, expenseCap: 0 });
    variants.push(many);
    for (const terms of variants) assert.deepStrictEqual(readTerms(termsLayout(terms).cells), terms);
  });

  it("reads an edited sheet: a changed rate, an added tier", () => {
    const { cells } = termsLayout(SEED_TERMS);
    cells[13] = [10_000_000, 0.0325]; // the analyst edits the second tier's rate
    cells.splice(15, 0, [22_500_000, 0.025]); // and adds a fourth tier
    const read = readTerms(cells) as DealTerms;
    assert.deepStrictEqual(read.agreements[0]!.tiers, [
      { from: 0, rate: 0.04 },
      { from: 10_000_000, rate: 0.0325 },
      { from: 20_000_000, rate: 0.03 },
      { from: 22_500_000, rate: 0.025 },
    ]);
  });

  it("bad terms: a message at each field", () => {
    const bad = clone(SEED_TERMS);
    bad.issuer = " ";
    bad.agreements[0]!.tiers[1]!.from = 0; // overlaps the first tier
    bad.agreements[1]!.tiers[0]!.rate = 4; // 400%
    bad.agreements[1]!.programMax = 0;
    bad.agreements.push({ name: "", tiers: [{ from: 0, rate: 0.04 }], programMax: 1, expenseCap: 0 });
    bad.warrantCoverage = 0.15;
    bad.settlementCycle = 2.5;
    assert.deepStrictEqual(
      validateTerms(bad).map((e) => `${e.field}: ${e.message}`),
      [
        "issuer: the issuer's name is missing",
        "agreements.0.tiers: fee tier 2 starts at 0, not above tier 1's 0: bounds must rise",
        "agreements.1.programMax: the program size must be an amount above $0",
        "agreements.1.tiers.0.rate: the rate of tier 1 is 4: expected a fraction from 0 to 1 (4% is 0.04)",
        "agreements.2.name: agreement 3 has no name",
        "warrantCoverage: warrant coverage is a fraction from 0 to 0.10 (the NASD cap: 10% of the shares sold)",
        "settlementCycle: the settlement cycle is a whole number of business days from 0 to 10, or blank for the trade date's era",
      ],
    );
    const dup = clone(SEED_TERMS);
    dup.agreements[1]!.name = "sales";
    assert.deepStrictEqual(validateTerms(dup), [{ field: "agreements.1.name", message: 'two agreements are named "sales"' }]);
    const spaced = clone(SEED_TERMS);
    spaced.agreements[1]!.name = "Other 2";
    assert.match(validateTerms(spaced)[0]!.message, /letters and digits/);
    assert.deepStrictEqual(readTerms([["Not terms"]]), [{ field: "", message: 'the Terms sheet does not start with "Deal terms" in A1' }]);
  });
});
