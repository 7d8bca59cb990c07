// The extension's own logic (out/logic.js, compiled from src/logic.ts), without an editor:
// finding the server binary, turning VS Code settings into the server's configuration, and the
// status bar's text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { findServer, settingsToServerConfig, statusFor, SERVER_SETTINGS } = require("../out/logic.js");

const files = (...present) => (f) => present.includes(f);

test("the server is found on PATH, the first match winning", () => {
  const r = findServer({ pathEnv: "/opt/bin::/usr/local/bin:/usr/bin", platform: "linux",
    isExecutable: files("/usr/local/bin/glossary-ls", "/usr/bin/glossary-ls") });
  assert.deepEqual(r, { path: "/usr/local/bin/glossary-ls" });
});

test("a missing server is a message that says what to do", () => {
  const r = findServer({ pathEnv: "/usr/bin", platform: "linux", isExecutable: files() });
  assert.match(r.error, /not found on PATH/);
  assert.match(r.error, /glossary\.server\.path/);
  assert.match(findServer({ platform: "linux", isExecutable: files() }).error, /not found/);
});

test("glossary.server.path wins over PATH and is expanded", () => {
  const lookup = { pathEnv: "/usr/bin", platform: "linux", home: "/home/kari",
    workspaceFolder: "/work/glossary",
    isExecutable: files("/usr/bin/glossary-ls", "/home/kari/bin/glossary-ls",
      "/work/glossary/build/glossary-ls", "/usr/bin/glossary-ls-dev", "/opt/g") };
  assert.deepEqual(findServer({ ...lookup, configured: "/opt/g" }), { path: "/opt/g" });
  assert.deepEqual(findServer({ ...lookup, configured: " ~/bin/glossary-ls " }), { path: "/home/kari/bin/glossary-ls" });
  assert.deepEqual(findServer({ ...lookup, configured: "${workspaceFolder}/build/glossary-ls" }),
    { path: "/work/glossary/build/glossary-ls" });
  assert.deepEqual(findServer({ ...lookup, configured: "build/glossary-ls" }),
    { path: "/work/glossary/build/glossary-ls" });
  assert.deepEqual(findServer({ ...lookup, configured: "glossary-ls-dev" }), { path: "/usr/bin/glossary-ls-dev" });
  assert.deepEqual(findServer({ ...lookup, configured: "" }), { path: "/usr/bin/glossary-ls" });
});

test("a wrong glossary.server.path is reported, not replaced by PATH", () => {
  const lookup = { pathEnv: "/usr/bin", platform: "linux", isExecutable: files("/usr/bin/glossary-ls") };
  const r = findServer({ ...lookup, configured: "/nowhere/glossary-ls" });
  assert.match(r.error, /"\/nowhere\/glossary-ls", but \/nowhere\/glossary-ls is not an executable file/);
  assert.match(findServer({ ...lookup, configured: "nosuch" }).error, /not a program on PATH/);
  assert.match(findServer({ ...lookup, configured: "rel/glossary-ls" }).error, /no folder is open/);
});

test("on Windows PATH is split on ';' and .exe is tried", () => {
  const r = findServer({ pathEnv: "C:\\tools;C:\\bin", platform: "win32",
    isExecutable: files("C:\\bin\\glossary-ls.exe") });
  assert.deepEqual(r, { path: "C:\\bin\\glossary-ls.exe" });
});

const inspector = (table) => (setting) => table[setting] ?? { defaultValue: undefined };

test("only settings the user set reach the server, under the server's names", () => {
  const config = settingsToServerConfig(inspector({
    "severity": { defaultValue: {} },
    "highlights.minItems": { defaultValue: 1 },
    "highlights.required": { defaultValue: true },
    "debounce": { defaultValue: 100 },
    "highlights.headings": { defaultValue: null },
  }));
  assert.deepEqual(config, {}); // defaults never override .glossary.yaml
  const set = settingsToServerConfig(inspector({
    "highlights.minItems": { defaultValue: 1, globalValue: 2 },
    "highlights.headings": { defaultValue: null, workspaceValue: ["Høydepunkter", "Key Takeaways"] },
    "debounce": { defaultValue: 100, globalValue: 0 },
  }));
  assert.deepEqual(set, { highlights: { min_items: 2, headings: ["Høydepunkter", "Key Takeaways"] }, debounce: 0 });
});

test("a narrower scope wins; severities merge code by code", () => {
  const config = settingsToServerConfig(inspector({
    "severity": { defaultValue: {}, globalValue: { "link.broken": "warning", "link.self": "off" },
      workspaceValue: { "link.self": "info" }, workspaceFolderValue: { "list.dash-bullet": "off" } },
    "highlights.required": { defaultValue: true, globalValue: true, workspaceValue: false },
  }));
  assert.deepEqual(config, {
    severity: { "link.broken": "warning", "link.self": "info", "list.dash-bullet": "off" },
    highlights: { required: false },
  });
});

test("every mapped setting is a server key", () => {
  const known = ["severity", "highlights", "debounce"];
  for (const { server } of SERVER_SETTINGS) assert.ok(known.includes(server[0]), server.join("."));
});

test("the status bar names the state and the indexing progress", () => {
  assert.match(statusFor({ kind: "running" }).text, /Glossary/);
  const s = statusFor({ kind: "indexing", title: "Indexing glossary", message: "7,500 of 15,000 articles", percentage: 49.6 });
  assert.equal(s.text, "$(sync~spin) Glossary 50%");
  assert.equal(s.tooltip, "Indexing glossary: 7,500 of 15,000 articles");
  assert.equal(statusFor({ kind: "missing", error: "not found" }).tooltip, "not found");
  assert.match(statusFor({ kind: "stopped" }).tooltip, /Restart Server/);
});
