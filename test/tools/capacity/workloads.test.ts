import { parseManifests } from '../../../tools/manifests/load';
import { aksPodGroups, chartPodGroups, chartReleases } from '../../../tools/capacity/operators';
import { placementConflict } from '../../../tools/capacity/placement';
import { manifestPodGroups, podRequests } from '../../../tools/capacity/workloads';

const MI = 1024 * 1024;
const GI = 1024 * MI;
const docs = (yaml: string) => parseManifests(yaml, 'dist/test/c1/app/objects.yaml');

const objects = docs(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: ns }
spec:
  replicas: 2
  template:
    spec:
      nodeSelector: { kubernetes.azure.com/agentpool: work }
      tolerations: [{ key: work, operator: Equal, value: "true", effect: NoSchedule }]
      initContainers:
        - { name: migrate, resources: { requests: { cpu: "2", memory: 1Gi } } }
        - { name: proxy, restartPolicy: Always, resources: { requests: { cpu: 100m, memory: 64Mi } } }
      containers:
        - { name: main, resources: { requests: { cpu: 500m, memory: 512Mi }, limits: { memory: 1Gi } } }
        - { name: limits-only, resources: { limits: { cpu: 250m, memory: 256Mi, nvidia.com/gpu: 1 } } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api, namespace: ns }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }, minReplicas: 3, maxReplicas: 9 }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: ns }
spec:
  template:
    spec:
      containers: [{ name: db }]
---
apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: ns }
spec: { limits: [{ type: Container, defaultRequest: { cpu: 50m, memory: 64Mi } }] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: kube-system }
spec:
  template:
    spec:
      tolerations: [{ operator: Exists }]
      containers: [{ name: a, resources: { requests: { cpu: 10m, memory: 20Mi } } }]
---
apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata: { name: k, namespace: kafka }
spec:
  kafka:
    template: { pod: { nodeSelector: { kubernetes.azure.com/agentpool: data } } }
  entityOperator:
    topicOperator: { resources: { requests: { cpu: 100m, memory: 256Mi } } }
    userOperator: { resources: { requests: { cpu: 100m, memory: 256Mi } } }
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaNodePool
metadata: { name: brokers, namespace: kafka, labels: { strimzi.io/cluster: k } }
spec: { replicas: 3, resources: { requests: { cpu: "2", memory: 8Gi } } }
---
apiVersion: v1
kind: Namespace
metadata: { name: tenant, annotations: { scheduler.alpha.kubernetes.io/node-selector: "kubernetes.azure.com/agentpool=data" } }
---
apiVersion: v1
kind: ResourceQuota
metadata: { name: quota, namespace: tenant }
spec: { hard: { requests.cpu: "16", requests.memory: 64Gi, pods: 200 } }
`);

describe('pod groups from rendered manifests', () => {
  const groups = manifestPodGroups(objects);
  const byName = (name: string) => groups.find((g) => g.name === name)!;

  test('every workload, DaemonSet, Kafka pod and quota, by name', () => {
    expect(groups.map((g) => `${g.mode} ${g.name} ${g.minReplicas}-${g.maxReplicas}`)).toEqual([
      'replicas Deployment ns/api 3-9',
      'replicas StatefulSet ns/db 1-1',
      'per-node DaemonSet kube-system/agent 1-1',
      'replicas Kafka kafka/k (entity operator) 1-1',
      'replicas KafkaNodePool kafka/brokers 3-3',
      'quota ResourceQuota tenant/quota 0-1',
    ]);
  });

  test('a pod requests the larger of its containers with sidecars and its largest init container; limits stand in for requests', () => {
    // containers 500m + 250m (its limit) + the sidecar 100m = 850m, 832Mi; the init container migrate
    // runs before the sidecar starts: 2000m, 1Gi; the pod needs the larger of each
    expect(byName('Deployment ns/api').requests).toEqual({ cpu: 2000, memory: 1024 * MI, gpu: 1, pods: 1 });
    expect(
      podRequests({
        containers: [{ resources: { requests: { cpu: '1', memory: '2Gi' } } }],
        initContainers: [{ resources: { requests: { cpu: '500m', memory: '4Gi' } } }],
      }),
    ).toEqual({ cpu: 1000, memory: 4 * GI, gpu: 0, pods: 1 });
  });

  test("a container without requests or limits gets its namespace's LimitRange default", () => {
    expect(byName('StatefulSet ns/db').requests).toEqual({ cpu: 50, memory: 64 * MI, gpu: 0, pods: 1 });
  });

  test("Strimzi: node pools at their replicas with the Kafka resource's placement; the entity operator sums its two containers", () => {
    expect(byName('KafkaNodePool kafka/brokers')).toMatchObject({
      requests: { cpu: 2000, memory: 8 * GI, gpu: 0, pods: 1 },
      placement: { nodeSelector: { 'kubernetes.azure.com/agentpool': 'data' } },
    });
    expect(byName('Kafka kafka/k (entity operator)').requests).toEqual({ cpu: 200, memory: 512 * MI, gpu: 0, pods: 1 });
  });

  test("a quota sits on the pool its namespace's node selector names", () => {
    const quota = byName('ResourceQuota tenant/quota');
    expect(quota.requests).toEqual({ cpu: 16000, memory: 64 * GI, gpu: 0, pods: 200 });
    const data = { name: 'data', vmSize: 'Standard_D8s_v3', taint: { key: 'data', value: 'true', effect: 'NoSchedule' } };
    expect(placementConflict(quota.placement, data)).toBeUndefined();
    expect(placementConflict(quota.placement, { name: 'system', vmSize: 'Standard_D4s_v3' })).toMatch(/^nodeSelector kubernetes\.azure\.com\/agentpool=data/);
  });
});

describe('placement', () => {
  const pool = { name: 'work', vmSize: 'Standard_D2s_v3', labels: { tier: 'gold' }, taint: { key: 'work', value: 'true', effect: 'NoSchedule' } };
  const p = (spec: object) => placementConflict({ nodeSelector: {}, affinityTerms: [], tolerations: [], ...spec }, pool);

  test('taints: an Equal toleration with the value, an Exists toleration of the key, or of everything', () => {
    expect(p({})).toEqual("no toleration for the pool's taint work=true:NoSchedule");
    expect(p({ tolerations: [{ key: 'work', operator: 'Equal', value: 'false' }] })).toBeDefined();
    expect(p({ tolerations: [{ key: 'work', operator: 'Equal', value: 'true', effect: 'NoSchedule' }] })).toBeUndefined();
    expect(p({ tolerations: [{ key: 'work', operator: 'Exists', effect: 'NoExecute' }] })).toBeDefined();
    expect(p({ tolerations: [{ operator: 'Exists' }] })).toBeUndefined();
  });

  test('required node affinity: terms are ORed, requirements ANDed; per-node labels (zone) never rule a pool out', () => {
    const t = [{ operator: 'Exists' }];
    expect(
      p({
        tolerations: t,
        affinityTerms: [
          [
            { key: 'tier', operator: 'In', values: ['gold'] },
            { key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows'] },
          ],
        ],
      }),
    ).toBeUndefined();
    expect(p({ tolerations: t, affinityTerms: [[{ key: 'tier', operator: 'In', values: ['silver'] }], [{ key: 'gpu', operator: 'Exists' }]] })).toEqual(
      'required node affinity tier In (silver) or gpu Exists',
    );
    expect(
      p({ tolerations: t, nodeSelector: { 'topology.kubernetes.io/zone': 'westeurope-1', 'node.kubernetes.io/instance-type': 'Standard_D2s_v3' } }),
    ).toBeUndefined();
  });
});

describe('operators installed by Argo CD Applications', () => {
  const apps = docs(`
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: c1-edge, namespace: argocd }
spec:
  destination: { name: c1, namespace: ingress }
  source:
    chart: gateway-helm
    targetRevision: v1.3.3
    helm:
      valuesObject:
        deployment:
          replicas: 2
          pod: { nodeSelector: { kubernetes.azure.com/agentpool: system } }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: c1-argocd, namespace: argocd }
spec:
  destination: { name: c1, namespace: argocd }
  source: { chart: argo-cd, targetRevision: 8.2.7, helm: { valuesObject: { server: { autoscaling: { enabled: true, maxReplicas: 7 } } } } }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: c1-certs, namespace: argocd }
spec:
  destination: { name: c1, namespace: cert-manager }
  source: { chart: cert-manager, targetRevision: v1.19.0, helm: { values: "cainjector:\\n  enabled: false\\nresources:\\n  requests: { cpu: 50m, memory: 100Mi }\\n" } }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: c2-thing, namespace: argocd }
spec: { destination: { name: c2 }, source: { chart: mystery, targetRevision: 1.0.0 } }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: c1-mystery, namespace: argocd }
spec: { destination: { name: c1 }, source: { chart: mystery, targetRevision: 1.0.0 } }
`);
  const releases = chartReleases(apps, 'c1');
  const results = releases.map(chartPodGroups);
  const groups = results.flatMap((r) => r.groups);

  test("only the releases for the cluster; the chart's defaults, the values' overrides, its HPA bounds", () => {
    expect(releases.map((r) => r.name)).toEqual([
      'Application argocd/c1-edge',
      'Application argocd/c1-argocd',
      'Application argocd/c1-certs',
      'Application argocd/c1-mystery',
    ]);
    const lines = groups.map((g) => `${g.name} ${g.minReplicas}-${g.maxReplicas} ${g.requests.cpu}m ${g.requests.memory / MI}Mi`);
    expect(lines.filter((l) => !l.startsWith('argo-cd ') || l.startsWith('argo-cd server') || l.startsWith('argo-cd repo-server'))).toEqual([
      'gateway-helm envoy-gateway (Application argocd/c1-edge) 2-2 100m 256Mi',
      'argo-cd repo-server (Application argocd/c1-argocd) 1-1 10m 64Mi',
      'argo-cd server (Application argocd/c1-argocd) 1-7 50m 64Mi',
      'cert-manager controller (Application argocd/c1-certs) 1-1 50m 100Mi',
      'cert-manager webhook (Application argocd/c1-certs) 1-1 10m 32Mi',
    ]);
    expect(groups[0].placement.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'system' });
    expect(groups[0].note).toMatch(/^the chart's default requests/);
    expect(groups.find((g) => g.name.startsWith('cert-manager webhook'))!.note).toMatch(/^estimate: the chart requests nothing/);
  });

  test('an unknown chart and an untabled version are warnings', () => {
    expect(results.map((r) => r.warning).filter(Boolean)).toEqual([
      'Application argocd/c1-certs installs cert-manager v1.19.0; tools/capacity/operator-table.ts describes v1.18.6: check its defaults',
      'Application argocd/c1-mystery installs chart mystery 1.0.0, which tools/capacity/operator-table.ts does not know: its pods are not counted',
    ]);
  });

  test('AKS add-ons: DaemonSets everywhere, the rest on the system pool', () => {
    const aks = aksPodGroups();
    expect(aks.filter((g) => g.mode === 'per-node').map((g) => g.name)).toEqual([
      'AKS kube-proxy',
      'AKS cloud-node-manager',
      'AKS csi-azuredisk-node',
      'AKS csi-azurefile-node',
      'AKS azure-ip-masq-agent',
    ]);
    expect(aks.every((g) => g.note?.startsWith('estimate: AKS manages it'))).toBe(true);
  });
});
