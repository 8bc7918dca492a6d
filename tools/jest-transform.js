'use strict';
/**
 * Jest transformer for what Jest itself loads in its own process (test/global-setup.ts and
 * the modules it imports): TypeScript to CommonJS with esbuild. The test files run in the
 * child processes of tools/jest-runner.mjs, which load TypeScript through tsx. Types are
 * checked separately, by `npm run typecheck` in `npm test`.
 */
const { transformSync } = require('esbuild');
const { createHash } = require('crypto');
const { version } = require('esbuild/package.json');

module.exports = {
  process(source, filename) {
    const result = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'inline' });
    return { code: result.code };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(`esbuild ${version}\0${filename}\0${source}`).digest('hex');
  },
};
