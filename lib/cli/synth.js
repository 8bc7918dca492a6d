#!/usr/bin/env node
'use strict';
/**
 * `npm run synth`: runs the compiled build/main.js, compiling first only when a source is
 * newer than the last build. Plain JavaScript on purpose: it must run before anything is
 * compiled, and an up-to-date synth pays for a few stat calls, not for TypeScript.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const stamp = path.join(root, 'build', '.synth-stamp');
const SOURCES = ['main.ts', 'tsconfig.json', 'package-lock.json', 'lib', 'charts', 'config', 'imports'];

function newest(p) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return p.endsWith('.ts') || p.endsWith('.json') ? st.mtimeMs : 0;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

function built() {
  try { return fs.statSync(stamp).mtimeMs; } catch { return -1; }
}

const sourcesChanged = SOURCES.reduce((m, s) => Math.max(m, newest(path.join(root, s))), 0);
if (built() < sourcesChanged || !fs.existsSync(path.join(root, 'build', 'main.js'))) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('synth failed: the TypeScript sources do not compile; dist/ left unchanged\n');
    process.exit(r.status || 1);
  }
  fs.writeFileSync(stamp, '');
}
require(path.join(root, 'build', 'main.js'));
