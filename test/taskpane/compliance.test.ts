/*
 * Placement compliance (compliance/compliance.ts) from the seed's own terms: "the number of shares
 * ... to be offered in the placement and any minimum price below which sales may not be made", and
 * the lock-up "beginning on the fifth trading day preceding the date on which we and Cantor agree
 * to the terms of a placement ... and ending on the fifth trading day after the settlement of the
 * final sale made as part of that placement". Every expected date below is counted by hand on the
 * 2001 calendar: weekends; 2001-11-12 Veterans Day (exchanges open, banks closed: no settlement);
 * 2001-11-22 Thanksgiving (closed).
 */
import assert from "assert";
import fc from "fast-check";
import fs from "fs";
import path from "path";
import { checkCompliance, complianceSummary, type Finding, type Sale } from "../../src/taskpane/compliance/compliance";
import { serialOf, isoDate } from "../../src/core/calendar";
import { planImport } from "../../src/taskpane/import/plan";
import { blackoutsFromCsv, placementsFromCsv } from "../../src/taskpane/terms/registerCsv";
import { readTermsText, SEED_TERMS, termsText, type DealTerms, type RegisteredPlacement } from "../../src/taskpane/terms/terms";

const example = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");
const d = (iso: string) => {
  const [y, m, day] = iso.split("-").map(Number);
  return serialOf(y!, m!, day!);
};
const placement = (p: Partial<RegisteredPlacement> & { id: string }): RegisteredPlacement => ({
  agreement: "Sales",
  termsDate: d("2001-10-31"),
  sharesOffered: 100_000,
  minimumPrice: 4,
  dailyLimit: null,
  endDate: null,
  ...p,
});
const sale = (line: number, iso: string, shares: number, price: number, placementId = "P-001", agreement = "Sales"): Sale => ({ line, tradeDate: d(iso), shares, price, agreement, placement: placementId });
const terms = (placements: RegisteredPlacement[], blackouts: DealTerms["blackouts"] = []) => ({ placements, blackouts, settlementCycle: null });
/** Findings as "line rule: figures" lines, the easiest to read in a failure. */
const lines = (findings: readonly Finding[]) => findings.map((f) => `${f.line} ${f.rule}: ${f.figures}`);

describe("compliance: the sample deal's register and blackouts (examples/)", () => {
  const plan = planImport(example("neot-2001-placements.csv"));
  const text = termsText(SEED_TERMS);
  text.placements = placementsFromCsv(example("neot-2001-register.csv"));
  text.blackouts = blackoutsFromCsv(example("neot-2001-blackouts.csv"));
  const { terms: dealTerms, errors } = readTermsText(text);

  it("the register and blackouts read without a problem", () => {
    assert.ok(plan.ok);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(
      dealTerms.placements.map((p) => [p.id, p.agreement, isoDate(p.termsDate), p.sharesOffered, p.minimumPrice, p.dailyLimit, p.endDate === null ? null : isoDate(p.endDate)]),
      [
        ["P-001", "Sales", "2001-10-31", 115_000, 4, 75_000, null],
        ["P-002", "Sales", "2001-11-02", 100_000, 4, null, null],
        ["O-001", "Other", "2001-11-06", 100_000, null, null, null],
        ["P-003", "Sales", "2001-11-07", 60_000, 4.1, null, null],
        ["P-004", "Sales", "2001-11-12", 120_000, 4.25, null, "2001-11-16"],
      ],
    );
  });

  it("finds exactly the two planted findings: line 6 below P-002's $4.00 minimum, line 9 inside the results blackout", () => {
    const { findings } = checkCompliance(plan.rows, dealTerms);
    assert.deepStrictEqual(findings, [
      {
        rule: "Below minimum price",
        placement: "P-002",
        line: 6,
        tradeDate: d("2001-11-06"),
        figures: "$3.9800 a share, $0.0200 below the minimum $4.0000",
        agreement: 'P-002: minimum price $4.0000 ("any minimum price below which sales may not be made")',
      },
      {
        rule: "Inside blackout",
        placement: "P-003",
        line: 9,
        tradeDate: d("2001-11-09"),
        figures: "traded 2001-11-09, inside the blackout 2001-11-09 to 2001-11-11",
        agreement: "no sales from 2001-11-09 to 2001-11-11: Third-quarter 2001 results",
      },
    ]);
  });

  it("lists each placement's lock-up window with the sales of other placements inside it", () => {
    const { lockUps } = checkCompliance(plan.rows, dealTerms);
    const shown = lockUps.map((w) => [w.placement, isoDate(w.finalSale!), isoDate(w.finalSettlement!), isoDate(w.start!), isoDate(w.end!), w.inside.map((s) => s.line)]);
    assert.deepStrictEqual(shown, [
      // Terms 10-31: back 10-30, 10-29, 10-26, 10-25, 10-24. Final sale 11-02 settles 11-05, 11-06, 11-07; on 11-08, 11-09, 11-12, 11-13, 11-14.
      ["P-001", "2001-11-02", "2001-11-07", "2001-10-24", "2001-11-14", [5, 6, 7, 8, 9, 10, 11, 12]],
      // Terms 11-02: back to 10-26. Final sale 11-06 settles 11-09; on 11-12, 11-13, 11-14, 11-15, 11-16.
      ["P-002", "2001-11-06", "2001-11-09", "2001-10-26", "2001-11-16", [2, 3, 4, 7, 8, 9, 10, 11, 12, 13]],
      // Terms 11-06: back to 10-30. Final sale 11-12 settles 11-13, 11-14, 11-15; on 11-16, 11-19, 11-20, 11-21, 11-23 (past Thanksgiving).
      ["O-001", "2001-11-12", "2001-11-15", "2001-10-30", "2001-11-23", [2, 3, 4, 5, 6, 8, 9, 11, 12, 13]],
      // Terms 11-07: back to 10-31. Final sale 11-09 settles past Veterans Day: 11-13, 11-14, 11-15; then to 11-23.
      ["P-003", "2001-11-09", "2001-11-15", "2001-10-31", "2001-11-23", [2, 3, 4, 5, 6, 7, 10, 11, 12, 13]],
      // Terms 11-12: back 11-09, 11-08, 11-07, 11-06, 11-05. Final sale 11-15 settles 11-16, 11-19, 11-20; on 11-21, 11-23, 11-26, 11-27, 11-28.
      ["P-004", "2001-11-15", "2001-11-20", "2001-11-05", "2001-11-28", [5, 6, 7, 8, 9, 10]],
    ]);
    assert.strictEqual(
      complianceSummary(checkCompliance(plan.rows, dealTerms)),
      "2 findings (below minimum price 1, inside blackout 1); 5 lock-up windows with 44 sales of other placements inside (the agent's written consent is needed).",
    );
  });
});

describe("compliance: each rule at its boundary", () => {
  it("minimum price: at the minimum is allowed, a cent below is a finding; no minimum agreed, no finding", () => {
    const register = [placement({ id: "P-001", minimumPrice: 4.04 }), placement({ id: "P-002", minimumPrice: null })];
    const sales = [sale(2, "2001-11-01", 1_000, 4.04), sale(3, "2001-11-01", 1_000, 4.03), sale(4, "2001-11-01", 1_000, 4.0399), sale(5, "2001-11-01", 1_000, 0.01, "P-002")];
    assert.deepStrictEqual(lines(checkCompliance(sales, terms(register)).findings), [
      "3 Below minimum price: $4.0300 a share, $0.0100 below the minimum $4.0400",
      "4 Below minimum price: $4.0399 a share, $0.0001 below the minimum $4.0400",
    ]);
  });

  it("shares offered: exactly all is allowed; the first sale that crosses is the finding, not the ones after", () => {
    const register = [placement({ id: "P-001", sharesOffered: 100_000 }), placement({ id: "P-002", sharesOffered: 100_000 })];
    const exact = [sale(2, "2001-11-01", 60_000, 4.1), sale(3, "2001-11-02", 40_000, 4.1)];
    assert.deepStrictEqual(checkCompliance(exact, terms(register)).findings, []);
    // Listed out of date order: the check goes by trade date (then line).
    const over = [sale(4, "2001-11-06", 5_000, 4.1, "P-002"), sale(2, "2001-11-01", 60_000, 4.1, "P-002"), sale(3, "2001-11-02", 40_001, 4.1, "P-002")];
    const { findings } = checkCompliance(over, terms(register));
    assert.deepStrictEqual(lines(findings), ["3 Past shares offered: 100,001 shares sold with this sale, 1 past the 100,000 offered"]);
    assert.strictEqual(findings[0]!.agreement, 'P-002: 100,000 shares offered ("the number of shares ... to be offered in the placement")');
  });

  it("daily limit: the sum of the placement's sales on a trade date; at the limit allowed, one share more a finding, once a day", () => {
    const register = [placement({ id: "P-001", dailyLimit: 75_000, sharesOffered: 1_000_000 }), placement({ id: "P-002", sharesOffered: 1_000_000 })];
    const sales = [
      sale(2, "2001-11-01", 50_000, 4.1),
      sale(3, "2001-11-01", 25_000, 4.1), // 75,000: at the limit
      sale(4, "2001-11-01", 30_000, 4.1, "P-002"), // another placement's shares do not count
      sale(5, "2001-11-02", 75_000, 4.1),
      sale(6, "2001-11-02", 1, 4.1), // 75,001
      sale(7, "2001-11-02", 10_000, 4.1), // the same day again: no second finding
      sale(8, "2001-11-05", 80_000, 4.1), // one sale alone above it
    ];
    assert.deepStrictEqual(lines(checkCompliance(sales, terms(register)).findings), [
      "6 Above daily limit: 75,001 shares on 2001-11-02 (lines 5, 6), 1 above the limit",
      "8 Above daily limit: 80,000 shares on 2001-11-05 (line 8), 5,000 above the limit",
    ]);
  });

  it("terms date and end date: sales on either day are allowed, the day before and the day after are findings", () => {
    const register = [placement({ id: "P-001", termsDate: d("2001-11-01"), endDate: d("2001-11-06") })];
    const sales = [sale(2, "2001-10-31", 100, 4.1), sale(3, "2001-11-01", 100, 4.1), sale(4, "2001-11-06", 100, 4.1), sale(5, "2001-11-07", 100, 4.1)];
    assert.deepStrictEqual(lines(checkCompliance(sales, terms(register)).findings), [
      "2 Before terms date: traded 2001-10-31, before the terms were agreed",
      "5 After end date: traded 2001-11-07, after 2001-11-06",
    ]);
  });

  it("blackouts: both days included, the trading days either side are not", () => {
    const blackouts = [{ start: d("2001-11-05"), end: d("2001-11-06"), reason: "Q3 earnings" }];
    const sales = ["2001-11-02", "2001-11-05", "2001-11-06", "2001-11-07"].map((iso, i) => sale(i + 2, iso, 100, 4.1));
    const { findings } = checkCompliance(sales, terms([placement({ id: "P-001" })], blackouts));
    assert.deepStrictEqual(lines(findings), [
      "3 Inside blackout: traded 2001-11-05, inside the blackout 2001-11-05 to 2001-11-06",
      "4 Inside blackout: traded 2001-11-06, inside the blackout 2001-11-05 to 2001-11-06",
    ]);
    assert.strictEqual(findings[0]!.agreement, "no sales from 2001-11-05 to 2001-11-06: Q3 earnings");
  });

  it("a sale of an unregistered placement, or of none, is a finding, not a crash; ids match whatever their case", () => {
    const sales = [sale(2, "2001-11-01", 100, 4.1, "P-009"), sale(3, "2001-11-01", 100, 4.1, ""), sale(4, "2001-11-01", 100, 4.1, " p-001 ")];
    const { findings } = checkCompliance(sales, terms([placement({ id: "P-001" })]));
    assert.deepStrictEqual(lines(findings), ['2 Unregistered placement: placement "P-009" is not in the register', "3 Unregistered placement: the sale names no placement"]);
    assert.deepStrictEqual([findings[0]!.placement, findings[1]!.placement], ["P-009", ""]);
    assert.deepStrictEqual(checkCompliance(sales, terms([])).findings.length, 3, "an empty register: every sale unregistered");
  });

  it("a sale under another agreement than its placement's is a finding", () => {
    const { findings } = checkCompliance([sale(2, "2001-11-01", 100, 4.1, "P-001", "Other")], terms([placement({ id: "P-001" })]));
    assert.deepStrictEqual(lines(findings), ["2 Other agreement: sold under the Other Agreement"]);
  });

  it("the lock-up is the core's LOCKUP of the terms date and the final sale's SETTLE: the README's example, with the sales of other placements on its first and last day", () => {
    // README: =CEO.LOCKUP(DATE(2001,11,1),DATE(2001,11,6)) -> 2001-10-25 to 2001-11-13. A sale on 11-01 settles T+3 on 11-06.
    const register = [placement({ id: "P-001", termsDate: d("2001-11-01") }), placement({ id: "P-002", termsDate: d("2001-10-01"), sharesOffered: 1_000_000 })];
    const sales = [sale(2, "2001-11-01", 100, 4.1), ...["2001-10-24", "2001-10-25", "2001-11-13", "2001-11-14"].map((iso, i) => sale(i + 3, iso, 100, 4.1, "P-002"))];
    const window = checkCompliance(sales, terms(register)).lockUps[0]!;
    assert.deepStrictEqual([isoDate(window.start!), isoDate(window.end!), isoDate(window.finalSettlement!)], ["2001-10-25", "2001-11-13", "2001-11-06"]);
    assert.deepStrictEqual(window.inside.map((s) => s.line), [4, 5]);
    // A settlement cycle set on the Terms sheet moves the final settlement: T+1 settles on 11-02, the window ends on 11-09.
    const t1 = checkCompliance(sales, { ...terms(register), settlementCycle: 1 }).lockUps[0]!;
    assert.deepStrictEqual([isoDate(t1.finalSettlement!), isoDate(t1.end!)], ["2001-11-02", "2001-11-09"]);
  });

  it("a placement without a sale has an open window; a sale the calendar refuses is a finding saying why", () => {
    const register = [placement({ id: "P-001" }), placement({ id: "P-002" })];
    const { findings, lockUps } = checkCompliance([sale(2, "2001-11-10", 100, 4.1, "P-002")], terms(register)); // a Saturday
    assert.deepStrictEqual(lockUps.map((w) => [w.placement, w.end, w.inside.length]), [["P-001", undefined, 0]]);
    assert.deepStrictEqual(lines(findings), ["2 Lock-up not computed: tradeDate 2001-11-10 is not a trading day (a Saturday): expected the date of a sale on the exchange"]);
  });
});

describe("compliance: properties", () => {
  // A register of three placements and sales drawn inside every limit: no finding. Then one
  // violation planted on one sale: exactly that finding.
  const register = [
    placement({ id: "A", termsDate: d("2001-10-01"), sharesOffered: 1_000_000, minimumPrice: 4, dailyLimit: 100_000, endDate: d("2001-12-31") }),
    placement({ id: "B", termsDate: d("2001-10-01"), sharesOffered: 1_000_000, minimumPrice: 3.5, dailyLimit: 100_000, endDate: d("2001-12-31"), agreement: "Other" }),
    placement({ id: "C", termsDate: d("2001-10-01"), sharesOffered: 1_000_000, minimumPrice: null, dailyLimit: null, endDate: null }),
  ];
  const blackouts = [{ start: d("2001-12-01"), end: d("2001-12-31"), reason: "year end" }];
  // Trading days of 2001-10-01 to 2001-11-30 (no blackout), at most 9 sales of 10,000 shares a day per placement.
  const tradingDays = Array.from({ length: 61 }, (_, i) => d("2001-10-01") + i).filter((day) => ![0, 6].includes((day + 6) % 7) && day !== d("2001-11-22"));
  const clean = fc
    .array(fc.record({ day: fc.constantFrom(...tradingDays), who: fc.constantFrom(0, 1, 2), shares: fc.integer({ min: 1, max: 10_000 }), cents: fc.integer({ min: 400, max: 2_000 }) }), { minLength: 1, maxLength: 9 })
    .map((draws) => draws.map((s, i): Sale => ({ line: i + 2, tradeDate: s.day, shares: s.shares, price: s.cents / 100, agreement: register[s.who]!.agreement, placement: register[s.who]!.id })));

  it("sales inside every limit yield no finding", () => {
    fc.assert(fc.property(clean, (sales) => checkCompliance(sales, terms(register, blackouts)).findings.length === 0));
  });

  it("one planted violation yields exactly that finding", () => {
    const plants: [string, (s: Sale) => Sale][] = [
      ["Unregistered placement", (s) => ({ ...s, placement: "Z" })],
      ["Before terms date", (s) => ({ ...s, tradeDate: d("2001-09-28") })],
      ["Below minimum price", (s) => ({ ...s, placement: "A", agreement: "Sales", price: 3.99 })],
      ["Past shares offered", (s) => ({ ...s, placement: "C", agreement: "Sales", shares: 1_000_001 })],
      ["Above daily limit", (s) => ({ ...s, placement: "B", agreement: "Other", shares: 100_001 })],
      ["Inside blackout", (s) => ({ ...s, placement: "C", agreement: "Sales", tradeDate: d("2001-12-03") })],
      ["Other agreement", (s) => ({ ...s, placement: "A", agreement: "Other" })],
    ];
    fc.assert(
      fc.property(clean, fc.nat(), fc.constantFrom(...plants), (sales, k, [rule, plant]) => {
        const at = k % sales.length;
        const planted = sales.map((s, i) => (i === at ? plant(s) : s));
        const { findings } = checkCompliance(planted, terms(register, blackouts));
        return findings.length === 1 && findings[0]!.rule === rule && findings[0]!.line === sales[at]!.line;
      }),
    );
  });
});
