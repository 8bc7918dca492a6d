import * as fs from 'fs';
import * as path from 'path';
import { discoverClusters, loadCluster, placeTreeFiles } from '../../../tools/manifests/layout';
import { listFiles } from '../../files';
import { manifest, writeTree } from '../graph/fixture';

const cm = (name: string, ns = 'apps') => manifest('v1', 'ConfigMap', name, ns);

describe('discoverClusters', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string>) => {
    const root = writeTree(files);
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  test('the layout before clusters: each environment folder is one cluster of app folders', () => {
    const root = tree({
      'dev/api/configmap-a.yaml': cm('a'),
      'dev/namespaces/apps/namespace-apps.yaml': manifest('v1', 'Namespace', 'apps'),
      'prod/api/configmap-a.yaml': cm('a'),
    });
    const clusters = discoverClusters(root);
    expect(clusters.map((c) => [c.env, c.cluster, c.label, path.relative(root, c.dir), c.apps.map((a) => path.relative(root, a))])).toEqual([
      ['dev', undefined, 'dev', 'dev', ['dev/api', 'dev/namespaces']],
      ['prod', undefined, 'prod', 'prod', ['prod/api']],
    ]);
    // an app folder is read recursively: the namespace sub-folder belongs to it
    expect(
      loadCluster(clusters[0])
        .map((d) => (d.object as any).kind)
        .sort(),
    ).toEqual(['ConfigMap', 'Namespace']);
  });

  test('the layout with clusters: an environment is a folder of cluster folders, bootstrap/ is skipped', () => {
    const root = tree({
      'prod/bootstrap/README.md': 'hand-off notes',
      'prod/bootstrap/terraform-outputs.json': '{"not": "a manifest"}',
      'prod/aks-east/api/configmap-a.yaml': cm('a'),
      'prod/aks-east/api/other/configmap-b.yaml': cm('b', 'other'),
      'prod/aks-west/api/configmap-a.yaml': cm('a'),
      'dev/aks-dev/api/configmap-a.yaml': cm('a'),
    });
    const clusters = discoverClusters(root);
    expect(clusters.map((c) => [c.env, c.cluster, c.label, path.relative(root, c.dir)])).toEqual([
      ['dev', 'aks-dev', 'dev/aks-dev', 'dev/aks-dev'],
      ['prod', 'aks-east', 'prod/aks-east', 'prod/aks-east'],
      ['prod', 'aks-west', 'prod/aks-west', 'prod/aks-west'],
    ]);
    expect(loadCluster(clusters[1]).map((d) => (d.object as any).metadata.name)).toEqual(['a', 'b']);
    expect(discoverClusters(root, 'prod').map((c) => c.label)).toEqual(['prod/aks-east', 'prod/aks-west']);
  });

  test('bootstrap/ in the old layout is not an app folder even when it holds .json files', () => {
    const root = tree({ 'dev/api/configmap-a.yaml': cm('a'), 'dev/bootstrap/outputs.json': '{"x": 1}' });
    const [dev] = discoverClusters(root);
    expect(dev.apps.map((a) => path.basename(a))).toEqual(['api']);
    expect(loadCluster(dev)).toHaveLength(1);
  });

  test('names what is missing: an unknown environment, a folder without environments', () => {
    const root = tree({ 'dev/api/configmap-a.yaml': cm('a'), 'notes/readme.txt': 'x' });
    expect(() => discoverClusters(root, 'prod')).toThrow(/no environment "prod" \(found: dev\)/);
    expect(() => discoverClusters(path.join(root, 'notes'))).toThrow(/holds no environment/);
    expect(() => discoverClusters(path.join(root, 'absent'))).toThrow(/no such folder/);
  });

  test('works on the committed dist/', () => {
    const clusters = discoverClusters(path.resolve(__dirname, '../../../dist'));
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) expect(c.apps.length).toBeGreaterThan(1);
  });
});

describe('placeTreeFiles', () => {
  test('places every file of the committed dist/ in the app folder discoverClusters finds for it, and leaves the hand-off files out', () => {
    const dist = path.resolve(__dirname, '../../../dist');
    const expected = new Map<string, string>();
    for (const c of discoverClusters(dist)) {
      for (const app of c.apps)
        for (const f of listFiles(app)) expected.set(path.relative(dist, path.join(app, f)), `${c.env} ${path.relative(path.join(dist, c.env), app)}`);
    }
    const places = placeTreeFiles(listFiles(dist));
    expect(new Map([...places].map(([file, p]) => [file, `${p.env} ${p.app}`]))).toEqual(expected);
  });
});
