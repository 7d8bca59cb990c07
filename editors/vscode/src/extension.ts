// extension.ts — the VS Code side of glossary-ls: starts the server over stdio for Markdown files
// with vscode-languageclient, answers its workspace/configuration requests with the settings the
// user has set, offers the restart and show-output commands, and shows the server's state and
// indexing progress in the status bar. Decisions live in logic.ts; this file only wires them to
// VS Code. It must never analyse documents itself.
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { findServer, settingsToServerConfig, ServerState, statusFor } from "./logic";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function show(state: ServerState): void {
  const { text, tooltip } = statusFor(state);
  status.text = text;
  status.tooltip = tooltip;
  status.show();
}

/** The `glossary` settings for the server, for a resource's scope (or the workspace's). */
function serverConfig(scope?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("glossary", scope);
  return settingsToServerConfig((setting) => config.inspect(setting));
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("glossary");
  const found = findServer({
    configured: config.get<string>("server.path"),
    pathEnv: process.env.PATH,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable,
  });
  if ("error" in found) {
    output.appendLine(found.error);
    show({ kind: "missing", error: found.error });
    const choice = await vscode.window.showErrorMessage(found.error, "Open Settings");
    if (choice === "Open Settings")
      await vscode.commands.executeCommand("workbench.action.openSettings", "glossary.server.path");
    return;
  }
  output.appendLine(`Starting ${found.path}`);
  const serverOptions: ServerOptions = { command: found.path, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    outputChannel: output,
    initializationOptions: serverConfig(),
    middleware: {
      workspace: {
        configuration: (params, token, next) => {
          const answers = next(params, token);
          const ours = (items: unknown[]) =>
            params.items.map((item, k) =>
              item.section === "glossary"
                ? serverConfig(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
                : items[k]);
          return answers instanceof Promise ? answers.then((a) => (Array.isArray(a) ? ours(a) : a)) :
            Array.isArray(answers) ? ours(answers) : answers;
        },
      },
      handleWorkDoneProgress: (token, params, next) => {
        if (params.kind === "begin")
          show({ kind: "indexing", title: params.title, message: params.message, percentage: params.percentage });
        else if (params.kind === "report")
          show({ kind: "indexing", message: params.message, percentage: params.percentage });
        else
          show({ kind: "running" });
        next(token, params);
      },
    },
  };
  client = new LanguageClient("glossary", "Glossary", serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Starting) show({ kind: "starting" });
    else if (e.newState === State.Running) show({ kind: "running" });
    else show({ kind: "stopped" });
  });
  show({ kind: "starting" });
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`glossary-ls did not start: ${String(err)}`);
    show({ kind: "stopped" });
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Glossary");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  status.name = "Glossary";
  status.command = "glossary.showOutput";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("glossary.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.commands.registerCommand("glossary.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("glossary.server.path")) {
        await stop();
        await start();
      } else if (e.affectsConfiguration("glossary") && client?.isRunning()) {
        // the server asks for the settings again through workspace/configuration
        await client.sendNotification("workspace/didChangeConfiguration", { settings: null });
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
