/**
 * What the pinned upstream Helm charts do with the values an Application gives them, for the
 * checks that cannot see a chart's rendered manifests: which CRDs each installs, which custom
 * resources it renders, whether it keeps its CRDs, and which admission webhooks it runs with
 * which failure policy, replicas and disruption budget. Read from each chart's templates at
 * the version config/base.ts pins (cert-manager v1.18.6, external-secrets 0.13.0, Strimzi
 * 0.50.1, kube-prometheus-stack 88.0.0, grafana 12.10.0, gateway-helm v1.3.3, nvidia-device-plugin 0.20.0); test/tools/argocd/charts.test.ts
 * checks the CRD groups against the vendored CRDs in imports/crds.
 */
import { asArray, type JsonMap } from '../validate/json';
import { type ChartFacts, type CrdKeeping, valueAt } from './chart-facts';
import { STACK_CHART_FACTS } from './stack-charts';

export type { ChartFacts } from './chart-facts';
export { valueAt } from './chart-facts';

const truthy = (values: JsonMap, path: string, fallback: boolean): boolean => Boolean(valueAt(values, path, fallback));
const count = (values: JsonMap, path: string, fallback: number): { path: string; value: number } => {
  const v = valueAt(values, path, fallback);
  return { path, value: typeof v === 'number' ? v : Number(v) };
};
const flag = (values: JsonMap, path: string, fallback: boolean) => ({ path, value: truthy(values, path, fallback) });
const nonEmpty = (values: JsonMap, path: string) => ({ path, value: asArray(valueAt(values, path, [])).length > 0 });

/** A chart whose CRDs sit in its `crds/` folder: Helm never templates them, so no value can annotate them. */
const UNMARKABLE: CrdKeeping = {
  kept: true,
  how: "its CRDs come from the chart's crds/ folder, which no value can annotate; Argo CD v3.0 never deletes CRDs when an Application is deleted (controller shouldBeDeleted), and the Application must neither prune automatically nor carry the resources finalizer",
};

/** The pinned charts, by chart name. */
export const CHARTS: Readonly<Record<string, ChartFacts>> = {
  // installed by Terraform (docs/bootstrap.md), before any Application exists
  'argo-cd': {
    version: '8.2.7',
    crdGroups: () => ['argoproj.io'],
    customResources: () => [],
    crdKeeping: () => ({ kept: true, how: 'installed by Terraform, not by an Application' }),
    webhooks: () => [],
  },
  'cert-manager': {
    version: 'v1.18.6',
    // templates/crds.yaml: rendered when crds.enabled (or the deprecated installCRDs)
    crdGroups: (v) => (truthy(v, 'crds.enabled', false) || truthy(v, 'installCRDs', false) ? ['acme.cert-manager.io', 'cert-manager.io'] : []),
    // templates/servicemonitor.yaml, podmonitor.yaml
    customResources: (v) => [
      ...(truthy(v, 'prometheus.enabled', true) && truthy(v, 'prometheus.servicemonitor.enabled', false) ? ['monitoring.coreos.com/ServiceMonitor'] : []),
      ...(truthy(v, 'prometheus.enabled', true) && truthy(v, 'prometheus.podmonitor.enabled', false) ? ['monitoring.coreos.com/PodMonitor'] : []),
    ],
    // crds.keep (default true) puts helm.sh/resource-policy: keep on every CRD
    crdKeeping: (v) =>
      truthy(v, 'crds.keep', true) ? { kept: true, how: 'crds.keep: helm.sh/resource-policy: keep' } : { kept: false, how: 'crds.keep is false' },
    // webhook-validating-webhook.yaml and webhook-mutating-webhook.yaml: failurePolicy: Fail, fixed
    webhooks: (v) => [
      {
        component: 'webhook',
        failurePolicy: 'Fail',
        replicas: count(v, 'webhook.replicaCount', 1),
        disruptionBudget: flag(v, 'webhook.podDisruptionBudget.enabled', false),
        spread: nonEmpty(v, 'webhook.topologySpreadConstraints'),
      },
    ],
  },
  'external-secrets': {
    version: '0.13.0',
    crdGroups: (v) => (truthy(v, 'installCRDs', true) ? ['external-secrets.io', 'generators.external-secrets.io'] : []),
    customResources: (v) => (truthy(v, 'serviceMonitor.enabled', false) ? ['monitoring.coreos.com/ServiceMonitor'] : []),
    // hack/helm.generate.sh adds crds.annotations to every CRD
    crdKeeping: (v) =>
      (valueAt(v, 'crds.annotations', {}) as Record<string, unknown>)['helm.sh/resource-policy'] === 'keep'
        ? { kept: true, how: 'crds.annotations: helm.sh/resource-policy: keep' }
        : { kept: false, how: 'crds.annotations has no helm.sh/resource-policy: keep' },
    // validatingwebhook.yaml (webhook.failurePolicy, default Fail); the same pods serve the CRDs' conversion webhook
    webhooks: (v) =>
      truthy(v, 'webhook.create', true)
        ? [
            {
              component: 'webhook',
              failurePolicy: valueAt(v, 'webhook.failurePolicy', 'Fail') === 'Ignore' ? 'Ignore' : 'Fail',
              replicas: count(v, 'webhook.replicaCount', 1),
              disruptionBudget: flag(v, 'webhook.podDisruptionBudget.enabled', false),
              spread: {
                path: 'webhook.topologySpreadConstraints',
                value: nonEmpty(v, 'webhook.topologySpreadConstraints').value || nonEmpty(v, 'global.topologySpreadConstraints').value,
              },
            },
          ]
        : [],
  },
  'strimzi-kafka-operator': {
    version: '0.50.1',
    crdGroups: () => ['core.strimzi.io', 'kafka.strimzi.io'],
    customResources: () => [],
    crdKeeping: () => UNMARKABLE,
    webhooks: () => [],
  },
  'kube-prometheus-stack': {
    version: '88.0.0',
    // its own ServiceMonitors, Prometheus and rules come with its CRDs, in the same sync
    crdGroups: (v) => (truthy(v, 'crds.enabled', true) ? ['monitoring.coreos.com'] : []),
    customResources: () => [],
    crdKeeping: () => UNMARKABLE,
    // admission-webhooks/*WebhookConfiguration.yaml: the policy set, else Ignore while the patch Job is on (default), else Fail
    webhooks: (v) => {
      if (!truthy(v, 'prometheusOperator.admissionWebhooks.enabled', true)) return [];
      const set = valueAt(v, 'prometheusOperator.admissionWebhooks.failurePolicy', '');
      const policy =
        set === 'Fail' || set === 'IgnoreOnInstallOnly'
          ? 'Fail'
          : set === 'Ignore'
            ? 'Ignore'
            : truthy(v, 'prometheusOperator.admissionWebhooks.patch.enabled', true)
              ? 'Ignore'
              : 'Fail';
      const own = truthy(v, 'prometheusOperator.admissionWebhooks.deployment.enabled', false);
      return [
        {
          component: own ? 'admission-webhook' : 'operator',
          failurePolicy: policy,
          replicas: own ? count(v, 'prometheusOperator.admissionWebhooks.deployment.replicas', 1) : { path: 'prometheusOperator (one replica)', value: 1 },
          disruptionBudget: own
            ? flag(v, 'prometheusOperator.admissionWebhooks.deployment.podDisruptionBudget.enabled', false)
            : { path: 'prometheusOperator', value: false },
          spread: {
            path: 'prometheusOperator.admissionWebhooks.deployment.topologySpreadConstraints',
            value: own && nonEmpty(v, 'prometheusOperator.admissionWebhooks.deployment.topologySpreadConstraints').value,
          },
        },
      ];
    },
  },
  grafana: {
    version: '12.10.0',
    crdGroups: () => [],
    // templates/servicemonitor.yaml: serviceMonitor.enabled
    customResources: (v) => (truthy(v, 'serviceMonitor.enabled', false) ? ['monitoring.coreos.com/ServiceMonitor'] : []),
    crdKeeping: () => ({ kept: true, how: 'no CRDs' }),
    webhooks: () => [],
  },
  // gateway-helm v1.3.3 (Envoy Gateway): its crds/ folder holds Gateway API's experimental
  // channel and every Envoy Gateway CRD; the platform's Application skips them (helm.skipCrds)
  // and the Application <cluster>-gateway-api applies the vendored ones (charts/edge/crds.ts)
  'gateway-helm': {
    version: 'v1.3.3',
    crdGroups: () => [],
    // templates/: no ServiceMonitor, PodMonitor or other custom resource
    customResources: () => [],
    crdKeeping: () => ({ kept: true, how: 'no CRDs through this Application (helm.skipCrds); the CRD Application never prunes and has no finalizer' }),
    // no webhook configuration in templates/ at v1.3.3 (the topology injector arrives in v1.4.0)
    webhooks: () => [],
  },
  // nvidia-device-plugin 0.20.0: its templates hold no CRD, custom resource or webhook; its
  // Node Feature Discovery subchart (0.19.0, off: the condition `nfd.enabled`, else `gfd.enabled`,
  // default false) brings nfd.k8s-sigs.io's CRDs from its crds/ folder and, with
  // `nfd.prometheus.enable`, a PodMonitor; no webhook either
  'nvidia-device-plugin': {
    version: '0.20.0',
    crdGroups: (v) => (nfdEnabled(v) ? ['nfd.k8s-sigs.io'] : []),
    customResources: (v) => (nfdEnabled(v) && truthy(v, 'nfd.prometheus.enable', false) ? ['monitoring.coreos.com/PodMonitor'] : []),
    crdKeeping: (v) => (nfdEnabled(v) ? UNMARKABLE : { kept: true, how: 'no CRDs' }),
    webhooks: () => [],
  },
  ...STACK_CHART_FACTS,
};

/** Helm's dependency condition `nfd.enabled,gfd.enabled`: the first of the paths set to a boolean decides. */
function nfdEnabled(values: JsonMap): boolean {
  const own = valueAt(values, 'nfd.enabled', undefined);
  return typeof own === 'boolean' ? own : truthy(values, 'gfd.enabled', false);
}
