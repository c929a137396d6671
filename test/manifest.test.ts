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
