// The packaged extension (the .vsix that `npm run package` made; $VSIX, else glossary-ls.vsix):
// its manifest activates on Markdown and on glossaries, its settings mirror the server's
// configuration (schema/glossary-config.schema.json), its entry point and every module the entry
// point needs are inside the package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import yauzl from "yauzl";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(here, "..", "..");
const vsix = process.env.VSIX || join(here, "glossary-ls.vsix");

function readZip(file) {
  return new Promise((resolve, reject) => {
    const entries = new Map();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on("entry", (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on("data", (c) => chunks.push(c));
          stream.on("end", () => { entries.set(entry.fileName, Buffer.concat(chunks)); zip.readEntry(); });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

const entries = await readZip(vsix);
const manifest = JSON.parse(entries.get("extension/package.json").toString("utf8"));
const configSchema = JSON.parse(readFileSync(join(root, "schema", "glossary-config.schema.json"), "utf8"));
const settings = manifest.contributes.configuration.properties;

test("the package is a VS Code extension package", () => {
  assert.ok(entries.has("extension.vsixmanifest"));
  assert.ok(entries.has("[Content_Types].xml"));
  assert.ok(entries.has("extension/LICENSE.txt") || entries.has("extension/LICENSE"));
  assert.match(entries.get("extension.vsixmanifest").toString(), /Id="glossary-ls"/);
});

test("it activates on Markdown and in workspaces with a .glossary.yaml", () => {
  assert.deepEqual(manifest.activationEvents.sort(),
    ["onLanguage:markdown", "workspaceContains:**/.glossary.yaml"]);
});

test("its version is the server's", () => {
  const meson = readFileSync(join(root, "meson.build"), "utf8");
  assert.equal(manifest.version, meson.match(/version\s*:\s*'([^']+)'/)[1]);
});

test("the entry point and every module it needs are packaged", () => {
  const main = posix.normalize(posix.join("extension", manifest.main));
  const file = main.endsWith(".js") ? main : main + ".js";
  assert.ok(entries.has(file), `${file} is not in the package`);
  const seen = new Set();
  const visit = (js) => {
    if (seen.has(js)) return;
    seen.add(js);
    const source = entries.get(js).toString("utf8");
    for (const [, spec] of source.matchAll(/require\("([^"]+)"\)/g)) {
      if (spec === "vscode" || builtinModules.includes(spec.replace(/^node:/, ""))) continue;
      if (spec.startsWith(".")) {
        const target = posix.normalize(posix.join(posix.dirname(js), spec));
        const found = [target, target + ".js", target + "/index.js"].find((f) => entries.has(f));
        assert.ok(found, `${js} requires ${spec}, which is not packaged`);
        if (js.startsWith("extension/out/")) visit(found);
      } else {
        const pkg = spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/");
        assert.ok(entries.has(`extension/node_modules/${pkg}/package.json`), `${js} needs ${pkg}, which is not packaged`);
        const sub = spec.slice(pkg.length);
        if (sub) assert.ok(entries.has(`extension/node_modules/${pkg}${sub}.js`), `${spec} is not packaged`);
      }
    }
  };
  visit(file);
  assert.ok(seen.has("extension/out/logic.js"));
});

test("the commands are contributed", () => {
  const commands = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(commands, ["glossary.restartServer", "glossary.showOutput"]);
});

test("the settings mirror the server's configuration", () => {
  const server = configSchema.properties;
  assert.deepEqual(Object.keys(settings["glossary.severity"].properties).sort(),
    Object.keys(server.severity.properties).sort(), "severity codes differ from the server's");
  for (const [code, s] of Object.entries(settings["glossary.severity"].properties))
    assert.deepEqual(s.enum, server.severity.properties[code].enum, code);
  assert.equal(settings["glossary.highlights.minItems"].default, server.highlights.properties.min_items.default);
  assert.equal(settings["glossary.highlights.minItems"].maximum, server.highlights.properties.min_items.maximum);
  assert.equal(settings["glossary.highlights.required"].default, server.highlights.properties.required.default);
  assert.equal(settings["glossary.debounce"].default, server.debounce.default);
  assert.equal(settings["glossary.debounce"].maximum, server.debounce.maximum);
  assert.deepEqual(settings["glossary.trace.server"].enum, ["off", "messages", "verbose"]);
  assert.equal(settings["glossary.server.path"].type, "string");
});

test("every setting the extension sends to the server is contributed", async () => {
  const { createRequire } = await import("node:module");
  const { SERVER_SETTINGS } = createRequire(import.meta.url)("../out/logic.js");
  for (const { setting } of SERVER_SETTINGS)
    assert.ok(settings["glossary." + setting], `glossary.${setting} is not contributed`);
});

test("the .glossary.yaml schema is contributed for the YAML extension", () => {
  const [entry] = manifest.contributes.yamlValidation;
  assert.equal(entry.fileMatch, ".glossary.yaml");
  const packaged = posix.normalize(posix.join("extension", entry.url));
  assert.ok(entries.has(packaged), `${packaged} is not packaged`);
  assert.deepEqual(JSON.parse(entries.get(packaged).toString("utf8")), configSchema);
});

test("the engine matches the API the extension was compiled against", () => {
  const types = JSON.parse(readFileSync(join(here, "node_modules", "@types", "vscode", "package.json"), "utf8"));
  assert.equal(manifest.engines.vscode, "^" + types.version);
});
