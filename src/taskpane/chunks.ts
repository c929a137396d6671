/*
 * The pane's code fetched on first use, each an import() that webpack makes a chunk of its own
 * (webpack.config.js): the pane is ready without it, and the browser prefetches the chunks once
 * the pane has loaded. The import's code (papaparse, planning, writing the table), Reconcile's,
 * Prepare for sharing's with Explain (the native formulas), the quarterly report's, Check
 * compliance's, and the New deal form's (with its reader of register CSV files, papaparse).
 *
 * In Node (the tests run the TypeScript through tsx's require hook, and Node's own import() cannot
 * read TypeScript) each loader requires the same module instead. webpack evaluates
 * `typeof __webpack_require__` to "function" at build time and drops the other branch, so the
 * require() adds nothing to the bundle (test/functions/bundle.test.ts checks the split).
 */
declare const __webpack_require__: unknown;

type ImportApply = typeof import("./import/apply");
type ImportPlan = typeof import("./import/plan");
type Selection = typeof import("./excel/selection");
type ReconcileApply = typeof import("./reconcile/apply");
type ShareApply = typeof import("./share/shareApply");
type Explain = typeof import("./explain/explain");
type ComplianceApply = typeof import("./compliance/apply");
export type TermsForm = typeof import("./terms/termsForm");
type RegisterCsv = typeof import("./terms/registerCsv");
type PlacementsTable = typeof import("./import/placementsTable");
type Report = typeof import("./report/apply") & typeof import("./report/report");

export const importApply = (): Promise<ImportApply> =>
  typeof __webpack_require__ === "function" ? import(/* webpackPrefetch: true */ "./import/apply") : Promise.resolve(require("./import/apply"));
/** The planner, with the import's writer (and the formulas it writes) fetched at once: the preview's program-size check (apply.ts) starts as soon as the plan is shown. */
export const importPlanning = (): Promise<ImportPlan> =>
  typeof __webpack_require__ === "function" ? Promise.all([import("./import/plan"), importApply()]).then(([plan]) => plan) : Promise.resolve(require("./import/plan"));
/** The Placements table's layout (in the import's chunk: webpack.config.js), for writing the Terms sheet's summary beside it. */
export const placementsTable = (): Promise<PlacementsTable> =>
  typeof __webpack_require__ === "function" ? import("./import/placementsTable") : Promise.resolve(require("./import/placementsTable"));
export const selection = (): Promise<Selection> => (typeof __webpack_require__ === "function" ? import("./excel/selection") : Promise.resolve(require("./excel/selection")));
export const reconcileApply = (): Promise<ReconcileApply> =>
  typeof __webpack_require__ === "function" ? import(/* webpackChunkName: "reconcile", webpackPrefetch: true */ "./reconcile/apply") : Promise.resolve(require("./reconcile/apply"));
export const shareApply = (): Promise<ShareApply> =>
  typeof __webpack_require__ === "function" ? import(/* webpackChunkName: "share", webpackPrefetch: true */ "./share/shareApply") : Promise.resolve(require("./share/shareApply"));
export const explain = (): Promise<Explain> =>
  typeof __webpack_require__ === "function" ? import(/* webpackChunkName: "share" */ "./explain/explain") : Promise.resolve(require("./explain/explain"));
/** The quarterly report's sheet writer and its quarter picker, in one chunk. */
export const report = (): Promise<Report> =>
  typeof __webpack_require__ === "function"
    ? Promise.all([import(/* webpackChunkName: "report", webpackPrefetch: true */ "./report/apply"), import(/* webpackChunkName: "report" */ "./report/report")]).then(([apply, picker]) => ({ ...picker, ...apply }))
    : Promise.resolve({ ...require("./report/report"), ...require("./report/apply") });
export const complianceApply = (): Promise<ComplianceApply> =>
  typeof __webpack_require__ === "function" ? import(/* webpackChunkName: "compliance", webpackPrefetch: true */ "./compliance/apply") : Promise.resolve(require("./compliance/apply"));
/** The example register's CSV reader (papaparse, in the import's chunk). */
export const registerCsv = (): Promise<RegisterCsv> =>
  typeof __webpack_require__ === "function" ? import(/* webpackChunkName: "registerCsv" */ "./terms/registerCsv") : Promise.resolve(require("./terms/registerCsv"));
/** The New deal form, fetched when it first opens. */
export const termsForm = (): Promise<TermsForm> =>
  typeof __webpack_require__ === "function" ? import(/* webpackChunkName: "termsForm", webpackPrefetch: true */ "./terms/termsForm") : Promise.resolve(require("./terms/termsForm"));
