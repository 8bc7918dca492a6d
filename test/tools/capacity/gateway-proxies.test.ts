import { gatewayProxyGroups } from '../../../tools/capacity/gateway-proxies';
import { parseManifests } from '../../../tools/manifests/load';

const MI = 1024 * 1024;
const docs = parseManifests(
  `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: eg }
spec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller, parametersRef: { group: gateway.envoyproxy.io, kind: EnvoyProxy, name: shared, namespace: edge } }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: { name: shared, namespace: edge }
spec: { provider: { type: Kubernetes, kubernetes: { envoyDeployment: { replicas: 3, container: { resources: { requests: { cpu: 200m, memory: 512Mi } } }, pod: { nodeSelector: { pool: system } } } } } }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: { name: own, namespace: tenant }
spec: { provider: { type: Kubernetes, kubernetes: { envoyDeployment: { pod: { nodeSelector: { pool: data } } } } } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: platform, namespace: edge }
spec: { gatewayClassName: eg, listeners: [] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: entry, namespace: tenant }
spec: { gatewayClassName: eg, infrastructure: { parametersRef: { group: gateway.envoyproxy.io, kind: EnvoyProxy, name: own } }, listeners: [] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: other, namespace: edge }
spec: { gatewayClassName: nginx, listeners: [] }
`,
  'dist/test/c1/edge/objects.yaml',
);

test("each Envoy Gateway Gateway's proxies are planned from its effective EnvoyProxy, with the shutdown-manager container", () => {
  const groups = gatewayProxyGroups(docs).map((g) => ({
    name: g.name,
    replicas: [g.minReplicas, g.maxReplicas],
    requests: g.requests,
    pool: g.placement.nodeSelector,
  }));
  expect(groups).toEqual([
    { name: 'Envoy proxies of Gateway edge/platform', replicas: [3, 3], requests: { cpu: 210, memory: 544 * MI, gpu: 0, pods: 1 }, pool: { pool: 'system' } },
    // its own EnvoyProxy replaces the class's whole: one replica at Envoy Gateway's default requests
    { name: 'Envoy proxies of Gateway tenant/entry', replicas: [1, 1], requests: { cpu: 110, memory: 544 * MI, gpu: 0, pods: 1 }, pool: { pool: 'data' } },
  ]);
});
