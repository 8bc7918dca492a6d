#!/usr/bin/env node
'use strict';
/**
 * `npm run import` (second half): generates `imports/k8s.ts`, the Kubernetes 1.29 core types,
 * from the vendored `imports/k8s-1.29/_definitions.json`, offline.
 *
 * `cdk8s import k8s@1.29.0` always downloads that same file from a URL hard-coded in
 * cdk8s-cli; this runs the CLI's own importer and hands it the vendored copy instead of the
 * download, so the generated code is what the CLI would write.
 */
const fs = require('fs');
const path = require('path');

// the CLI's package exports only its entry point: load its modules by file
const CLI = path.dirname(require.resolve('cdk8s-cli/package.json'));
const util = require(path.join(CLI, 'lib', 'util.js'));
const { ImportKubernetesApi } = require(path.join(CLI, 'lib', 'import', 'k8s.js'));
const { Language } = require(path.join(CLI, 'lib', 'import', 'base.js'));

const root = path.resolve(__dirname, '..');
const VERSION = '1.29.0';
const schema = path.join(root, 'imports', 'k8s-1.29', '_definitions.json');
const expectedUrl = `https://raw.githubusercontent.com/cdk8s-team/cdk8s/master/kubernetes-schemas/v${VERSION}/_definitions.json`;

const download = util.download;
util.download = async (url) => {
  if (url !== expectedUrl) throw new Error(`import-k8s: unexpected download of ${url}; only ${expectedUrl} is served from ${path.relative(root, schema)}`);
  return fs.readFileSync(schema, 'utf8');
};

new ImportKubernetesApi({ apiVersion: VERSION })
  .import({ outdir: path.join(root, 'imports'), targetLanguage: Language.TYPESCRIPT })
  .then(() => {
    util.download = download;
  })
  .catch((e) => {
    process.stderr.write(`import-k8s: ${e.message}\n`);
    process.exit(1);
  });
