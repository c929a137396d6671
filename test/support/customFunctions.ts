/*
 * CustomFunctions as office.js defines it, for tests that call the wrappers of src/functions in
 * Node (their errors are CustomFunctions.Error). Installed only where it is missing.
 */
export class StubError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
  }
}

export function installCustomFunctions(): void {
  const scope = globalThis as { CustomFunctions?: unknown };
  scope.CustomFunctions ??= {
    Error: StubError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" },
    associate: () => undefined,
  };
}

/** Runs a wrapper as Excel would: its value, or the error code it threw. */
export function viaWrapper(run: () => unknown): unknown {
  installCustomFunctions();
  try {
    return run();
  } catch (error) {
    if (error && typeof error === "object" && "code" in error) return (error as { code: string }).code;
    throw error;
  }
}
