import { clusterFlows, renderFlowsMermaid, renderFlowsTable } from '../../../tools/graph/flows';

const deployment = (namespace: string, name: string, ports: number[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', ports: ports.map((containerPort) => ({ containerPort })) }] } },
  },
});
const namespace = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
/** Ingress to `app` in `ns` only from namespaces labelled `role: <role>`, on `ports`. */
const allowFromRole = (ns: string, app: string, role: string, ports: number[]) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `allow-${app}`, namespace: ns },
  spec: {
    podSelector: { matchLabels: { app } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { role } } }], ports: ports.map((port) => ({ port })) }],
  },
});

describe('clusterFlows', () => {
  const objects = [
    namespace('front', { role: 'frontend' }),
    namespace('other', {}),
    deployment('front', 'web', []),
    deployment('other', 'batch', []),
    deployment('data', 'db', [5432, 15002, 8080]),
    allowFromRole('data', 'db', 'frontend', [5432, 8080, 15002]),
  ];

  test('counts the labels of Namespace objects for namespaceSelectors', () => {
    expect(clusterFlows(objects).map((f) => `${f.from} -> ${f.to} ${f.port}`)).toEqual([
      'front/web -> data/db 15002/TCP',
      'front/web -> data/db 5432/TCP',
      'front/web -> data/db 8080/TCP',
    ]);
  });

  test('draws one arrow and one table row per pair, ports in numeric order', () => {
    const flows = clusterFlows(objects);
    expect(renderFlowsTable(flows)).toEqual('| from | to | ports |\n|---|---|---|\n| `front/web` | `data/db` | 5432/TCP, 8080/TCP, 15002/TCP |\n');
    expect(renderFlowsMermaid(flows)).toContain('  n_front_web -->|"5432/TCP, 8080/TCP, 15002/TCP"| n_data_db\n');
    expect(renderFlowsMermaid(flows)).toContain('  subgraph ns_data["data"]\n    n_data_db["db"]\n  end\n');
  });
});
