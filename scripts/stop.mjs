// npm stop: end the https server `npm start` left running, and unload the sideloaded add-in.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pidFile = path.join(root, ".ceo-server.pid");

if (process.platform === "win32" || process.platform === "darwin") {
  spawnSync(process.platform === "win32" ? "npx.cmd" : "npx", ["office-addin-debugging", "stop", "manifest.xml", "desktop"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
}
if (!fs.existsSync(pidFile)) {
  console.log("npm stop: no server was started by npm start (no .ceo-server.pid)");
  process.exit(0);
}
const pid = Number(fs.readFileSync(pidFile, "utf8"));
try {
  process.kill(pid);
  console.log(`npm stop: ended the server (pid ${pid})`);
} catch {
  console.log(`npm stop: the server (pid ${pid}) had already ended`);
}
fs.rmSync(pidFile, { force: true });
