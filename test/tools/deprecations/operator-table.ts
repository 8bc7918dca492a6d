/**
 * The checks of one pinned operator against what the repository vendors: its release
 * against imports/SOURCES.md, its CRD folder against its API groups, the table's entries
 * for it against its CRDs. One test file per operator, because parsing the CRDs (megabytes
 * of YAML) of all five in one file would take longer than a test file may.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readCrdVersions, VENDORED_CRDS } from '../../../tools/deprecations/crds';
import { cachedParse } from '../../../tools/manifests/cache';
import { parseManifests } from '../../../tools/manifests/load';
import { OPERATOR_ENTRIES, PINNED_OPERATORS, type OperatorName } from '../../../tools/deprecations/table';
import { compareVersions } from '../../../tools/deprecations/versions';
import { REPO_ROOT } from '../../../tools/repo';

/**
 * Describes the checks for `name`. `expected` is what the research notes found in the
 * vendored CRDs, per kind: `<version> [served] [storage] [deprecated]` in CRD order.
 */
export function describeOperator(name: OperatorName, expected: Record<string, readonly string[]>): void {
  const op = PINNED_OPERATORS.find((o) => o.name === name);
  if (!op) throw new Error(`no pinned operator ${name}`);
  const crds = readCrdVersions(path.join(VENDORED_CRDS, op.crdFolder), cachedParse(parseManifests));

  describe(`${op.title} ${op.version}`, () => {
    test('is the release imports/SOURCES.md vendors its CRDs from', () => {
      const sources = fs.readFileSync(path.join(REPO_ROOT, 'imports', 'SOURCES.md'), 'utf8');
      const tags = [...sources.matchAll(new RegExp(`^\\| crds/${op.crdFolder}/\\S+ \\| [^|]+\\| [^|]+\\| ([^|]+?) \\|`, 'gm'))].map((m) =>
        m[1].replace(/^v/, ''),
      );
      expect(tags.length).toBeGreaterThan(0);
      expect([...new Set(tags)]).toEqual([op.version]);
    });

    test('its CRD folder defines exactly its API groups, and no other operator claims them', () => {
      expect([...new Set(crds.map((c) => c.group))].sort()).toEqual([...op.groups].sort());
      for (const g of op.groups) expect(PINNED_OPERATORS.filter((o) => o.groups.includes(g)).map((o) => o.name)).toEqual([name]);
    });

    test('its CRDs serve, store and deprecate what the research notes found (read from the files, not typed)', () => {
      const flags = (kind: string) =>
        crds
          .filter((c) => c.kind === kind)
          .map((c) => [c.version, c.served && 'served', c.storage && 'storage', c.deprecated && 'deprecated'].filter(Boolean).join(' '));
      for (const [kind, want] of Object.entries(expected)) expect({ kind, versions: flags(kind) }).toEqual({ kind, versions: want });
    });

    const entries = OPERATOR_ENTRIES.filter((e) => e.project === name);
    const label = (e: (typeof entries)[number]) => `${e.group}/${e.version}${e.kinds ? ` ${e.kinds.join(',')}` : ''}`;
    if (entries.length === 0) return;
    test.each(entries.map((e) => [label(e), e] as const))('the table entry %s agrees with the CRDs', (_, entry) => {
      expect(op.groups).toContain(entry.group);
      const versions = crds.filter((c) => c.group === entry.group && c.version === entry.version && (!entry.kinds || entry.kinds.includes(c.kind)));
      expect(entry.removedIn ?? entry.deprecatedIn).toBeDefined();
      // removed after the pinned release: the pinned CRDs still serve it; at or before it: they do not
      if (entry.removedIn && compareVersions(entry.removedIn, op.version) > 0) {
        expect(versions.length).toBeGreaterThan(0);
        expect(versions.filter((v) => !v.served)).toEqual([]);
      } else if (entry.removedIn) {
        expect(versions.filter((v) => v.served)).toEqual([]);
      }
      if (entry.deprecatedIn) {
        const already = compareVersions(entry.deprecatedIn, op.version) <= 0;
        expect(versions.filter((v) => v.deprecated !== already)).toEqual([]);
      }
      for (const kind of entry.kinds ?? []) expect(crds.some((c) => c.kind === kind)).toBe(true);
      expect(entry.replacement.startsWith(`${entry.group}/`)).toBe(true);
    });
  });
}
