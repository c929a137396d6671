/* npm run bench: runs every bench/*.bench.ts in turn (each prints its own figures). */
import fs from "fs";
import path from "path";

const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts")).sort();
(async () => {
  for (const file of files) {
    console.log(`# ${file}`);
    await import(path.join(__dirname, file));
  }
})();
