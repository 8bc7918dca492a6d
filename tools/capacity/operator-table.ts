/**
 * The pods that what is installed outside dist/ runs: the operators' Helm charts (Argo CD
 * Applications render only the chart reference and its values), Argo CD itself (installed
 * by bootstrap on the management cluster) and AKS's own add-ons in kube-system.
 *
 * Per chart, each pod's values paths (replicas, resources, placement) and defaults were read
 * from the chart's values.yaml at the pinned version. Where the chart requests nothing
 * (`resources: {}`), the scheduler reserves nothing for the pod, yet it runs: it is planned at
 * the requests the chart's own commented example gives, marked "estimate". Set real requests
 * in the chart's typed values (charts/operators/*.ts) and they are used instead.
 */
import type { ChartEntry } from './chart-types';
import { STACK_CHARTS } from './stack-charts';

export type { ChartEntry, ChartPod } from './chart-types';

const on = (path: string) => ({ path, default: true });
const one = (path: string) => ({ path, default: 1 });
const place = (prefix: string) => ({ nodeSelector: `${prefix}nodeSelector`, tolerations: `${prefix}tolerations` });
const NO_REQUESTS = { cpu: '10m', memory: '32Mi' };

/** The charts of `operatorCharts` (config/base.ts; the stack's in stack-charts.ts) and the argo-cd chart of charts/argocd/argo-cd-values.ts. */
export const CHART_TABLE: readonly ChartEntry[] = [
  {
    chart: 'cert-manager',
    version: 'v1.18.6',
    source: 'cert-manager/cert-manager deploy/charts/cert-manager/values.yaml @ v1.18.6 (4699caab)',
    pods: [
      { component: 'controller', replicas: one('replicaCount'), resources: 'resources', estimate: NO_REQUESTS, ...place('') },
      { component: 'webhook', replicas: one('webhook.replicaCount'), resources: 'webhook.resources', estimate: NO_REQUESTS, ...place('webhook.') },
      {
        component: 'cainjector',
        enabled: on('cainjector.enabled'),
        replicas: one('cainjector.replicaCount'),
        resources: 'cainjector.resources',
        estimate: NO_REQUESTS,
        ...place('cainjector.'),
      },
    ],
  },
  {
    chart: 'external-secrets',
    version: '0.13.0',
    source: 'external-secrets/external-secrets deploy/charts/external-secrets/values.yaml @ v0.13.0 (dfe94b1a)',
    pods: [
      { component: 'controller', replicas: one('replicaCount'), resources: 'resources', estimate: NO_REQUESTS, ...place('') },
      {
        component: 'webhook',
        enabled: on('webhook.create'),
        replicas: one('webhook.replicaCount'),
        resources: 'webhook.resources',
        estimate: NO_REQUESTS,
        ...place('webhook.'),
      },
      {
        component: 'cert-controller',
        enabled: on('certController.create'),
        replicas: one('certController.replicaCount'),
        resources: 'certController.resources',
        estimate: NO_REQUESTS,
        ...place('certController.'),
      },
    ],
  },
  {
    chart: 'strimzi-kafka-operator',
    version: '0.50.1',
    source: 'strimzi/strimzi-kafka-operator helm-charts/helm3/strimzi-kafka-operator/values.yaml @ 0.50.1 (d86dfbf4)',
    pods: [{ component: 'cluster-operator', replicas: one('replicas'), resources: 'resources', chartDefault: { cpu: '200m', memory: '384Mi' }, ...place('') }],
  },
  {
    chart: 'gateway-helm',
    version: 'v1.3.3',
    source:
      'envoyproxy/gateway charts/gateway-helm/values.tmpl.yaml @ v1.3.3 (34c134d2); the proxies of each Gateway are counted from its EnvoyProxy (workloads.ts)',
    pods: [
      {
        component: 'envoy-gateway',
        replicas: one('deployment.replicas'),
        resources: 'deployment.envoyGateway.resources',
        chartDefault: { cpu: '100m', memory: '256Mi' },
        nodeSelector: 'deployment.pod.nodeSelector',
        tolerations: 'deployment.pod.tolerations',
      },
    ],
  },
  {
    chart: 'kube-prometheus-stack',
    version: '88.0.0',
    source:
      'prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml @ kube-prometheus-stack-88.0.0 (b5a2d187); ' +
      'kube-state-metrics 8.0.0 (a292ec61), prometheus-node-exporter 4.56.1 (8b8e639c), grafana-community/helm-charts grafana 12.10.0 (e4a95c85)',
    pods: [
      {
        component: 'prometheus-operator',
        enabled: on('prometheusOperator.enabled'),
        replicas: one('prometheusOperator.replicas'),
        resources: 'prometheusOperator.resources',
        estimate: { cpu: '100m', memory: '100Mi' },
        ...place('prometheusOperator.'),
      },
      {
        component: 'prometheus',
        enabled: on('prometheus.enabled'),
        replicas: one('prometheus.prometheusSpec.replicas'),
        resources: 'prometheus.prometheusSpec.resources',
        estimate: { memory: '400Mi' },
        ...place('prometheus.prometheusSpec.'),
      },
      {
        component: 'alertmanager',
        enabled: on('alertmanager.enabled'),
        replicas: one('alertmanager.alertmanagerSpec.replicas'),
        resources: 'alertmanager.alertmanagerSpec.resources',
        estimate: { memory: '400Mi' },
        ...place('alertmanager.alertmanagerSpec.'),
      },
      {
        component: 'grafana',
        enabled: on('grafana.enabled'),
        replicas: one('grafana.replicas'),
        resources: 'grafana.resources',
        estimate: { cpu: '100m', memory: '128Mi' },
        ...place('grafana.'),
      },
      {
        component: 'kube-state-metrics',
        enabled: on('kubeStateMetrics.enabled'),
        replicas: one('kube-state-metrics.replicas'),
        resources: 'kube-state-metrics.resources',
        estimate: NO_REQUESTS,
        ...place('kube-state-metrics.'),
      },
      {
        component: 'node-exporter',
        enabled: on('nodeExporter.enabled'),
        daemonSet: true,
        replicas: one('prometheus-node-exporter.replicas'),
        resources: 'prometheus-node-exporter.resources',
        estimate: { cpu: '100m', memory: '30Mi' },
        ...place('prometheus-node-exporter.'),
        tolerationsDefault: [{ effect: 'NoSchedule', operator: 'Exists' }],
      },
    ],
  },
  {
    // the chart kube-prometheus-stack 88.0.0 bundles, installed on its own (charts/operators/grafana.ts)
    chart: 'grafana',
    version: '12.10.0',
    source: 'grafana-community/helm-charts charts/grafana/values.yaml @ grafana-12.10.0 (e4a95c85)',
    pods: [{ component: 'grafana', replicas: one('replicas'), resources: 'resources', estimate: { cpu: '100m', memory: '128Mi' }, ...place('') }],
  },
  {
    chart: 'argo-cd',
    version: '8.2.7',
    source: 'argoproj/argo-helm charts/argo-cd/values.yaml @ argo-cd-8.2.7 (b52fe780)',
    pods: [
      {
        component: 'application-controller',
        replicas: one('controller.replicas'),
        resources: 'controller.resources',
        estimate: { cpu: '250m', memory: '256Mi' },
        ...place('controller.'),
      },
      {
        component: 'repo-server',
        replicas: one('repoServer.replicas'),
        autoscaling: { path: 'repoServer.autoscaling', minDefault: 1, maxDefault: 5 },
        resources: 'repoServer.resources',
        estimate: { cpu: '10m', memory: '64Mi' },
        ...place('repoServer.'),
      },
      {
        component: 'server',
        replicas: one('server.replicas'),
        autoscaling: { path: 'server.autoscaling', minDefault: 1, maxDefault: 5 },
        resources: 'server.resources',
        estimate: { cpu: '50m', memory: '64Mi' },
        ...place('server.'),
      },
      {
        component: 'redis',
        enabled: on('redis.enabled'),
        replicas: one('redis.replicas'),
        resources: 'redis.resources',
        estimate: { cpu: '100m', memory: '64Mi' },
        ...place('redis.'),
      },
      {
        component: 'dex',
        enabled: on('dex.enabled'),
        replicas: one('dex.replicas'),
        resources: 'dex.resources',
        estimate: { cpu: '10m', memory: '32Mi' },
        ...place('dex.'),
      },
      {
        component: 'applicationset-controller',
        replicas: one('applicationSet.replicas'),
        resources: 'applicationSet.resources',
        estimate: { cpu: '100m', memory: '128Mi' },
        ...place('applicationSet.'),
      },
      {
        component: 'notifications-controller',
        enabled: on('notifications.enabled'),
        replicas: one('notifications.replicas'),
        resources: 'notifications.resources',
        estimate: { cpu: '100m', memory: '128Mi' },
        ...place('notifications.'),
      },
    ],
  },
  {
    chart: 'nvidia-device-plugin',
    version: '0.20.0',
    source:
      'NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/values.yaml and templates/ @ v0.20.0 (1b826acc); ' +
      'its MPS control daemon DaemonSet selects nodes labelled nvidia.com/mps.capable=true, which only GPU feature discovery sets: no pod here',
    pods: [
      {
        component: 'device-plugin',
        enabled: on('devicePlugin.enabled'),
        daemonSet: true,
        advertisesGpus: true,
        // a DaemonSet: one pod on every node it may run on
        replicas: one('devicePlugin.replicas'),
        resources: 'resources',
        ...place(''),
        tolerationsDefault: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ],
        affinity: 'affinity',
        // Node Feature Discovery's labels, which no AKS node carries without NFD
        affinityDefault: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'feature.node.kubernetes.io/pci-10de.present', operator: 'In', values: ['true'] }] },
                { matchExpressions: [{ key: 'feature.node.kubernetes.io/cpu-model.vendor_id', operator: 'In', values: ['NVIDIA'] }] },
                { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] },
              ],
            },
          },
        },
      },
    ],
  },
  ...STACK_CHARTS,
];

/** One AKS add-on pod, as AKS runs it (not configurable). */
export interface AksAddon {
  readonly name: string;
  readonly cpu: string;
  readonly memory: string;
  /** `per-node`: a DaemonSet on every node (they tolerate every taint); else replicas on the system pool. */
  readonly replicas: number | 'per-node';
  readonly source: string;
}

const SNAPSHOT = 'kubectl describe node of an AKS 1.32.7 cluster, 2026-01-15 (public capacity snapshot)';
const AKS_5251 = 'https://github.com/Azure/AKS/issues/5251 (2025-11-14)';

/**
 * AKS's kube-system pods, with the requests public node descriptions show. Azure CNI's and
 * the network policy engine's agents (azure-cns, azure-npm, Cilium) depend on the cluster's
 * network profile, which this repository does not hold; they are not counted.
 */
export const AKS_ADDONS: readonly AksAddon[] = [
  { name: 'kube-proxy', cpu: '100m', memory: '0', replicas: 'per-node', source: SNAPSHOT },
  { name: 'cloud-node-manager', cpu: '50m', memory: '50Mi', replicas: 'per-node', source: `${AKS_5251}; ${SNAPSHOT}` },
  { name: 'csi-azuredisk-node', cpu: '30m', memory: '60Mi', replicas: 'per-node', source: SNAPSHOT },
  { name: 'csi-azurefile-node', cpu: '30m', memory: '60Mi', replicas: 'per-node', source: SNAPSHOT },
  { name: 'azure-ip-masq-agent', cpu: '50m', memory: '36Mi', replicas: 'per-node', source: SNAPSHOT },
  { name: 'coredns', cpu: '100m', memory: '70Mi', replicas: 2, source: AKS_5251 },
  { name: 'coredns-autoscaler', cpu: '20m', memory: '10Mi', replicas: 1, source: 'https://github.com/kubernetes-sigs/azuredisk-csi-driver/issues/129' },
  { name: 'metrics-server', cpu: '158m', memory: '150Mi', replicas: 2, source: SNAPSHOT },
  { name: 'konnectivity-agent', cpu: '20m', memory: '20Mi', replicas: 2, source: SNAPSHOT },
  { name: 'azure-wi-webhook-controller-manager', cpu: '100m', memory: '20Mi', replicas: 2, source: AKS_5251 },
];
