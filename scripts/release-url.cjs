// The base URL a release is built for (`npm run build:prod -- --url https://host/path/`): checked by
// scripts/build-prod.mjs before anything is built, and again by webpack.config.js.

/** Why `url` cannot be a release's base URL, in one line; undefined when it can. */
function releaseUrlProblem(url) {
  if (url === undefined || url === "") return "give the https URL dist/ will be served from: npm run build:prod -- --url https://host/path/ (or set CEO_URL_PROD)";
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL: expected https://host/path/`;
  }
  if (parsed.protocol !== "https:") return `"${url}" is not https: Office loads add-ins only over https`;
  if (parsed.username || parsed.password) return `"${url}" carries a user name or password: give the plain https URL`;
  if (parsed.search || parsed.hash) return `"${url}" has a query or fragment: give the folder URL, e.g. https://host/path/`;
  if (!url.endsWith("/")) return `"${url}" has no trailing slash: the manifest appends file names to it, so give ${url}/`;
  if (/[&<>"']/.test(url)) return `"${url}" holds a character that manifest.xml cannot carry as is (& < > " '): choose a plainer path`;
  if (/^(localhost|127\.|\[::1\]$)/.test(parsed.hostname)) return `"${url}" is this machine: a release needs the host your users reach`;
  if (parsed.href !== url) return `"${url}" is not written the way browsers write it: use ${parsed.href}`;
  return undefined;
}

module.exports = { releaseUrlProblem };
