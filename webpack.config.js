/* eslint-disable no-undef */
const fs = require("fs");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const webpack = require("webpack");
const { version } = require("./package.json");
const { releaseUrlProblem } = require("./scripts/release-url.cjs");

// The Office templates' convention: manifest.xml is written for the dev server (urlDev); a release
// build copies it into dist/ with every urlDev replaced by urlProd. `npm run build:prod -- --url`
// (scripts/build-prod.mjs) checks the URL and passes it here as `--env urlProd=...`.
const urlDev = "https://localhost:3000/";
// X.Y.Z from package.json is the manifest's X.Y.Z.0 (`npm version` keeps manifest.xml in step too).
const manifestVersion = `${version}.0`;

// Every wrapper file in src/functions is one entry module of functions.js; the metadata plugin
// reads their JSDoc into functions.json and appends the CustomFunctions.associate calls.
const functionFiles = fs
  .readdirSync(path.resolve(__dirname, "src/functions"))
  .filter((name) => name.endsWith(".ts"))
  .sort()
  .map((name) => `./src/functions/${name}`);

// office.js. Microsoft supports only its CDN copy: the npm package's README says the package "is no
// longer officially supported" and that add-ins should reference the CDN, and "Office Add-ins
// published to AppSource must use the CDN reference"
// (https://www.npmjs.com/package/@microsoft/office-js; the Excel requirement-set table asks for the
// CDN's production library too: https://learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-requirement-sets).
// So a release (`build:prod`) references the CDN, unless built with --bundle-office-js for a firm that
// blocks it. The dev server and the tests serve the pinned npm copy: they run offline.
const officeJsCdn = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
// The pinned copy: office.js loads its host files (excel-*.js, locale strings) from beside itself, so
// copy those for Excel, not the debug builds, the type declarations nor other hosts' files.
const officeJs = path.resolve(__dirname, "node_modules/@microsoft/office-js/dist");
const otherHosts = /^(access|onenote|outlook|powerpoint|project|visio|word)/;

module.exports = (env, argv) => {
  const urlProd = env.urlProd;
  if (urlProd !== undefined && releaseUrlProblem(urlProd)) throw new Error(releaseUrlProblem(urlProd));
  const fromCdn = urlProd !== undefined && !env.bundleOfficeJs;
  return {
    // CEO_MAPS=1 keeps source maps in a production build, to see what each bundle is made of (bench/README.md).
    devtool: argv.mode === "production" && !process.env.CEO_MAPS ? false : "source-map",
    entry: {
      functions: functionFiles,
      // One copy of the core in the pane. In the shared runtime Excel opens taskpane.html (manifest.xml:
      // <Runtime resid="Taskpane.Url">, and the custom functions' <Page> and the <FunctionFile> name the
      // same page), and that page loads functions.js itself: "The taskpane.html will load the
      // functions.js and commands.js code into the shared runtime"
      // (https://learn.microsoft.com/office/dev/add-ins/develop/configure-your-add-in-to-use-a-shared-runtime).
      // So taskpane.js takes every module functions.js holds (decimal.js, src/core, the wrappers) from
      // it (dependOn) instead of bundling a copy; taskpane.html loads functions.js first. functions.js
      // stays whole on its own: the manifest's <Script> still names it as "the JavaScript file used by
      // custom functions" (https://learn.microsoft.com/javascript/api/manifest/script), and the tests
      // evaluate it alone (test/support/bundle.ts).
      taskpane: { import: "./src/taskpane/taskpane.ts", dependOn: "functions" },
    },
    output: {
      // CEO_DIST lets parallel checkouts or test runs build side by side.
      path: path.resolve(__dirname, process.env.CEO_DIST ?? "dist"),
      // A release names each bundle by its content, so browsers and Office may cache it for good;
      // taskpane.html, functions.json and manifest.xml keep their names.
      filename: urlProd ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: urlProd ? "[name].[contenthash:8].js" : "[name].js",
      // Chunks are fetched beside the page that asks (taskpane.html). Not "auto": that reads
      // document.currentScript when functions.js starts, and a functions.js evaluated without a
      // document (Node's vm in the tests, a JavaScript-only custom-functions runtime) would throw.
      publicPath: "",
      // The chunks' registry on globalThis, not self: functions.js must also start where there is no self.
      globalObject: "globalThis",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { onlyCompileBundledFiles: true } } }],
    },
    performance: { hints: false },
    // The pane's command code in chunks fetched on first use (the import() calls in taskpane.ts,
    // shareUi.ts, termsUi.ts, termsApply.ts and compliance/ui.ts via chunks.ts); the import's modules
    // (core/gross.ts and core/address.ts with them), which Reconcile, Prepare for sharing and Check
    // compliance use too, in the one "import" chunk rather than copied into each or split into chunks
    // with numbered names; the native-formula builders likewise in "formulas".
    optimization: {
      splitChunks: {
        cacheGroups: {
          import: { chunks: "async", test: /[\\/](src[\\/]taskpane[\\/](import|excel)[\\/]|src[\\/]core[\\/](gross|address)\.ts$|node_modules[\\/]papaparse[\\/])/, name: "import", enforce: true },
          // The native-formula builders and their tokenizer, which the import (formulaOf) and Prepare for sharing both use.
          formulas: { chunks: "async", test: /[\\/](src[\\/]core[\\/]([A-Za-z0-9]+\.formula|formulas|formulaText|rangeFormula)\.ts|src[\\/]taskpane[\\/]share[\\/]share\.ts)$/, name: "formulas", enforce: true },
        },
      },
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: functionFiles }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
        // taskpane.html's <script src> for office.js and its CSP's script-src: the CDN's origin is the
        // only one a release may load from, and only with the CDN.
        templateParameters: {
          officeJs: fromCdn ? officeJsCdn : "office/office.js",
          scriptSrc: fromCdn ? `'self' ${new URL(officeJsCdn).origin}` : "'self'",
        },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "[path][name][ext]" },
          { from: "examples/*.csv", to: "[path][name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => {
              const xml = content.toString().replace(/<Version>[^<]*<\/Version>/, `<Version>${manifestVersion}</Version>`);
              return urlProd ? xml.replaceAll(urlDev, urlProd) : xml;
            },
          },
          // Fluent's light theme as CSS custom properties in the stylesheet, written at build time from
          // @fluentui/tokens: what setTheme(webLightTheme) would write into an adopted stylesheet at
          // run time, without shipping the 459 tokens (about 20 KiB) as JavaScript.
          { from: "src/taskpane/taskpane.css", to: "taskpane.css", transform: (content) => `${fluentLightTheme()}\n${content}` },
          ...(fromCdn
            ? []
            : [
                {
                  from: officeJs,
                  to: "office",
                  info: { minimized: true },
                  filter: (file) => {
                    const rel = path.relative(officeJs, file);
                    return !rel.endsWith(".debug.js") && !rel.endsWith(".d.ts") && !otherHosts.test(rel) && !rel.endsWith("office-vsdoc.js");
                  },
                },
              ]),
        ],
      }),
      ...(urlProd ? [new HashedFunctionsScript(urlProd)] : []),
    ],
  };
};

/** `html { --token: value; ... }` for every token of Fluent's web light theme (the names and values setTheme writes). */
function fluentLightTheme() {
  const { webLightTheme } = require("@fluentui/tokens");
  const tokens = Object.entries(webLightTheme).map(([name, value]) => {
    if (!/^[a-zA-Z_-][a-zA-Z0-9_-]*$/.test(name) || /[;{}]|\/\*|\*\/|@import|url\s*\(|expression\s*\(|javascript:/i.test(String(value))) throw new Error(`Fluent token ${name}: ${value} is not a plain CSS value`);
    return `--${name}:${value};`;
  });
  return `/* Fluent 2 web light theme (@fluentui/tokens webLightTheme), written by webpack.config.js. */\nhtml{${tokens.join("")}}`;
}

// In a release the manifest's functions script is the content-hashed bundle. Its final name is known
// only once webpack has hashed the minified output, so the copied manifest is patched last.
class HashedFunctionsScript {
  constructor(urlProd) {
    this.urlProd = urlProd;
  }
  apply(compiler) {
    const urlProd = this.urlProd;
    compiler.hooks.thisCompilation.tap("HashedFunctionsScript", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "HashedFunctionsScript", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const script = compilation.entrypoints.get("functions").getFiles().find((file) => file.endsWith(".js"));
        const stable = `${urlProd}functions.js"`;
        const xml = compilation.getAsset("manifest.xml").source.source().toString();
        if (!xml.includes(stable)) compilation.errors.push(new webpack.WebpackError(`manifest.xml names no ${urlProd}functions.js to point at ${script}`));
        compilation.updateAsset("manifest.xml", new webpack.sources.RawSource(xml.replaceAll(stable, `${urlProd}${script}"`)));
      });
    });
  }
}
