/**
 * dist/ means to the cluster what it means to us: Go's YAML decoder (sigs.k8s.io/yaml, what
 * kubectl and Argo CD use; run here through the real helm binary's fromYaml) reads every
 * committed file, and any generated document, as the value the emitter was given.
 * Run by `npm run test:e2e` (it starts helm processes; CI runs it after `npm test`).
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { toYaml } from '../../lib/render/yaml';
import { decodeWithGo } from '../../tools/go-yaml';
import { cachedParse } from '../../tools/manifests/cache';
import { parseManifests } from '../../tools/manifests/load';
import { listFiles, ROOT } from '../files';
import { document } from '../lib/render/arbitraries';

/** YAML 1.1, as the manifest reader parses it (from the cache test/global-setup.ts warms). */
const parse11 = cachedParse(parseManifests);

/** JSON carries no negative zero, and neither does Go's decoder. */
function withoutNegativeZero(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (Array.isArray(v)) return v.map(withoutNegativeZero);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutNegativeZero(x)]));
  return v;
}

/** JSON with sorted keys, to compare values whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(withoutNegativeZero(v));
}

describe("Go's YAML decoder", () => {
  test('reads every committed file of dist/ as the yaml package reads it with YAML 1.1 and 1.2, and each file is what the emitter writes for that value', () => {
    const dist = path.join(ROOT, 'dist');
    const files = listFiles(dist);
    const texts = files.map((f) => fs.readFileSync(path.join(dist, f), 'utf8'));
    expect(texts.length).toBeGreaterThan(1000);
    const decoded = decodeWithGo(texts);
    const wrong = texts.flatMap((text, i) => {
      const go = decoded[i];
      const [v11] = parse11(text, files[i]).map((d) => d.object);
      const expected = canonical(v11);
      if (!('value' in go) || canonical(go.value) !== expected) return [`${files[i]}: Go reads another value`];
      if (canonical(parse(text, { version: '1.2' })) !== expected) return [`${files[i]}: YAML 1.2 reads another value`];
      return toYaml(v11 as Record<string, unknown>, { sortKeys: true }) === text ? [] : [`${files[i]}: not what the emitter writes for its value`];
    });
    expect(wrong).toEqual([]);
  }, 60_000);

  test('reads any emitted document as the value it was emitted from', () => {
    const docs = fc.sample(document, { numRuns: Number(process.env.GO_YAML_RUNS ?? 300), seed: Number(process.env.GO_YAML_SEED ?? 14) });
    const decoded = decodeWithGo(docs.map((d) => toYaml(d)));
    docs.forEach((doc, i) => {
      const go = decoded[i];
      if (!('value' in go)) throw new Error(`Go could not decode:\n${toYaml(doc)}\n${go.error}`);
      expect(go.value).toEqual(withoutNegativeZero(doc));
    });
  }, 60_000);
});
