/**
 * The stack's charts (docs/stack.md) in tools/argocd/charts.ts's terms, read from each chart's
 * templates at the pinned version (crossplane 1.19.3, kuberay-operator 1.7.0, kyverno 3.4.6,
 * temporal 1.6.0), and the CRD groups a Crossplane provider package installs when a rendered
 * Provider names it.
 */
import { asArray, type JsonMap } from '../validate/json';
import { type ChartFacts, type ChartWebhook, valueAt } from './chart-facts';

const on = (v: JsonMap, path: string, fallback: boolean): boolean => Boolean(valueAt(v, path, fallback));
const replicas = (v: JsonMap, path: string): { path: string; value: number } => ({ path, value: Number(valueAt(v, path, 1)) });
const spread = (v: JsonMap, path: string) => ({ path, value: asArray(valueAt(v, path, [])).length > 0 });
const NO_CRDS = { kept: true, how: 'no CRDs' };

/** Kyverno's controllers that serve webhooks, with the failure policy the controller gives them. */
function kyvernoWebhook(v: JsonMap, controller: 'admissionController' | 'cleanupController', failurePolicy: 'Fail' | 'Ignore'): ChartWebhook {
  const count = replicas(v, `${controller}.replicas`);
  // <controller>/poddisruptionbudget.yaml: rendered when enabled, or whenever replicas > 1
  const budget = on(v, `${controller}.podDisruptionBudget.enabled`, false) || count.value > 1;
  return {
    component: controller === 'admissionController' ? 'admission-controller' : 'cleanup-controller',
    failurePolicy,
    replicas: count,
    disruptionBudget: { path: `${controller}.podDisruptionBudget.enabled or ${count.path} > 1`, value: budget },
    spread: spread(v, `${controller}.topologySpreadConstraints`),
  };
}

export const STACK_CHART_FACTS: Readonly<Record<string, ChartFacts>> = {
  crossplane: {
    version: '1.19.3',
    // the crossplane-init container (crossplane core init) creates them from the image's /crds, once the pod runs
    crdGroups: () => ['apiextensions.crossplane.io', 'pkg.crossplane.io', 'secrets.crossplane.io'],
    customResources: () => [],
    crdKeeping: () => ({
      kept: true,
      how: 'its init container creates its CRDs: they are no objects of the chart, so neither Helm nor Argo CD ever deletes them',
    }),
    // the init container registers the validating webhooks crossplane (XRDs, Compositions) and crossplane-no-usages, both failurePolicy Fail;
    // the chart renders no PodDisruptionBudget: charts/stack/crossplane.ts renders one for the core pods beside it
    webhooks: (v) =>
      on(v, 'webhooks.enabled', true)
        ? [
            {
              component: 'core',
              failurePolicy: 'Fail',
              replicas: replicas(v, 'replicas'),
              disruptionBudget: { path: 'PodDisruptionBudget crossplane (charts/stack/crossplane.ts)', value: Number(valueAt(v, 'replicas', 1)) > 1 },
              spread: spread(v, 'topologySpreadConstraints'),
            },
          ]
        : [],
  },
  'kuberay-operator': {
    version: '1.7.0',
    crdGroups: () => ['ray.io'],
    // templates/servicemonitor.yaml
    customResources: (v) => (on(v, 'metrics.serviceMonitor.enabled', false) ? ['monitoring.coreos.com/ServiceMonitor'] : []),
    crdKeeping: () => ({
      kept: true,
      how: "its CRDs come from the chart's crds/ folder, which no value can annotate; Argo CD v3.0 never deletes CRDs when an Application is deleted (controller shouldBeDeleted), and the Application must neither prune automatically nor carry the resources finalizer",
    }),
    // webhooks only with ENABLE_WEBHOOKS=true, which the chart never sets
    webhooks: () => [],
  },
  kyverno: {
    version: '3.4.6',
    crdGroups: (v) => (on(v, 'crds.install', true) ? ['kyverno.io', 'policies.kyverno.io', 'reports.kyverno.io', 'wgpolicyk8s.io'] : []),
    // <controller>/servicemonitor.yaml
    customResources: (v) =>
      ['admissionController', 'backgroundController', 'cleanupController', 'reportsController'].some((c) => on(v, `${c}.serviceMonitor.enabled`, false))
        ? ['monitoring.coreos.com/ServiceMonitor']
        : [],
    // charts/crds/templates/*: crds.annotations on every CRD
    crdKeeping: (v) =>
      (valueAt(v, 'crds.annotations', {}) as Record<string, unknown>)['helm.sh/resource-policy'] === 'keep'
        ? { kept: true, how: 'crds.annotations: helm.sh/resource-policy: keep' }
        : { kept: false, how: 'crds.annotations has no helm.sh/resource-policy: keep' },
    // the admission controller's resource webhooks take each policy's failure policy (the platform's are Fail);
    // the cleanup controller's policy webhook is Fail, its TTL webhook Ignore (cmd/cleanup-controller/main.go)
    webhooks: (v) => [
      kyvernoWebhook(v, 'admissionController', 'Fail'),
      ...(on(v, 'cleanupController.enabled', true) ? [kyvernoWebhook(v, 'cleanupController', 'Fail')] : []),
    ],
  },
  temporal: {
    version: '1.6.0',
    crdGroups: () => [],
    // templates/server-service-monitor.yaml
    customResources: (v) => (on(v, 'server.metrics.serviceMonitor.enabled', false) ? ['monitoring.coreos.com/ServiceMonitor'] : []),
    crdKeeping: () => NO_CRDS,
    webhooks: () => [],
  },
};

/** The CRD groups a Crossplane package installs, from its reference (`<registry>/<org>/provider-azure-storage:v2.7.0`). */
export function packageCrdGroups(packageRef: string): string[] {
  const name = /\/([a-z0-9-]+)(?::|@)[^/]*$/.exec(packageRef)?.[1] ?? '';
  if (name === 'provider-family-azure') return ['azure.upbound.io', 'azure.m.upbound.io'];
  const service = /^provider-azure-([a-z0-9]+)$/.exec(name)?.[1];
  return service ? [`${service}.azure.upbound.io`, `${service}.azure.m.upbound.io`] : [];
}
