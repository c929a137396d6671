/*
 * A workbook of 10,000 FEE cells recalculated in a real spreadsheet engine (hyperformula): the
 * CEO functions registered as a plugin (the add-in's own wrappers) vs the native-formula
 * equivalents "Prepare for sharing" writes. Both sheets hold the same inputs.
 */
(globalThis as any).CustomFunctions ??= {
  Error: class extends Error {
    constructor(readonly code: string, message?: string) {
      super(message);
    }
  },
  ErrorCode: { invalidValue: "#VALUE!", invalidNumber: "#NUM!" },
};
import { FunctionArgumentType, FunctionPlugin, HyperFormula } from "hyperformula";
import { feeFormula } from "../src/core/fees.formula";
import { fee } from "../src/functions/fees";
import { report } from "./harness";

class CeoPlugin extends FunctionPlugin {
  static override implementedFunctions = {
    "CEO.FEE": { method: "fee", parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }] },
  };
  fee(ast: any, state: any) {
    return this.runFunction(ast.args, state, this.metadata("CEO.FEE"), (gross: number, prior: number) => fee(gross, prior));
  }
}
HyperFormula.registerFunctionPlugin(CeoPlugin, { enGB: { "CEO.FEE": "CEO.FEE" } });

const ROWS = 10_000;
const inputs: [number, number][] = Array.from({ length: ROWS }, (_, i): [number, number] => [Math.round(100_000 + i * 2_517.37 * 100) / 100, Math.round(i * 1_234.5 * 100) / 100]);
const sheet = (formula: (row: number) => string) => inputs.map(([gross, prior], i) => [gross, prior, formula(i + 1)]);

function timed(name: string, data: (number | string)[][]): { build: number; recalc: number; first: unknown } {
  let start = process.hrtime.bigint();
  const hf = HyperFormula.buildFromArray(data, { licenseKey: "gpl-v3" });
  const build = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  hf.rebuildAndRecalculate();
  const recalc = Number(process.hrtime.bigint() - start) / 1e6;
  const first = hf.getCellValue({ sheet: 0, row: ROWS - 1, col: 2 });
  hf.destroy();
  return { build, recalc, first };
}

const ceo = timed("CEO.FEE", sheet((r) => `=CEO.FEE(A${r},B${r})`));
const native = timed("native", sheet((r) => `=${feeFormula(`A${r}`, `B${r}`).replace(/^=/, "")}`));
if (ceo.first !== native.first) throw new Error(`the two sheets disagree: ${ceo.first} vs ${native.first}`);
report(`10,000 =CEO.FEE cells, recalculated (plugin)`, ceo.recalc, "ms", { name: "their native formulas", value: native.recalc });
report(`10,000 =CEO.FEE cells, built and calculated (plugin)`, ceo.build, "ms", { name: "their native formulas", value: native.build });
