/*
 * The Script Lab side of the Excel checks: two buttons, a box of printed lines. Bundled with
 * excelRules.ts into docs/excel-checks.yaml by scripts/excel-checks.mjs (never into the add-in).
 */
import { EXCEL_RULES, runChecks } from "./excelRules";

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function print(line: string): void {
  const log = $("log") as HTMLTextAreaElement;
  log.value += `${line}\n`;
  console.log(line);
}

const status = (text: string) => ($("status").textContent = text);

/** The highest ExcelApi 1.x this Excel has. */
function excelApi(): string {
  let minor = 1;
  while (minor < 40 && Office.context.requirements.isSetSupported("ExcelApi", `1.${minor + 1}`)) minor++;
  return `1.${minor}`;
}

async function run(interactive: boolean): Promise<void> {
  const buttons = [$("run"), $("run-edit")] as HTMLButtonElement[];
  buttons.forEach((b) => (b.disabled = true));
  const diagnostics = Office.context.diagnostics;
  print(`CEO add-in Excel checks: Excel ${diagnostics?.version ?? "?"} on ${diagnostics?.platform ?? "?"}, ExcelApi ${excelApi()}, ${new Date().toISOString()}`);
  try {
    await runChecks(
      EXCEL_RULES.filter((rule) => Boolean(rule.interactive) === interactive),
      {
        excel: Excel,
        supports: (version) => Office.context.requirements.isSetSupported("ExcelApi", version),
        platform: String(diagnostics?.platform ?? "unknown"),
        userEditsCell: async () => {
          for (let left = 8; left > 0; left--) {
            status(`Now double-click any cell of the workbook and type a letter; do not press Enter. ${left} s`);
            await sleep(1000);
          }
          status("Keep editing...");
        },
        userEndsEdit: () => status("Now press Esc to leave the cell (nothing is kept)."),
        sleep,
      },
      print,
    );
    status("Done: select the box, copy, and paste any FAIL line into an issue.");
  } catch (error) {
    print(`the checks stopped: ${(error as Error).message}`);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

$("run").addEventListener("click", () => void run(false));
$("run-edit").addEventListener("click", () => void run(true));
