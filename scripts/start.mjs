// npm start: build, certificates without sudo, https on localhost:3000, then sideload
// (Windows, macOS) or print how to sideload into Excel on the web (Linux).
// Every failure is one line on stderr and exit code 1, never a stack trace.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.CEO_PORT ?? 3000);
const certDir = path.join(root, ".certs");
const pidFile = path.join(root, ".ceo-server.pid");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function portIsFree(p) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(p, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function certificates() {
  const files = { ca: path.join(certDir, "ca.crt"), cert: path.join(certDir, "localhost.crt"), key: path.join(certDir, "localhost.key") };
  if (!Object.values(files).every((f) => fs.existsSync(f))) {
    fs.mkdirSync(certDir, { recursive: true });
    try {
      const { generateCertificates } = await import("office-addin-dev-certs");
      await generateCertificates(files.ca, files.cert, files.key, 30, ["localhost", "127.0.0.1"]);
    } catch (error) {
      fail(`could not create development certificates in ${certDir}: ${error?.message ?? error}`);
    }
  }
  return files;
}

if (!(await portIsFree(port))) fail(`port ${port} is busy: run \`npm stop\`, or end whatever listens on ${port}`);

console.log("Building dist/ ...");
const build = spawnSync(npx, ["webpack", "--mode", "development"], { cwd: root, encoding: "utf8", shell: process.platform === "win32" });
if (build.status !== 0) {
  const firstError = (build.stdout + build.stderr).split("\n").find((l) => /error/i.test(l)) ?? "see `npm run build:dev`";
  fail(`the build failed: ${firstError.trim()}`);
}
if (!fs.existsSync(path.join(root, "dist", "functions.js"))) fail("the build wrote no dist/functions.js: run `npm run build:dev` to see why");

const certs = await certificates();
const server = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), String(port), certs.cert, certs.key], {
  cwd: root,
  detached: true,
  stdio: ["ignore", "ignore", fs.openSync(path.join(root, "server.log"), "a")],
});
server.unref();
fs.writeFileSync(pidFile, String(server.pid));

// Wait until the server answers (or reports why it could not start).
for (let i = 0; i < 50 && (await portIsFree(port)); i++) await new Promise((r) => setTimeout(r, 100));
if (await portIsFree(port)) fail(`the https server did not start on port ${port}: see server.log`);
console.log(`Serving dist/ at https://localhost:${port}/ (pid ${server.pid}; \`npm stop\` ends it)`);

if (process.platform === "win32" || process.platform === "darwin") {
  const sideload = spawnSync(npx, ["office-addin-debugging", "start", "manifest.xml", "desktop", "--app", "excel", "--dev-server-port", String(port), "--no-debug"], {
    cwd: root,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (sideload.status !== 0) fail("sideloading into Excel failed; follow README, 'Sideload by hand'");
} else {
  console.log(`
Excel desktop does not run on Linux: sideload into Excel on the web.
  1. Trust the development certificate once: open https://localhost:${port}/taskpane.html in
     this browser and accept it, or import ${path.relative(root, certs.ca)} as a trusted authority.
  2. Open a workbook at https://www.office.com (Excel on the web).
  3. Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in, and choose
     ${path.join(root, "manifest.xml")}
  4. Type =CEO.FEE(25000000) in a cell (900000), or open Home > CEO > Placements.`);
}
