import assert from "assert";
import { BLANK_TERMS, formatAmount, formatRate, readAmount, readRate, readTerms, readTermsText, SEED_TERMS, termsLayout, termsText, validateTerms, type DealTerms } from "../../src/taskpane/terms/terms";

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
      // Below the last tier (row 21): a blank row (22), the non-affiliate shares (23), a blank row
      // (24), the register's title (25) and header (26) over one blank row (27) where the first
      // placement goes, a blank row (28), the blackouts' title (29) and header (30) over one blank row (31).
      NonAffiliate_Shares: "Terms!$B$23",
      Placement_Register: "Terms!$A$27:$G$27",
      Blackouts: "Terms!$A$31:$C$31",
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
        "agreements.0.tiers.1.from: fee tier 2 starts at 0, not above tier 1's 0: bounds must rise",
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

/*
 * The New deal form's fields as an analyst types them. Each reading is exact: the text goes to a
 * Decimal, never through a binary float, so "8.4m" is 8,400,000 (8.4 * 1e6 is 8400000.000000001)
 * and "0.57%" is 0.0057 (0.57 / 100 is 0.005699999999999999).
 */
describe("deal terms: reading the form's fields as written", () => {
  const amounts: [typed: string, read: string][] = [
    ["8.4m", "8400000"],
    ["8.4M", "8400000"],
    ["8.4 mm", "8400000"],
    ["1.1m", "1100000"], // 1.1 * 1e6 is 1100000.0000000002 in doubles
    ["$25,000,000", "25000000"],
    ["25,000,000.00", "25000000"],
    ["$ 2,500,000.50", "2500000.5"],
    ["25000000", "25000000"],
    ["60k", "60000"],
    ["62.5K", "62500"],
    ["1bn", "1000000000"],
    ["1.25B", "1250000000"],
    [".5m", "500000"],
    ["0", "0"],
    ["  $60,000  ", "60000"],
    ["-5", "-5"], // read, then refused by the terms' own check (an amount of $0 or more)
  ];
  for (const [typed, read] of amounts) {
    it(`amount "${typed}" is ${read}`, () => {
      const reading = readAmount(typed);
      assert.ok(reading.ok, `"${typed}" was refused`);
      assert.strictEqual(reading.value.toString(), read);
      assert.strictEqual(reading.value.toNumber(), Number(read));
    });
  }
  for (const typed of ["8,4", "8.4 million", "25.000.000", "(1,234)", "1e6", "$", "m", "12,34,567", "abc", "$$5", "5%", "25,000,000.", "2 500 000"]) {
    it(`amount "${typed}" is refused`, () => assert.deepStrictEqual(readAmount(typed), { ok: false, missing: false }));
  }
  it("a blank amount is missing", () => assert.deepStrictEqual(readAmount("  "), { ok: false, missing: true }));

  const rates: [typed: string, read: string][] = [
    ["3.5%", "0.035"],
    ["3.5 %", "0.035"],
    ["0.035", "0.035"],
    [".035", "0.035"],
    ["4%", "0.04"],
    ["0.57%", "0.0057"], // 0.57 / 100 is 0.005699999999999999 in doubles
    ["3.75%", "0.0375"],
    ["100%", "1"],
    ["1", "1"],
    ["0", "0"],
    ["130%", "1.3"],
    ["400%", "4"], // read, then refused by the core's rate check (a fraction from 0 to 1)
  ];
  for (const [typed, read] of rates) {
    it(`rate "${typed}" is ${read}`, () => {
      const reading = readRate(typed);
      assert.ok(reading.ok, `"${typed}" was refused`);
      assert.strictEqual(reading.value.toString(), read);
    });
  }
  for (const typed of ["four", "3.5%%", "4 percent", "1,5%", "%", "$0.04", "3.5 bp"]) {
    it(`rate "${typed}" is refused`, () => assert.deepStrictEqual(readRate(typed), { ok: false, missing: false }));
  }
  it("a bare number over 1 is not taken for a percentage: refused as a fraction, saying how to write it", () => {
    assert.deepStrictEqual(readRate("3.5", { fraction: true }), { ok: false, missing: false, overOne: true });
    assert.ok(readRate("1.3").ok, "a multiple (the warrant premium) may be over 1");
  });

  it("amounts and rates shown as an analyst writes them: thousands separators, percentages", () => {
    assert.deepStrictEqual(
      [25_000_000, 8_400_000, 60_000, 62_500, 2_500_000.5, 0, 999, 1234.25, NaN].map(formatAmount),
      ["25,000,000", "8,400,000", "60,000", "62,500", "2,500,000.50", "0", "999", "1,234.25", ""],
    );
    assert.deepStrictEqual([0.04, 0.035, 0.03, 0.0375, 0.1, 1.3, 0.0057, 0, NaN].map(formatRate), ["4%", "3.5%", "3%", "3.75%", "10%", "130%", "0.57%", "0%", ""]);
  });

  it("the form's text for the example deal reads back as the example deal, every figure exact", () => {
    const text = termsText(SEED_TERMS);
    assert.deepStrictEqual(text.agreements[0], {
      name: "Sales",
      programMax: "25,000,000",
      expenseCap: "60,000",
      tiers: [
        { from: "0", rate: "4%" },
        { from: "10,000,000", rate: "3.5%" },
        { from: "20,000,000", rate: "3%" },
      ],
    });
    assert.deepStrictEqual([text.warrantCoverage, text.warrantPremium, text.retainerAllocation, text.settlementCycle], ["10%", "130%", "62,500", ""]);
    assert.deepStrictEqual(readTermsText(text), { terms: SEED_TERMS, errors: [] });
  });

  it("reads what the analyst typed in the forms the brief names", () => {
    const text = termsText(BLANK_TERMS);
    Object.assign(text, { issuer: "Acme Bio, Inc.", agent: "Agent & Co.", warrantCoverage: "0.10", warrantPremium: "1.3", retainerAllocation: "$62,500", settlementCycle: "T+2" });
    text.agreements[0] = { name: "ATM", programMax: "8.4m", expenseCap: "60k", tiers: [{ from: "0", rate: "3.5%" }, { from: "$25,000,000", rate: "0.03" }] };
    const { terms, errors } = readTermsText(text);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(terms.agreements[0], { name: "ATM", programMax: 8_400_000, expenseCap: 60_000, tiers: [{ from: 0, rate: 0.035 }, { from: 25_000_000, rate: 0.03 }] });
    assert.deepStrictEqual([terms.warrantCoverage, terms.warrantPremium, terms.retainerAllocation, terms.settlementCycle], [0.1, 1.3, 62_500, 2]);
  });

  it("every error at once, each at its field, in the form's order: unreadable text, missing figures, bad tiers and bad rates together", () => {
    const text = termsText(SEED_TERMS);
    text.issuer = "";
    text.agreements[0]!.programMax = "8.4 million";
    text.agreements[0]!.tiers[1] = { from: "0", rate: "3.5" }; // a bound that does not rise, and a rate without its %
    text.agreements[0]!.tiers[2]!.rate = "four";
    text.agreements[1]!.expenseCap = "";
    text.agreements[1]!.tiers[0]!.rate = "400%";
    text.warrantPremium = "1,3";
    text.settlementCycle = "two";
    assert.deepStrictEqual(
      readTermsText(text).errors.map((e) => `${e.field}: ${e.message}`),
      [
        "issuer: the issuer's name is missing",
        'agreements.0.programMax: the program size "8.4 million" is not an amount: write it as 8,400,000, $8,400,000.00 or 8.4m (k, m, bn: thousands, millions, billions)',
        "agreements.0.tiers.1.from: fee tier 2 starts at 0, not above tier 1's 0: bounds must rise",
        'agreements.0.tiers.1.rate: the rate of tier 2 "3.5" would be 350%: write it as 3.5% or 0.035',
        'agreements.0.tiers.2.rate: the rate of tier 3 "four" is not a rate: write it as 3.5% or 0.035',
        "agreements.1.expenseCap: the expense cap is missing: write an amount such as 60,000, $60,000.00 or 60k (0 when there is none)",
        "agreements.1.tiers.0.rate: the rate of tier 1 is 4: expected a fraction from 0 to 1 (4% is 0.04)",
        'warrantPremium: the warrant premium "1,3" is not a multiple of the VWAP: write it as 130% or 1.3',
        'settlementCycle: the settlement cycle "two" is not a number of business days: write 2 or T+2, or leave it blank for T+3 / T+2 / T+1 by trade date',
      ],
    );
  });

  it("a blank form: each required figure missing, at its field", () => {
    const fields = readTermsText(termsText(BLANK_TERMS)).errors.map((e) => e.field);
    assert.deepStrictEqual(fields, [
      "issuer",
      "agent",
      "agreements.0.name",
      "agreements.0.programMax",
      "agreements.0.expenseCap",
      "agreements.0.tiers.0.rate",
      "warrantCoverage",
      "warrantPremium",
      "retainerAllocation",
    ]);
  });

  it("a bad rate does not hide a bad tier bound (the core's own schedule check, on the bounds)", () => {
    const bad = clone(SEED_TERMS);
    bad.agreements[0]!.tiers[0]!.rate = 4;
    bad.agreements[0]!.tiers[2]!.from = 5_000_000;
    assert.deepStrictEqual(
      validateTerms(bad).map((e) => e.field),
      ["agreements.0.tiers.0.rate", "agreements.0.tiers.2.from"],
    );
    assert.strictEqual(validateTerms(bad)[1]!.message, "fee tier 3 starts at 5,000,000, not above tier 2's 10,000,000: bounds must rise");
    const first = clone(SEED_TERMS);
    first.agreements[1]!.tiers[0]!.from = 100;
    assert.deepStrictEqual(validateTerms(first), [{ field: "agreements.1.tiers.0.from", message: "the first fee tier must start at 0, got 100" }]);
  });
});
