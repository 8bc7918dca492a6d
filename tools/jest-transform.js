'use strict';
/**
 * Jest transformer: TypeScript to CommonJS with esbuild, one file at a time, so that the
 * tests run the TypeScript sources themselves (never a stale compiled copy). Types are
 * checked separately, by `tsc --noEmit` in `npm test`.
 */
const { transformSync } = require('esbuild');
const { createHash } = require('crypto');
const { version } = require('esbuild/package.json');

module.exports = {
  process(source, filename) {
    const result = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
    });
    return { code: result.code };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(`esbuild ${version}\0${filename}\0${source}`).digest('hex');
  },
};
