/* eslint-disable no-undef */
const fs = require("fs");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

// Every wrapper file in src/functions is one entry module of functions.js; the metadata plugin
// reads their JSDoc into functions.json and appends the CustomFunctions.associate calls.
const functionFiles = fs
  .readdirSync(path.resolve(__dirname, "src/functions"))
  .filter((name) => name.endsWith(".ts"))
  .sort()
  .map((name) => `./src/functions/${name}`);

// office.js loads its host files (excel-*.js, locale strings) from beside itself: copy those
// for Excel, not the debug builds nor other hosts' files.
const officeJs = path.resolve(__dirname, "node_modules/@microsoft/office-js/dist");
const otherHosts = /^(access|onenote|outlook|powerpoint|project|visio|word)/;

module.exports = (env, argv) => ({
  devtool: argv.mode === "production" ? false : "source-map",
  entry: {
    functions: functionFiles,
    taskpane: "./src/taskpane/taskpane.ts",
  },
  output: {
    // CEO_DIST lets parallel checkouts or test runs build side by side.
    path: path.resolve(__dirname, process.env.CEO_DIST ?? "dist"),
    filename: "[name].js",
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
    }),
    new CopyWebpackPlugin({
      patterns: [
        { from: "assets/*.png", to: "[path][name][ext]" },
        { from: "examples/*.csv", to: "[path][name][ext]" },
        { from: "manifest.xml", to: "manifest.xml" },
        { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
        {
          from: officeJs,
          to: "office",
          info: { minimized: true },
          filter: (file) => {
            const rel = path.relative(officeJs, file);
            return !rel.endsWith(".debug.js") && !otherHosts.test(rel) && !rel.endsWith("office-vsdoc.js");
          },
        },
      ],
    }),
  ],
});
