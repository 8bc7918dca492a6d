import * as fs from 'fs';
import { stringify } from 'yaml';
import { main } from '../../../tools/cli/diff';
import { parseTree, treeResource, type TreeResource } from '../../../tools/diff/load';
import { configAtCommit } from '../../../tools/capacity/config-at-commit';
import { MAX_DRAWN_FLOWS, reviewSections, treeClusters, treeFlowDiff } from '../../../tools/diff/review-sections';
import { ROOT, runCli } from '../../files';
import { writeTree } from '../graph/fixture';

const deployment = (namespace: string, name: string, ports: number[], extra: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    replicas: 1,
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', ports: ports.map((containerPort) => ({ containerPort })) }], ...extra },
    },
  },
});
const allow = (ns: string, app: string, from: string, ports: number[]) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `allow-${app}-from-${from}`, namespace: ns },
  spec: {
    podSelector: { matchLabels: { app } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: from } } }], ports: ports.map((port) => ({ port })) }],
  },
});
/** `<env>/<cluster>/<app>/<kind>-<name>.yaml` → YAML, for a folder tree. */
const files = (prefix: string, objects: ReadonlyArray<{ kind: string; metadata: { name: string } }>) =>
  Object.fromEntries(objects.map((o) => [`${prefix}/${o.kind.toLowerCase()}-${o.metadata.name}.yaml`, stringify(o)]));

describe('treeClusters', () => {
  test('groups by cluster folder, or by environment in the one-cluster layout of older commits; bootstrap is skipped', () => {
    const cm = (name: string) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } });
    const tree = parseTree(
      ['prod/c2/app/a.yaml', 'prod/c1/app/ns/b.yaml', 'dev/app/c.yaml', 'dev/app/ns/d.yaml', 'prod/bootstrap/e.yaml'].map((p, i) => ({
        path: p,
        content: cm(`cm${i}`),
      })),
    );
    expect(treeClusters(tree).map((c) => `${c.label}: ${c.resources.map((x) => x.file).join(' ')}`)).toEqual([
      'dev: dev/app/c.yaml dev/app/ns/d.yaml',
      'prod/c1: prod/c1/app/ns/b.yaml',
      'prod/c2: prod/c2/app/a.yaml',
    ]);
  });
});

describe('npm run diff: network flows and capacity', () => {
  const base = [deployment('ns', 'web', []), deployment('ns', 'api', [8080, 9090]), allow('ns', 'api', 'web', [8080])];
  let root: string;
  beforeAll(() => {
    root = writeTree({
      ...Object.fromEntries(Object.entries(files('base/prod/matih-prod/app', base))),
      ...Object.fromEntries(Object.entries(files('head/prod/matih-prod/app', [...base.slice(0, 2), allow('ns', 'api', 'web', [9090])]))),
      ...Object.fromEntries(
        Object.entries(
          files('big/prod/matih-prod/app', [
            ...base,
            deployment('ns', 'batch', [], {
              nodeSelector: { 'kubernetes.azure.com/agentpool': 'compute' },
              tolerations: [{ key: 'matih.ai/compute', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
            }),
          ]),
        ),
      ),
    });
    // the batch job: 40 pods of 4 CPU on compute, three to an E16s_v3 node (15.48 CPU free after the AKS DaemonSets)
    const big = `${root}/big/prod/matih-prod/app/deployment-batch.yaml`;
    fs.writeFileSync(
      big,
      fs
        .readFileSync(big, 'utf8')
        .replace('replicas: 1', 'replicas: 40')
        .replace('- name: main', '- name: main\n          resources: { requests: { cpu: "4", memory: 8Gi } }'),
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('the flows added and removed, per cluster, in the Markdown and the text', () => {
    const md = runCli(main, ['--base-dir', `${root}/base`, '--head-dir', `${root}/head`, '--markdown'], { cwd: ROOT });
    expect(md.stdout).toContain('### Network flows\n\n1 flow added, 1 removed');
    expect(md.stdout).toContain(
      '| added | `prod/matih-prod:ns/web` | `prod/matih-prod:ns/api` | 9090/TCP |\n| removed | `prod/matih-prod:ns/web` | `prod/matih-prod:ns/api` | 8080/TCP |\n',
    );
    expect(md.stdout).toContain('```mermaid\n');
    // after the summary, before the changes of each environment
    expect(md.stdout.indexOf('### Network flows')).toBeLessThan(md.stdout.indexOf('### prod'));
    const text = runCli(main, ['--base-dir', `${root}/base`, '--head-dir', `${root}/head`], { cwd: ROOT });
    expect(text.stdout).toContain(
      'network flows:\n  + prod/matih-prod:ns/web → prod/matih-prod:ns/api 9090/TCP\n  - prod/matih-prod:ns/web → prod/matih-prod:ns/api 8080/TCP\n',
    );
  });

  test('the capacity change of a pool, and exit 3 when the pool no longer holds its pods', () => {
    const text = runCli(main, ['--base-dir', `${root}/base`, '--head-dir', `${root}/big`], { cwd: ROOT });
    expect(text.stdout).toContain(
      "capacity (both sides sized with the working tree's node pools (no base commit)):\n" +
        '  prod/matih-prod compute: 0% → 103% cpu of max at max replicas; needs 2 → 14 of 10 nodes\n' +
        '  new error capacity/pool-full prod/matih-prod/compute: at maximum replicas its pods (160 CPU, 320 GiB, 40 pods) need 14 Standard_E16s_v3 nodes, but the pool has at most 10\n',
    );
    expect(text.status).toEqual(3);
    const md = runCli(main, ['--base-dir', `${root}/base`, '--head-dir', `${root}/head`, '--markdown'], { cwd: ROOT });
    expect(md.stdout).toContain("### Capacity\n\n_both sides sized with the working tree's node pools (no base commit)_\n\nNo change to any pool");
  });

  test('a large flow change is listed row by row without a diagram', () => {
    const many = (n: number): TreeResource[] => [
      treeResource('prod', 'c1/app', deployment('ns', 'web', []), 'prod/c1/app/web.yaml'),
      ...Array.from({ length: n }, (_, i) => treeResource('prod', 'c1/app', deployment('ns', `api${i}`, [8080]), `prod/c1/app/api${i}.yaml`)),
      ...Array.from({ length: n }, (_, i) => treeResource('prod', 'c1/app', allow('ns', `api${i}`, 'web', [8080]), `prod/c1/app/np${i}.yaml`)),
    ];
    expect(treeFlowDiff(many(0), many(MAX_DRAWN_FLOWS + 1)).added).toHaveLength(MAX_DRAWN_FLOWS + 1);
    const blocks = reviewSections(many(0), many(MAX_DRAWN_FLOWS + 1), { cwd: ROOT }).blocks.filter((b) => b.section === 'Network flows');
    expect(blocks).toHaveLength(MAX_DRAWN_FLOWS + 3);
    expect(blocks[1].text).toEqual('| added | `prod/c1:ns/web` | `prod/c1:ns/api0` | 8080/TCP |\n');
    expect(blocks.map((b) => b.text).join('')).not.toContain('```mermaid');
    expect(blocks.at(-1)!.text).toContain('no diagram');
    const drawn = reviewSections(many(0), many(2), { cwd: ROOT }).blocks.filter((b) => b.section === 'Network flows');
    expect(drawn).toHaveLength(1);
    expect(drawn[0].text).toContain('```mermaid');
  });
});

describe("the base commit's configuration", () => {
  test('configAtCommit loads every environment as the commit has it', () => {
    const envs = configAtCommit('HEAD', ROOT);
    expect(envs.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(Object.keys(envs[2].clusters.find((c) => c.name === 'matih-prod')!.settings.pools)).toEqual([
      'system',
      'ctrlplane',
      'dataplane',
      'compute',
      'aicompute',
      'gpu',
      'playground',
    ]);
  });

  test("a commit whose configuration does not load: both sides on the working tree's pools, and the report says so", () => {
    const capacity = reviewSections([], [], { cwd: ROOT, baseCommit: '0'.repeat(40) }).blocks[0].text;
    expect(capacity).toMatch(
      /^### Capacity\n\n_both sides sized with the working tree's node pools: the configuration at 000000000000 does not load \(git archive/,
    );
  });
});
