/*
 * The placements register, the blackout windows and the non-affiliate shares on the Terms sheet
 * and in the New deal form (terms/terms.ts): laid out with their names, read back from an edited
 * sheet, and every malformed row an error at its field.
 */
import assert from "assert";
import { serialOf } from "../../src/core/calendar";
import { readTerms, readTermsDraft, readTermsText, SEED_TERMS, termsLayout, termsText, validateTerms, type DealTerms } from "../../src/taskpane/terms/terms";
import { writeTermsSheet, readTermsSheet } from "../../src/taskpane/terms/termsApply";
import { FakeWorkbook } from "../support/fakeExcel";

const d = (y: number, m: number, day: number) => serialOf(y, m, day);
const REGISTERED: DealTerms = {
  ...SEED_TERMS,
  nonAffiliateShares: 20_000_000,
  placements: [
    { id: "P-001", agreement: "Sales", termsDate: d(2001, 10, 31), sharesOffered: 115_000, minimumPrice: 4, dailyLimit: 75_000, endDate: null },
    { id: "O-001", agreement: "Other", termsDate: d(2001, 11, 6), sharesOffered: 100_000, minimumPrice: null, dailyLimit: null, endDate: d(2001, 11, 30) },
  ],
  blackouts: [{ start: d(2001, 11, 9), end: d(2001, 11, 11), reason: "Third-quarter 2001 results" }],
};

describe("the placements register on the Terms sheet", () => {
  it("is laid out below the agreements with its names: NonAffiliate_Shares, Placement_Register (A:G), Blackouts (A:C); dates formatted as dates", () => {
    const { cells, names, formats } = termsLayout(REGISTERED);
    const named = Object.fromEntries(names.map((n) => [n.name, n.reference]));
    // Rows 1-21 as for the seed's terms; 22 blank, 23 the non-affiliate shares, 24 blank, 25 title, 26 header, 27-28 two placements, 29 blank, 30 title, 31 header, 32 one blackout.
    assert.deepStrictEqual([named.NonAffiliate_Shares, named.Placement_Register, named.Blackouts], ["Terms!$B$23", "Terms!$A$27:$G$28", "Terms!$A$32:$C$32"]);
    assert.deepStrictEqual(cells[22], ["Non-affiliate shares (Form S-3 I.B.6)", 20_000_000]);
    assert.deepStrictEqual(cells[25], ["Placement", "Agreement", "Terms date", "Shares offered", "Minimum price", "Shares per day", "End date"]);
    assert.deepStrictEqual(cells[26], ["P-001", "Sales", 37195, 115_000, 4, 75_000, null]);
    assert.deepStrictEqual(cells[31], [37204, 37206, "Third-quarter 2001 results"]);
    assert.deepStrictEqual(formats.map((f) => [f.first, f.last, f.columns[2]]), [[27, 28, "yyyy-mm-dd"], [32, 32, "@"]]);
  });

  it("round-trips through the sheet and through the form's text", async () => {
    assert.deepStrictEqual(readTerms(termsLayout(REGISTERED).cells), REGISTERED);
    const { terms, errors } = readTermsText(termsText(REGISTERED));
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(terms, REGISTERED);
    const book = new FakeWorkbook();
    assert.deepStrictEqual(await writeTermsSheet(book.run, REGISTERED), []);
    assert.deepStrictEqual(await readTermsSheet(book.run), REGISTERED);
    assert.strictEqual(book.cell("Terms", "C27").numberFormat, "yyyy-mm-dd");
    assert.strictEqual(book.names.get("Placement_Register"), "=Terms!$A$27:$G$28");
  });

  it("reads a sheet edited by hand: a date typed as text, a row added below, a row cleared in the middle, a placement called \"Agreement\"", () => {
    const { cells } = termsLayout(REGISTERED);
    cells[26] = ["Agreement", "Sales", "10/31/2001", 115_000, 4, null, null]; // a US date typed into a text cell
    cells[27] = [null, null, null, null, null, null, null]; // cleared
    cells.splice(28, 0, ["P-002", "Sales", d(2001, 11, 2), 100_000, 4.1, null, "2001-11-16"]);
    const read = readTerms(cells) as DealTerms;
    assert.deepStrictEqual(read.agreements, SEED_TERMS.agreements, "the register does not end the agreements' reading badly");
    assert.deepStrictEqual(read.placements, [
      { id: "Agreement", agreement: "Sales", termsDate: d(2001, 10, 31), sharesOffered: 115_000, minimumPrice: 4, dailyLimit: null, endDate: null },
      { id: "P-002", agreement: "Sales", termsDate: d(2001, 11, 2), sharesOffered: 100_000, minimumPrice: 4.1, dailyLimit: null, endDate: d(2001, 11, 16) },
    ]);
  });

  it("a malformed register row is an error at its field, every one at once", () => {
    const { cells } = termsLayout(REGISTERED);
    cells[26] = ["P-001", "Salez", "31.10.2001", 115_000.5, 0, -5, d(2001, 10, 1)];
    cells[27] = ["p-001", "Other", null, null, "n/a", null, "soon"];
    cells[31] = [d(2001, 11, 12), d(2001, 11, 9), ""];
    cells[22] = ["Non-affiliate shares (Form S-3 I.B.6)", 1.5];
    const { errors } = readTermsDraft(cells);
    assert.deepStrictEqual(
      errors.map((e) => `${e.field}: ${e.message}`),
      [
        "nonAffiliateShares: the non-affiliate shares are a whole number of shares, 0 or more, or blank when not known",
        'placements.0.agreement: placement 1 (P-001): the agreement "Salez" is not one of the deal\'s (Sales, Other)',
        "placements.0.termsDate: placement 1 (P-001): the date the terms were agreed is missing or not a date: expected a date from 1985-01-01 to 2100-12-31, e.g. 2001-10-31 or 10/31/2001",
        "placements.0.sharesOffered: placement 1 (P-001): the shares offered are a whole number of shares above 0",
        "placements.0.minimumPrice: placement 1 (P-001): the minimum price is a price above $0, or blank when none was agreed",
        "placements.0.dailyLimit: placement 1 (P-001): the daily limit is a whole number of shares above 0, or blank for none",
        'placements.1.id: two placements are registered as "p-001"',
        "placements.1.termsDate: placement 2 (p-001): the date the terms were agreed is missing or not a date: expected a date from 1985-01-01 to 2100-12-31, e.g. 2001-10-31 or 10/31/2001",
        "placements.1.sharesOffered: placement 2 (p-001): the shares offered are a whole number of shares above 0",
        "placements.1.minimumPrice: placement 2 (p-001): the minimum price is a price above $0, or blank when none was agreed",
        "placements.1.endDate: placement 2 (p-001): the end date is not a date: expected a date from 1985-01-01 to 2100-12-31, e.g. 2001-10-31 or 10/31/2001, or blank for none",
        "blackouts.0.end: blackout 1: the last day 2001-11-09 is before the first 2001-11-12",
        "blackouts.0.reason: blackout 1 has no reason: say why, e.g. Q3 earnings",
      ],
    );
    // An end date before the terms date, once the terms date reads.
    const early = { ...REGISTERED, placements: [{ ...REGISTERED.placements[0]!, endDate: d(2001, 10, 30) }] };
    assert.deepStrictEqual(validateTerms(early).map((e) => e.field), ["placements.0.endDate"]);
  });

  it("the form's text: dates as the import reads them, figures with separators, an agreement in any case; what does not read is an error at its field", () => {
    const text = termsText(REGISTERED);
    assert.deepStrictEqual(text.placements[0], { id: "P-001", agreement: "Sales", termsDate: "2001-10-31", sharesOffered: "115,000", minimumPrice: "4", dailyLimit: "75,000", endDate: "" });
    assert.deepStrictEqual(text.blackouts[0], { start: "2001-11-09", end: "2001-11-11", reason: "Third-quarter 2001 results" });
    text.placements[0] = { id: " P-001 ", agreement: "sales", termsDate: "10/31/2001", sharesOffered: "115k", minimumPrice: "$4.00", dailyLimit: "75,000", endDate: "" };
    assert.deepStrictEqual(readTermsText(text).terms.placements[0], REGISTERED.placements[0]);
    text.placements[1] = { id: "", agreement: "Other", termsDate: "2001-02-30", sharesOffered: "many", minimumPrice: "", dailyLimit: "", endDate: "next week" };
    text.blackouts[0] = { start: "", end: "2001-11-11", reason: "results" };
    text.nonAffiliateShares = "20 million";
    assert.deepStrictEqual(
      readTermsText(text).errors.map((e) => e.field),
      ["nonAffiliateShares", "placements.1.id", "placements.1.termsDate", "placements.1.sharesOffered", "placements.1.endDate", "blackouts.0.start"],
    );
    const byField = Object.fromEntries(readTermsText(text).errors.map((e) => [e.field, e.message]));
    assert.strictEqual(byField["placements.1.termsDate"], 'placement 2: the date the terms were agreed: "2001-02-30" is not a calendar date');
    assert.strictEqual(byField["blackouts.0.start"], "blackout 1: the first day is missing: write a date such as 2001-10-31 or 10/31/2001");
  });
});
