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
    devtool: argv.mode === "production" ? false : "source-map",
    entry: {
      functions: functionFiles,
      taskpane: "./src/taskpane/taskpane.ts",
    },
    output: {
      // CEO_DIST lets parallel checkouts or test runs build side by side.
      path: path.resolve(__dirname, process.env.CEO_DIST ?? "dist"),
      // A release names each bundle by its content, so browsers and Office may cache it for good;
      // taskpane.html, functions.json and manifest.xml keep their names.
      filename: urlProd ? "[name].[contenthash:8].js" : "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { onlyCompileBundledFiles: true } } }],
    },
    performance: { hints: false },
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
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
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
