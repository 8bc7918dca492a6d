/**
 * The platform's Grafana dashboards, generated from the service model: one dashboard per
 * namespace of the cluster's services, a row per service (CPU, memory, restarts, ready
 * replicas, its autoscaler when it has one, its scrape target when it serves metrics), and
 * Kafka's on a MATIH cluster. Each is a ConfigMap Grafana's dashboard sidecar loads.
 */
import { KubeConfigMap } from '../../imports/k8s';
import { dashboardJson, type DashboardSpec, type PanelSpec, type RowSpec } from '../../lib/grafana/dashboard';
import type { ServiceWorkload } from '../../lib/workload/service-workload';
import type { PlatformChart } from '../context';
import { GRAFANA_DASHBOARD_LABEL } from '../operators/grafana';

/** The uid of kube-prometheus-stack's Prometheus data source. */
const PROMETHEUS_DATASOURCE_UID = 'prometheus';
const KSM = 'job="kube-state-metrics"';
const KUBELET = 'job="kubelet"';

/** The panels of one service. */
function servicePanels(svc: ServiceWorkload): PanelSpec[] {
  // pod names: <statefulset>-<ordinal>, or <deployment>-<replicaset hash>-<pod suffix>
  const pods = svc.kind === 'StatefulSet' ? `${svc.name}-[0-9]+` : `${svc.name}-[a-z0-9]+-[a-z0-9]+`;
  const sel = `namespace="${svc.namespace}", pod=~"${pods}"`;
  const own = svc.kind === 'StatefulSet' ? `namespace="${svc.namespace}", statefulset="${svc.name}"` : `namespace="${svc.namespace}", deployment="${svc.name}"`;
  const panels: PanelSpec[] = [
    { title: 'CPU', unit: 'cores', queries: [`sum by (pod) (rate(container_cpu_usage_seconds_total{${KUBELET}, ${sel}, container!=""}[5m]))`] },
    { title: 'Memory (working set)', unit: 'bytes', queries: [`sum by (pod) (container_memory_working_set_bytes{${KUBELET}, ${sel}, container!=""})`] },
    { title: 'Restarts (1h)', queries: [`sum by (pod) (increase(kube_pod_container_status_restarts_total{${KSM}, ${sel}}[1h]))`] },
    {
      title: 'Ready / desired replicas',
      queries:
        svc.kind === 'StatefulSet'
          ? [`kube_statefulset_status_replicas_ready{${KSM}, ${own}}`, `kube_statefulset_replicas{${KSM}, ${own}}`]
          : [`kube_deployment_status_replicas_available{${KSM}, ${own}}`, `kube_deployment_spec_replicas{${KSM}, ${own}}`],
    },
  ];
  if (svc.autoscaled) {
    const hpa = `${KSM}, namespace="${svc.namespace}", horizontalpodautoscaler="${svc.name}"`;
    panels.push({
      title: 'Autoscaler: current / max replicas',
      queries: [`kube_horizontalpodautoscaler_status_current_replicas{${hpa}}`, `kube_horizontalpodautoscaler_spec_max_replicas{${hpa}}`],
    });
  }
  if (svc.metrics) {
    panels.push({
      title: 'Metrics endpoint up',
      description: 'Prometheus scrapes it through its ServiceMonitor',
      queries: [`up{namespace="${svc.namespace}", service="${svc.name}"}`],
    });
  }
  return panels;
}

/** Kafka's row: replication health and traffic, from the brokers' and controllers' metrics reporter. */
function kafkaRow(namespace: string, cluster: string): RowSpec {
  const sel = `namespace="${namespace}", strimzi_io_cluster="${cluster}"`;
  return {
    title: `Kafka ${cluster}`,
    panels: [
      { title: 'Under-replicated partitions', queries: [`sum by (strimzi_io_pool_name) (kafka_server_replicamanager_underreplicatedpartitions{${sel}})`] },
      { title: 'Offline partitions', queries: [`sum(kafka_controller_kafkacontroller_offlinepartitionscount{${sel}})`] },
      {
        title: 'Bytes in per second',
        unit: 'bytes',
        queries: [`sum by (kubernetes_pod_name) (rate(kafka_server_brokertopicmetrics_bytesinpersec_total{${sel}}[5m]))`],
      },
      {
        title: 'CPU',
        unit: 'cores',
        queries: [`sum by (pod) (rate(container_cpu_usage_seconds_total{${KUBELET}, namespace="${namespace}", pod=~"${cluster}-.+", container!=""}[5m]))`],
      },
      {
        title: 'Memory (working set)',
        unit: 'bytes',
        queries: [`sum by (pod) (container_memory_working_set_bytes{${KUBELET}, namespace="${namespace}", pod=~"${cluster}-.+", container!=""})`],
      },
    ],
  };
}

/** The dashboards of the cluster's services, and Kafka's on a MATIH cluster. */
function platformDashboards(chart: PlatformChart): DashboardSpec[] {
  const { ctx } = chart;
  const byNamespace = new Map<string, ServiceWorkload[]>();
  for (const svc of ctx.services()) byNamespace.set(svc.namespace, [...(byNamespace.get(svc.namespace) ?? []), svc]);
  const out: DashboardSpec[] = [...byNamespace.keys()].sort().map((ns) => ({
    uid: ns.slice(0, 40),
    title: `MATIH / ${ns}`,
    tags: ['matih', ctx.name],
    datasourceUid: PROMETHEUS_DATASOURCE_UID,
    rows: byNamespace
      .get(ns)!
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((svc) => ({ title: svc.name, panels: servicePanels(svc) })),
  }));
  if (ctx.runs('matih')) {
    const k = ctx.platform.kafka;
    out.push({
      uid: `kafka-${k.clusterName}`.slice(0, 40),
      title: 'MATIH / Kafka',
      tags: ['kafka', 'matih', ctx.name],
      datasourceUid: PROMETHEUS_DATASOURCE_UID,
      rows: [kafkaRow(ctx.platform.namespaces.kafka, k.clusterName)],
    });
  }
  return out;
}

/** Renders each dashboard as a ConfigMap labelled for Grafana's sidecar, in the monitoring namespace. */
export function addDashboards(chart: PlatformChart): void {
  const { ctx } = chart;
  for (const spec of platformDashboards(chart)) {
    new KubeConfigMap(chart, `dashboard-${spec.uid}`, {
      metadata: { name: `dashboard-${spec.uid}`, namespace: ctx.platform.namespaces.monitoring, labels: { ...ctx.labels(), ...GRAFANA_DASHBOARD_LABEL } },
      data: { [`${spec.uid}.json`]: JSON.stringify(dashboardJson(spec), null, 2) },
    });
  }
}
