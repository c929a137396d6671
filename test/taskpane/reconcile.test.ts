import assert from "assert";
import fs from "fs";
import path from "path";
import { planImport } from "../../src/taskpane/plan";
import { reconcile, reconciliationText } from "../../src/taskpane/reconcile";
import { SEED_TERMS } from "../../src/taskpane/terms";

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
    // NASD: (76,894 + 120,000 + 125,000) / 1,922,350 on the gross sold so far.
    assert.strictEqual(result.compensation.rate!.toFixed(6), "0.167448"); // 321,894 / 1,922,350 = 0.1674481754 (bc)
    assert.strictEqual(result.compensation.withinCap, false);
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
    assert.match(text, /- 2001-11-05 P-002 \(Sales, gross \$241,200\.00\): commission stated \$9,848\.00, contract \$9,648\.00 \(\$200\.00\); net stated \$231,352\.00, contract \$231,552\.00 \(-\$200\.00\)/);
    assert.match(text, /Net overcharge on commissions: \$380\.00\./);
    assert.match(text, /= 16\.74%, ABOVE the 8% cap\./);
  });
});
