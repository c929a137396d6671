import assert from "assert";
import fs from "fs";
import path from "path";
import { planImport } from "../../src/taskpane/import/plan";
import { reconcile, reconciliationText } from "../../src/taskpane/reconcile/reconcile";
import { SEED_TERMS } from "../../src/taskpane/terms/terms";

const sample = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8");

describe("reconciliation of the agent's statement", () => {
  const plan = planImport(sample("neot-2001-agent-statement.csv"));
  const result = reconcile(plan.rows, SEED_TERMS);

  it("finds exactly the two wrong rows (examples/README.md), with their differences", () => {
    assert.ok(plan.ok, JSON.stringify(plan.errors));
    assert.deepStrictEqual(
      result.discrepancies.map((s) => [s.row.line, s.commission.toFixed(2), s.commissionDifference!.toFixed(2), s.netDifference!.toFixed(2)]),
      [
        [5, "9648.00", "200.00", "-200.00"],
        [11, "9460.00", "180.00", "-180.00"],
      ],
    );
  });

  it("totals: $76,894.00 per contract, $77,274.00 stated, $380.00 overcharged", () => {
    const sum = (pick: (a: (typeof result.byAgreement)[number]) => string) => result.byAgreement.map(pick);
    assert.deepStrictEqual(sum((a) => a.key), ["Sales", "Other"]);
    assert.deepStrictEqual(sum((a) => a.gross.toFixed(2)), ["1529850.00", "392500.00"]);
    assert.deepStrictEqual(sum((a) => a.commission.toFixed(2)), ["61194.00", "15700.00"]);
    assert.deepStrictEqual(sum((a) => a.statedCommission!.toFixed(2)), ["61574.00", "15700.00"]);
    assert.strictEqual(result.overcharge.toFixed(2), "380.00");
    // Warrants: 10% of 370,000 and 95,000 shares; 130% of each agreement's VWAP.
    assert.deepStrictEqual(sum((a) => a.warrantShares.toString()), ["37000", "9500"]);
    assert.strictEqual(result.byAgreement[0]!.exercisePrice.toFixed(10), "5.3751486486"); // 1.3 x 1,529,850 / 370,000
    assert.deepStrictEqual(sum((a) => (typeof a.capacityLeft === "string" ? a.capacityLeft : a.capacityLeft.toFixed(2))), ["23470150.00", "8007500.00"]);
    assert.deepStrictEqual(result.byPlacement.map((p) => [p.key, p.sales, p.warrantShares.toNumber()]), [
      ["P-001", 3, 11500],
      ["P-002", 2, 9000],
      ["O-001", 2, 9500],
      ["P-003", 2, 5500],
      ["P-004", 3, 11000],
    ]);
    // NASD on gross sold to date: (76,894 + 120,000 + 125,000) / 1,922,350.
    assert.strictEqual(result.compensation.toDate!.rate.toFixed(6), "0.167448"); // 321,894 / 1,922,350 = 0.1674481754 (bc)
    assert.strictEqual(result.compensation.toDate!.withinCap, false);
    // At program completion, each agreement's offering on its own (the seed allocates the retainer "to each of this
    // Offering and the Offering contemplated by the Other Agreement"): fees on the whole program, its expense cap, its retainer.
    assert.deepStrictEqual(
      result.compensation.atCompletion.map((c) => [c.agreement, c.programMax.toFixed(2), c.commission.toFixed(2), c.expenses.toFixed(2), c.retainer.toFixed(2), c.rate.toFixed(6), c.withinCap]),
      [
        ["Sales", "25000000.00", "900000.00", "60000.00", "62500.00", "0.040900", true], // the seed's $900,000 "assuming the sale of $25 million"; 1,022,500 / 25,000,000
        ["Other", "8400000.00", "336000.00", "60000.00", "62500.00", "0.054583", true], // 4% of $8.4M; 458,500 / 8,400,000 = 0.0545833 (bc)
      ],
    );
  });

  it("counts the sales compared: every sale with a stated commission or net proceeds", () => {
    assert.strictEqual(result.compared, 12);
    assert.deepStrictEqual(result.byAgreement.map((a) => [a.key, a.sales, a.compared]), [["Sales", 10, 10], ["Other", 2, 2]]);
    // Lines 3, 5, 7, 9 and 13 keep the agent's figures: line 5 (P-002, $200.00 over) is compared, line 11 ($180.00 over) is not.
    const unstated = ({ statedCommission: _c, statedNet: _n, ...r }: (typeof plan.rows)[number]) => r;
    const half = reconcile(plan.rows.map((r) => (r.line % 2 === 0 || r.line === 11 ? unstated(r) : r)), SEED_TERMS);
    assert.strictEqual(half.compared, 5);
    assert.deepStrictEqual(half.byAgreement.map((a) => a.commissionDifference?.toFixed(2)), ["200.00", "0.00"]);
    assert.match(reconciliationText(half, SEED_TERMS), /Compared the agent's figures for 5 of 12 sales with the contract \(7 sales have no Agent Commission, Agent Net or Agent Settlement\)\./);
  });

  it("with no agent figures in the table it says plainly that nothing was reconciled", () => {
    const clean = reconcile(planImport(sample("neot-2001-placements.csv")).rows, SEED_TERMS);
    assert.strictEqual(clean.compared, 0);
    const text = reconciliationText(clean, SEED_TERMS);
    assert.match(text, /No agent figures in the table: nothing reconciled\. None of the 12 sales has an Agent Commission, Agent Net or Agent Settlement: import the agent's statement \(its Commission, Net Proceeds and Settlement Date columns\), then Reconcile\./);
    assert.doesNotMatch(text, /agrees with the contract/);
  });

  it("over- and undercharges in words, never in parentheses; amounts and counts with thousands separators", () => {
    const text = reconciliationText(result, SEED_TERMS);
    assert.match(text, /Compared the agent's figures for 12 of 12 sales with the contract\./);
    assert.match(text, /commission stated \$9,848\.00, contract \$9,648\.00: overcharged \$200\.00; net proceeds stated \$231,352\.00, contract \$231,552\.00: \$200\.00 less/);
    assert.match(text, /Sales Agreement: 10 sales, gross \$1,529,850\.00; commission per contract \$61,194\.00, stated \$61,574\.00: overcharged \$380\.00;/);
    assert.match(text, /In all, commissions overcharged \$380\.00 \(stated \$77,274\.00, contract \$76,894\.00, on the 12 sales compared\)\./);
    assert.doesNotMatch(text, /\(-?\$[\d,.]+\)/, "no amount alone in parentheses");
    const under = reconcile(plan.rows.map((r) => (r.line === 5 ? { ...r, statedCommission: 9633, statedNet: 231567 } : r.line === 11 ? { ...r, statedCommission: 9460, statedNet: 227040 } : r)), SEED_TERMS);
    const underText = reconciliationText(under, SEED_TERMS);
    assert.match(underText, /commission stated \$9,633\.00, contract \$9,648\.00: undercharged \$15\.00; net proceeds stated \$231,567\.00, contract \$231,552\.00: \$15\.00 more/);
    assert.match(underText, /In all, commissions undercharged \$15\.00/);
    // Many sales: counts and amounts with separators.
    const many = Array.from({ length: 60_000 }, (_, i) => ({ line: i + 2, tradeDate: 37196 + Math.floor(i / 100), shares: 1000, price: 4, gross: 4000, agreement: "Sales", placement: `P-${Math.floor(i / 1000)}`, notes: "", statedCommission: 165, statedNet: 3835 }));
    const big = reconciliationText(reconcile(many, SEED_TERMS), SEED_TERMS);
    assert.match(big, /Compared the agent's figures for 60,000 of 60,000 sales with the contract\./);
    assert.match(big, /Sales Agreement: 60,000 sales, gross \$240,000,000\.00/);
    assert.match(big, /60,000 sales differ from the contract:/);
  });

  it("the NASD 8% line: at program completion per agreement (the prospectus's basis) and on gross sold to date, each labelled; the sample is within the cap", () => {
    const text = reconciliationText(result, SEED_TERMS);
    assert.match(text, /- Sales Agreement at program completion \(\$25,000,000\.00 sold, the prospectus's basis\): \(\$900,000\.00 commissions \+ \$60,000\.00 expense cap \+ \$62,500\.00 retainer\) \/ \$25,000,000\.00 = 4\.09%, within the 8% cap\./);
    assert.match(text, /- Other Agreement at program completion \(\$8,400,000\.00 sold, the prospectus's basis\): \(\$336,000\.00 commissions \+ \$60,000\.00 expense cap \+ \$62,500\.00 retainer\) \/ \$8,400,000\.00 = 5\.46%, within the 8% cap\./);
    assert.match(text, /- On the gross sold to date, \$1,922,350\.00: \(\$76,894\.00 commissions \+ \$120,000\.00 expense caps \+ \$125,000\.00 retainer\) \/ \$1,922,350\.00 = 16\.74%: over 8% on this basis only because the expense caps and retainer are counted in full against the sales so far; it falls as the program is sold, and it is not the basis of the prospectus's figures\./);
    assert.doesNotMatch(text, /ABOVE/);
  });

  it("the placement report without statements has nothing to flag", () => {
    const clean = reconcile(planImport(sample("neot-2001-placements.csv")).rows, SEED_TERMS);
    assert.deepStrictEqual(clean.discrepancies, []);
    assert.strictEqual(clean.overcharge.toFixed(2), "0.00");
  });

  it("the e-mail text names the rows, the amounts and the overcharge", () => {
    const text = reconciliationText(result, SEED_TERMS);
    assert.match(text, /^Reconciliation of Cantor Fitzgerald & Co\.'s statements for NeoTherapeutics, Inc\./);
    assert.match(text, /2 sales differ from the contract:/);
    assert.match(text, /- 2001-11-05 P-002 \(Sales, gross \$241,200\.00\): commission stated \$9,848\.00, contract \$9,648\.00: overcharged \$200\.00; net proceeds stated \$231,352\.00, contract \$231,552\.00: \$200\.00 less/);
    assert.match(text, /- 2001-11-13 P-004 \(Sales, gross \$236,500\.00\): commission stated \$9,640\.00, contract \$9,460\.00: overcharged \$180\.00/);
    assert.match(text, /In all, commissions overcharged \$380\.00/);
  });
});

describe("reconciliation of the agent's settlement dates (issue 21)", () => {
  const plan = planImport(sample("neot-2001-agent-report.csv"));
  const result = reconcile(plan.rows, SEED_TERMS);
  const text = reconciliationText(result, SEED_TERMS);

  it("counts the settlement dates stated and those that differ from SETTLE's, per agreement and placement: exactly the planted one (examples/README.md)", () => {
    assert.ok(plan.ok, JSON.stringify(plan.errors));
    assert.deepStrictEqual(result.settlements, { stated: 12, differing: 1 });
    assert.strictEqual(result.compared, 12);
    // 2001-11-07 (Wednesday): T+3 settlement business days skip Veterans Day, Monday 2001-11-12 (serial 37207): 2001-11-13 (37208). Stated: 2001-11-12.
    assert.deepStrictEqual(result.discrepancies.map((s) => [s.row.line, s.row.statedSettlement, s.settlement, s.settlementDifference]), [[10, 37207, 37208, -1]]);
    assert.deepStrictEqual(result.byAgreement.map((a) => [a.key, a.settlementDifferences]), [["Sales", 0], ["Other", 1]]);
    assert.deepStrictEqual(result.byPlacement.filter((p) => p.settlementDifferences > 0).map((p) => p.key), ["O-001"]);
  });

  it("lists the difference in words, as the commission differences are, and sums up", () => {
    assert.match(text, /Compared the agent's figures for 12 of 12 sales with the contract\./);
    assert.match(text, /\n1 sale differs from the contract:\n- 2001-11-07 O-001 \(Other, gross \$180,000\.00\): settlement stated 2001-11-12, contract 2001-11-13: 1 day earlier\n/);
    assert.match(text, /In all, commissions agree with the contract \(stated \$76,894\.00, contract \$76,894\.00, on the 12 sales compared\)\.\nIn all, 1 settlement date differs from the contract \(on the 12 sales stating one\)\./);
  });

  it("settlement dates alone, all as SETTLE gives them, or under the Terms sheet's cycle", () => {
    const dates = plan.rows.map(({ statedCommission: _c, statedNet: _n, ...r }) => (r.line === 10 ? { ...r, statedSettlement: 37208 } : r));
    const agreeing = reconciliationText(reconcile(dates, SEED_TERMS), SEED_TERMS);
    assert.match(agreeing, /Every stated commission and net proceeds of the 12 sales compared agrees with the contract to the cent, and every stated settlement date with the contract's\.\n\nIn all, settlement dates agree with the contract \(on the 12 sales stating one\)\./);
    // A cycle of 2 on the Terms sheet: every T+3 date is then a day or more later than the contract's.
    const t2 = reconcile(dates, { ...SEED_TERMS, settlementCycle: 2 });
    assert.deepStrictEqual(t2.settlements, { stated: 12, differing: 12 });
  });
});
