/**
 * Kyverno (chart 3.4.6, v1.14.5), the policy engine that places tenant pods
 * (docs/stack.md#kyverno): highly available because its webhooks fail closed, blind to
 * kube-system, its own namespace and the node agents' namespaces.
 */
import type { ClusterContext } from '../context';
import type { HelmRelease } from '../operators/release';
import { gpuPools } from '../operators/nvidia-device-plugin';
import { systemPool, WAVE_OPERATORS } from '../operators/placement';

/**
 * The namespaces of the node agents the platform installs: node-exporter (its chart tolerates
 * every taint, which the reserved pools' policy denies) and, where GPU pools exist, the NVIDIA
 * device plugin. A node's agents must start on a new node whether or not Kyverno answers, and
 * no placement policy applies to them.
 */
function nodeAgentNamespaces(ctx: ClusterContext): string[] {
  return [ctx.platform.monitoring.nodeExporterNamespace, ...(gpuPools(ctx).length ? [ctx.platform.operatorNamespaces.nvidiaDevicePlugin] : [])];
}

/** Labels of the chart's controller pods (release `kyverno`): add `app.kubernetes.io/component`. */
export const KYVERNO_POD_LABELS = { 'app.kubernetes.io/instance': 'kyverno', 'app.kubernetes.io/part-of': 'kyverno' } as const;
/** The webhook server's pod port and the metrics port of every controller. */
export const KYVERNO_PORTS = { webhook: 9443, metrics: 8000 } as const;

type Controller = { readonly serviceMonitor: { readonly enabled: boolean }; readonly nodeSelector: Record<string, string> };
/** A controller that serves a webhook failing closed: replicas, a budget that keeps all but one, spread over zones. */
type HighlyAvailable = {
  readonly replicas: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly topologySpreadConstraints: readonly object[];
};

function highlyAvailable(component: string, replicas: number): HighlyAvailable {
  return {
    replicas,
    // default disabled with minAvailable 1 (enabled anyway above one replica)
    podDisruptionBudget: { enabled: replicas > 1, minAvailable: Math.max(1, replicas - 1) },
    // default []
    topologySpreadConstraints:
      replicas > 1
        ? [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { ...KYVERNO_POD_LABELS, 'app.kubernetes.io/component': component } },
            },
          ]
        : [],
  };
}

/** Values of the kyverno chart that the platform sets. */
export interface KyvernoValues {
  readonly global: { readonly nodeSelector: Record<string, string> };
  readonly config: {
    readonly preserve: boolean;
    readonly webhooks: {
      readonly namespaceSelector: {
        readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: 'NotIn'; readonly values: readonly string[] }>;
      };
    };
  };
  readonly crds: { readonly annotations: Record<string, string> };
  readonly admissionController: Controller & HighlyAvailable;
  readonly backgroundController: Controller;
  readonly cleanupController: Controller & HighlyAvailable;
  readonly reportsController: Controller;
  readonly webhooksCleanup: { readonly enabled: boolean; readonly autoDeleteWebhooks: { readonly enabled: boolean } };
  readonly policyReportsCleanup: { readonly enabled: boolean };
}

export function kyvernoRelease(ctx: ClusterContext): HelmRelease {
  const s = ctx.platform.stack.kyverno;
  // each controller's own nodeSelector (default {}) as well as global's, which the hook Jobs fall back to
  const controller: Controller = { serviceMonitor: { enabled: true }, nodeSelector: systemPool(ctx) };
  const replicas = s.admissionReplicas;
  const values: KyvernoValues = {
    // default {}: every controller and hook Job
    global: { nodeSelector: systemPool(ctx) },
    config: {
      // default true: a PostDelete hook and a kept ConfigMap; Kyverno's Argo CD notes say false
      preserve: false,
      // default NotIn [kube-system]; the chart appends its own namespace (excludeKyvernoNamespace)
      webhooks: {
        namespaceSelector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', ...s.excludedNamespaces, ...nodeAgentNamespaces(ctx)] },
          ],
        },
      },
    },
    // default {}: the CRDs (policies, reports) outlive the release; deleting a CRD deletes every policy of it
    crds: { annotations: { 'helm.sh/resource-policy': 'keep' } },
    // default 1 replica each: a policy with failurePolicy Fail rejects every matching request while no admission replica answers
    admissionController: { ...highlyAvailable('admission-controller', replicas), ...controller },
    backgroundController: controller,
    // its webhook validating CleanupPolicies fails closed too (Kyverno's HA installation runs two)
    cleanupController: { ...highlyAvailable('cleanup-controller', 2), ...controller },
    reportsController: controller,
    webhooksCleanup: {
      // default true: a pre-delete hook, which Argo CD never runs
      enabled: false,
      // default false: the admission controller removes its webhook configurations when it is deleted, so none is left failing closed
      autoDeleteWebhooks: { enabled: true },
    },
    // default true: a PostSync Job on every sync, for report names older than Kyverno 1.10
    policyReportsCleanup: { enabled: false },
  };
  const ns = ctx.platform.operatorNamespaces.kyverno;
  return {
    name: 'kyverno',
    chart: ctx.platform.operatorCharts.kyverno,
    releaseName: 'kyverno',
    namespace: ns,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
  };
}
