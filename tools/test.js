#!/usr/bin/env node
'use strict';
/**
 * `npm test`: the type-check, then the lint (`npm run lint`) and jest side by side, with the
 * jest arguments given to `npm test -- ...`. Exits with the first non-zero status of the three.
 *
 * Side by side because they use different resources: warm, the lint mostly reads its caches
 * while jest keeps both cores busy, so the two together take about as long as jest alone.
 * The lint's output is held back and printed after jest's when it fails, so the two never
 * interleave.
 */
const { spawn, spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const typecheck = spawnSync(npm, ['run', '-s', 'typecheck'], { cwd: root, stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);

/** Runs a command to its end: its exit status, and (when `quiet`) what it printed. */
function run(command, args, quiet) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (quiet) {
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
    }
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), output }));
  });
}

const jestBin = require.resolve('jest/bin/jest');
Promise.all([
  run(npm, ['run', '-s', 'lint'], true),
  run(process.execPath, [jestBin, '--ci', '--testPathIgnorePatterns', '/test/e2e/', ...process.argv.slice(2)], false),
]).then(([lint, jest]) => {
  if (lint.status !== 0) process.stderr.write(`\nnpm run lint failed (exit ${lint.status}):\n${lint.output}`);
  else process.stderr.write('npm run lint: clean\n');
  process.exit(lint.status || jest.status);
});
