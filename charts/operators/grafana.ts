/**
 * Grafana (grafana-community chart 12.10.0, Grafana 13.1.1: the chart and version that
 * kube-prometheus-stack 88.0.0 bundles) as a release of its own, in the monitoring namespace.
 *
 * Why not the bundled subchart: Grafana's admin password comes from Key Vault through an
 * ExternalSecret, which can only sync once the ClusterSecretStore exists (secret-stores, the
 * infrastructure wave). The bundled Grafana belongs to kube-prometheus-stack's Application
 * (the monitoring wave, first after the namespaces, with the CRDs everything else needs): it
 * would wait for the Secret, keep that Application from being Healthy and so hold back the
 * wave that creates the store. On its own, Grafana syncs with the services (WAVES.services),
 * beside its ExternalSecret (folder `monitoring`).
 *
 * Without `admin.existingSecret` the chart generates a random password through `lookup`,
 * which Argo CD's `helm template` cannot do: a new password, a changed Secret and a rolled
 * pod on every refresh.
 */
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL } from '../../lib/workload/service-workload';
import type { ClusterContext } from '../context';
import { WAVES } from '../argocd/folders';
import { systemPool } from './placement';
import type { HelmRelease } from './release';

/** The Helm release, its fullname, ServiceAccount and the Terraform identity key (federated subject `system:serviceaccount:<monitoring>:grafana`). */
export const GRAFANA = 'grafana';
/** The Secret with Grafana's admin user and password, from Key Vault (`grafana-admin-admin-user`, `grafana-admin-admin-password`). */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } as const;
/** The labels Grafana's sidecars load data sources and dashboards by (kube-prometheus-stack's, so its own ConfigMaps load too). */
export const GRAFANA_DATASOURCE_LABEL = { grafana_datasource: '1' } as const;
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** Grafana's pods (the chart's selector labels). */
export const GRAFANA_POD_LABELS = { 'app.kubernetes.io/instance': GRAFANA, 'app.kubernetes.io/name': 'grafana' } as const;

/** A sidecar that loads ConfigMaps with one label from Grafana's own namespace. */
interface SidecarValues {
  readonly enabled: true;
  readonly label: string;
  readonly labelValue: string;
  /** default `both` (ConfigMaps and Secrets): the platform ships ConfigMaps only */
  readonly resource: 'configmap';
}

/** Values of the grafana chart that the platform sets (each replaces the chart default named beside it). */
export interface GrafanaValues {
  /** default "": a password generated per render (see above) */
  readonly admin: { readonly existingSecret: string; readonly userKey: string; readonly passwordKey: string };
  /** default none: the Workload Identity that reads Azure Monitor */
  readonly serviceAccount: { readonly annotations: Record<string, string> };
  readonly podLabels: Record<string, string>;
  /** merged into the chart's grafana.ini */
  readonly 'grafana.ini': {
    /** the Azure SDK's workload identity credential (the same as GF_AZURE_WORKLOAD_IDENTITY_ENABLED=true) */
    readonly azure: { readonly workload_identity_enabled: true; readonly workload_identity_client_id: string; readonly workload_identity_tenant_id: string };
    /** default true: calls to grafana.com that the egress policy does not allow anyway */
    readonly analytics: { readonly check_for_updates: false; readonly reporting_enabled: false };
  };
  /** default both off */
  readonly sidecar: { readonly dashboards: SidecarValues; readonly datasources: SidecarValues };
  /** default false (a ClusterRole reading ConfigMaps and Secrets everywhere): the sidecars read the monitoring namespace only */
  readonly rbac: { readonly namespaced: true };
  /** default false */
  readonly serviceMonitor: { readonly enabled: true };
  /** default true: a Helm test Pod without a security context, which Argo CD does not run */
  readonly testFramework: { readonly enabled: false };
  readonly nodeSelector: Record<string, string>;
}

export function grafanaRelease(ctx: ClusterContext): HelmRelease {
  const clientId = ctx.identity(GRAFANA);
  const sidecar = (labels: Readonly<Record<string, string>>): SidecarValues => {
    const [label, labelValue] = Object.entries(labels)[0];
    return { enabled: true, label, labelValue, resource: 'configmap' };
  };
  const values: GrafanaValues = {
    admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
    serviceAccount: { annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: clientId } },
    podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' },
    'grafana.ini': {
      azure: { workload_identity_enabled: true, workload_identity_client_id: clientId, workload_identity_tenant_id: ctx.terraform.tenantId },
      analytics: { check_for_updates: false, reporting_enabled: false },
    },
    sidecar: { dashboards: sidecar(GRAFANA_DASHBOARD_LABEL), datasources: sidecar(GRAFANA_DATASOURCE_LABEL) },
    rbac: { namespaced: true },
    serviceMonitor: { enabled: true },
    testFramework: { enabled: false },
    nodeSelector: systemPool(ctx),
  };
  return {
    name: GRAFANA,
    chart: ctx.platform.operatorCharts.grafana,
    releaseName: GRAFANA,
    namespace: ctx.platform.namespaces.monitoring,
    values,
    // with the services, after the secret store its admin password comes through
    wave: WAVES.services,
    project: 'operators',
  };
}
