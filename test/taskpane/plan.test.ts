import assert from "assert";
import fc from "fast-check";
import fs from "fs";
import path from "path";
import { exchangeClosure, settlementDate } from "../../src/core/calendar";
import { Decimal } from "../../src/core/decimal";
import { parseAmount, planImport, type ImportPlan } from "../../src/taskpane/import/plan";

// Excel serials worked out by hand: 2001-01-01 is 36892; November 1 is 304 days later.
const NOV_1_2001 = 37196;
const HEADER_NOT_FOUND =
  'header not found: no line names the columns of the report (expected a line such as "Trade Date,Shares,Price,Agreement" above the first sale, and at most 5 title lines above it)';

function errorsOf(plan: ImportPlan): string[] {
  assert.strictEqual(plan.ok, false, "expected the plan to fail");
  assert.deepStrictEqual(plan.rows, [], "a failed plan carries no rows");
  return plan.errors.map((e) => `${e.line}|${e.column}|${e.message}`);
}

describe("planImport: the agent's placement reports", () => {
  it("a plain report: ISO dates, shares and price, gross derived", () => {
    const plan = planImport("Trade Date,Shares,Price,Agreement,Placement,Notes\n2001-11-01,100000,4.04,Sales,P-1,first sale\n");
    assert.deepStrictEqual(plan, {
      ok: true,
      errors: [],
      notes: [],
      rows: [{ line: 2, tradeDate: NOV_1_2001, shares: 100000, price: 4.04, gross: 404000, agreement: "Sales", placement: "P-1", notes: "first sale" }],
    });
  });

  it("what banks send: BOM, CRLF, quotes, $ and thousands separators, aliases, US dates, blank lines", () => {
    const text = '\uFEFFDate,Qty,Avg Price,Proceeds\r\n"11/01/2001","10,000","$4.04","$40,400.00"\r\n\r\n11/2/01,"2,500",$4.10,"$10,250.00"\r\n\r\n\r\n';
    const plan = planImport(text);
    assert.ok(plan.ok, JSON.stringify(plan.errors));
    assert.deepStrictEqual(
      plan.rows.map((r) => [r.line, r.tradeDate, r.shares, r.price, r.gross, r.agreement]),
      [
        [2, NOV_1_2001, 10000, 4.04, 40400, "Sales"],
        [4, NOV_1_2001 + 1, 2500, 4.1, 10250, "Sales"],
      ],
    );
  });

  it("pasted from Excel or an e-mail: tab-separated, 01-Nov-2001 and Nov 2, 2001 dates", () => {
    const plan = planImport("Trade Date\tShares\tPrice\tAgreement\n01-Nov-2001\t1,000\t4.04\tOther Agreement\nNov 2, 2001\t500\t4.1\tother\n");
    assert.ok(plan.ok, JSON.stringify(plan.errors));
    assert.deepStrictEqual(plan.rows.map((r) => [r.tradeDate, r.gross, r.agreement]), [
      [NOV_1_2001, 4040, "Other"],
      [NOV_1_2001 + 1, 2050, "Other"],
    ]);
  });

  it("semicolon-separated reports", () => {
    const plan = planImport("Date;Shares;Gross\n2001-11-01;3;10.00\n");
    assert.ok(plan.ok);
    assert.strictEqual(plan.rows[0]!.gross, 10);
    assert.ok(Math.abs(plan.rows[0]!.price - 10 / 3) < 1e-12);
  });

  it("derives shares from gross and price when they make whole shares", () => {
    const ok = planImport("Date,Price,Gross\n2001-11-01,4.04,4040\n");
    assert.strictEqual(ok.rows[0]!.shares, 1000);
    assert.deepStrictEqual(errorsOf(planImport("Date,Price,Gross\n2001-11-01,4.04,4041\n")), ["2|Shares|Gross $4,041.00 / Price 4.04 is not a whole number of shares"]);
  });

  it("shares x price and gross must agree to the cent", () => {
    assert.ok(planImport("Date,Shares,Price,Gross\n2001-11-01,1000,4.04,4040.01\n").ok);
    assert.ok(planImport("Date,Shares,Price,Gross\n2001-11-01,333,4.0412,1345.72\n").ok); // 1345.7196
    assert.deepStrictEqual(errorsOf(planImport("Date,Shares,Price,Gross\n2001-11-01,1000,4.04,4040.02\n")), [
      "2|Gross|Gross $4,040.02 differs from Shares x Price = $4,040.00 by more than a cent",
    ]);
  });

  it("lists every bad line with its number and column, and plans nothing", () => {
    const text = [
      "Trade Date,Shares,Price,Agreement,Notes",
      "2001-11-01,1000,4.04,Sales,ok",
      '2001-11-02,"(1,234)",4.04,Sales,negative',
      '2001-11-05,100,4.04,Sales,"a note on',
      'two lines"',
      "2001-13-01,100,4.04,Sales,no month 13",
      "Nov 31 2001,100,4.04,Sales,no November 31",
      "2001-11-06,100.5,4.04,Sales,half a share",
      "2001-11-07,100,abc,Broker,two bad cells",
      "2001-11-08,-5,4.04,Sales,negative",
      ",100,4.04,Sales,no date",
    ].join("\n");
    assert.deepStrictEqual(errorsOf(planImport(text)), [
      '3|Shares|Shares "(1,234)" is negative (in parentheses): expected an amount above 0',
      '6|Trade Date|"2001-13-01" is not a calendar date',
      '7|Trade Date|"Nov 31 2001" is not a calendar date',
      '8|Shares|Shares "100.5" is not a whole number of shares',
      '9|Price|Price "abc" is not a number: expected e.g. 1,234.56',
      '9|Agreement|agreement "Broker" is not Sales or Other',
      '10|Shares|Shares "-5" is negative: expected an amount above 0',
      "11|Trade Date|the trade date is missing",
    ]);
  });

  it("reads amounts the way they are written, and nothing else", () => {
    const ok: [string, string][] = [["$1,234.56", "1234.56"], [" 1234 ", "1234"], [".5", "0.5"], ["$ 12,345,678", "12345678"], ["0.0001", "0.0001"], ["1,000.", "1000"]];
    for (const [text, numeral] of ok) assert.deepStrictEqual(parseAmount(text, "Price"), { numeral }, text);
    const bad: [string, RegExp][] = [["1,23", /^Price "1,23" is in European form, but the file is in US form .*: write it as 1\.23$/], ["1,2345", /is in European form/], [",123", /is in European form/], ["12a", /not a number/], ["1.2.3", /not a number/], ["$", /not a number/], ["-5", /negative/], ["(1,234)", /negative \(in parentheses\)/], ["$(5)", /negative/], ["1 000", /not a number/]];
    for (const [text, message] of bad) {
      const result = parseAmount(text, "Price");
      assert.ok(typeof result === "string" && message.test(result), `${text}: ${JSON.stringify(result)}`);
    }
  });

  it("refuses trade dates that are not trading days, or outside the calendars", () => {
    assert.deepStrictEqual(errorsOf(planImport("Date,Shares,Price\n2001-11-03,1,1\n2001-09-11,1,1\n1984-12-31,1,1\n")), [
      "2|Trade Date|2001-11-03 is not a trading day (a Saturday)",
      "3|Trade Date|2001-09-11 is not a trading day (closed after the September 11 attacks)",
      "4|Trade Date|1984-12-31 is outside the calendars (1985-01-01 to 2100-12-31)",
    ]);
  });

  it("refuses empty reports, a header alone and missing columns, saying what the header names; unknown columns are ignored", () => {
    assert.match(errorsOf(planImport(""))[0]!, /^1\|\|the report is empty/);
    assert.match(errorsOf(planImport("\uFEFF\r\n\r\n"))[0]!, /^1\|\|the report is empty/);
    assert.deepStrictEqual(errorsOf(planImport("Trade Date,Shares,Price\r\n")), ["1||the report has a header but no rows"]);
    const broker = planImport("Trade Date,Shares,Price,Broker\n2001-11-01,1,1,X\n");
    assert.ok(broker.ok, JSON.stringify(broker.errors));
    assert.deepStrictEqual(broker.notes![0], { line: 1, message: "ignored: Broker (columns the import does not use)" });
    assert.deepStrictEqual(errorsOf(planImport("Shares,Price\n1,1\n")), ["1|Trade Date|no Trade Date column (or Date, Execution Date, Sale Date): the header names Shares, Price"]);
    assert.deepStrictEqual(errorsOf(planImport("Date,Shares\n2001-11-01,1\n")), ["1||expected at least two of the columns Shares, Price and Gross: the header names Date, Shares"]);
    assert.deepStrictEqual(errorsOf(planImport("Date,Shares,Qty,Price\n2001-11-01,1,1,1\n")), ['1|Qty|column "Qty" repeats Shares']);
    assert.deepStrictEqual(errorsOf(planImport("Date,Shares,Price\n2001-11-01,1,1,extra\n")), ["2||4 cells, but the header has 3"]);
  });

  it("refuses 10 MB of garbage with one clear message", () => {
    const garbage = Array.from({ length: 10 * 1024 }, (_, i) => String.fromCharCode(33 + (i % 90)).repeat(1023)).join("\n");
    const plan = planImport(garbage);
    assert.strictEqual(plan.ok, false);
    assert.deepStrictEqual(errorsOf(plan), [`1||${HEADER_NOT_FOUND}; line 1 reads "${"!".repeat(57)}..."`]);
  });

  it("keeps formula-looking text verbatim (apply writes it as text)", () => {
    const plan = planImport('Date,Shares,Price,Placement,Notes\n2001-11-01,1,1,"=1+2","@SUM(A1)"\n');
    assert.deepStrictEqual([plan.rows[0]!.placement, plan.rows[0]!.notes], ["=1+2", "@SUM(A1)"]);
  });

  it("keeps the agent's stated commission and net proceeds", () => {
    const plan = planImport("Date,Shares,Price,Commission,Net Proceeds\n2001-11-01,100000,4.04,\"$16,160.00\",\"$387,840.00\"\n");
    assert.deepStrictEqual([plan.rows[0]!.statedCommission, plan.rows[0]!.statedNet], [16160, 387840]);
  });

  it("never throws, and plans the same text the same way twice", () => {
    const cellText = fc.oneof(fc.string(), fc.constantFrom("2001-11-01", "11/1/2001", "1,000", "$4.04", "(5)", "", '"', "\r\n", "Other"));
    const report = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.array(fc.array(cellText, { maxLength: 6 }), { maxLength: 8 }).map((rows) => ["Trade Date,Shares,Price,Gross,Agreement,Notes", ...rows.map((r) => r.join(","))].join("\n")),
    );
    fc.assert(
      fc.property(report, (text) => {
        const first = planImport(text);
        assert.deepStrictEqual(planImport(text), first);
        assert.strictEqual(first.ok, first.errors.length === 0);
        if (first.ok) assert.ok(first.rows.length > 0);
        for (const e of first.errors) assert.ok(e.line >= 1 && e.message.length > 0);
        for (const r of first.rows) assert.ok([r.tradeDate, r.shares, r.price, r.gross].every(Number.isFinite));
      }),
      { numRuns: 1000 },
    );
  });

  it("reads amounts of any length exactly: rows agree with Decimal arithmetic on the written numerals", () => {
    const numeral = (maxScale: number) =>
      fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.integer({ min: 0, max: maxScale })).map(([units, scale]) => {
        const s = units.toString().padStart(scale + 1, "0");
        return scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
      });
    const written = (n: string, dollar: boolean, commas: boolean) => {
      const [whole, fraction] = n.split(".");
      const grouped = commas ? whole!.replace(/\B(?=(\d{3})+$)/g, ",") : whole!;
      return `"${dollar ? "$" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}"`;
    };
    const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const columns = fc.constantFrom(["Shares", "Price"], ["Shares", "Gross"], ["Price", "Gross"], ["Shares", "Price", "Gross"]);
    const amounts = fc.record({ shares: numeral(0), price: numeral(6), gross: numeral(2) });
    fc.assert(
      fc.property(columns, amounts, fc.boolean(), fc.boolean(), (names, a, dollar, commas) => {
        const cells = names.map((name) => written(name === "Shares" ? a.shares : name === "Price" ? a.price : a.gross, dollar && name !== "Shares", commas));
        const plan = planImport(`Trade Date,${names.join(",")}\n2001-11-01,${cells.join(",")}\n`);
        const [s, p, g] = [new Decimal(a.shares), new Decimal(a.price), new Decimal(a.gross)];
        const row = plan.rows[0];
        if (names.length === 3) {
          assert.strictEqual(plan.ok, money(s.times(p)).minus(g).abs().lte("0.01"), JSON.stringify(plan.errors));
          if (row) assert.deepStrictEqual([row.shares, row.price, row.gross], [s.toNumber(), p.toNumber(), g.toNumber()]);
        } else if (names[0] === "Shares" && names[1] === "Price") {
          assert.deepStrictEqual([row!.shares, row!.price, row!.gross], [s.toNumber(), p.toNumber(), money(s.times(p)).toNumber()]);
        } else if (names[0] === "Shares") {
          assert.deepStrictEqual([row!.shares, row!.price, row!.gross], [s.toNumber(), g.dividedBy(s).toNumber(), g.toNumber()]);
        } else {
          const shares = g.dividedBy(p).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
          const whole = !shares.isZero() && money(shares.times(p)).minus(g).abs().lte("0.01");
          assert.strictEqual(plan.ok, whole, JSON.stringify(plan.errors));
          if (row) assert.deepStrictEqual([row.shares, row.price, row.gross], [shares.toNumber(), p.toNumber(), g.toNumber()]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("numbers lines as an editor does, whatever the line breaks, blank lines and multi-line notes", () => {
    const record = fc.record({ blankBefore: fc.nat(2), noteLines: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(fc.constantFrom("\n", "\r\n", "\r"), fc.array(record, { minLength: 1, maxLength: 12 }), (eol, records) => {
        const text = ["Date,Shares,Price,Notes"];
        const expected: number[] = [];
        let line = 2;
        for (const r of records) {
          for (let i = 0; i < r.blankBefore; i++, line++) text.push("");
          expected.push(line);
          const note = Array.from({ length: r.noteLines }, (_, i) => `part ${i}`).join(eol);
          text.push(`2001-11-01,1,1,"${note}"`);
          line += r.noteLines;
        }
        const plan = planImport(text.join(eol) + eol);
        assert.ok(plan.ok, JSON.stringify(plan.errors));
        assert.deepStrictEqual(plan.rows.map((r) => r.line), expected);
      }),
      { numRuns: 300 },
    );
  });

  it("plans a report of many chunks: every row on its line, fields across chunk boundaries kept whole", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = ["Trade Date,Shares,Price,Notes"];
      const expected: [number, number, string][] = [];
      let line = 2;
      for (let i = 0; i < 6000; i++) {
        if (i % 7 === 3) {
          text.push("");
          line++;
        }
        const note = i % 5 === 0 ? `first line ${i}${eol}second line` : `note ${i} ${"x".repeat(i % 40)}`;
        expected.push([line, 1000 + i, note.replace(/\r\n|\r/g, "\n")]);
        text.push(`2001-11-01,"${(1000 + i).toLocaleString("en-US")}",$4.04,"${note}"`);
        line += i % 5 === 0 ? 2 : 1;
      }
      const report = text.join(eol);
      assert.ok(report.length > 5 * 64 * 1024, "the report spans several chunks");
      const plan = planImport(report);
      assert.ok(plan.ok, JSON.stringify(plan.errors.slice(0, 3)));
      assert.deepStrictEqual(
        plan.rows.map((r) => [r.line, r.shares, r.notes.replace(/\r\n|\r/g, "\n")]),
        expected,
        JSON.stringify(eol),
      );
    }
  });

  it("plans every well-formed row it is given, on the line it is on", () => {
    const row = fc.record({
      day: fc.integer({ min: 0, max: 9000 }).filter((day) => exchangeClosure(36526 + day) === undefined),
      shares: fc.integer({ min: 1, max: 5_000_000 }),
      priceCents: fc.integer({ min: 1, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        const iso = (day: number) => new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 10);
        const text = ["Trade Date,Shares,Price", ...rows.map((r) => `${iso(r.day)},${r.shares},${(r.priceCents / 100).toFixed(2)}`)].join("\n");
        const plan = planImport(text);
        assert.ok(plan.ok, JSON.stringify(plan.errors));
        plan.rows.forEach((planned, i) => {
          const r = rows[i]!;
          assert.strictEqual(planned.line, i + 2);
          assert.strictEqual(planned.tradeDate, 36526 + r.day); // 2000-01-01 is serial 36526
          assert.strictEqual(planned.shares, r.shares);
          assert.strictEqual(Math.round(planned.gross * 100), r.shares * r.priceCents);
        });
      }),
      { numRuns: 300 },
    );
  });

  describe("reports as banks send them (issue 21)", () => {
    const notesOf = (plan: ImportPlan) => (plan.notes ?? []).map((n) => `${n.line}|${n.message}`);
    // Excel serials worked out by hand: 2024-01-01 is 45292; June 1 is 152 days later (a leap year).
    const JUNE_3_2024 = 45446;
    const NO_AGREEMENT = "no Agreement column: every row is counted under Sales (the deal's agreements: Sales and Other)";
    const EU_FORM = 'European form (";" between fields, 1.234,56, dates as 01.11.2001)';
    const US_FORM = "US form (1,234.56; dates as 2001-11-01 or 11/01/2001)";
    const fields = (plan: ImportPlan) => plan.rows.map((r) => [r.line, r.tradeDate, r.statedSettlement, r.shares, r.price, r.gross, r.statedCommission, r.statedNet]);

    it("a current-style daily sales report: its title, Settlement Date, Shares Sold, Average Price, Gross Proceeds, Commission, Net Proceeds and Total line", () => {
      const text = [
        "CANTOR FITZGERALD & CO. - DAILY SALES REPORT",
        "Trade Date,Settlement Date,Shares Sold,Average Price,Gross Proceeds,Commission,Net Proceeds",
        '06/03/2024,06/04/2024,"12,500",4.0400,"$50,500.00","$1,515.00","$48,985.00"',
        '06/04/2024,06/05/2024,"10,000",4.1000,"$41,000.00","$1,230.00","$39,770.00"',
        'Total,,"22,500",,"$91,500.00","$2,745.00","$88,755.00"',
      ].join("\r\n");
      const plan = planImport(text);
      assert.ok(plan.ok, JSON.stringify(plan.errors));
      assert.deepStrictEqual(fields(plan), [
        [3, JUNE_3_2024, JUNE_3_2024 + 1, 12500, 4.04, 50500, 1515, 48985],
        [4, JUNE_3_2024 + 1, JUNE_3_2024 + 2, 10000, 4.1, 41000, 1230, 39770],
      ]);
      assert.deepStrictEqual(notesOf(plan), [
        '1|skipped: a title above the header ("CANTOR FITZGERALD & CO. - DAILY SALES REPORT")',
        `2|${NO_AGREEMENT}`,
        "5|skipped: the Total line (its Shares, Gross, Commission and Net Proceeds agree with the rows above)",
      ]);
    });

    it("a trade blotter: Ticker and Broker ignored and named, Side read; VWAP, Executed Shares, Agent Fee and Sales Commission are aliases", () => {
      const text = "Ticker,Side,Trade Date,Executed Shares,VWAP,Broker,Agent Fee\nNEOT,Sell,2001-11-01,1000,4.04,CANTOR,40.40\nNEOT,S,2001-11-02,500,4.10,CANTOR,20.50\nNEOT,SALE,2001-11-05,200,4.02,CANTOR,8.04\n";
      const plan = planImport(text);
      assert.ok(plan.ok, JSON.stringify(plan.errors));
      assert.deepStrictEqual(fields(plan), [
        [2, NOV_1_2001, undefined, 1000, 4.04, 4040, 40.4, undefined],
        [3, NOV_1_2001 + 1, undefined, 500, 4.1, 2050, 20.5, undefined],
        [4, NOV_1_2001 + 4, undefined, 200, 4.02, 804, 8.04, undefined],
      ]);
      assert.deepStrictEqual(notesOf(plan), ["1|ignored: Ticker, Broker (columns the import does not use)", `1|${NO_AGREEMENT}`]);
      const sales = planImport("Trade Date,Shares,Price,Sales Commission,Account,Order ID\n2001-11-01,1000,4.04,40.40,X-1,77\n");
      assert.deepStrictEqual([sales.rows[0]!.statedCommission, notesOf(sales)[0]], [40.4, "1|ignored: Account, Order ID (columns the import does not use)"]);
    });

    it("a Side other than a sale (Buy, B, Short, blank) is an error on its line: an issuer's program only sells", () => {
      const text = "Trade Date,Side,Shares,Price\n2001-11-01,Buy,100,4.04\n2001-11-02,B,100,4.04\n2001-11-05,Short,100,4.04\n2001-11-06,,100,4.04\n2001-11-07,sell,100,4.04\n";
      assert.deepStrictEqual(errorsOf(planImport(text)), [
        '2|Side|side "Buy" is not a sale: an issuer\'s program only sells (expected Sell, S or Sale)',
        '3|Side|side "B" is not a sale: an issuer\'s program only sells (expected Sell, S or Sale)',
        '4|Side|side "Short" is not a sale: an issuer\'s program only sells (expected Sell, S or Sale)',
        "5|Side|the side is blank: expected Sell, S or Sale",
      ]);
    });

    it("a Settlement Date column (Settle Date, Settlement, Value Date) is read as stated, blank as not stated; before the trade date or not a date is an error", () => {
      for (const alias of ["Settlement Date", "Settle Date", "Settlement", "Value Date"]) {
        const plan = planImport(`Trade Date,${alias},Shares,Price\n2024-06-03,2024-06-04,100,4.04\n2024-06-03,,100,4.04\n2024-06-03,2024-06-07,100,4.04\n`);
        assert.ok(plan.ok, `${alias}: ${JSON.stringify(plan.errors)}`);
        // T+1 from 2024-05-28: the 2024-06-07 of the third row is not SETTLE's, and is read all the same (flagged in the table, not refused).
        assert.deepStrictEqual(plan.rows.map((r) => r.statedSettlement), [JUNE_3_2024 + 1, undefined, JUNE_3_2024 + 4], alias);
        assert.ok(!("statedSettlement" in plan.rows[1]!), "a blank settlement date is not stated");
      }
      assert.deepStrictEqual(errorsOf(planImport("Trade Date,Settlement Date,Shares,Price\n2024-06-03,2024-05-31,100,4.04\n2024-06-03,soon,100,4.04\n2024-06-03,03.06.2024,100,4.04\n")), [
        "2|Settlement Date|settlement date 2024-05-31 is before the trade date 2024-06-03",
        '3|Settlement Date|settlement date: "soon" is not a date: expected 2001-11-01, 11/01/2001 or 01-Nov-2001',
        `4|Settlement Date|settlement date: "03.06.2024" is a date in European form, but the file is in ${US_FORM}: write it as 2024-06-03`,
      ]);
    });

    it("European form: \";\" between fields, decimal commas, dots for thousands, dd.mm.yyyy; with a title, an ignored column and a Total line", () => {
      const text = [
        "Daily sales report; Cantor Fitzgerald Europe",
        "Trade Date;Value Date;Ticker;Shares;Price;Gross;Sales Commission",
        "03.06.2024;04.06.2024;NEOT;12.500;4,04;50.500,00;1.515,00",
        "04.06.2024;05.06.2024;NEOT;1.000;4,1;4.100,00;123,00",
        "Total;;;13.500;;54.600,00;1.638,00",
      ].join("\n");
      const plan = planImport(text);
      assert.ok(plan.ok, JSON.stringify(plan.errors));
      assert.deepStrictEqual(fields(plan), [
        [3, JUNE_3_2024, JUNE_3_2024 + 1, 12500, 4.04, 50500, 1515, undefined],
        [4, JUNE_3_2024 + 1, JUNE_3_2024 + 2, 1000, 4.1, 4100, 123, undefined],
      ]);
      assert.deepStrictEqual(notesOf(plan), [
        '1|skipped: a title above the header ("Daily sales report, Cantor Fitzgerald Europe")', // its cells, as the note quotes a title
        "2|ignored: Ticker (columns the import does not use)",
        `2|${NO_AGREEMENT}`,
        "5|skipped: the Total line (its Shares, Gross and Commission agree with the rows above)",
      ]);
    });

    it("mixed US and European forms: the file's form is the one most of its cells are in, and each cell in the other is an error saying which form the file uses", () => {
      const european = "Trade Date;Shares;Price;Gross\n03.06.2024;12.500;4,04;50.500,00\n04.06.2024;1.000;4.10;4.100,00\n";
      assert.deepStrictEqual(errorsOf(planImport(european)), [`3|Price|Price "4.10" is in US form, but the file is in ${EU_FORM}: write it as 4,10`]);
      const us = "Trade Date;Shares;Price\n06/03/2024;12,500;4.04\n06/04/2024;1000;4,10\n04.06.2024;100;4.04\n06/05/2024;100;4.04\n";
      assert.deepStrictEqual(errorsOf(planImport(us)), [
        `3|Price|Price "4,10" is in European form, but the file is in ${US_FORM}: write it as 4.10`,
        `4|Trade Date|"04.06.2024" is a date in European form, but the file is in ${US_FORM}: write it as 2024-06-04`,
      ]);
      // Fields separated by commas: US form, whatever a cell looks like.
      assert.deepStrictEqual(errorsOf(planImport('Trade Date,Shares,Price\n03.06.2024,100,"4,04"\n')), [
        `2|Trade Date|"03.06.2024" is a date in European form, but the file is in ${US_FORM}: write it as 2024-06-03`,
        `2|Price|Price "4,04" is in European form, but the file is in ${US_FORM}: write it as 4.04`,
      ]);
      // A European file's Total line is read in its form, and a US date in it is named too.
      assert.deepStrictEqual(errorsOf(planImport("Trade Date;Shares;Price\n03.06.2024;12.500;4,04\n06/04/2024;1.000;4,04\n")), [
        `3|Trade Date|"06/04/2024" is a date in US form, but the file is in ${EU_FORM}: write it as 2024-06-04`,
      ]);
    });

    it("never reads 12.500 as twelve and a half shares", () => {
      // US form (fields separated by commas): not a whole number of shares.
      assert.deepStrictEqual(errorsOf(planImport("Trade Date,Shares,Price\n2024-06-03,12.500,4.04\n")), ['2|Shares|Shares "12.500" is not a whole number of shares']);
      // European form: 12,500 shares.
      assert.deepStrictEqual(planImport("Trade Date;Shares;Price\n2024-06-03;12.500;4,04\n").rows.map((r) => [r.shares, r.gross]), [[12500, 50500]]);
      // ";" and nothing else in the file to say which form: neither reading is guessed.
      assert.deepStrictEqual(errorsOf(planImport("Trade Date;Shares;Price\n2024-06-03;12.500;4\n")), [
        '2|Shares|Shares "12.500" reads as 12.5 in US form and as 12500 in European form, and no other cell of the file says which form it is in: write it without a thousands separator',
      ]);
      // ";" and figures both forms read alike (the seed's semicolon reports): read.
      assert.deepStrictEqual(planImport("Trade Date;Shares;Price\n2024-06-03;12500;4\n").rows.map((r) => r.gross), [50000]);
    });

    it("a header that names none of the columns needed, or a title followed by no header: what was found and what is expected", () => {
      assert.deepStrictEqual(errorsOf(planImport("Ticker,Side,Broker\nNEOT,Sell,CANTOR\n")), [
        "1||none of the columns the import needs: the header names Ticker, Side, Broker; expected Trade Date and at least two of Shares, Price and Gross (or their aliases: Date; Qty, Executed Shares; Avg Price, VWAP; Proceeds)",
      ]);
      assert.deepStrictEqual(errorsOf(planImport("Ticker,Symbol,Broker\nNEOT,NEOT,CANTOR\n")), [`1||${HEADER_NOT_FOUND}; line 1 reads "Ticker, Symbol, Broker"`]);
      const title = "CANTOR FITZGERALD & CO. - DAILY SALES REPORT";
      for (const after of ["", "\n", '\n\n06/03/2024,"12,500",4.04\n06/04/2024,"10,000",4.10\n']) {
        assert.deepStrictEqual(errorsOf(planImport(`${title}${after}`)), [`1||${HEADER_NOT_FOUND}; line 1 reads "${title}"`], JSON.stringify(after));
      }
      // Two title lines, then a header naming one needed column: the header's line, what it names.
      assert.deepStrictEqual(errorsOf(planImport(`${title}\nJune 2024\nTrade Date,Side,Ticker\n2024-06-03,Sell,NEOT\n`)), [
        "3||expected at least two of the columns Shares, Price and Gross: the header names Trade Date, Side, Ticker",
      ]);
    });

    it("the example current-style report (examples/neot-2001-agent-report.csv): the 2001 sample's sales with their T+3 settlement dates, one planted", () => {
      const read = (name: string) => planImport(fs.readFileSync(path.resolve(__dirname, "../../examples", name), "utf8"));
      const report = read("neot-2001-agent-report.csv");
      assert.ok(report.ok, JSON.stringify(report.errors));
      const sale = (r: ImportPlan["rows"][number]) => [r.tradeDate, r.shares, r.price, r.gross, r.agreement, r.placement];
      assert.deepStrictEqual(report.rows.map(sale), read("neot-2001-placements.csv").rows.map(sale));
      assert.deepStrictEqual(report.rows.map((r) => r.line), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
      // By hand: T+3 settlement business days, Veterans Day (Monday 2001-11-12) not one; the 2001-11-07 sale planted a day early (37207, 2001-11-12).
      assert.deepStrictEqual(report.rows.map((r) => r.statedSettlement), [37201, 37201, 37202, 37203, 37204, 37207, 37209, 37210, 37210, 37211, 37214, 37215]);
      assert.deepStrictEqual(report.rows.filter((r) => r.statedSettlement !== settlementDate(r.tradeDate)).map((r) => r.line), [10]);
      assert.deepStrictEqual(notesOf(report), [
        // A long title is quoted to its first 57 characters.
        '1|skipped: a title above the header ("CANTOR FITZGERALD & CO. - CONTROLLED EQUITY OFFERING SALE...")',
        '2|skipped: a title above the header ("NeoTherapeutics, Inc. (NEOT): sales of November 1 to 15, ...")',
        "4|ignored: Ticker, Broker (columns the import does not use)",
        "17|skipped: the Total line (its Shares, Gross, Commission and Net Proceeds agree with the rows above)",
      ]);
    });

    /** Report lines as the writer below writes them: a sale in US or European form. */
    interface Sale {
      tradeDate: number;
      days: number;
      shares: number;
      priceUnits: number;
      priceScale: number;
      commissionCents: number;
      agreement: string;
    }
    const sale = fc.record({
      tradeDate: fc.integer({ min: 0, max: 9000 }).map((d) => 36526 + d).filter((d) => exchangeClosure(d) === undefined),
      days: fc.integer({ min: 0, max: 5 }),
      shares: fc.integer({ min: 1, max: 5_000_000 }),
      priceUnits: fc.integer({ min: 1, max: 10_000_000 }),
      priceScale: fc.integer({ min: 0, max: 4 }),
      commissionCents: fc.integer({ min: 0, max: 100_000_000 }),
      agreement: fc.constantFrom("Sales", "Other"),
    }).filter((s) => BigInt(s.shares) * BigInt(s.priceUnits) * 100n >= 10n ** BigInt(s.priceScale)); // a gross of a cent at least
    const civil = (serial: number) => new Date(Date.UTC(1899, 11, 30 + serial));
    const two = (n: number) => String(n).padStart(2, "0");
    const grouped = (digits: string, separator: string) => digits.replace(/\B(?=(\d{3})+$)/g, separator);
    /** A numeral written with thousands separators: "1,234.5600" (US) or "1.234,5600" (European). */
    const written = (units: bigint, scale: number, form: "us" | "eu") => {
      const s = units.toString().padStart(scale + 1, "0");
      const [whole, fraction] = [s.slice(0, s.length - scale), s.slice(s.length - scale)];
      const [thousands, decimal] = form === "us" ? [",", "."] : [".", ","];
      return grouped(whole, thousands) + (scale > 0 ? decimal + fraction : "");
    };
    const dateIn = (serial: number, form: "us" | "eu") => {
      const d = civil(serial);
      return form === "us" ? `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()}` : `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
    };
    const cellsOf = (s: Sale, form: "us" | "eu") => {
      const gross = (BigInt(s.shares) * BigInt(s.priceUnits) * 100n + 5n * 10n ** BigInt(s.priceScale) / 10n) / 10n ** BigInt(s.priceScale); // cents, half-up
      return {
        "Trade Date": dateIn(s.tradeDate, form),
        "Settlement Date": dateIn(s.tradeDate + s.days, form),
        Shares: written(BigInt(s.shares), 0, form),
        Price: written(BigInt(s.priceUnits), s.priceScale, form),
        Gross: written(gross, 2, form),
        Commission: written(BigInt(s.commissionCents), 2, form),
        Agreement: s.agreement,
      } as Record<string, string>;
    };
    const KNOWN = ["Trade Date", "Settlement Date", "Shares", "Price", "Gross", "Commission", "Agreement"];
    const report = (sales: readonly Sale[], columns: readonly string[], form: "us" | "eu", delimiter: string, extra: Map<number, { name: string; values: string[] }> = new Map()) => {
      const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
      // Unknown columns at position i come before column i (or last when i is the number of columns).
      const rowLine = (cells: string[], r: number) => {
        const out: string[] = [];
        for (let i = 0; i <= cells.length; i++) {
          const inserted = extra.get(i);
          if (inserted) out.push(quote(inserted.values[r % inserted.values.length] ?? ""));
          if (i < cells.length) out.push(quote(cells[i]!));
        }
        return out.join(delimiter);
      };
      const header: string[] = [];
      for (let i = 0; i <= columns.length; i++) {
        const inserted = extra.get(i);
        if (inserted) header.push(quote(inserted.name));
        if (i < columns.length) header.push(columns[i]!);
      }
      return [header.join(delimiter), ...sales.map((s, r) => rowLine(columns.map((c) => cellsOf(s, form)[c]!), r))].join("\n");
    };
    const columnSet = fc.constantFrom(
      ["Trade Date", "Shares", "Price"],
      ["Trade Date", "Settlement Date", "Shares", "Price", "Gross", "Commission"],
      ["Agreement", "Trade Date", "Price", "Shares", "Commission", "Settlement Date"],
      KNOWN,
    );

    it("adding columns the import does not use, anywhere, never changes the rows read", () => {
      const unknownName = fc.oneof(fc.constantFrom("Ticker", "Broker", "Account", "Venue", "Currency", "Order ID", "Exchange", "Trader", "CUSIP", "Symbol"), fc.stringMatching(/^X[A-Za-z ]{0,12}$/));
      const unknownValue = fc.string({ maxLength: 12 }).filter((v) => !/[\r\n]/.test(v));
      fc.assert(
        fc.property(fc.array(sale, { minLength: 1, maxLength: 8 }), columnSet, fc.constantFrom(",", ";", "\t"), fc.array(fc.tuple(fc.nat(7), unknownName, fc.array(unknownValue, { minLength: 1, maxLength: 3 })), { maxLength: 4 }), (sales, columns, delimiter, inserts) => {
          const form = "us";
          const plain = planImport(report(sales, columns, form, delimiter));
          assert.ok(plain.ok, JSON.stringify(plain.errors));
          const extra = new Map<number, { name: string; values: string[] }>();
          for (const [at, name, values] of inserts) if (!extra.has(at % (columns.length + 1))) extra.set(at % (columns.length + 1), { name, values });
          const names = [...extra.entries()].sort(([a], [b]) => a - b).map(([, e]) => e.name.trim()).filter((n) => n !== "");
          if (new Set(names).size !== names.length) return; // a column name twice is not the point here
          const wider = planImport(report(sales, columns, form, delimiter, extra));
          assert.deepStrictEqual(wider.rows, plain.rows);
          assert.deepStrictEqual(wider.errors, plain.errors);
          if (names.length > 0) assert.ok(wider.notes!.some((n) => n.message === `ignored: ${names.join(", ")} (columns the import does not use)`), JSON.stringify(wider.notes));
        }),
        { numRuns: 400 },
      );
    });

    it("a report rewritten in European form reads to the same rows", () => {
      fc.assert(
        fc.property(fc.array(sale, { minLength: 1, maxLength: 8 }), columnSet, fc.constantFrom(",", ";"), (sales, columns, delimiter) => {
          const us = planImport(report(sales, columns, "us", delimiter));
          const eu = planImport(report(sales, columns, "eu", ";"));
          assert.ok(us.ok, JSON.stringify(us.errors));
          assert.deepStrictEqual(eu.errors, us.errors);
          assert.deepStrictEqual(eu.rows, us.rows);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe("reports as agents send them (issue 17)", () => {
    const notesOf = (plan: ImportPlan) => (plan.notes ?? []).map((n) => `${n.line}|${n.message}`);

    it("a title line above the header and a Total line below the data are skipped with a note; line numbers stay the source's", () => {
      const text = [
        "NeoTherapeutics, Inc. placements, November 2001",
        "Cantor Fitzgerald & Co.",
        "",
        "Trade Date,Shares,Price,Gross,Agreement",
        '2001-11-01,50000,4.04,"$202,000.00",Sales',
        '2001-11-02,40000,4.10,"$164,000.00",Sales',
        'Total,"90,000",,"$366,000.00",',
        "",
      ].join("\n");
      const plan = planImport(text);
      assert.ok(plan.ok, JSON.stringify(plan.errors));
      assert.deepStrictEqual(plan.rows.map((r) => [r.line, r.shares, r.gross]), [[5, 50000, 202000], [6, 40000, 164000]]);
      assert.deepStrictEqual(notesOf(plan), [
        '1|skipped: a title above the header ("NeoTherapeutics, Inc. placements, November 2001")',
        '2|skipped: a title above the header ("Cantor Fitzgerald & Co.")',
        "7|skipped: the Total line (its Shares and Gross agree with the rows above)",
      ]);
    });

    it("the separator is the header's, not the title's: a title with commas above a tab-separated header (pasted from Excel)", () => {
      const plan = planImport("Placements, November 2001\t\t\nTrade Date\tShares\tPrice\n2001-11-01\t1,000\t4.04\n");
      assert.ok(plan.ok, JSON.stringify(plan.errors));
      assert.deepStrictEqual(plan.rows.map((r) => [r.line, r.shares]), [[3, 1000]]);
      const semicolons = planImport("NeoTherapeutics, Inc.\nDate;Shares;Gross\n2001-11-01;3;10.00\n");
      assert.deepStrictEqual(semicolons.rows.map((r) => [r.line, r.gross]), [[3, 10]]);
    });

    it("a Total line without figures, in any case, tab-separated, is skipped; one whose figures disagree with the rows is an error naming both", () => {
      const ok = planImport("Trade Date\tShares\tPrice\tAgreement\n2001-11-01\t100\t4.04\tSales\nTOTAL:\t\t\t\n");
      assert.ok(ok.ok, JSON.stringify(ok.errors));
      assert.deepStrictEqual(notesOf(ok), ["3|skipped: the Total line"]);
      const text = "Trade Date,Shares,Price,Agreement\n2001-11-01,100,4.04,Sales\n2001-11-02,200,4.10,Sales\nGrand Total,301,,\n";
      assert.deepStrictEqual(errorsOf(planImport(text)), ["4|Shares|the Total line's Shares 301 is not the sum of the rows above, 300: a row is missing or extra"]);
      const gross = "Trade Date,Shares,Price,Gross,Agreement\n2001-11-01,100,4.04,404.00,Sales\nTotal,100,,\"$1,404.00\",\n";
      assert.deepStrictEqual(errorsOf(planImport(gross)), ["3|Gross|the Total line's Gross $1,404.00 is not the sum of the rows above, $404.00: a row is missing or extra"]);
    });

    it("a sale after the Total line is an error: the total ends the report", () => {
      const text = "Trade Date,Shares,Price,Agreement\n2001-11-01,100,4.04,Sales\nTotal,100,,\n\n2001-11-02,200,4.10,Sales\n";
      assert.deepStrictEqual(errorsOf(planImport(text)), ["5||a line after the Total line (line 3): the Total line ends the report"]);
    });

    it("refuses with \"header not found\" a report whose header cannot be found, rather than naming a title's words as unknown columns", () => {
      assert.deepStrictEqual(errorsOf(planImport("Placements for November\n2001-11-01,100,4.04\n2001-11-02,100,4.04\n")), [`1||${HEADER_NOT_FOUND}; line 1 reads "Placements for November"`]);
      // Six title lines: more than a report puts above its header.
      const six = Array.from({ length: 6 }, (_, i) => `Report line ${i + 1}`).join("\n");
      assert.deepStrictEqual(errorsOf(planImport(`${six}\nTrade Date,Shares,Price\n2001-11-01,100,4.04\n`)), [`1||${HEADER_NOT_FOUND}; line 1 reads "Report line 1"`]);
      // A header with a misspelt column is still the header: what it names is said (a title above it skipped).
      assert.deepStrictEqual(errorsOf(planImport("November report\nTrade Date,Shares,Prise\n2001-11-01,100,4.04\n")), [
        "2||expected at least two of the columns Shares, Price and Gross: the header names Trade Date, Shares, Prise",
      ]);
    });

    it("a blank agreement cell is an error when the deal has more than one agreement, naming the line and the agreements", () => {
      const text = "Trade Date,Shares,Price,Agreement\n2001-11-01,100,4.04,Sales\n2001-11-02,100,4.04,\n2001-11-05,100,4.04,  \n";
      assert.deepStrictEqual(errorsOf(planImport(text)), [
        "3|Agreement|the agreement is blank, and the deal has more than one: expected Sales or Other",
        "4|Agreement|the agreement is blank, and the deal has more than one: expected Sales or Other",
      ]);
      assert.deepStrictEqual(errorsOf(planImport(text, ["Sales", "Other", "Direct"]))[0], "3|Agreement|the agreement is blank, and the deal has more than one: expected Sales, Other or Direct");
      // A deal of one agreement: a blank cell is that agreement.
      const one = planImport(text, ["Sales"]);
      assert.ok(one.ok, JSON.stringify(one.errors));
      assert.deepStrictEqual(one.rows.map((r) => r.agreement), ["Sales", "Sales", "Sales"]);
    });

    it("a report without an Agreement column counts every row under the first agreement, and says so when the deal has more than one", () => {
      const plan = planImport("Trade Date,Shares,Price\n2001-11-01,100,4.04\n");
      assert.ok(plan.ok);
      assert.deepStrictEqual(plan.rows.map((r) => r.agreement), ["Sales"]);
      assert.deepStrictEqual(notesOf(plan), ["1|no Agreement column: every row is counted under Sales (the deal's agreements: Sales and Other)"]);
      assert.deepStrictEqual(notesOf(planImport("Trade Date,Shares,Price\n2001-11-01,100,4.04\n", ["Sales"])), []);
    });
  });
});
