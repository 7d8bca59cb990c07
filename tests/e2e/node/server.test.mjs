// End-to-end: the real glossary-ls driven by Microsoft's LSP client library
// (vscode-languageserver-protocol / vscode-jsonrpc), a client nobody on this project wrote.
// Environment: GLOSSARY_LS (the server binary) and SAMPLE (tests/sample), set by meson.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification, PublishDiagnosticsNotification,
  DocumentDiagnosticRequest, WorkspaceDiagnosticRequest, FileChangeType,
} from 'vscode-languageserver-protocol/node.js';

const BIN = process.env.GLOSSARY_LS;
const SAMPLE = process.env.SAMPLE;

/** Starts the server on a copy of the sample glossary; returns helpers to drive it. */
async function start(capabilities) {
  const root = mkdtempSync(join(tmpdir(), 'glossary-e2e-'));
  cpSync(SAMPLE, root, { recursive: true });
  const child = spawn(BIN, ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout),
                                        new StreamMessageWriter(child.stdin));
  const published = [];
  const waiters = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.listen();
  const rootUri = pathToFileURL(root).href;
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri, capabilities,
    workspaceFolders: [{ uri: rootUri, name: 'sample' }],
  });
  await conn.sendNotification(InitializedNotification.type, {});
  /** Waits for a publishDiagnostics for uri satisfying pred. */
  async function diagnosticsFor(uri, pred = () => true, ms = 10000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = published.filter((p) => p.uri === uri && pred(p)).pop();
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri}`);
      await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
    }
  }
  async function stop() {
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    const code = await exited;
    conn.dispose();
    rmSync(root, { recursive: true, force: true });
    return code;
  }
  return { conn, root, rootUri, init, diagnosticsFor, stop };
}

function open(s, rel, version = 1, text) {
  const uri = pathToFileURL(join(s.root, rel)).href;
  s.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'markdown', version,
                    text: text ?? readFileSync(join(s.root, rel), 'utf8') },
  });
  return uri;
}

test('initialize, push diagnostics on the seed, an incremental edit, shutdown', async () => {
  const s = await start({ general: { positionEncodings: ['utf-16'] } });
  assert.equal(s.init.capabilities.positionEncoding, 'utf-16');
  assert.equal(s.init.serverInfo.name, 'glossary-ls');
  const uri = open(s, 'Texts/Norwegian/account-manager.md');
  const first = await s.diagnosticsFor(uri);
  assert.deepEqual(first.diagnostics.map((d) => d.code),
                   ['link.broken', 'heading.no-space', 'list.dash-bullet', 'list.dash-bullet']);
  assert.deepEqual(first.diagnostics[0].range,
                   { start: { line: 21, character: 332 }, end: { line: 21, character: 351 } });
  assert.equal(first.diagnostics[0].source, 'glossary-ls');
  s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 33, character: 2 }, end: { line: 33, character: 2 } },
                       text: ' ' }],
  });
  const second = await s.diagnosticsFor(uri, (p) => p.version === 2);
  assert.deepEqual(second.diagnostics.map((d) => d.code),
                   ['link.broken', 'list.dash-bullet', 'list.dash-bullet']);
  assert.equal(await s.stop(), 0);
});

test('creating the missing article on disk clears the broken link at once', async () => {
  const s = await start({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  const uri = open(s, 'Texts/Norwegian/account-manager.md');
  await s.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'link.broken'));
  const rel = 'Texts/Norwegian/returnoninvestment.md';
  writeFileSync(join(s.root, rel),
                '---\ntitle: avkastning på investeringen\ndescription: ROI.\n---\n# ROI\n' +
                '## Høydepunkter\n- a\n');
  s.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: pathToFileURL(join(s.root, rel)).href, type: FileChangeType.Created }],
  });
  const after = await s.diagnosticsFor(
    uri, (p) => !p.diagnostics.some((d) => d.code === 'link.broken'));
  assert.equal(after.diagnostics.length, 3);
  assert.equal(await s.stop(), 0);
});

test('pull diagnostics: document and workspace reports with result ids', async () => {
  const s = await start({ textDocument: { diagnostic: {} },
                          workspace: { diagnostics: { refreshSupport: true } } });
  assert.equal(s.init.capabilities.diagnosticProvider.interFileDependencies, true);
  const uri = pathToFileURL(join(s.root, 'Texts/English/customer-retention.md')).href;
  const report = await s.conn.sendRequest(DocumentDiagnosticRequest.type,
                                          { textDocument: { uri } });
  assert.equal(report.kind, 'full');
  assert.equal(report.items.length, 1);
  assert.match(report.items[0].message, /did you mean 'net-present-value'\?/);
  const again = await s.conn.sendRequest(DocumentDiagnosticRequest.type,
                                         { textDocument: { uri }, previousResultId: report.resultId });
  assert.equal(again.kind, 'unchanged');
  const ws = await s.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  assert.equal(ws.items.length, 12);
  const total = ws.items.reduce((n, r) => n + r.items.length, 0);
  assert.equal(total, 13);
  assert.equal(await s.stop(), 0);
});
