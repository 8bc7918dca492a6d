/**
 * The deprecation table against what the repository vendors: the Kubernetes entries
 * against the 1.29 schema. The operators are checked in table-<operator>.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { VENDORED_CRDS } from '../../../tools/deprecations/crds';
import { KUBERNETES_ENTRIES, PINNED_OPERATORS, TABLE } from '../../../tools/deprecations/table';
import { compareVersions } from '../../../tools/deprecations/versions';
import { REPO_ROOT } from '../../../tools/repo';

describe('the pinned operators', () => {
  test('cover every folder of vendored CRDs (each folder is checked in table-<operator>.test.ts)', () => {
    const folders = fs
      .readdirSync(VENDORED_CRDS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(PINNED_OPERATORS.map((o) => o.crdFolder).sort()).toEqual(folders);
  });
});

describe('the Kubernetes entries agree with the vendored 1.29 schema', () => {
  const definitions = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'imports', 'k8s-1.29', '_definitions.json'), 'utf8'));
  const served = new Set<string>();
  for (const def of Object.values<any>(definitions.definitions ?? definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) served.add(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version} ${gvk.kind}`);
  }
  const gv = (group: string, version: string) => (group ? `${group}/${version}` : version);

  test.each(KUBERNETES_ENTRIES.map((e) => [`${gv(e.group, e.version)} ${e.kinds?.join(',') ?? '*'}`, e] as const))('%s', (_, entry) => {
    const here = [...served]
      .filter((s) => s.startsWith(`${gv(entry.group, entry.version)} `) && !/ (DeleteOptions|WatchEvent)$/.test(s))
      .map((s) => s.split(' ')[1]);
    const kinds = entry.kinds ?? [];
    if (entry.removedIn && compareVersions(entry.removedIn, '1.29') <= 0) {
      // gone by 1.29: not one of its kinds is in the 1.29 API
      expect(entry.kinds ? here.filter((k) => kinds.includes(k)) : here).toEqual([]);
    } else {
      for (const k of kinds) expect(served.has(`${gv(entry.group, entry.version)} ${k}`)).toBe(true);
    }
    if (entry.replacement !== 'none') {
      // the replacement is in 1.29 already, for each kind (Endpoints → EndpointSlice)
      const replacementKinds = entry.kinds?.map((k) => (k === 'Endpoints' ? 'EndpointSlice' : k)) ?? [];
      for (const k of replacementKinds) expect(served.has(`${entry.replacement} ${k}`)).toBe(true);
    } else {
      expect(entry.note).toBeDefined();
    }
    if (entry.deprecatedIn && entry.removedIn) expect(compareVersions(entry.deprecatedIn, entry.removedIn)).toBeLessThan(0);
    expect(entry.source).toMatch(/^https:\/\//);
  });

  test('no API version and kind is listed twice', () => {
    const keys = TABLE.flatMap((e) => (e.kinds ?? ['*']).map((k) => `${e.project} ${gv(e.group, e.version)} ${k}`));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});
