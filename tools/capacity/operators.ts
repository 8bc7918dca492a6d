/**
 * Pod groups for what runs on a cluster without being in its dist/ folder: the Helm charts
 * its Argo CD Applications install (read from the Applications, wherever the management
 * cluster renders them), Argo CD itself, and AKS's add-ons. Figures: ./operator-table.ts.
 */
import { parse as parseYaml } from 'yaml';
import { AKS_AGENT_POOL_LABEL } from '../../lib/node-pool';
import type { ManifestDocument } from '../manifests/load';
import { asArray, asMap, asString, dig, type JsonMap } from '../validate/json';
import { bytes, cpuMillis, type ObjectRef, type PodGroup, type Resources } from './model';
import { AKS_ADDONS, CHART_TABLE, type ChartEntry, type ChartPod } from './operator-table';
import { containerRequests, podPlacement } from './workloads';

/** The pool AKS's own Deployments are planned on (the cluster's System-mode pool is named so in config/pools.ts). */
const AKS_SYSTEM_POOL = 'system';

/** A chart release: which chart, its values, and what names it in reports. */
export interface ChartRelease {
  readonly chart: string;
  readonly version: string;
  readonly values: JsonMap;
  /** `Application argocd/matih-prod-cert-manager`. */
  readonly name: string;
  /** The Application, when one installs it. */
  readonly object?: ObjectRef;
  readonly file: string;
}

/** The Helm releases that Applications among `docs` install on `cluster` (by destination name). */
export function chartReleases(docs: readonly ManifestDocument[], cluster: string): ChartRelease[] {
  const out: ChartRelease[] = [];
  for (const d of docs) {
    const o = asMap(d.object);
    if (!o || o.kind !== 'Application' || !(asString(o.apiVersion) ?? '').startsWith('argoproj.io/') || dig(o, 'spec', 'destination', 'name') !== cluster)
      continue;
    const sources = Array.isArray(dig(o, 'spec', 'sources')) ? asArray(dig(o, 'spec', 'sources')) : [dig(o, 'spec', 'source')];
    for (const s of sources) {
      const chart = asString(dig(s, 'chart'));
      if (chart === undefined) continue;
      const text = asString(dig(s, 'helm', 'values'));
      const values = asMap(dig(s, 'helm', 'valuesObject')) ?? asMap(text === undefined ? undefined : parseYaml(text)) ?? {};
      const object = { kind: 'Application', namespace: asString(dig(o, 'metadata', 'namespace')) ?? '', name: asString(dig(o, 'metadata', 'name')) ?? '' };
      const version = dig(s, 'targetRevision');
      out.push({
        chart,
        version: typeof version === 'string' || typeof version === 'number' ? String(version) : '',
        values,
        name: `Application ${object.namespace}/${object.name}`,
        object,
        file: d.file,
      });
    }
  }
  return out;
}

/** The pod groups of a release; `warning` when the chart is not in the table (its pods are then not counted). */
export function chartPodGroups(release: ChartRelease): { readonly groups: PodGroup[]; readonly warning?: string } {
  const entry = CHART_TABLE.find((e) => e.chart === release.chart);
  if (!entry) {
    return {
      groups: [],
      warning: `${release.name} installs chart ${release.chart} ${release.version}, which tools/capacity/operator-table.ts does not know: its pods are not counted`,
    };
  }
  const groups = entry.pods.flatMap((pod) => podGroup(entry, pod, release));
  return release.version === entry.version
    ? { groups }
    : {
        groups,
        warning: `${release.name} installs ${release.chart} ${release.version}; tools/capacity/operator-table.ts describes ${entry.version}: check its defaults`,
      };
}

function podGroup(entry: ChartEntry, pod: ChartPod, release: ChartRelease): PodGroup[] {
  const v = release.values;
  if (pod.enabled && (valueAt(v, pod.enabled.path) ?? pod.enabled.default) !== true) return [];
  const resources = valueAt(v, pod.resources);
  const set = asMap(dig(resources, 'requests')) !== undefined || asMap(dig(resources, 'limits')) !== undefined;
  const figures = set ? undefined : (pod.chartDefault ?? pod.estimate);
  const requests: Resources = set
    ? { ...containerRequests(resources), pods: 1 }
    : { cpu: cpuMillis(figures?.cpu) ?? 0, memory: bytes(figures?.memory) ?? 0, gpu: 0, pods: 1 };
  const placement = podPlacement({
    nodeSelector: valueAt(v, pod.nodeSelector),
    tolerations: valueAt(v, pod.tolerations) ?? pod.tolerationsDefault,
    affinity: pod.affinity === undefined ? undefined : (valueAt(v, pod.affinity) ?? pod.affinityDefault),
  });
  const hpa = pod.autoscaling && valueAt(v, `${pod.autoscaling.path}.enabled`) === true ? pod.autoscaling : undefined;
  const replicas = whole(valueAt(v, pod.replicas.path)) ?? pod.replicas.default;
  const minReplicas = hpa ? (whole(valueAt(v, `${hpa.path}.minReplicas`)) ?? hpa.minDefault) : replicas;
  const maxReplicas = hpa ? (whole(valueAt(v, `${hpa.path}.maxReplicas`)) ?? hpa.maxDefault) : replicas;
  const what = set
    ? 'requests from its values'
    : pod.chartDefault
      ? "the chart's default requests"
      : 'estimate: the chart requests nothing, planned at its commented example';
  return [
    {
      name: `${release.chart} ${pod.component} (${release.name})`,
      ...(release.object ? { object: release.object } : {}),
      file: release.file,
      origin: 'operator',
      mode: pod.daemonSet ? 'per-node' : 'replicas',
      requests,
      minReplicas,
      maxReplicas,
      placement,
      ...(pod.advertisesGpus ? { advertisesGpus: true } : {}),
      note: `${what} (${entry.source})`,
    },
  ];
}

/** AKS's kube-system pods on a cluster: DaemonSets on every node, the rest on the pool named `system`. */
export function aksPodGroups(): PodGroup[] {
  return AKS_ADDONS.map((a): PodGroup => ({
    name: `AKS ${a.name}`,
    file: 'tools/capacity/operator-table.ts',
    origin: 'aks',
    mode: a.replicas === 'per-node' ? 'per-node' : 'replicas',
    requests: { cpu: cpuMillis(a.cpu) ?? 0, memory: bytes(a.memory) ?? 0, gpu: 0, pods: 1 },
    minReplicas: a.replicas === 'per-node' ? 1 : a.replicas,
    maxReplicas: a.replicas === 'per-node' ? 1 : a.replicas,
    placement: {
      nodeSelector: a.replicas === 'per-node' ? {} : { [AKS_AGENT_POOL_LABEL]: AKS_SYSTEM_POOL },
      affinityTerms: [],
      tolerations: [{ operator: 'Exists' }],
    },
    note: `estimate: AKS manages it (${a.source})`,
  }));
}

function whole(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** The value at a dotted path (`controller.resources`), or undefined. */
function valueAt(values: unknown, dotted: string): unknown {
  return dig(values, ...dotted.split('.'));
}
