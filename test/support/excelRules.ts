/*
 * Every behaviour of Excel the test fake (test/support/fakeExcel.ts) models, as one list: per rule
 * what Excel does in words, its source (a page or an issue, or "undocumented"), the steps on a
 * blank workbook, what the fake does (the expected value) and a check that takes the steps through
 * the Excel JavaScript API and says what it saw.
 *
 * The same checks run against the fake in `npm test` (test/taskpane/excelChecks.test.ts, every rule
 * passes there) and in real Excel as a Script Lab snippet (docs/excel-checks.yaml, generated from
 * this file by scripts/excel-checks.mjs; docs/EXCEL-CHECKS.md says how to run it and what to do with
 * a FAIL). Nothing here imports the fake or the pane: this file is bundled into the snippet as it is.
 */

/** Excel.run, or the fake's: with or without options. */
export interface ExcelRunner {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** What a check is given: where it may write, and the host it runs on. */
export interface CheckEnv {
  excel: ExcelRunner;
  /** A new sheet for this rule, empty; the runner deletes it (and every sheet named in `made`) afterwards. */
  sheet: string;
  /** Sheets a check made or renamed to: deleted after it. */
  made: string[];
  /** Office.context.requirements.isSetSupported("ExcelApi", version). */
  supports(version: string): boolean;
  /** Office.context.diagnostics.platform: "OfficeOnline" for Excel on the web, "PC", "Mac", ... */
  platform: string;
  /** Asks the person running the checks to start editing a cell (and returns once they have had the time); the fake starts one. */
  userEditsCell(): Promise<void>;
  /** Asks them to leave the cell (Esc); the fake ends the edit a moment later. */
  userEndsEdit(): void;
  /** Waits `ms` milliseconds (the fake: not at all). */
  sleep(ms: number): Promise<void>;
}

/** A rule's answer: what was seen, or that it could not be tried here (and why). */
export type Observed = string | { skip: string };

export interface ExcelRule {
  id: string;
  /** What Excel does, in words. */
  behaviour: string;
  /** The page or issue that says so, or "undocumented: ..." with what is not said. */
  source: string;
  /** What the check does, on a blank workbook, for someone repeating it by hand. */
  steps: string;
  /** What the fake does: the observed value a PASS needs, exactly. */
  expected: string;
  /** Where Excel may do otherwise (the undocumented rules): what to switch in the fake, and what in the pane depends on it. */
  encode?: string;
  /** Only run by the "cell edit" button: the person running the checks has to take part. */
  interactive?: boolean;
  check(env: CheckEnv): Promise<Observed>;
}

/** An error as a check reports it: its code (Excel.ErrorCodes) or its message. */
const refused = (error: unknown) => `refused ${(error as { code?: string }).code ?? (error as Error).message}`;

/** Runs `batch` on the rule's sheet; an error becomes "refused <code>". */
async function onSheet<T>(env: CheckEnv, batch: (sheet: Excel.Worksheet, context: Excel.RequestContext) => Promise<T>): Promise<T | string> {
  try {
    return await env.excel.run((context) => batch(context.workbook.worksheets.getItem(env.sheet), context));
  } catch (error) {
    return refused(error);
  }
}

/** Writes `content` to one cell through `formulas` and says whether Excel took it. */
async function takes(env: CheckEnv, address: string, content: string): Promise<string> {
  const outcome = await onSheet(env, async (sheet, context) => {
    sheet.getRange(address).formulas = [[content]];
    await context.sync();
    return "taken";
  });
  return String(outcome);
}

/** Writes one row of `formulas` to `address` and reads the row's formulas or values back, as JSON (or "refused <code>"). */
async function writtenRow(env: CheckEnv, address: string, formulas: string[], read: "formulas" | "values"): Promise<string> {
  return String(
    await onSheet(env, async (sheet, context) => {
      const range = sheet.getRange(address);
      range.formulas = [formulas];
      range.load(read);
      await context.sync();
      return JSON.stringify(range[read][0]);
    }),
  );
}

/** The address without its sheet: "Check 3!A1:B1" -> "A1:B1". */
const local = (address: string) => address.slice(address.lastIndexOf("!") + 1);

/** Text 30,000 characters long: a cell holds at most 32,767. */
const LONG_TEXT = "x".repeat(30_000);

export const EXCEL_RULES: readonly ExcelRule[] = [
  {
    id: "quote-prefix",
    behaviour: "A cell entered with Excel's quote prefix (an apostrophe) holds text: values and formulas both return the text without the apostrophe.",
    source: "office-js issue 6687 (https://github.com/OfficeDev/office-js/issues/6687)",
    steps: "Write '=1+1 to A1 through Range.values; read A1's values and formulas.",
    expected: '{"values":"=1+1","formulas":"=1+1"}',
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          const cell = sheet.getRange("A1");
          cell.values = [["'=1+1"]];
          cell.load("values,formulas");
          await context.sync();
          return JSON.stringify({ values: cell.values[0]![0], formulas: cell.formulas[0]![0] });
        }),
      ),
  },
  {
    id: "typed-strings",
    behaviour: "Strings written through Range.values are read as if typed into a General cell: numbers, percentages, ISO dates and TRUE become numbers and booleans; a locale-shaped date stays text. (The fake's locale is en-US: run the snippet in an English (United States) Excel.)",
    source: "Range.values (https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member)",
    steps: 'Write "00123", "1,234", "50%", "2024-06-03", "TRUE", "03.06.2024" to A1:F1 through Range.values; read the values.',
    expected: '[123,1234,0.5,45446,true,"03.06.2024"]',
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          const range = sheet.getRange("A1:F1");
          range.values = [["00123", "1,234", "50%", "2024-06-03", "TRUE", "03.06.2024"]];
          range.load("values");
          await context.sync();
          return JSON.stringify(range.values[0]);
        }),
      ),
  },
  {
    id: "text-format",
    behaviour: 'A cell formatted "@" (Text) before the write keeps the string as written, even one that reads as a number, a date or a formula.',
    source: "Range.values and Excel's Text format (the fake's rule 2: test/support/fakeExcel.ts)",
    steps: 'Format A1:C1 "@"; write "00123", "2024-06-03", "=1+2" through Range.values; read values and formulas.',
    expected: '{"values":["00123","2024-06-03","=1+2"],"formulas":["00123","2024-06-03","=1+2"]}',
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          const range = sheet.getRange("A1:C1");
          range.numberFormat = [["@", "@", "@"]];
          range.values = [["00123", "2024-06-03", "=1+2"]];
          range.load("values,formulas");
          await context.sync();
          return JSON.stringify({ values: range.values[0], formulas: range.formulas[0] });
        }),
      ),
  },
  {
    id: "apostrophe-in-text-cell",
    behaviour: 'An apostrophe written into a cell already formatted "@" is still the quote prefix, not part of the text (the import writes one before every string of its Text columns).',
    source: "undocumented: the pages say what the quote prefix and the Text format do, not both at once",
    steps: `Format A1 "@"; write "'00123" through Range.values; read the value.`,
    expected: '"00123"',
    encode: "If Excel keeps the apostrophe: enterCell in test/support/fakeExcel.ts (the \"@\" branch), and the import's text writer (src/taskpane/excel/text.ts) must not add one to a Text column.",
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          const cell = sheet.getRange("A1");
          cell.numberFormat = [["@"]];
          cell.values = [["'00123"]];
          cell.load("values");
          await context.sync();
          return JSON.stringify(cell.values[0]![0]);
        }),
      ),
  },
  {
    id: "sign-starts-formula",
    behaviour: 'A string starting with "+", "-" or "@" written through Range.values is taken as a formula (the pane writes such text with the quote prefix).',
    source: 'Range.values: "If the returned value starts with a plus ("+"), minus ("-"), or equal sign ("="), Excel interprets this value as a formula"; "@" undocumented',
    steps: 'Write "-x", "+x", "@x" to A1:C1 through Range.values; read the formulas.',
    expected: '["=-x","=+x","=@x"]',
    encode: "parseTyped in test/support/fakeExcel.ts. The pane does not depend on it: its text writer puts the apostrophe before such text.",
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          const range = sheet.getRange("A1:C1");
          range.values = [["-x", "+x", "@x"]];
          range.load("formulas");
          await context.sync();
          return JSON.stringify(range.formulas[0]);
        }),
      ),
  },
  {
    id: "null-and-empty",
    behaviour: 'In a 2-D array written to a range, null leaves a cell unchanged and "" clears it.',
    source: "Blank and null values (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values)",
    steps: 'Write "a", "b" to A1:B1; then write null, "" to A1:B1; read the values.',
    expected: '["a",""]',
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          const range = sheet.getRange("A1:B1");
          range.values = [["a", "b"]];
          await context.sync();
          range.values = [[null, ""]] as unknown as string[][];
          range.load("values");
          await context.sync();
          return JSON.stringify(range.values[0]);
        }),
      ),
  },
  {
    id: "wrong-size-array",
    behaviour: "An array of another size than the range is refused (InvalidArgument), nothing written.",
    source: "office-js issue 1025 (https://github.com/OfficeDev/office-js/issues/1025)",
    steps: 'Write [["a"]] to A1:B1; read A1.',
    expected: 'refused InvalidArgument; A1 ""',
    check: async (env) => {
      const outcome = await takes(env, "A1:B1", "a");
      const a1 = await onSheet(env, async (sheet, context) => {
        const cell = sheet.getRange("A1").load("values");
        await context.sync();
        return JSON.stringify(cell.values[0]![0]);
      });
      return `${outcome}; A1 ${a1}`;
    },
  },
  {
    id: "rows-add-width",
    behaviour: "table.rows.add with a row narrower or wider than the table is refused (InvalidArgument); the table is as it was.",
    source: "InvalidArgument as for Range.values (microsoftgraph docs issue 7248, the same API through Graph; office-js issue 1025)",
    steps: "Make a table at A1:C2 (headers a, b, c; one row 1, 2, 3); rows.add one row of two cells; count the table's rows.",
    expected: "refused InvalidArgument; 1 row",
    check: async (env) => {
      await env.excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(env.sheet);
        sheet.getRange("A1:C2").values = [["a", "b", "c"], [1, 2, 3]];
        sheet.tables.add("A1:C2", true).name = "CEOCheckWidth";
        await context.sync();
      });
      const outcome = await onSheet(env, async (_sheet, context) => {
        context.workbook.tables.getItem("CEOCheckWidth").rows.add(undefined, [[4, 5]]);
        await context.sync();
        return "taken";
      });
      const rows = await onSheet(env, async (_sheet, context) => {
        const body = context.workbook.tables.getItem("CEOCheckWidth").getDataBodyRange().load("rowCount");
        await context.sync();
        return body.rowCount;
      });
      return `${outcome}; ${rows} row${rows === 1 ? "" : "s"}`;
    },
  },
  {
    id: "table-keeps-one-row",
    behaviour: "Deleting every data row of a table leaves one empty row: a table always has a data body.",
    source: "undocumented for Range.delete on a whole table body; Excel's tables always show a data row under the header (fake's rule 4)",
    steps: "Make a table at A1:B3 (headers a, b; rows 1, 2 and 3, 4); delete its whole data body (Range.delete up); read the body.",
    expected: '{"rows":1,"values":[["",""]]}',
    encode: "Range.delete in test/support/fakeExcel.ts (rule 4). The pane does not depend on it: an import's rollback deletes only the rows it added, and a table it made goes whole.",
    check: async (env) => {
      await env.excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(env.sheet);
        sheet.getRange("A1:B3").values = [["a", "b"], [1, 2], [3, 4]];
        sheet.tables.add("A1:B3", true).name = "CEOCheckBody";
        await context.sync();
      });
      return String(
        await onSheet(env, async (_sheet, context) => {
          context.workbook.tables.getItem("CEOCheckBody").getDataBodyRange().delete("Up" as Excel.DeleteShiftDirection.up);
          await context.sync();
          const body = context.workbook.tables.getItem("CEOCheckBody").getDataBodyRange().load("rowCount,values");
          await context.sync();
          return JSON.stringify({ rows: body.rowCount, values: body.values });
        }),
      );
    },
  },
  {
    id: "renamed-sheet",
    behaviour: "A renamed sheet is found by its new name only.",
    source: "WorksheetCollection.getItemOrNullObject (https://learn.microsoft.com/javascript/api/excel/excel.worksheetcollection)",
    steps: 'Rename the sheet to "<name> renamed"; look both names up with getItemOrNullObject.',
    expected: '{"old name":"not found","new name":"found"}',
    check: async (env) => {
      const renamed = `${env.sheet} renamed`;
      return String(
        await onSheet(env, async (sheet, context) => {
          sheet.name = renamed;
          await context.sync();
          env.made.push(renamed);
          const old = context.workbook.worksheets.getItemOrNullObject(env.sheet);
          const now = context.workbook.worksheets.getItemOrNullObject(renamed);
          await context.sync();
          const found = (s: Excel.Worksheet) => (s.isNullObject ? "not found" : "found");
          return JSON.stringify({ "old name": found(old), "new name": found(now) });
        }),
      );
    },
  },
  {
    id: "chart-series-by-columns",
    behaviour: 'Worksheet.charts.add(type, source, "Columns") makes one series per column of the source (the fake\'s rule 8).',
    source: "ChartCollection.add, seriesBy (https://learn.microsoft.com/javascript/api/excel/excel.chartcollection#excel-excel-chartcollection-add-member(1))",
    steps: 'Write a header and three rows to A1:C4; add a line chart of B1:C4 with seriesBy "Columns"; count its series.',
    expected: "2 series",
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          sheet.getRange("A1:C4").values = [["Date", "Gross", "Maximum"], [1, 10, 30], [2, 20, 30], [3, 25, 30]];
          const chart = sheet.charts.add("Line" as Excel.ChartType.line, sheet.getRange("B1:C4"), "Columns" as Excel.ChartSeriesBy.columns);
          const count = chart.series.getCount();
          await context.sync();
          return `${count.value} series`;
        }),
      ),
  },
  {
    id: "cell-edit",
    behaviour: "While the user edits a cell, a batch run without options fails (InvalidOperationInCellEditMode); one run with delayForCellEdit waits until the edit ends, then runs.",
    source: "Excel.RunOptions.delayForCellEdit (https://learn.microsoft.com/javascript/api/excel/excel.runoptions)",
    steps: "Double-click a cell and type (do not press Enter) within the countdown; a plain batch runs, then a delayed one; press Esc when asked.",
    expected: "plain batch: refused InvalidOperationInCellEditMode; delayed batch: ran",
    interactive: true,
    check: async (env) => {
      await env.userEditsCell();
      const write = async (context: Excel.RequestContext) => {
        context.workbook.worksheets.getItem(env.sheet).getRange("A1").values = [[1]];
        await context.sync();
        return "ran";
      };
      const plain = await env.excel.run(write).catch(refused);
      const delayed = env.excel.run({ delayForCellEdit: true }, write).catch(refused);
      env.userEndsEdit();
      return `plain batch: ${plain}; delayed batch: ${await delayed}`;
    },
  },
  {
    id: "request-over-5mb",
    behaviour: "A request over 5 MB fails (RequestPayloadSizeLimitExceeded) on Excel on the web; nothing of it is applied.",
    source: "Resource limits (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins)",
    steps: "Write 180 cells of 30,000 characters (5.4 MB) to A1:A180 in one request; read A1's length.",
    expected: "refused RequestPayloadSizeLimitExceeded; A1 0 characters",
    check: async (env) => {
      if (env.platform !== "OfficeOnline") return { skip: `Excel on the web only (this is ${env.platform})` };
      const outcome = await onSheet(env, async (sheet, context) => {
        sheet.getRange("A1:A180").values = Array.from({ length: 180 }, () => [LONG_TEXT]);
        await context.sync();
        return "taken";
      });
      const a1 = await onSheet(env, async (sheet, context) => {
        const cell = sheet.getRange("A1").load("values");
        await context.sync();
        return String(cell.values[0]![0]).length;
      });
      return `${outcome}; A1 ${a1} characters`;
    },
  },
  {
    id: "response-over-5mb",
    behaviour: "A response over 5 MB fails (ResponsePayloadSizeLimitExceeded) on Excel on the web.",
    source: "Resource limits (as for request-over-5mb)",
    steps: "Write 90 cells of 30,000 characters to A1:A90 and to B1:B90 in two requests; load A1:B90's values (5.4 MB) in one.",
    expected: "refused ResponsePayloadSizeLimitExceeded",
    check: async (env) => {
      if (env.platform !== "OfficeOnline") return { skip: `Excel on the web only (this is ${env.platform})` };
      return String(
        await onSheet(env, async (sheet, context) => {
          for (const column of ["A", "B"]) {
            sheet.getRange(`${column}1:${column}90`).values = Array.from({ length: 90 }, () => [LONG_TEXT]);
            await context.sync();
          }
          sheet.getRange("A1:B90").load("values");
          await context.sync();
          return "answered";
        }),
      );
    },
  },
  {
    id: "formula-length",
    behaviour: 'A formula of 8,192 characters after its "=" is taken, one of 8,193 refused (the fake says InvalidArgument: Excel\'s code is undocumented).',
    source: "MS-OI29500 2.1.1085 (https://learn.microsoft.com/openspecs/office_standards/ms-oi29500/8ebf82e4-4fa4-43a6-9ecd-d2d793a6f4bf); the error code undocumented",
    steps: 'Write "=$XFD$1048576+...+$XFD$1048576+111111111111111" (629 references and a number: few tokens, so that Excel\'s limit on a formula\'s internal length stays far) of 8,192 characters after "=" to A1, then one a digit longer to A2.',
    expected: '{"8192":"taken","8193":"refused InvalidArgument"}',
    encode: "refusedFormula in test/support/fakeExcel.ts; the pane retries cell by cell only on InvalidArgument (mayBeRefusal, src/taskpane/share/shareApply.ts).",
    check: async (env) => {
      // 629 references of 12 characters joined by "+": 8,176 characters; then "+" and the digits.
      const long = (length: number) => `=${Array(629).fill("$XFD$1048576").join("+")}+${"1".repeat(length - 8177)}`;
      return JSON.stringify({ 8192: await takes(env, "A1", long(8192)), 8193: await takes(env, "A2", long(8193)) });
    },
  },
  {
    id: "nesting-64",
    behaviour: "Functions nested 64 deep are taken, 65 deep refused.",
    source: '"Nested levels of functions: 64" (Excel specifications and limits, https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3); the error code undocumented',
    steps: "Write =ABS(ABS(...1...)) nested 64 deep to A1, 65 deep to A2.",
    expected: '{"64":"taken","65":"refused InvalidArgument"}',
    encode: "refusedFormula in test/support/fakeExcel.ts, MAX_FUNCTION_DEPTH in src/taskpane/share/share.ts.",
    check: async (env) => {
      const nested = (n: number) => `=${"ABS(".repeat(n)}1${")".repeat(n)}`;
      return JSON.stringify({ 64: await takes(env, "A1", nested(64)), 65: await takes(env, "A2", nested(65)) });
    },
  },
  {
    id: "error-literals-grammar",
    behaviour: "The error values of the formula grammar can be typed as formulas (=#N/A, =#NUM!, =#DIV/0!) and show as themselves.",
    source: "MS-XLSX 2.2.2 Formulas, error-constant (https://learn.microsoft.com/openspecs/office_standards/ms-xlsx/3d025add-118d-4413-9856-ab65712ec1b0)",
    steps: "Write =#N/A, =#NUM!, =#DIV/0! to A1:C1 through Range.formulas; read the formulas.",
    expected: '["=#N/A","=#NUM!","=#DIV/0!"]',
    check: (env) => writtenRow(env, "A1:C1", ["=#N/A", "=#NUM!", "=#DIV/0!"], "formulas"),
  },
  {
    id: "error-literals-other",
    behaviour: "Error values outside the formula grammar (=#SPILL!, =#BUSY!, =#CALC!) are refused when written as formulas.",
    source: "undocumented: MS-XLSX's grammar does not list them; whether Excel takes them typed is not said",
    steps: "Write =#SPILL! to A1, =#BUSY! to A2, =#CALC! to A3, each in its own request.",
    expected: '{"=#SPILL!":"refused InvalidArgument","=#BUSY!":"refused InvalidArgument","=#CALC!":"refused InvalidArgument"}',
    encode: 'If Excel takes them: FakeWorkbook.undocumented.errorLiterals = "any". Prepare for sharing writes =NA() for a kept #SPILL!/#BUSY! value either way (valueContent, src/taskpane/share/share.ts); with "any" it could write the error itself.',
    check: async (env) => {
      const out: Record<string, string> = {};
      for (const [address, literal] of [["A1", "=#SPILL!"], ["A2", "=#BUSY!"], ["A3", "=#CALC!"]] as const) out[literal] = await takes(env, address, literal);
      return JSON.stringify(out);
    },
  },
  {
    id: "spilled-formulas",
    behaviour: 'Range.formulas of the cells a formula\'s result spills into (not its own cell) is "". Native stand-in for the add-in\'s =CEO.WARRANTS(...) and =CEO.LOCKUP(...): where their result goes is Excel\'s doing, not the add-in\'s.',
    source: "undocumented: the dynamic-array pages document the spill APIs (spill-apis), not what formulas returns for a spilled cell",
    steps: "Write =SEQUENCE(1,2) to A1; read A1:B1's formulas and values.",
    expected: '{"formulas":["=SEQUENCE(1,2)",""],"values":[1,2]}',
    encode: 'If B1 gives the formula: FakeWorkbook.undocumented.spilledFormulas = "parent". Prepare for sharing (the spill APIs, else the formula\'s value) and Explain (the spill parent) handle both.',
    check: async (env) => {
      const grid = await spilled(env, ["=SEQUENCE(1,2)"], "B1");
      if (typeof grid === "string") return grid;
      if (grid.values[0]![0] === "#NAME?") return { skip: "this Excel has no dynamic arrays (=SEQUENCE(1,2) shows #NAME?)" };
      return JSON.stringify({ formulas: grid.formulas[0], values: grid.values[0] });
    },
  },
  {
    id: "spilled-formulas-ceo",
    behaviour: "As spilled-formulas, with the add-in's own row results: =CEO.WARRANTS(12345,4) spills 1234 and 5.2, =CEO.LOCKUP(DATE(2001,11,1),DATE(2001,11,6)) 37189 and 37208 (README's examples).",
    source: "undocumented (as spilled-formulas); needs the CEO add-in in this workbook (its functions show #NAME? without it)",
    steps: "Write =CEO.WARRANTS(12345,4) to A1 and =CEO.LOCKUP(DATE(2001,11,1),DATE(2001,11,6)) to A2; wait while they show #BUSY!; read A1:B2's formulas and values.",
    expected: '{"formulas":[["=CEO.WARRANTS(12345,4)",""],["=CEO.LOCKUP(DATE(2001,11,1),DATE(2001,11,6))",""]],"values":[[1234,5.2],[37189,37208]]}',
    encode: 'As spilled-formulas: FakeWorkbook.undocumented.spilledFormulas = "parent".',
    check: async (env) => {
      const grid = await spilled(env, ["=CEO.WARRANTS(12345,4)", "=CEO.LOCKUP(DATE(2001,11,1),DATE(2001,11,6))"], "B2");
      if (typeof grid === "string") return grid;
      if (grid.values[0]![0] === "#NAME?") return { skip: "the CEO add-in is not loaded in this workbook (=CEO.WARRANTS shows #NAME?): sideload it and run again" };
      return JSON.stringify(grid);
    },
  },
  {
    id: "spill-apis",
    behaviour: "Range.getSpillingToRangeOrNullObject on a formula's cell gives the range its result spilled into; getSpillParentOrNullObject on a spilled cell gives the formula's cell, and a null object on a cell outside any spill.",
    source: "Range.getSpillingToRangeOrNullObject, getSpillParentOrNullObject, ExcelApi 1.12 (https://learn.microsoft.com/javascript/api/excel/excel.range); Work with dynamic arrays (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-dynamic-arrays)",
    steps: "Write =SEQUENCE(1,2) to A1; ask A1 for its spill range, B1 and C1 for their spill parent.",
    expected: '{"A1 spills to":"A1:B1","parent of B1":"A1","parent of C1":null}',
    check: async (env) => {
      if (!env.supports("1.12")) return { skip: "this Excel has no ExcelApi 1.12: the pane finds spilled cells from the formula's value instead" };
      return String(
        await onSheet(env, async (sheet, context) => {
          sheet.getRange("A1").formulas = [["=SEQUENCE(1,2)"]];
          await context.sync();
          const to = sheet.getRange("A1").getSpillingToRangeOrNullObject().load("address");
          const parent = sheet.getRange("B1").getSpillParentOrNullObject().load("address");
          const none = sheet.getRange("C1").getSpillParentOrNullObject().load("address");
          await context.sync();
          const address = (r: Excel.Range) => (r.isNullObject ? null : local(r.address));
          return JSON.stringify({ "A1 spills to": address(to), "parent of B1": address(parent), "parent of C1": address(none) });
        }),
      );
    },
  },
  {
    id: "copied-table-references",
    behaviour: "A copied sheet's formulas that name a table on it (=SUM(T[x])) name the copy's table.",
    source: "undocumented: Worksheet.copy (ExcelApi 1.10, https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-copy-member(1)) does not say what happens to structured references",
    steps: "Make a table CEOCheckCopy at A1:A3 (header x; 1, 2) with =SUM(CEOCheckCopy[x]) in C1; copy the sheet; read the copy's table name and C1's formula.",
    expected: "reads the copy's table",
    encode: 'If the copy reads the original table: FakeWorkbook.undocumented.copiedTableReferences = "original". Prepare for sharing points the copies\' structured references at the copies\' tables either way (src/taskpane/share/shareApply.ts).',
    check: async (env) => {
      if (!env.supports("1.10")) return { skip: "Worksheet.copy needs ExcelApi 1.10" };
      return String(
        await onSheet(env, async (sheet, context) => {
          sheet.getRange("A1:A3").values = [["x"], [1], [2]];
          sheet.tables.add("A1:A3", true).name = "CEOCheckCopy";
          sheet.getRange("C1").formulas = [["=SUM(CEOCheckCopy[x])"]];
          await context.sync();
          const copy = sheet.copy("End" as Excel.WorksheetPositionType.end).load("name");
          await context.sync();
          env.made.push(copy.name);
          const tables = copy.tables.load("items/name");
          const c1 = copy.getRange("C1").load("formulas");
          await context.sync();
          const name = tables.items[0]?.name;
          const formula = String(c1.formulas[0]![0]);
          if (name !== undefined && formula === `=SUM(${name}[x])`) return "reads the copy's table";
          if (formula === "=SUM(CEOCheckCopy[x])") return `reads the original table: ${formula} (the copy's table is ${name})`;
          return `the copy's C1 is ${formula} (the copy's table is ${name})`;
        }),
      );
    },
  },
  {
    id: "conditional-formats-grow",
    behaviour: "A conditional format added to a table column's data body covers the rows table.rows.add adds later.",
    source: 'undocumented for conditional formats: "Overview of Excel tables" says a table extends its formatting and formulas to new rows (https://support.microsoft.com/office/overview-of-excel-tables-7ab0bb7d-3a9e-4b56-a3c9-6c94334e492c)',
    steps: "Make a table CEOCheckFormats at A1:B2 (headers a, b; one row 1, 2); add a custom conditional format (=B2>0) to column b's data body; rows.add two rows; read the range the format applies to (ConditionalFormat.getRange, ExcelApi 1.6).",
    expected: '"B2:B4"',
    encode: "If they do not grow: FakeWorkbook.undocumented.conditionalFormatsGrow = false. The import applies its difference highlighting to the whole column below the header either way (src/taskpane/import/apply.ts).",
    check: async (env) =>
      String(
        await onSheet(env, async (sheet, context) => {
          sheet.getRange("A1:B2").values = [["a", "b"], [1, 2]];
          const table = sheet.tables.add("A1:B2", true);
          table.name = "CEOCheckFormats";
          const format = table.columns.getItemAt(1).getDataBodyRange().conditionalFormats.add("Custom" as Excel.ConditionalFormatType.custom);
          format.custom.rule.formula = "=B2>0";
          format.custom.format.fill.color = "#FDE7E9";
          await context.sync();
          table.rows.add(undefined, [[3, 4], [5, 6]]);
          await context.sync();
          const applied = format.getRange().load("address");
          await context.sync();
          return JSON.stringify(local(applied.address));
        }),
      ),
  },
  {
    id: "rows-add-null",
    behaviour: "A null cell in table.rows.add leaves the cell to the column's calculated formula.",
    source: "undocumented: TableRowCollection.add types its values boolean | string | number (https://learn.microsoft.com/javascript/api/excel/excel.tablerowcollection#excel-excel-tablerowcollection-add-member(1)); null leaving a cell unchanged is documented for Range writes only",
    steps: "Make a table CEOCheckNull at A1:B2 (headers a, twice; one row 1, then =[@a]*2 written into B2); rows.add [[3, null]]; read B3's formula.",
    expected: '"=[@a]*2"',
    encode: 'If Excel refuses null: FakeWorkbook.undocumented.rowsAddNull = "refused"; if it writes an empty cell: "clears". The import sends no null to rows.add either way (src/taskpane/import/apply.ts).',
    check: async (env) => {
      await env.excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(env.sheet);
        sheet.getRange("A1:B2").values = [["a", "twice"], [1, ""]];
        sheet.tables.add("A1:B2", true).name = "CEOCheckNull";
        await context.sync();
        // Written once the table exists: a structured reference means nothing outside one.
        sheet.getRange("B2").formulas = [["=[@a]*2"]];
        await context.sync();
      });
      return String(
        await onSheet(env, async (sheet, context) => {
          context.workbook.tables.getItem("CEOCheckNull").rows.add(undefined, [[3, null]] as unknown as number[][]);
          await context.sync();
          const b3 = sheet.getRange("B3").load("formulas");
          await context.sync();
          return JSON.stringify(b3.formulas[0]![0]);
        }),
      );
    },
  },
  {
    id: "fixed-no-commas-1",
    behaviour: "FIXED(number,0,1) gives the whole number's digits as text, with no thousands separator and no exponent, up to 15 digits: 1 stands for TRUE as no_commas. Gross to Date's running digits (the Placements table and the banker's copy) are written so.",
    source: "FIXED function (https://support.microsoft.com/en-us/excel/fixed-function): no_commas is \"a logical value that, if TRUE, prevents FIXED from including commas\"; a number in its place undocumented for Excel (DAX's FIXED says 1)",
    steps: "Write =FIXED(123456789012345,0,1) and =FIXED(1234567,0,1) to A1:B1 through Range.formulas; read the values.",
    expected: '["123456789012345","1234567"]',
    encode: "If Excel puts commas in, or refuses the 1: no_commas becomes TRUE in Gross to Date's formula (grossToDate, src/taskpane/import/placementsTable.ts) and in the tests' FIXED (test/support/hyperformula.ts, whose engine takes TRUE() only). LibreOffice computes it so (test/libreoffice/placements.test.ts).",
    check: (env) => writtenRow(env, "A1:B1", ["=FIXED(123456789012345,0,1)", "=FIXED(1234567,0,1)"], "values"),
  },
];

/** Writes `formulas` down column A from A1, waits while any of A1:`last` shows #BUSY! or #GETTING_DATA (about 10 s at most), and reads A1:`last`. */
async function spilled(env: CheckEnv, formulas: string[], last: string): Promise<{ formulas: unknown[][]; values: unknown[][] } | string> {
  const written = await onSheet(env, async (sheet, context) => {
    sheet.getRange(`A1:A${formulas.length}`).formulas = formulas.map((f) => [f]);
    await context.sync();
    return "";
  });
  if (written) return written;
  for (let look = 0; ; look++) {
    const grid = await onSheet(env, async (sheet, context) => {
      const range = sheet.getRange(`A1:${last}`).load("formulas,values");
      await context.sync();
      return { formulas: range.formulas, values: range.values };
    });
    if (typeof grid === "string" || look >= 20 || !grid.values.flat().some((v) => v === "#BUSY!" || v === "#GETTING_DATA")) return grid;
    await env.sleep(500);
  }
}

/** One rule's line: rule, expected (the fake), observed, PASS or FAIL (or SKIP, with why). Observed in full, so that a FAIL can be pasted into an issue. */
export interface CheckLine {
  id: string;
  verdict: "PASS" | "FAIL" | "SKIP";
  expected: string;
  observed: string;
  line: string;
}

export function lineOf(rule: ExcelRule, observed: Observed): CheckLine {
  if (typeof observed !== "string") return { id: rule.id, verdict: "SKIP", expected: rule.expected, observed: observed.skip, line: `SKIP  ${rule.id}  (${observed.skip})` };
  const verdict = observed === rule.expected ? "PASS" : "FAIL";
  const line = `${verdict}  ${rule.id}  expected (the fake): ${rule.expected}  observed: ${observed}${verdict === "FAIL" && rule.encode ? `  encode: ${rule.encode}` : ""}`;
  return { id: rule.id, verdict, expected: rule.expected, observed, line };
}

/**
 * Runs `rules` one after another, each on a new sheet ("CEO check <id>") deleted afterwards, and
 * prints a line per rule, then the count. `env` without its sheet fields: the runner fills them.
 */
export async function runChecks(rules: readonly ExcelRule[], host: Omit<CheckEnv, "sheet" | "made">, print: (line: string) => void): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const rule of rules) {
    const env: CheckEnv = { ...host, sheet: `CEO check ${rule.id}`.slice(0, 31), made: [] };
    let observed: Observed;
    try {
      await host.excel.run(async (context) => {
        const old = context.workbook.worksheets.getItemOrNullObject(env.sheet);
        await context.sync();
        if (!old.isNullObject) old.delete();
        context.workbook.worksheets.add(env.sheet);
        await context.sync();
      });
      observed = await rule.check(env);
    } catch (error) {
      observed = `threw ${(error as { code?: string }).code ?? ""} ${(error as Error).message}`.replace(/\s+/g, " ");
    }
    await host.excel
      .run(async (context) => {
        const sheets = [env.sheet, ...env.made].map((name) => context.workbook.worksheets.getItemOrNullObject(name));
        await context.sync();
        for (const sheet of sheets) if (!sheet.isNullObject) sheet.delete();
        await context.sync();
      })
      .catch(() => undefined);
    const line = lineOf(rule, observed);
    lines.push(line);
    print(line.line);
  }
  const count = (v: CheckLine["verdict"]) => lines.filter((l) => l.verdict === v).length;
  print(`${count("PASS")} PASS, ${count("FAIL")} FAIL, ${count("SKIP")} SKIP`);
  return lines;
}
