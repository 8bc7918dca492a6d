import * as fs from 'fs';
import { compareGraphDocs, renderGraphDocs } from '../../../tools/graph/docs';
import { discoverClusters } from '../../../tools/manifests/layout';
import { writeTree } from './fixture';

describe('compareGraphDocs', () => {
  test('names each file that differs, is missing, or belongs to no environment any more', () => {
    const dir = writeTree({ 'dev.md': 'old text', 'qa.md': 'gone', 'notes.txt': 'not ours' }, 'matih-graphs-');
    try {
      const docs = [
        { path: 'dev.md', content: 'new text' },
        { path: 'prod.md', content: 'x' },
      ];
      expect(compareGraphDocs(dir, docs, { wanted: ['dev.md', 'prod.md'], dirLabel: 'docs/graphs' })).toEqual([
        'differs: docs/graphs/dev.md',
        'missing: docs/graphs/prod.md',
        'stale: docs/graphs/qa.md',
      ]);
      // without the list of wanted files (one environment), the other files are none of its business
      expect(compareGraphDocs(dir, docs.slice(0, 1), { dirLabel: 'docs/graphs' })).toEqual(['differs: docs/graphs/dev.md']);
      expect(compareGraphDocs(dir, [{ path: 'dev.md', content: 'old text' }], { wanted: ['dev.md', 'qa.md'] })).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('renderGraphDocs', () => {
  test('one file per environment, one section per cluster in the layout with clusters', () => {
    const deployment = (ns: string, name: string, env = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: main
          ports:
            - containerPort: 8080
${env ? `          env:\n            - name: API_URL\n              value: "http://${env}:8080"\n` : ''}`;
    const service = (ns: string, name: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${name}\n`;
    const root = writeTree(
      {
        'prod/bootstrap/outputs.json': '{}',
        'prod/aks-east/web/deployment-web.yaml': deployment('web', 'web', 'api.back.svc.cluster.local'),
        'prod/aks-east/back/deployment-api.yaml': deployment('back', 'api'),
        'prod/aks-east/back/service-api.yaml': service('back', 'api'),
        'prod/aks-west/back/deployment-api.yaml': deployment('back', 'api'),
      },
      'matih-graphs-',
    );
    try {
      const [doc, ...rest] = renderGraphDocs(discoverClusters(root));
      expect(rest).toEqual([]);
      expect(doc.path).toEqual('prod.md');
      const headings = doc.content.split('\n').filter((l) => l.startsWith('#'));
      expect(headings).toEqual([
        '# prod: service dependencies and network flows',
        '## Cluster `aks-east`',
        '### Service dependencies',
        '### Network flows',
        '## Cluster `aks-west`',
        '### Service dependencies',
        '### Network flows',
      ]);
      expect(doc.content).toContain('  n_web_web -->|"8080"| n_back_api\n');
      // no NetworkPolicy: every pod may reach every other
      expect(doc.content).toContain('| `web/web` | `back/api` | 8080/TCP |');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
