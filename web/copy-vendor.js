// Copy the front-end libraries from node_modules into the package's static
// folder, so the app serves them itself and the page works offline.
// Run after `npm ci` (scripts/build-web.sh does both).
"use strict";
const fs = require("fs");
const path = require("path");

const here = __dirname;
const dest = path.resolve(here, "..", "src", "factionmap", "web", "static", "vendor");

// [package, file inside the package, name in vendor/]
const FILES = [
  ["cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"],
  ["cytoscape", "LICENSE", "cytoscape.LICENSE.txt"],
];

fs.mkdirSync(dest, { recursive: true });
const manifest = {};
for (const [pkg, file, name] of FILES) {
  const pkgDir = path.join(here, "node_modules", pkg);
  const src = path.join(pkgDir, file);
  if (!fs.existsSync(src)) {
    console.error(`error: ${src} is missing; run \`npm ci\` in ${here} first`);
    process.exit(1);
  }
  fs.copyFileSync(src, path.join(dest, name));
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;
  manifest[name] = `${pkg}@${version}/${file}`;
}
fs.writeFileSync(path.join(dest, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`copied ${FILES.length} files into ${path.relative(process.cwd(), dest) || dest}`);
