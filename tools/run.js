#!/usr/bin/env node
'use strict';
/**
 * Runs one of the repository's command-line entry points from its TypeScript source:
 * `node tools/run.js <entry.ts> [arguments...]` (what every `npm run` script does).
 *
 * Plain JavaScript on purpose: it runs before anything is compiled. When a source changed
 * since the last run it type-checks the whole repository (TypeScript 7, `tsc --noEmit`: a
 * type error in config/ is bad input and must stop a synth) and bundles the entry with
 * esbuild into one file under build/, so that a run loads one script instead of hundreds
 * of modules (imports/ and the Kubernetes types are megabytes). The bundle runs through a
 * V8 code cache stored beside it. Neither changes a byte of what the entry does: the
 * bundle is the same code.
 *
 * The entry module exports `main(argv)`, which returns (or resolves to) the exit code.
 */
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const build = path.join(root, 'build');
/** What a bundle is built from: a change to any of these rebuilds it. */
const SOURCES = ['main.ts', 'tsconfig.json', 'package-lock.json', 'lib', 'charts', 'config', 'imports', 'tools'];
const SOURCE_FILE = /\.(ts|json|js)$/;

/** The newest modification time of a source under `p`. */
function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return SOURCE_FILE.test(p) ? st.mtimeMs : 0;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Writes `data` to `file` through a temporary file and a rename, so a reader never sees half of it. */
function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function typecheck(sourcesTime) {
  const stamp = path.join(build, '.typecheck-stamp');
  if (mtime(stamp) >= sourcesTime) return;
  const tsc = path.join(root, 'node_modules', 'typescript-native', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json'), '--noEmit'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) fail('the sources do not type-check (see above); nothing was run');
  writeAtomic(stamp, '');
}

function bundle(entry, sourcesTime) {
  const name = path.relative(root, entry).replace(/\.ts$/, '').replace(/[\\/]/g, '-');
  const out = path.join(build, `${name}.bundle.js`);
  const cache = `${out}.cache`;
  if (mtime(out) < sourcesTime) {
    let code;
    try {
      const result = require('esbuild').buildSync({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        write: false,
        legalComments: 'none',
        logLevel: 'warning',
        minifyWhitespace: true,
        minifySyntax: true,
      });
      code = result.outputFiles[0].contents;
    } catch (e) {
      fail(`bundling ${path.relative(root, entry)} failed (${e.message}); nothing was run`);
    }
    fs.rmSync(cache, { force: true });
    writeAtomic(out, code);
  }
  return { out, cache };
}

function load({ out, cache }) {
  const code = fs.readFileSync(out, 'utf8');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cache);
  } catch {
    // first run of this bundle
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: out, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeAtomic(cache, script.createCachedData());
      } catch {
        // a read-only checkout still runs
      }
    });
  }
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require, mod, out, build);
  return mod.exports;
}

const [entryArg, ...argv] = process.argv.slice(2);
if (!entryArg) fail('usage: node tools/run.js <entry.ts> [arguments...]');
const entry = path.resolve(root, entryArg);
if (!fs.existsSync(entry)) fail(`tools/run.js: ${entryArg}: no such entry point`);
fs.mkdirSync(build, { recursive: true });
const sourcesTime = SOURCES.reduce((m, s) => Math.max(m, newest(path.join(root, s))), 0);
typecheck(sourcesTime);
const exported = load(bundle(entry, sourcesTime));
if (typeof exported.main !== 'function') fail(`tools/run.js: ${entryArg} exports no main(argv)`);
Promise.resolve(exported.main(argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => fail(e instanceof Error ? e.stack || e.message : String(e)),
);
