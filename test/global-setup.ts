/**
 * Before the test files run (in the child processes of tools/jest-runner.mjs): parse the committed dist/ and the
 * vendored CRDs once into the manifest cache (build/cache/, keyed by content), so that the
 * many tests reading them share one parse instead of one per file. A cold cache costs one
 * parse here; nothing is asserted, and a stale entry cannot exist (the key is the text's hash).
 */
import * as path from 'path';
import { cachedParse } from '../tools/manifests/cache';
import { parseManifests, readManifestFiles } from '../tools/manifests/load';

export default function warmManifestCache(): void {
  const root = path.resolve(__dirname, '..');
  const parse = cachedParse(parseManifests);
  for (const dir of ['dist', 'imports/crds']) {
    for (const f of readManifestFiles(path.join(root, dir))) parse(f.content, f.path);
  }
  parse.save();
}
