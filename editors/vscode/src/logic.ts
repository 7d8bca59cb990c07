// logic.ts — what the extension decides, as plain functions that need no editor (and are tested
// under node's test runner): where the server binary is, which settings reach the server and how
// they are named there, and what the status bar says. It must never import "vscode".
import * as path from "node:path";

/** Where to look for the server. `isExecutable` answers for an absolute path. */
export interface ServerLookup {
  /** The glossary.server.path setting ("" or undefined when unset). */
  configured?: string;
  /** The PATH environment variable. */
  pathEnv?: string;
  /** process.platform: decides the PATH separator and Windows' executable suffixes. */
  platform: string;
  /** The user's home folder, for a setting starting with "~/". */
  home?: string;
  /** The first workspace folder, for relative settings and ${workspaceFolder}. */
  workspaceFolder?: string;
  isExecutable(file: string): boolean;
}

/** The server found (an absolute path), or a message for the user saying what to do. */
export type ServerFound = { path: string } | { error: string };

const INSTALL_HINT =
  "Build it (see the glossary-ls README: meson setup build && meson compile -C build) " +
  "and put it on PATH, or set glossary.server.path to the binary.";

function searchPath(names: string[], lookup: ServerLookup): string | undefined {
  const p = lookup.platform === "win32" ? path.win32 : path.posix;
  for (const dir of (lookup.pathEnv ?? "").split(p.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = p.join(dir, name);
      if (lookup.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Finds the glossary-ls binary: the glossary.server.path setting when set (~ and
 *  ${workspaceFolder} expanded, relative paths taken from the workspace folder, a bare name looked
 *  up on PATH), else "glossary-ls" on PATH. Never throws. */
export function findServer(lookup: ServerLookup): ServerFound {
  const p = lookup.platform === "win32" ? path.win32 : path.posix;
  const windowsNames = (base: string) =>
    lookup.platform === "win32" && !/\.(exe|cmd|bat)$/i.test(base)
      ? [base + ".exe", base + ".cmd", base]
      : [base];
  const configured = (lookup.configured ?? "").trim();
  if (!configured) {
    const found = searchPath(windowsNames("glossary-ls"), lookup);
    return found
      ? { path: found }
      : { error: "The glossary-ls language server was not found on PATH. " + INSTALL_HINT };
  }
  let file = configured;
  if (lookup.workspaceFolder) file = file.split("${workspaceFolder}").join(lookup.workspaceFolder);
  if (lookup.home && (file === "~" || file.startsWith("~/"))) file = lookup.home + file.slice(1);
  if (!file.includes("/") && !(lookup.platform === "win32" && file.includes("\\"))) {
    const found = searchPath(windowsNames(file), lookup);
    return found
      ? { path: found }
      : { error: `glossary.server.path is "${configured}", which is not a program on PATH. ` + INSTALL_HINT };
  }
  if (!p.isAbsolute(file)) {
    if (!lookup.workspaceFolder)
      return { error: `glossary.server.path is the relative path "${configured}", but no folder is open. Set an absolute path.` };
    file = p.resolve(lookup.workspaceFolder, file);
  }
  return lookup.isExecutable(file)
    ? { path: file }
    : { error: `glossary.server.path is "${configured}", but ${file} is not an executable file. ` + INSTALL_HINT };
}

/** A setting as VS Code's WorkspaceConfiguration.inspect() reports it. */
export interface Inspected {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The extension's settings (under "glossary.") and the server's name for each (the keys of
 *  .glossary.yaml). glossary.server.path and glossary.trace.server stay in the client. */
export const SERVER_SETTINGS: ReadonlyArray<{ setting: string; server: readonly string[] }> = [
  { setting: "severity", server: ["severity"] },
  { setting: "highlights.headings", server: ["highlights", "headings"] },
  { setting: "highlights.minItems", server: ["highlights", "min_items"] },
  { setting: "highlights.required", server: ["highlights", "required"] },
  { setting: "debounce", server: ["debounce"] },
];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The server's `glossary` configuration: only the settings the user has set (in user, workspace
 *  or folder settings; a narrower scope wins, objects such as severity merge key by key), so that
 *  VS Code's defaults never override the glossary's own .glossary.yaml. `inspect` is called with
 *  each setting name without the "glossary." prefix. Returns a new object. */
export function settingsToServerConfig(inspect: (setting: string) => Inspected | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { setting, server } of SERVER_SETTINGS) {
    const i = inspect(setting);
    if (!i) continue;
    let value: unknown = undefined;
    for (const scoped of [i.globalValue, i.workspaceValue, i.workspaceFolderValue]) {
      if (scoped === undefined || scoped === null) continue;
      value = isPlainObject(scoped) && isPlainObject(value) ? { ...value, ...scoped } : scoped;
    }
    if (value === undefined) continue;
    let at = out;
    for (const key of server.slice(0, -1)) {
      if (!isPlainObject(at[key])) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    at[server[server.length - 1]] = value;
  }
  return out;
}

/** What the client is doing, for the status bar. */
export type ServerState =
  | { kind: "starting" }
  | { kind: "running" }
  | { kind: "indexing"; title?: string; message?: string; percentage?: number }
  | { kind: "stopped" }
  | { kind: "missing"; error: string };

/** The status bar item's text (with a codicon) and tooltip for a state. */
export function statusFor(state: ServerState): { text: string; tooltip: string } {
  switch (state.kind) {
    case "starting":
      return { text: "$(sync~spin) Glossary", tooltip: "glossary-ls is starting" };
    case "running":
      return { text: "$(book) Glossary", tooltip: "glossary-ls is running. Click for its output." };
    case "indexing": {
      const pct = typeof state.percentage === "number" ? ` ${Math.round(state.percentage)}%` : "";
      const what = [state.title ?? "Indexing", state.message].filter(Boolean).join(": ");
      return { text: `$(sync~spin) Glossary${pct}`, tooltip: what };
    }
    case "stopped":
      return { text: "$(debug-stop) Glossary", tooltip: "glossary-ls has stopped. Run 'Glossary: Restart Server'." };
    case "missing":
      return { text: "$(warning) Glossary", tooltip: state.error };
  }
}
