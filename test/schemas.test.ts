/*
 * The manifest and functions.json against Microsoft's own schemas (offline copies in test/schemas/,
 * provenance in its README), and proof that each check can fail: a copy broken the way Excel, the
 * online validator or the admin center would refuse must fail through the same helper.
 */
import assert from "assert";
import fs from "fs";
import os from "os";
import path from "path";
import { distFile, functionsMetadata } from "./support/bundle";
import { SCHEMAS, functionsJsonProblems, manifestSchemaProblems, manifestTextSchemaProblems, requireXmllint } from "./support/schemas";

const ROOT = path.resolve(__dirname, "..");
const MANIFEST = path.join(ROOT, "manifest.xml");

describe("manifest.xml against Microsoft's schema (xmllint, test/schemas/manifest/)", function () {
  const xml = fs.readFileSync(MANIFEST, "utf8");
  let tmp: string;

  before(function () {
    requireXmllint(this);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ceo-manifest-"));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it("the dev manifest is valid", () => {
    assert.deepStrictEqual(manifestSchemaProblems(MANIFEST), []);
  });

  it("the manifest npm run build writes is valid", () => {
    assert.deepStrictEqual(manifestSchemaProblems(distFile("manifest.xml")), []);
  });

  // Each: what is broken, how, and what xmllint must say about it.
  const broken: [string, (xml: string) => string, RegExp][] = [
    // https://learn.microsoft.com/javascript/api/manifest/appdomains: "This element can't be empty."
    ["an empty <AppDomains/>", (x) => x.replace("  <Hosts>", "  <AppDomains/>\n  <Hosts>"), /AppDomains': Missing child element\(s\)\. Expected is \( \{[^}]+\}AppDomain \)/],
    ["no <Id>", (x) => x.replace(/\s*<Id>[^<]*<\/Id>/, ""), /Version': This element is not expected\. Expected is \( \{[^}]+\}Id \)/],
    ["a MinVersion of three numbers", (x) => x.replace('MinVersion="1.7"', 'MinVersion="1.7.0"'), /MinVersion'.*'1\.7\.0'.*(pattern|ShortVersion)/],
    ["a <Runtime> lifetime other than short or long", (x) => x.replace('lifetime="long"', 'lifetime="forever"'), /lifetime'.*'forever'/],
    ["an <Icon> whose image has no size", (x) => x.replace('<bt:Image size="16" resid="Icon.16x16"/>', '<bt:Image resid="Icon.16x16"/>'), /size'.*required but missing/],
  ];
  for (const [name, mutate, expected] of broken) {
    it(`refuses a copy with ${name}`, () => {
      const mutated = mutate(xml);
      assert.notStrictEqual(mutated, xml, "the mutation did not apply: manifest.xml changed, update the test");
      const problems = manifestTextSchemaProblems(mutated, tmp);
      assert.ok(problems.length > 0, "xmllint accepted the broken manifest");
      assert.match(problems.join("\n"), expected);
    });
  }
});

describe("functions.json against Microsoft's custom-functions schema (Ajv draft-04, test/schemas/custom-functions/)", () => {
  it("the functions.json npm run build writes is valid", () => {
    const metadata = functionsMetadata();
    assert.ok(metadata.functions.length >= 20);
    assert.deepStrictEqual(functionsJsonProblems(metadata), []);
  });

  it("flattens options onto each function before validating, as the schema's format has them", () => {
    const metadata = structuredClone(functionsMetadata()) as any;
    metadata.functions[0].options = { volatile: true };
    assert.deepStrictEqual(functionsJsonProblems(metadata), []);
    metadata.functions[0].options = { volatile: "yes" };
    assert.match(functionsJsonProblems(metadata).join("\n"), /^\/functions\/0\/volatile must be boolean$/m);
  });

  // Each: how one function is broken, and what must be said about it.
  const broken: [string, (fn: any, metadata: any) => void, RegExp][] = [
    ["no id", (fn) => delete fn.id, /^\/functions\/0 must have required property 'id'$/m],
    ["a name with a space", (fn) => (fn.name = "FEE RATE"), /^\/functions\/0\/name must match pattern/m],
    ["a parameter of dimensionality vector", (fn) => (fn.parameters[0].dimensionality = "vector"), /^\/functions\/0\/parameters\/0\/dimensionality must be equal to one of the allowed values$/m],
    ["no result", (fn) => delete fn.result, /^\/functions\/0 must have required property 'result'$/m],
    ["a property functions.json does not have", (_fn, m) => (m.allowErrorsEverywhere = true), /^\/ must NOT have additional properties$/m],
    // The schema takes any string as a type; Microsoft's reference lists four (test/support/schemas.ts).
    ["a parameter of type decimal", (fn) => (fn.parameters[0].type = "decimal"), /^\/functions\/0\/parameters\/0\/type "decimal" is not one of boolean, number, string, any$/m],
    ["the id of another function", (fn, m) => (fn.id = m.functions[1].id), /^\/functions\/1\/id "[A-Z0-9.]+" is used twice$/m],
  ];
  for (const [name, mutate, expected] of broken) {
    it(`refuses a copy with a function of ${name}`, () => {
      const metadata = structuredClone(functionsMetadata()) as any;
      mutate(metadata.functions[0], metadata);
      assert.match(functionsJsonProblems(metadata).join("\n"), expected);
    });
  }
});

describe("test/schemas/ and ../shared/schemas/", () => {
  // The project's shared folder holds the originals; the repository carries copies so that a clone
  // validates on its own. When the shared folder is there, the copies must not have drifted from it.
  it("are the same files, where ../shared/schemas exists", function () {
    const shared = path.resolve(ROOT, "../shared/schemas");
    if (!fs.existsSync(shared)) this.skip();
    for (const folder of ["manifest", "custom-functions"]) {
      const names = fs.readdirSync(path.join(shared, folder)).sort();
      assert.deepStrictEqual(fs.readdirSync(path.join(SCHEMAS, folder)).sort(), names, folder);
      for (const name of names) assert.ok(fs.readFileSync(path.join(shared, folder, name)).equals(fs.readFileSync(path.join(SCHEMAS, folder, name))), `test/schemas/${folder}/${name} differs from ../shared/schemas/${folder}/${name}`);
    }
  });
});
