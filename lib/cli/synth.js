#!/usr/bin/env node
'use strict';
/**
 * `npm run synth`: renders dist/ from the compiled code, paying for compilation only
 * after a source changed.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled. When a source under
 * main.ts, lib/, charts/, config/ or imports/ is newer than the last build, it runs `tsc`
 * (type-checks and emits build/) and bundles build/main.js with esbuild into one file, so
 * that a synth loads one script instead of hundreds of modules (imports/ and the Kubernetes
 * classes are megabytes of JavaScript). The bundle runs through a V8 code cache stored
 * beside it, so an unchanged bundle is not parsed and compiled again. Neither changes a
 * byte of the output: the bundle is the same code, and `test/main.test.ts` compares its
 * output with build/main.js's.
 */
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const build = path.join(root, 'build');
const bundle = path.join(build, 'synth.bundle.js');
const cache = path.join(build, 'synth.bundle.cache');
const stamp = path.join(build, '.synth-stamp');
const SOURCES = ['main.ts', 'tsconfig.json', 'package-lock.json', 'lib', 'charts', 'config', 'imports'];

/** The newest modification time of a TypeScript or JSON source under `p`. */
function newest(p) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return /\.(ts|json)$/.test(p) ? st.mtimeMs : 0;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

function run(command, args) {
  const r = spawnSync(process.execPath, [command, ...args], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    process.stderr.write('synth failed: the sources do not build; dist/ left unchanged\n');
    process.exit(r.status || 1);
  }
}

let built = -1;
try { built = fs.statSync(stamp).mtimeMs; } catch { /* never built */ }
if (built < SOURCES.reduce((m, s) => Math.max(m, newest(path.join(root, s))), 0) || !fs.existsSync(bundle)) {
  run(path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', path.join(root, 'tsconfig.json')]);
  try {
    require('esbuild').buildSync({
      entryPoints: [path.join(build, 'main.js')], bundle: true, platform: 'node', target: 'node20',
      outfile: bundle, legalComments: 'none', logLevel: 'warning', minifyWhitespace: true, minifySyntax: true,
    });
  } catch (e) {
    process.stderr.write(`synth failed: bundling build/main.js failed (${e.message}); dist/ left unchanged\n`);
    process.exit(1);
  }
  fs.rmSync(cache, { force: true });
  fs.writeFileSync(stamp, '');
}

// Run the bundle as CommonJS would, with V8's code cache.
const code = fs.readFileSync(bundle, 'utf8');
let cachedData;
try { cachedData = fs.readFileSync(cache); } catch { /* first run */ }
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  process.once('exit', () => {
    try { fs.writeFileSync(cache, script.createCachedData()); } catch { /* a read-only checkout still synthesizes */ }
  });
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, require, mod, bundle, build);
