/*
 * LibreOffice headless, for tests that recalculate an .xlsx of native formulas: where soffice is,
 * and a private profile that recalculates every formula on load (LibreOffice keeps an .xlsx's
 * cached values by default; TOOLCHAIN.md).
 */
import { execFileSync } from "child_process";
import fs from "fs";
import path from "path";
import type ExcelJS from "exceljs";
import { HOLIDAYS_SHEET, holidaySheetRows } from "../../src/core/calendar.formula";

/** The soffice on PATH, or undefined (Debian: apt-get install -y --no-install-recommends libreoffice-calc-nogui). */
export function soffice(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, "soffice");
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/** A private LibreOffice profile under `dir` that recalculates every formula of an .xlsx or .ods on load; its file URL. */
export function recalculatingProfile(dir: string): string {
  const user = path.join(dir, "profile", "user");
  fs.mkdirSync(user, { recursive: true });
  fs.writeFileSync(
    path.join(user, "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return `file://${path.join(dir, "profile")}`;
}

/** For a suite's before(): skips it, with a note, where soffice is not installed; fails instead when CEO_REQUIRE_LIBREOFFICE is set. */
export function skipWithoutSoffice(context: Mocha.Context): void {
  if (soffice()) return;
  if (process.env.CEO_REQUIRE_LIBREOFFICE) throw new Error("soffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc-nogui");
  console.warn("    (soffice not found: the LibreOffice check is skipped; apt-get install -y --no-install-recommends libreoffice-calc-nogui)");
  context.skip();
}

/**
 * Each workbook written to `dir` as an .xlsx, recalculated by one headless soffice run with the
 * recalculating profile, and read back: the text of its first sheet as CSV (LibreOffice converts
 * only the first sheet), in the order given.
 */
export async function recalculatedCsv(dir: string, books: ExcelJS.Workbook[], timeout: number): Promise<string[]> {
  const binary = soffice();
  if (!binary) throw new Error("soffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc-nogui");
  const files = books.map((_, i) => path.join(dir, `book${i}.xlsx`));
  for (const [i, book] of books.entries()) await book.xlsx.writeFile(files[i]!);
  execFileSync(binary, [`-env:UserInstallation=${recalculatingProfile(dir)}`, "--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false", "--outdir", dir, ...files], { stdio: "pipe", timeout });
  return files.map((file) => fs.readFileSync(file.replace(/\.xlsx$/, ".csv"), "utf8"));
}

/** Rows of a CSV LibreOffice wrote (quoted text cells may hold commas). */
export function csvRows(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, "").replace(/""/g, '"')).slice(0, -1));
}

/** The CEO Holidays sheet as Prepare for sharing writes it (calendar.formula's holidaySheetRows), added to an .xlsx being built. */
export function addHolidaysSheet(book: ExcelJS.Workbook): void {
  const sheet = book.addWorksheet(HOLIDAYS_SHEET);
  for (const row of holidaySheetRows()) sheet.addRow(row);
}
