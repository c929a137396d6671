import assert from "assert";
import fs from "fs";
import path from "path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { distFile } from "./support/bundle";

const MANIFEST = path.resolve(__dirname, "../manifest.xml");
const xml = fs.readFileSync(MANIFEST, "utf8");

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
  parents: string[];
}

/** Every element of the manifest, flattened, namespace prefixes removed. */
function elements(): Element[] {
  const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", removeNSPrefix: true, preserveOrder: true }).parse(xml);
  const out: Element[] = [];
  const walk = (nodes: any[], parents: string[]) => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ":@");
      if (!name || name === "#text" || name === "?xml") continue;
      const children: any[] = node[name];
      const text = children.filter((c) => "#text" in c).map((c) => String(c["#text"])).join("");
      out.push({ name, attributes: node[":@"] ?? {}, text, parents });
      walk(children, [...parents, name]);
    }
  };
  walk(tree, []);
  return out;
}

const all = elements();
const resources = all.filter((e) => e.parents.includes("Resources") && e.attributes.id !== undefined);
const resource = (id: string) => resources.find((e) => e.attributes.id === id);

describe("manifest.xml", () => {
  it("is well-formed XML", () => {
    assert.strictEqual(XMLValidator.validate(xml), true);
  });

  it("is an Excel task pane add-in with a stable id", () => {
    const app = all.find((e) => e.name === "OfficeApp");
    assert.strictEqual(app?.attributes["xsi:type"] ?? app?.attributes.type, "TaskPaneApp");
    assert.strictEqual(all.find((e) => e.name === "Id")?.text, "dfd02de4-593e-41dd-87f3-33b8bbefe193");
    assert.ok(all.some((e) => e.name === "Host" && e.attributes.Name === "Workbook"));
  });

  it("declares the custom-functions namespace CEO", () => {
    const namespace = all.find((e) => e.name === "Namespace" && e.parents.includes("ExtensionPoint"));
    assert.ok(namespace, "no <Namespace> in the CustomFunctions extension point");
    assert.strictEqual(resource(namespace.attributes.resid!)?.attributes.DefaultValue, "CEO");
  });

  // Microsoft's manifest reference: in the base manifest, <Requirements> is a direct child of OfficeApp
  // and its <Sets> lists the requirement sets "your Office Add-in needs in order to be activated by
  // Office", one <Set> each with a Name and a MinVersion of the form n.n, which overrides the Sets'
  // DefaultMinVersion (default "1.1"):
  // https://learn.microsoft.com/javascript/api/manifest/requirements,
  // https://learn.microsoft.com/javascript/api/manifest/sets, https://learn.microsoft.com/javascript/api/manifest/set.
  // The schema's ShortVersion type takes exactly two numbers ("1.7", not "1.7.0";
  // test/schemas/manifest/OfficeAppManifestV1_1.xsd). "The add-in will not be activated" where a set is
  // missing, so these are the minimum the code needs; anything newer runs behind
  // Office.context.requirements.isSetSupported:
  // - SharedRuntime 1.1: the pane and the functions share one runtime (<Runtime lifetime="long">);
  // - CustomFunctionsRuntime 1.3: the ErrorCode options of CustomFunctions.Error, e.g. #NUM! with a
  //   message (https://learn.microsoft.com/javascript/api/requirement-sets/excel/custom-functions-requirement-sets);
  // - ExcelApi 1.7: the most the pane's Excel.run code needs unguarded.
  it("declares exactly the requirement sets the code needs: SharedRuntime 1.1, CustomFunctionsRuntime 1.3, ExcelApi 1.7", () => {
    const requirements = all.filter((e) => e.name === "Requirements");
    assert.strictEqual(requirements.length, 1, "one <Requirements>, in the base manifest");
    assert.deepStrictEqual(requirements[0]!.parents, ["OfficeApp"]);
    const sets = all.filter((e) => e.name === "Set");
    for (const set of sets) assert.deepStrictEqual(set.parents, ["OfficeApp", "Requirements", "Sets"]);
    const defaultMin = all.find((e) => e.name === "Sets")?.attributes.DefaultMinVersion ?? "1.1";
    const declared = sets.map((e) => `${e.attributes.Name} ${e.attributes.MinVersion ?? defaultMin}`).sort();
    assert.deepStrictEqual(declared, ["CustomFunctionsRuntime 1.3", "ExcelApi 1.7", "SharedRuntime 1.1"]);
    for (const set of sets) assert.match(set.attributes.MinVersion ?? defaultMin, /^\d{1,5}\.\d{1,5}$/);
  });

  // "This element can't be empty" (https://learn.microsoft.com/javascript/api/manifest/appdomains); the
  // pane loads pages only from its own SourceLocation's domain, which needs no entry.
  it("has no empty <AppDomains>", () => {
    const lists = all.filter((e) => e.name === "AppDomains").length;
    const domains = all.filter((e) => e.name === "AppDomain" && e.parents.includes("AppDomains")).length;
    assert.ok(lists === 0 || domains > 0, "<AppDomains> lists no <AppDomain>");
  });

  it("uses a long-lived shared runtime for the pane and the functions", () => {
    assert.ok(all.some((e) => e.name === "Set" && e.attributes.Name === "SharedRuntime" && e.attributes.MinVersion === "1.1"));
    const runtime = all.find((e) => e.name === "Runtime");
    assert.strictEqual(runtime?.attributes.lifetime, "long");
    const page = all.find((e) => e.name === "SourceLocation" && e.parents.includes("Page"));
    assert.strictEqual(page?.attributes.resid, runtime?.attributes.resid);
  });

  it("opens the Placements pane from a ribbon button", () => {
    const button = all.find((e) => e.name === "Control" && e.parents.includes("OfficeTab"));
    assert.ok(button);
    const label = all.find((e) => e.name === "Label" && e.parents.includes("Control"));
    assert.strictEqual(resource(label!.attributes.resid!)?.attributes.DefaultValue, "Placements");
    assert.ok(all.some((e) => e.name === "Action" && (e.attributes["xsi:type"] ?? e.attributes.type) === "ShowTaskpane"));
  });

  it("defines every resource id it references", () => {
    const referenced = all.filter((e) => e.attributes.resid !== undefined).map((e) => e.attributes.resid!);
    assert.ok(referenced.length > 5);
    for (const id of referenced) assert.ok(resource(id), `resid "${id}" is not defined in <Resources>`);
  });

  it("uses https for every URL", () => {
    const urls = all.flatMap((e) => Object.values(e.attributes).concat(e.text)).filter((v) => /^[a-z]+:\/\//i.test(v) && !v.startsWith("http://schemas.microsoft.com/") && !v.startsWith("http://www.w3.org/"));
    assert.ok(urls.length > 5);
    for (const url of urls) assert.match(url, /^https:\/\//, `${url} is not https`);
  });

  it("points at files that npm run build emits", () => {
    const urls = [
      ...resources.filter((e) => e.name === "Url" || e.name === "Image").map((e) => e.attributes.DefaultValue!),
      ...all.filter((e) => ["IconUrl", "HighResolutionIconUrl", "SourceLocation"].includes(e.name) && e.attributes.DefaultValue).map((e) => e.attributes.DefaultValue!),
    ];
    for (const url of urls) {
      const local = url.match(/^https:\/\/localhost:3000\/([^?#]+)/);
      assert.ok(local, `${url} is not under https://localhost:3000/`);
      assert.ok(fs.existsSync(distFile(local[1]!)));
    }
    const script = resource(all.find((e) => e.name === "SourceLocation" && e.parents.includes("Script"))!.attributes.resid!);
    const metadata = resource(all.find((e) => e.name === "SourceLocation" && e.parents.includes("Metadata"))!.attributes.resid!);
    assert.match(script!.attributes.DefaultValue!, /\/functions\.js$/);
    assert.match(metadata!.attributes.DefaultValue!, /\/functions\.json$/);
  });
});
