/**
 * Crossplane (chart 1.19.3) with the Azure provider family (v2.7.0, the community packages
 * of xpkg.crossplane.io), through which infrastructure-service provisions tenant
 * infrastructure (docs/stack.md#crossplane). The providers reach Azure with the
 * `crossplane-provider-azure` Workload Identity; infrastructure-service may manage exactly the
 * managed resources `stack.crossplane.managedResources` lists, and nothing else of Crossplane.
 */
import { ProviderConfig, ProviderConfigSpecCredentialsSource } from '../../imports/azure-providerconfigs-azure.upbound.io';
import { Provider } from '../../imports/crossplane-providers-pkg.crossplane.io';
import {
  IntOrString,
  KubeClusterRole,
  KubeClusterRoleBinding,
  KubePodDisruptionBudget,
  KubeServiceAccount,
  type PodTemplateSpec,
  Quantity,
} from '../../imports/k8s';
import { PodMonitor } from '../../imports/prometheus-podmonitors-monitoring.coreos.com';
import { AZURE_GROUP } from '../../config/schema/stack';
import { DeploymentRuntimeConfig, PACKAGE_RUNTIME_CONTAINER } from '../../lib/crossplane/runtime-config';
import { restrictedPodSecurityContext } from '../../lib/security';
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL } from '../../lib/workload/service-workload';
import { type ClusterContext, PROTECT_ANNOTATIONS } from '../context';
import type { HelmRelease } from '../operators/release';
import { systemPool, WAVE_OPERATORS } from '../operators/placement';

/** The Terraform output (`workload_identity_client_ids`) of the providers' managed identity. */
const PROVIDER_IDENTITY = 'crossplane-provider-azure';
/** Our ServiceAccount of the Azure providers: its name is the federated credential's subject, stable across provider upgrades. */
const PROVIDER_SERVICE_ACCOUNT = 'provider-azure';
/** Labels our runtime configs give every package pod (Crossplane's own labels name the revision, which changes on upgrade). */
export const PACKAGE_POD_LABELS = { 'matih.ai/crossplane-package': 'runtime' } as const;
/** The chart's core pods, and every pod of the chart (the core's and the RBAC manager's). */
export const CROSSPLANE_POD_LABELS = { core: { app: 'crossplane' }, chart: { 'app.kubernetes.io/part-of': 'crossplane' } } as const;
/** Where Crossplane and the providers serve metrics, and the webhooks the API server calls (validation, CRD conversion). */
export const CROSSPLANE_PORTS = { metrics: 8080, webhook: 9443 } as const;
const WORKLOAD_IDENTITY_CONFIG = 'azure-workload-identity';
/** The uid Crossplane runs packages as when no security context is given; ours keeps it. */
const PACKAGE_UID = 2000;

type RestrictedContainer = {
  readonly runAsNonRoot: true;
  readonly capabilities: { readonly drop: readonly string[] };
  readonly seccompProfile: { readonly type: 'RuntimeDefault' };
};

/** Values of the crossplane chart that the platform sets. */
export interface CrossplaneValues {
  readonly replicas: number;
  readonly topologySpreadConstraints: readonly object[];
  readonly nodeSelector: Record<string, string>;
  readonly rbacManager: { readonly nodeSelector: Record<string, string>; readonly skipAggregatedClusterRoles: boolean };
  readonly podSecurityContextCrossplane: { readonly runAsNonRoot: true; readonly seccompProfile: { readonly type: 'RuntimeDefault' } };
  readonly podSecurityContextRBACManager: { readonly runAsNonRoot: true; readonly seccompProfile: { readonly type: 'RuntimeDefault' } };
  readonly securityContextCrossplane: RestrictedContainer;
  readonly securityContextRBACManager: RestrictedContainer;
  readonly metrics: { readonly enabled: boolean };
}

export function crossplaneRelease(ctx: ClusterContext): HelmRelease {
  const system = systemPool(ctx);
  const pod = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as const;
  // merged into the chart's defaults (uid/gid 65532, no privilege escalation, read-only root):
  // without these the pods fail Pod Security `restricted`
  const container = { runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } as const;
  const values: CrossplaneValues = {
    // default 1: the core serves webhooks that fail closed (XRD and Composition validation, deletion of in-use objects);
    // its controllers elect a leader, every replica serves the webhooks (a PodDisruptionBudget is rendered beside it)
    replicas: 2,
    // default []
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { ...CROSSPLANE_POD_LABELS.core } },
      },
    ],
    // default {} (any node)
    nodeSelector: system,
    rbacManager: {
      nodeSelector: system,
      // default false: the crossplane:aggregate-to-* roles grant secrets "*" through crossplane-admin/edit; nobody is bound to them
      skipAggregatedClusterRoles: true,
    },
    // default {}
    podSecurityContextCrossplane: pod,
    podSecurityContextRBACManager: pod,
    securityContextCrossplane: container,
    securityContextRBACManager: container,
    // default false: declares the metrics ports 8080 (the servers listen there anyway)
    metrics: { enabled: true },
  };
  const ns = ctx.platform.operatorNamespaces.crossplane;
  return {
    name: 'crossplane',
    chart: ctx.platform.operatorCharts.crossplane,
    releaseName: 'crossplane',
    namespace: ns,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
  };
}

/** The package of an API group of the family: `azure.upbound.io` is the family's own, `<svc>.azure.upbound.io` is `provider-azure-<svc>`. */
function providerPackage(group: string): string {
  const m = AZURE_GROUP.exec(group);
  if (!m) throw new Error(`config: stack.crossplane.managedResources: "${group}" is not an API group of the Azure provider family`);
  return m[1] ? `provider-azure-${m[1]}` : 'provider-family-azure';
}

/**
 * The `crossplane-providers` folder: the providers and their runtime config and identity, the
 * ProviderConfig, the scraping of their metrics, and infrastructure-service's RBAC on the
 * managed resources it creates (`infrastructure` is its ServiceAccount).
 */
export function addCrossplane(ctx: ClusterContext, infrastructure: { readonly name: string; readonly namespace: string }): void {
  const ns = ctx.platform.operatorNamespaces.crossplane;
  const cfg = ctx.platform.stack.crossplane;
  const chart = ctx.chart('crossplane-providers', ns);
  const labels = ctx.labels();
  const clientId = ctx.identity(PROVIDER_IDENTITY);

  // the Providers are never deleted (below), so neither is what their pods run with: deleting the
  // folder's Application would otherwise leave them without their runtime config and identity
  new KubeServiceAccount(chart, 'ProviderServiceAccount', {
    metadata: {
      name: PROVIDER_SERVICE_ACCOUNT,
      namespace: ns,
      labels,
      annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: clientId, ...PROTECT_ANNOTATIONS },
    },
    automountServiceAccountToken: false,
  });
  // every package runs with it; `default` is what a package installed without a runtime config gets
  const runtime = { labels, annotations: PROTECT_ANNOTATIONS };
  new DeploymentRuntimeConfig(chart, 'WorkloadIdentityRuntime', { name: WORKLOAD_IDENTITY_CONFIG, ...runtime, template: packagePod(ctx, true) });
  new DeploymentRuntimeConfig(chart, 'DefaultRuntime', { name: 'default', ...runtime, template: packagePod(ctx, false) });

  const packages = [...new Set(['provider-family-azure', ...Object.keys(cfg.managedResources).map(providerPackage)])].sort();
  for (const name of packages) {
    new Provider(chart, `Provider-${name}`, {
      // deleting a Provider deletes its CRDs, and with them every managed resource of the tenants
      metadata: { name, labels, annotations: PROTECT_ANNOTATIONS },
      spec: {
        package: `${cfg.packageRegistry}/${name}:${cfg.providerVersion}`,
        runtimeConfigRef: { apiVersion: 'pkg.crossplane.io/v1beta1', kind: 'DeploymentRuntimeConfig', name: WORKLOAD_IDENTITY_CONFIG },
      },
    });
  }
  new ProviderConfig(chart, 'ProviderConfig', {
    metadata: {
      // managed resources without a providerConfigRef use `default`
      name: 'default',
      labels,
      annotations: {
        // its CRD exists once provider-family-azure is installed: after the Providers (wave 0) are healthy
        'argocd.argoproj.io/sync-wave': '1',
        'argocd.argoproj.io/sync-options': `${PROTECT_ANNOTATIONS['argocd.argoproj.io/sync-options']},SkipDryRunOnMissingResource=true`,
      },
    },
    spec: {
      // the projected service account token the Workload Identity webhook mounts (AZURE_FEDERATED_TOKEN_FILE)
      credentials: { source: ProviderConfigSpecCredentialsSource.OIDC_TOKEN_FILE },
      clientId,
      tenantId: ctx.terraform.tenantId,
      subscriptionId: ctx.terraform.subscriptionId,
    },
  });

  // the chart renders none: a drain keeps one core replica, and with it the webhooks
  new KubePodDisruptionBudget(chart, 'CoreDisruptionBudget', {
    metadata: { name: 'crossplane', namespace: ns, labels },
    spec: { minAvailable: IntOrString.fromNumber(1), selector: { matchLabels: { ...CROSSPLANE_POD_LABELS.core } } },
  });
  for (const [name, selector] of [
    ['crossplane', { 'app.kubernetes.io/part-of': 'crossplane' }],
    ['crossplane-packages', PACKAGE_POD_LABELS],
  ] as const) {
    new PodMonitor(chart, `Monitor-${name}`, {
      metadata: { name, namespace: ns, labels },
      spec: {
        selector: { matchLabels: { ...selector } },
        namespaceSelector: { matchNames: [ns] },
        podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    });
  }

  // the managed resources are cluster-scoped, so the role is a ClusterRole; no ProviderConfigs, no Secrets
  const role = `${infrastructure.name}-crossplane`;
  new KubeClusterRole(chart, 'InfrastructureRole', {
    metadata: { name: role, labels },
    rules: Object.entries(cfg.managedResources)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([group, resources]) => ({
        apiGroups: [group],
        resources: [...resources].sort(),
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      })),
  });
  new KubeClusterRoleBinding(chart, 'InfrastructureRoleBinding', {
    metadata: { name: role, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: infrastructure.name, namespace: infrastructure.namespace }],
  });
}

/** A package pod within Pod Security `restricted` on the system pool; with Workload Identity, under our ServiceAccount. */
function packagePod(ctx: ClusterContext, workloadIdentity: boolean): PodTemplateSpec {
  return {
    metadata: { labels: { ...PACKAGE_POD_LABELS, ...(workloadIdentity ? { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' } : {}) } },
    spec: {
      // providers watch their CRDs and managed resources through the API server
      automountServiceAccountToken: true,
      serviceAccountName: workloadIdentity ? PROVIDER_SERVICE_ACCOUNT : undefined,
      nodeSelector: systemPool(ctx),
      // Crossplane's own defaults apply only when none is set, and lack seccomp and dropped capabilities
      securityContext: restrictedPodSecurityContext({ runAsUser: PACKAGE_UID }),
      containers: [
        {
          name: PACKAGE_RUNTIME_CONTAINER,
          // Crossplane adds it unless a port of that name exists: named here, what the PodMonitor scrapes is in git
          ports: [{ name: 'metrics', containerPort: CROSSPLANE_PORTS.metrics, protocol: 'TCP' }],
          resources: {
            requests: { cpu: Quantity.fromString('100m'), memory: Quantity.fromString('256Mi') },
            limits: { memory: Quantity.fromString('1Gi') },
          },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            privileged: false,
            runAsGroup: PACKAGE_UID,
            runAsNonRoot: true,
            runAsUser: PACKAGE_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
        },
      ],
    },
  };
}
