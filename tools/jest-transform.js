'use strict';
/**
 * Jest transformer: TypeScript to CommonJS with esbuild, one file at a time, so that the
 * tests run the TypeScript sources themselves (never a stale compiled copy). Types are
 * checked separately, by `tsc --noEmit` in `npm test`.
 */
const { transformSync } = require('esbuild');
const { createHash } = require('crypto');
const { version } = require('esbuild/package.json');

const path = require('path');

/** The classes `npm run import` generates from CRDs: megabytes that no test debugs. */
const GENERATED = `${path.sep}imports${path.sep}`;

module.exports = {
  process(source, filename) {
    const generated = filename.includes(GENERATED);
    const result = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      // our sources keep their lines in stack traces; the generated ones are loaded by every
      // test file, so they are kept small (no source map, whitespace removed): module loading
      // is most of a test file's cost
      ...(generated ? { minifyWhitespace: true, minifySyntax: true } : { sourcemap: 'inline' }),
    });
    return { code: result.code };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(`esbuild ${version}\0${filename}\0${source}`).digest('hex');
  },
};
