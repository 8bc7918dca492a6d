/**
 * The `monitoring` folder of a cluster (docs/monitoring.md): what Prometheus and Grafana need
 * beyond their charts. Grafana's admin credentials from Key Vault, its Azure Monitor data
 * source (Workload Identity) and the platform dashboards; the PodMonitors of the operators
 * (and of Argo CD on the management cluster) with the policies that let Prometheus in; the
 * platform's alerts. Synced with the services, after the CRDs and the secret store.
 */
import { IntOrString, KubeConfigMap, KubeNetworkPolicy } from '../../imports/k8s';
import { cidrPeerAnnotations } from '../../lib/network/network-policy';
import { onPhase, Phase } from '../../lib/phases';
import type { ClusterContext, PlatformChart } from '../context';
import { GRAFANA, GRAFANA_ADMIN_SECRET, GRAFANA_DATASOURCE_LABEL, GRAFANA_POD_LABELS } from '../operators/grafana';
import { internetPeer } from '../peers';
import { addKeyVaultSecret } from '../secret-stores';
import { addDashboards } from './dashboards';
import { addAlertRules } from './rules';
import { addScrapeTarget, type ScrapeTarget } from './targets';

const MONITORING_FOLDER = 'monitoring';
/** The uid of the Azure Monitor data source. */
const AZURE_MONITOR_DATASOURCE_UID = 'azure-monitor';

/** Adds the `monitoring` folder to a cluster. */
export function addMonitoring(ctx: ClusterContext): PlatformChart {
  const ns = ctx.platform.namespaces.monitoring;
  const chart = ctx.chart(MONITORING_FOLDER, ns);
  addKeyVaultSecret(ctx, chart, { name: GRAFANA_ADMIN_SECRET.name, namespace: ns, keys: [GRAFANA_ADMIN_SECRET.userKey, GRAFANA_ADMIN_SECRET.passwordKey] });
  addAzureMonitorDataSource(chart);
  for (const target of operatorTargets(ctx)) addScrapeTarget(ctx, target, chart, { policyScope: chart, monitorNamespace: ns });
  // Argo CD's namespace is Terraform's: Prometheus's egress is opened, its ingress is left to that installation
  if (ctx.isManagement) addScrapeTarget(ctx, argoCdTarget(ctx), chart, { monitorNamespace: ns });
  addAlertRules(chart);
  onPhase(chart, Phase.COLLECT, () => addDashboards(chart));
  return chart;
}

/**
 * The Azure Monitor data source, signed in with Grafana's Workload Identity (the AKS webhook
 * injects the federated token; grafana.ini enables the credential), for the subscription of
 * the cluster: Azure Monitor metrics and Log Analytics beside Prometheus.
 */
function addAzureMonitorDataSource(chart: PlatformChart): void {
  const { ctx } = chart;
  const provisioning = {
    apiVersion: 1,
    datasources: [
      {
        name: 'Azure Monitor',
        type: 'grafana-azure-monitor-datasource',
        uid: AZURE_MONITOR_DATASOURCE_UID,
        access: 'proxy',
        editable: false,
        jsonData: { azureAuthType: 'workloadidentity', subscriptionId: ctx.terraform.subscriptionId },
        version: 1,
      },
    ],
  };
  new KubeConfigMap(chart, 'AzureMonitorDataSource', {
    metadata: {
      name: 'grafana-datasource-azure-monitor',
      namespace: ctx.platform.namespaces.monitoring,
      labels: { ...ctx.labels(), ...GRAFANA_DATASOURCE_LABEL },
    },
    // JSON is YAML: the provisioning file Grafana reads
    data: { 'azure-monitor.yaml': JSON.stringify(provisioning, null, 2) },
  });
  const azure = internetPeer(
    ctx,
    'azure-monitor',
    'Grafana queries Azure Monitor and exchanges its Workload Identity token with Entra ID: public endpoints without fixed addresses',
  );
  new KubeNetworkPolicy(chart, 'GrafanaToAzure', {
    metadata: {
      name: `allow-${GRAFANA}-to-azure-monitor`,
      namespace: ctx.platform.namespaces.monitoring,
      labels: ctx.labels(),
      annotations: cidrPeerAnnotations(azure),
    },
    spec: {
      podSelector: { matchLabels: { ...GRAFANA_POD_LABELS } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: azure.cidr, except: [...(azure.except ?? [])] } }], ports: [{ port: IntOrString.fromNumber(443), protocol: 'TCP' }] }],
    },
  });
}

/** The operators' controllers Prometheus scrapes (labels and ports of their pinned charts). */
function operatorTargets(ctx: ClusterContext): ScrapeTarget[] {
  const ops = ctx.platform.operatorNamespaces;
  const targets: ScrapeTarget[] = [
    // cert-manager v1.18.6: the controller's http-metrics port (certificate expiry)
    {
      peer: {
        name: 'cert-manager',
        namespace: ops.certManager,
        podLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/name': 'cert-manager' },
      },
      portName: 'http-metrics',
      ports: [9402],
    },
    // external-secrets 0.13.0: the controller's metrics port (sync status of every ExternalSecret)
    {
      peer: {
        name: 'external-secrets',
        namespace: ops.externalSecrets,
        podLabels: { 'app.kubernetes.io/instance': 'external-secrets', 'app.kubernetes.io/name': 'external-secrets' },
      },
      portName: 'metrics',
      ports: [8080],
    },
  ];
  if (ctx.runs('matih')) {
    // strimzi-kafka-operator 0.50.1: the cluster operator's http port serves /metrics
    targets.push({
      peer: {
        name: 'strimzi-cluster-operator',
        namespace: ops.strimzi,
        podLabels: { name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator' },
      },
      portName: 'http',
      ports: [8080],
    });
  }
  return targets;
}

/** Argo CD's application controller (argo-cd chart 8.2.7: container port `metrics` 8082): `argocd_app_info`. */
function argoCdTarget(ctx: ClusterContext): ScrapeTarget {
  return {
    peer: {
      name: 'argocd-application-controller',
      namespace: ctx.platform.operatorNamespaces.argocd,
      podLabels: { 'app.kubernetes.io/name': 'argocd-application-controller' },
    },
    portName: 'metrics',
    ports: [8082],
  };
}
