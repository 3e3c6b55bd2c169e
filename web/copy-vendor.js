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
  // the fCoSE force layout (seeded from the previous positions: a stable picture) and its two bases
  ["layout-base", "layout-base.js", "layout-base.js"],
  ["layout-base", "LICENSE", "layout-base.LICENSE.txt"],
  ["cose-base", "cose-base.js", "cose-base.js"],
  ["cose-base", "LICENSE", "cose-base.LICENSE.txt"],
  ["cytoscape-fcose", "cytoscape-fcose.js", "cytoscape-fcose.js"],
  ["cytoscape-fcose", "LICENSE", "cytoscape-fcose.LICENSE.txt"],
  // the geographic view: Leaflet with country outlines from Natural Earth (no tile server)
  ["leaflet", "dist/leaflet.js", "leaflet.js"],
  ["leaflet", "dist/leaflet.css", "leaflet.css"],
  ["leaflet", "LICENSE", "leaflet.LICENSE.txt"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client", "LICENSE", "topojson-client.LICENSE.txt"],
  ["world-atlas", "countries-50m.json", "countries-50m.json"],
  ["world-atlas", "LICENSE", "world-atlas.LICENSE.txt"],
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
