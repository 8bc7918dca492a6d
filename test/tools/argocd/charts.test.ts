import * as fs from 'fs';
import * as path from 'path';
import { env } from '../../helpers';
import { EDGE_CRD_FOLDERS } from '../../../charts/edge/crds';
import { CHARTS, valueAt } from '../../../tools/argocd/charts';
import { packageCrdGroups } from '../../../tools/argocd/stack-charts';
import { parseManifests } from '../../../tools/manifests/load';
import { cachedParse } from '../../../tools/manifests/cache';

const ROOT = path.resolve(__dirname, '../../..');

/** The chart that installs each vendored project's CRDs. */
const PROJECT_CHART: Readonly<Record<string, string>> = {
  'argo-cd': 'argo-cd',
  'cert-manager': 'cert-manager',
  'external-secrets': 'external-secrets',
  'prometheus-operator': 'kube-prometheus-stack',
  strimzi: 'strimzi-kafka-operator',
  crossplane: 'crossplane',
  kuberay: 'kuberay-operator',
  kyverno: 'kyverno',
};
/** Projects whose CRDs a Crossplane package installs, by a package of theirs. */
const PROJECT_PACKAGE: Readonly<Record<string, string>> = { 'provider-azure': 'xpkg.crossplane.io/crossplane-contrib/provider-family-azure:v2.7.0' };

/** The CRDs, from the manifest cache test/global-setup.ts warms. */
const parse = cachedParse(parseManifests);

describe("the pinned charts' facts", () => {
  test('describe the versions config pins', () => {
    const pinned = env('prod').platform.operatorCharts;
    for (const ref of Object.values(pinned))
      expect({ chart: ref.chart, version: CHARTS[ref.chart]?.version }).toEqual({ chart: ref.chart, version: ref.version });
  });

  test("every vendored CRD's group is installed by its project's chart, with the values the platform sets", () => {
    const dir = path.join(ROOT, 'imports', 'crds');
    // the edge's CRDs are applied from their folders by an Application of their own (charts/edge/crds.ts), not by a chart
    const projects = fs.readdirSync(dir).filter((p) => !EDGE_CRD_FOLDERS.includes(`imports/crds/${p}` as never)).sort();
    expect(projects).toEqual([...Object.keys(PROJECT_CHART), ...Object.keys(PROJECT_PACKAGE)].sort());
    // the values that turn the CRDs on where they are off by default
    const values: Record<string, Record<string, unknown>> = { 'cert-manager': { crds: { enabled: true } } };
    for (const project of projects) {
      const chart = PROJECT_CHART[project];
      const groups = chart ? CHARTS[chart].crdGroups(values[chart] ?? {}) : packageCrdGroups(PROJECT_PACKAGE[project]);
      for (const file of fs.readdirSync(path.join(dir, project)).filter((f) => f.endsWith('.yaml'))) {
        for (const doc of parse(fs.readFileSync(path.join(dir, project, file), 'utf8'), file)) {
          const group = (doc.object as { spec?: { group?: string } } | null)?.spec?.group ?? '';
          expect({ file: `${project}/${file}`, group, installed: groups.includes(group) }).toEqual({ file: `${project}/${file}`, group, installed: true });
        }
      }
    }
  });

  test('values are read by dotted path, with the chart default where unset', () => {
    expect(valueAt({ a: { b: { c: 2 } } }, 'a.b.c', 1)).toBe(2);
    expect(valueAt({ a: { b: null } }, 'a.b.c', 1)).toBe(1);
    expect(valueAt({ a: 'x' }, 'a.b', 'd')).toBe('d');
  });
});
