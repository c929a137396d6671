/*
 * The one way the pane talks to Excel: every command's batch goes through an ExcelRun, and the
 * pane's ExcelRun asks Excel to wait while the user is editing a cell. Without that option
 * "if the user is in cell edit when the batch request is processed by the host, the batch
 * automatically fails" (https://learn.microsoft.com/javascript/api/excel/excel.runoptions). The
 * reference gives the option no requirement set (it is listed from the ExcelApi 1.1 view on), and
 * office.js applies it only where the host can delay a batch, ignoring it elsewhere
 * (onBeforeExcelRun in @microsoft/office-js's excel-web-16.00.debug.js): so it is always asked for,
 * and a host that cannot delay fails the batch, which the command reports in words.
 */

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The requirement sets the code may test for; anything above the manifest's <Requirements> is used only behind supports(). */
export type ApiSet = "ExcelApi" | "SharedRuntime" | "CustomFunctionsRuntime";

/**
 * Whether the host implements `set` at `version` (Office.context.requirements.isSetSupported).
 * Outside Office (a plain browser, Node tests without a stub) nothing is supported.
 */
export function supports(set: ApiSet, version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  return office?.context?.requirements?.isSetSupported(set, version) === true;
}

/** The subset of the Excel namespace a run needs: Excel itself, or a test's fake workbook. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** An ExcelRun on `host` that waits out the user's cell edit where the host can. */
export function excelRunOn(host: ExcelHost): ExcelRun {
  return (batch) => host.run({ delayForCellEdit: true }, batch);
}

/** The pane's ExcelRun, or undefined outside Excel. */
export function excelRun(): ExcelRun | undefined {
  return typeof Excel === "undefined" ? undefined : excelRunOn(Excel as unknown as ExcelHost);
}

/**
 * Runs `before` as each context.sync() of a batch starts and `after` once it has come back, for
 * every request the batch sends (readBlocks' and the undo's too): how a command counts its
 * requests or takes a cancel between them.
 */
export function watchSyncs(context: Excel.RequestContext, hooks: { before?: () => void; after?: () => void }): void {
  const send = context.sync.bind(context);
  context.sync = (async (passThroughValue?: unknown) => {
    hooks.before?.();
    const out = await send(passThroughValue);
    hooks.after?.();
    return out;
  }) as typeof context.sync;
}
