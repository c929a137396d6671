// The https server `npm start` runs in the background: node scripts/serve.mjs <port> <cert> <key>
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { staticHandler } = createRequire(import.meta.url)("./static-server.cjs");
const [port, cert, key] = process.argv.slice(2);

const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, staticHandler(path.join(root, "dist")));
server.on("error", (error) => {
  console.error(`serve: ${error.message}`);
  process.exit(1);
});
server.listen(Number(port), "localhost");
