/*
 * The baby-shelf headroom at each sale date (compliance/babyShelf.ts) from the core terms
 * FLOATPRICE, SOLD12M and BABYSHELF, and on the Compliance sheet through Check compliance. Every
 * figure computed by hand: Form S-3 I.B.6, one-third of non-affiliate shares x the highest close in
 * the 60 days before the sale, less the gross of the 12 months up to and including it, rounded down.
 */
import assert from "assert";
import fs from "fs";
import path from "path";
import { serialOf } from "../../src/core/calendar";
import { babyShelfHeadroom, readCloses } from "../../src/taskpane/compliance/babyShelf";
import { checkWorkbookCompliance, complianceMessage } from "../../src/taskpane/compliance/apply";
import { applyPlan } from "../../src/taskpane/import/apply";
import { planImport } from "../../src/taskpane/import/plan";
import { blackoutsFromCsv, placementsFromCsv } from "../../src/taskpane/terms/registerCsv";
import { readTermsText, SEED_TERMS, termsText, type DealTerms } from "../../src/taskpane/terms/terms";
import { writeTermsSheet } from "../../src/taskpane/terms/termsApply";
import { FakeWorkbook } from "../support/fakeExcel";

const d = (y: number, m: number, day: number) => serialOf(y, m, day);
const CLOSES = [
  { date: d(2001, 10, 1), close: 4 },
  { date: d(2001, 10, 15), close: 4.5 },
  { date: d(2001, 11, 2), close: 4.2 },
];
const SALES = [
  { line: 2, tradeDate: d(2001, 11, 1), gross: 202_000 },
  { line: 3, tradeDate: d(2001, 11, 1), gross: 101_500 },
  { line: 5, tradeDate: d(2001, 11, 5), gross: 241_200 },
];

describe("baby-shelf headroom at each sale date", () => {
  it("one row per sale date: the highest close of the 60 days before, the 12 months' gross including the date, one-third less it", () => {
    const rows = babyShelfHeadroom(SALES, CLOSES, 10_000_000);
    assert.deepStrictEqual(rows, [
      // Window 2001-09-02 to 2001-10-31: $4.50. Float $45,000,000; a third $15,000,000; sold $303,500.
      { saleDate: d(2001, 11, 1), line: 3, sold: 303_500, floatPrice: 4.5, publicFloat: 45_000_000, headroom: 14_696_500 },
      // Window 2001-09-06 to 2001-11-04 holds the 11-02 close too ($4.20): still $4.50. Sold $544,700.
      { saleDate: d(2001, 11, 5), line: 5, sold: 544_700, floatPrice: 4.5, publicFloat: 45_000_000, headroom: 14_455_300 },
    ]);
  });

  it("one-third rounds down to the cent: 1,000,001 shares at $4.00 is $4,000,004, a third $1,333,334.66", () => {
    assert.strictEqual(babyShelfHeadroom([SALES[0]!], [CLOSES[0]!], 1_000_001)[0]!.headroom, 1_333_334.66 - 202_000);
  });

  it("a gap in the prices gives FLOATPRICE's #N/A naming the window searched, never a number", () => {
    const [row] = babyShelfHeadroom([{ line: 9, tradeDate: d(2002, 1, 10), gross: 1 }], CLOSES, 10_000_000);
    assert.deepStrictEqual(row, {
      saleDate: d(2002, 1, 10),
      line: 9,
      sold: 1,
      // 2002-01-10 less 60 days is 2001-11-11; the last close is 2001-11-02.
      error: { code: "#N/A", message: "no price is dated from 2001-11-11 to 2002-01-09, the 60 days before the sale on 2002-01-10: expected at least one price in that window" },
    });
  });

  it("at a float of $75,000,000 the limit does not apply (#N/A); sales above one-third are #NUM! naming the excess", () => {
    const [big] = babyShelfHeadroom([SALES[0]!], [CLOSES[0]!], 18_750_000); // x $4.00 = $75,000,000 exactly
    assert.strictEqual(big!.error!.code, "#N/A");
    assert.match(big!.error!.message, /\$75,000,000 or more: General Instruction I\.B\.6 and its one-third limit do not apply/);
    assert.strictEqual(big!.headroom, undefined);
    const [, over] = babyShelfHeadroom(SALES, CLOSES, 100_000); // float $450,000, a third $150,000
    assert.strictEqual(over!.error!.code, "#NUM!");
    assert.match(over!.error!.message, /over the I\.B\.6 limit by \$394700\.00|over the I\.B\.6 limit by \$394,700\.00/);
  });

  it("the Prices table's cells: blank rows skipped, text listed by sheet row", () => {
    assert.deepStrictEqual(readCloses([37165, "", 37179], [4, null, 4.5], 2), [
      { date: 37165, close: 4 },
      { date: 37179, close: 4.5 },
    ]);
    assert.deepStrictEqual(readCloses([37165, "n/a"], ["4.00", 4], 2), ['row 2: Close is "4.00", not a price of $0 or more', 'row 3: Date is "n/a", not a date']);
  });
});

describe("baby-shelf headroom in Check compliance", () => {
  const example = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");
  const terms = (nonAffiliateShares: number | null): DealTerms => {
    const text = termsText(SEED_TERMS);
    text.placements = placementsFromCsv(example("neot-2001-register.csv"));
    text.blackouts = blackoutsFromCsv(example("neot-2001-blackouts.csv"));
    return { ...readTermsText(text).terms, nonAffiliateShares };
  };
  async function book(dealTerms: DealTerms, closes?: unknown[][]): Promise<FakeWorkbook> {
    const b = new FakeWorkbook();
    await writeTermsSheet(b.run, dealTerms);
    await applyPlan(b.run, planImport(example("neot-2001-placements.csv")).rows, { terms: dealTerms });
    if (closes) b.addTable("Prices", "Prices", "A1", ["Date", "Close"], closes);
    return b;
  }
  const section = (b: FakeWorkbook) => {
    const rows = Array.from(b.sheets.get("Compliance")!.rows, (r) => Array.from(r ?? [], (v) => v ?? null));
    const at = rows.findIndex((r) => typeof r[0] === "string" && r[0].startsWith("Baby-shelf headroom"));
    return at < 0 ? undefined : rows.slice(at + 1);
  };

  it("without non-affiliate shares on the Terms sheet: no section, the sample's findings as before", async () => {
    const b = await book(terms(null), [[37165, 4]]);
    await checkWorkbookCompliance(b.run, terms(null));
    assert.strictEqual(section(b), undefined);
  });

  it("with them but no Prices table: said, no figure", async () => {
    const b = await book(terms(10_000_000));
    await checkWorkbookCompliance(b.run, terms(10_000_000));
    assert.deepStrictEqual(section(b)![0]!.slice(0, 1), ["Not computed: no Prices table: paste the closing prices as an Excel table named Prices with columns Date and Close"]);
  });

  const six = (r: unknown[]) => Array.from({ length: 6 }, (_, i) => r[i] ?? null);
  it("with a Prices table: each sale date's figures; a close outside a date's 60 days leaves that date #N/A with its window, never a number", async () => {
    // Closes: 2001-09-20 $3.90 and 2001-10-15 $4.50. Every sale date (2001-11-01 to 11-15) has 10-15 in its 60 days: $4.50.
    // 10,000,000 shares: float $45,000,000, a third $15,000,000. The first date's sales $303,500 (11-01).
    const b = await book(terms(10_000_000), [[d(2001, 9, 20), 3.9], [d(2001, 10, 15), 4.5]]);
    const outcome = await checkWorkbookCompliance(b.run, terms(10_000_000));
    const rows = section(b)!;
    assert.deepStrictEqual(rows[0]!.slice(0, 6), ["Sale date", "Float price", "Public float", "Sold in 12 months", "Headroom", "Why no figure"]);
    assert.deepStrictEqual(six(rows[1]!), [d(2001, 11, 1), 4.5, 45_000_000, 303_500, 14_696_500, null]);
    // The last sale date, 2001-11-15: the whole sample's $1,922,350.00 sold; 15,000,000 less it.
    const last = rows.filter((r) => r.length > 0).at(-1)!;
    assert.deepStrictEqual(six(last), [d(2001, 11, 15), 4.5, 45_000_000, 1_922_350, 13_077_650, null]);
    assert.match(complianceMessage(outcome), /Baby-shelf headroom at 11 sale dates: lowest \$13,077,650\.00 after 2001-11-15\./);

    // A close dated 2001-09-01 only: the 60 days before 2001-11-01 begin on 2001-09-02.
    const gap = await book(terms(10_000_000), [[d(2001, 9, 1), 3.9]]);
    await checkWorkbookCompliance(gap.run, terms(10_000_000));
    const first = section(gap)![1]!;
    assert.deepStrictEqual(six(first).slice(0, 5), [d(2001, 11, 1), null, null, 303_500, null], "no figure where FLOATPRICE has none");
    assert.strictEqual(first[5], "#N/A no price is dated from 2001-09-02 to 2001-10-31, the 60 days before the sale on 2001-11-01: expected at least one price in that window");
  });

  it("sales above one-third are a finding at the date's last sale", async () => {
    // 100,000 shares x $4.50 = $450,000; a third $150,000: the 2001-11-01 sales ($303,500) are $153,500 over.
    const b = await book(terms(100_000), [[d(2001, 10, 15), 4.5]]);
    const { result } = await checkWorkbookCompliance(b.run, terms(100_000));
    const over = result.findings.filter((f) => f.rule === "Above baby-shelf limit");
    assert.deepStrictEqual(over[0]!.line, 3);
    assert.match(over[0]!.figures, /by \$153500\.00|by \$153,500\.00/);
    assert.strictEqual(over.length, 11, "every sale date is over");
  });
});
