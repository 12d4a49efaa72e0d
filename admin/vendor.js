// Copies the CMS's bundle from node_modules into vendor/, where the build
// takes it (plugins/editor): `npm ci && npm run vendor` after changing the
// version of decap-cms in package.json. make html and make publish then need
// no node. vendor/decap-cms.json records what was copied, which the tests
// compare with package.json and package-lock.json.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const NAME = "decap-cms";
const FILES = ["decap-cms.js", "decap-cms.js.LICENSE.txt"];
const source = path.dirname(require.resolve(`${NAME}/package.json`));
const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
const target = path.join(__dirname, "vendor");
fs.mkdirSync(target, { recursive: true });
const files = {};
for (const name of FILES) {
  const data = fs.readFileSync(path.join(source, "dist", name));
  fs.writeFileSync(path.join(target, name), data);
  files[name] = crypto.createHash("sha256").update(data).digest("hex");
}
const record = {
  package: NAME,
  version: manifest.version,
  license: manifest.license,
  homepage: manifest.homepage,
  source: `the npm package ${NAME}@${manifest.version}, dist/`,
  files,
};
fs.writeFileSync(path.join(target, `${NAME}.json`), JSON.stringify(record, null, 2) + "\n");
console.log(`vendor/: ${NAME} ${manifest.version} (${manifest.license})`);
