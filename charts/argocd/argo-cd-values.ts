/**
 * The argo-helm `argo-cd` chart values that the platform's Argo CD must run with, for the
 * chart Terraform installs (docs/bootstrap.md). No argo-cd chart ships appVersion v3.0.23;
 * 8.2.7 is the last on v3.0.x (appVersion v3.0.12), so it runs with the image pinned
 * (docs/research/argocd.md §3.4). Pure: the environment's values are built in ./bootstrap.ts.
 */
import { HEALTH_CUSTOMIZATIONS, healthCustomizationKey } from './health';

/** The Argo CD release the plan and the health checks are written for. */
export const ARGO_CD_VERSION = 'v3.0.23';

/** The argo-helm chart to install it with: 8.2.7 (appVersion v3.0.12), image tag pinned to {@link ARGO_CD_VERSION}. */
export const ARGO_CD_CHART = { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.2.7' } as const;

/**
 * Fields that another controller writes into objects an Argo CD Application applies, by
 * argocd-cm `<group>_<Kind>`: the CA bundles that cert-manager's cainjector, ESO's
 * cert-controller and kube-prometheus-stack's patch Job put into
 * webhook configurations and CRD conversion webhooks. Without these, the operators'
 * Applications are OutOfSync for good: with the Application health check a parent's wave
 * waits for Synced, so it would never pass, and self-heal would fight the injectors.
 */
export const IGNORED_DIFFERENCES: Readonly<Record<string, readonly string[]>> = {
  'admissionregistration.k8s.io_MutatingWebhookConfiguration': ['.webhooks[]?.clientConfig.caBundle'],
  'admissionregistration.k8s.io_ValidatingWebhookConfiguration': ['.webhooks[]?.clientConfig.caBundle'],
  'apiextensions.k8s.io_CustomResourceDefinition': ['.spec.conversion.webhook.clientConfig.caBundle'],
};

/** A cluster Argo CD deploys to by `destination.name`. */
export interface ArgoCdCluster {
  readonly name: string;
  /** The cluster Argo CD runs in: its cluster Secret renames `in-cluster`. */
  readonly local: boolean;
  /** Labels of its cluster Secret (for ApplicationSet cluster generators). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Choices for {@link argoCdChartValues}; every one is left at the chart's default unless given. */
export interface ArgoCdValuesOptions {
  /**
   * `controller.sync.timeout.seconds`: ends a sync operation that runs longer. The chart's
   * default 0 means never, so a root waiting on a child nobody syncs waits until someone
   * terminates its operation.
   */
  readonly syncTimeoutSeconds?: number;
  /** `ARGOCD_SYNC_WAVE_DELAY` on the application controller: seconds between waves (Argo CD's default 2). */
  readonly syncWaveDelaySeconds?: number;
  /** Turns on the ApplicationSet controller's progressive syncs (needed only by RollingSync strategies). */
  readonly progressiveSyncs?: boolean;
  /** The clusters Applications name; each gets a cluster Secret (`configs.clusterCredentials`). @default none */
  readonly clusters?: readonly ArgoCdCluster[];
}

/** How the application controller and server log in to a remote AKS cluster: Entra ID through their Workload Identity. */
const AKS_EXEC_PROVIDER = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  // a symlink to the argocd binary in the image, with kubelogin linked in (docs/research/argocd.md §6)
  command: 'argocd-k8s-auth',
  args: ['azure'],
  env: { AAD_LOGIN_METHOD: 'workloadidentity' },
};

/**
 * The values: the image tag; under `configs.cm` (copied into argocd-cm over the chart's
 * presets, so its `resource.customizations.ignoreResourceUpdates.*` keys stay) every health
 * check of ./health and the ignored differences above; a cluster Secret per cluster; and the
 * options asked for.
 *
 * A remote cluster's entry has no `server` and no CA: Terraform, which knows them, merges
 * them in (`configs.clusterCredentials.<name>.server` and `.config.tlsClientConfig.caData`),
 * and the chart refuses to render a cluster Secret without a server. The controller and
 * server pods then carry the Workload Identity label; their ServiceAccounts' client-id
 * annotation is Terraform's too.
 */
export function argoCdChartValues(options: ArgoCdValuesOptions = {}): Record<string, unknown> {
  const cm: Record<string, string> = {};
  for (const h of HEALTH_CUSTOMIZATIONS) cm[healthCustomizationKey(h.group, h.kind)] = h.lua;
  for (const [groupKind, paths] of Object.entries(IGNORED_DIFFERENCES)) {
    cm[`resource.customizations.ignoreDifferences.${groupKind}`] = `jqPathExpressions:\n${paths.map((p) => `- '${p}'`).join('\n')}\n`;
  }
  const params: Record<string, string> = {};
  if (options.syncTimeoutSeconds !== undefined)
    params['controller.sync.timeout.seconds'] = String(nonNegative(options.syncTimeoutSeconds, 'syncTimeoutSeconds'));
  if (options.progressiveSyncs) params['applicationsetcontroller.enable.progressive.syncs'] = 'true';
  const clusters = options.clusters ?? [];
  const credentials: Record<string, unknown> = {};
  for (const c of clusters) {
    credentials[c.name] = c.local
      ? // the documented way to give the in-cluster destination another name (declarative-setup.md)
        { server: 'https://kubernetes.default.svc', labels: { ...c.labels }, config: { tlsClientConfig: { insecure: false } } }
      : { labels: { ...c.labels }, config: { execProviderConfig: AKS_EXEC_PROVIDER, tlsClientConfig: { insecure: false } } };
  }
  const values: Record<string, unknown> = {
    global: { image: { tag: ARGO_CD_VERSION } },
    configs: {
      cm,
      ...(Object.keys(params).length ? { params } : {}),
      ...(clusters.length ? { clusterCredentials: credentials } : {}),
    },
  };
  const remote = clusters.some((c) => !c.local);
  const identity = { podLabels: { 'azure.workload.identity/use': 'true' } };
  const controller: Record<string, unknown> = remote ? { ...identity } : {};
  if (options.syncWaveDelaySeconds !== undefined) {
    controller.env = [{ name: 'ARGOCD_SYNC_WAVE_DELAY', value: String(nonNegative(options.syncWaveDelaySeconds, 'syncWaveDelaySeconds')) }];
  }
  if (Object.keys(controller).length) values.controller = controller;
  if (remote) values.server = { ...identity };
  return values;
}

function nonNegative(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number of seconds, got ${n}`);
  return n;
}
