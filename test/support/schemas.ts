/*
 * Microsoft's own schemas, checked offline (office-addin-manifest validate posts to an online service):
 * the XML manifest through xmllint and the XSDs in test/schemas/manifest/, functions.json through Ajv
 * and the custom-functions JSON schema in test/schemas/custom-functions/. Where they come from, and
 * what was patched for libxml2: test/schemas/README.md.
 */
import { spawnSync } from "child_process";
import fs from "fs";
import path from "path";
// The schema says "$schema": "http://json-schema.org/draft-04/schema#"; Ajv 8 reads draft-04 only
// through this class (https://ajv.js.org/json-schema.html#draft-04).
import Ajv from "ajv-draft-04";

export const SCHEMAS = path.resolve(__dirname, "../schemas");
const MANIFEST_XSD = path.join(SCHEMAS, "manifest/OfficeAppManifestV1_1.xsd");
const CUSTOM_FUNCTIONS_SCHEMA = path.join(SCHEMAS, "custom-functions/unified-manifest-v1.30-customFunctions.subset.schema.json");

export function hasXmllint(): boolean {
  return !spawnSync("xmllint", ["--version"]).error;
}

/** Skips the suite when xmllint is absent, unless CEO_REQUIRE_XMLLINT is set (as .ci/run does). */
export function requireXmllint(context: Mocha.Context): void {
  if (hasXmllint()) return;
  if (process.env.CEO_REQUIRE_XMLLINT) throw new Error("xmllint is not installed: apt-get install -y libxml2-utils (Debian), or brew install libxml2");
  console.warn("    (xmllint not found: manifest schema tests skipped; .ci/run installs libxml2-utils)");
  context.skip();
}

/**
 * What xmllint says is wrong with the manifest in `file` against Microsoft's schema, one line per
 * problem; [] when it validates. A schema that does not compile, or a missing file, throws rather than
 * counting as a problem of the manifest.
 */
export function manifestSchemaProblems(file: string): string[] {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
  const run = spawnSync("xmllint", ["--noout", "--nonet", "--schema", MANIFEST_XSD, file], { encoding: "utf8" });
  if (run.error) throw run.error;
  if (run.status === 0) return [];
  // xmllint's exit codes: 1 not well-formed, 3 not valid; 5 means the schema itself did not compile.
  if (run.status !== 1 && run.status !== 3) throw new Error(`xmllint could not check ${file} (exit ${run.status}): ${run.stderr.trim()}`);
  return run.stderr.split("\n").filter((line) => line.trim() !== "" && !line.endsWith(" fails to validate"));
}

/** Like manifestSchemaProblems, for manifest text rather than a file. */
export function manifestTextSchemaProblems(xml: string, dir: string): string[] {
  const file = path.join(dir, `manifest-${process.pid}-${Date.now()}.xml`);
  fs.writeFileSync(file, xml);
  try {
    return manifestSchemaProblems(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

interface FunctionsMetadata {
  functions?: { id?: string; options?: Record<string, unknown>; parameters?: { type?: string }[]; result?: { type?: string } }[];
}

let validate: ReturnType<Ajv["compile"]> | undefined;

/**
 * What is wrong with a functions.json: against the custom-functions definitions of Microsoft's app
 * manifest schema (root extensionCustomFunctions), then two rules of Microsoft's metadata reference
 * that the schema leaves out. [] when it passes.
 */
export function functionsJsonProblems(json: unknown): string[] {
  const metadata = json as FunctionsMetadata;
  validate ??= new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(CUSTOM_FUNCTIONS_SCHEMA, "utf8")));
  // In the app manifest's format a function's options (stream, volatile, ...) sit on the function
  // itself, not in a nested "options" object as in functions.json (test/schemas/README.md).
  const flattened = { ...metadata, functions: metadata.functions?.map(({ options, ...fn }) => ({ ...fn, ...options })) };
  const problems = validate(flattened) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);

  // https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-json: a parameter's and the
  // result's type "Can be boolean, number, string, or any" (the schema takes any string), and each id
  // is "unique within the scope of the file".
  const types = ["boolean", "number", "string", "any"];
  const seen = new Set<string>();
  metadata.functions?.forEach((fn, i) => {
    fn.parameters?.forEach((p, j) => {
      if (p.type !== undefined && !types.includes(p.type)) problems.push(`/functions/${i}/parameters/${j}/type "${p.type}" is not one of ${types.join(", ")}`);
    });
    if (fn.result?.type !== undefined && !types.includes(fn.result.type)) problems.push(`/functions/${i}/result/type "${fn.result.type}" is not one of ${types.join(", ")}`);
    if (fn.id !== undefined && seen.has(fn.id)) problems.push(`/functions/${i}/id "${fn.id}" is used twice`);
    if (fn.id !== undefined) seen.add(fn.id);
  });
  return problems;
}
