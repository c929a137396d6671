/*
 * LibreOffice headless, for tests that recalculate an .xlsx of native formulas: where soffice is,
 * and a private profile that recalculates every formula on load (LibreOffice keeps an .xlsx's
 * cached values by default; TOOLCHAIN.md).
 */
import fs from "fs";
import path from "path";

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
