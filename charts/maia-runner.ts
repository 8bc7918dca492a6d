/**
 * The Maia runner (seed 003): Matillion's Data Productivity Cloud runner, in its own
 * namespace and Argo CD application `maia-runner`. It opens every connection itself (to
 * Matillion's control plane, Azure APIs and the data warehouses, all over HTTPS) and takes
 * none but Prometheus scraping its metrics. Built from `lib/` alone: nothing in `lib/` knows it.
 */
import { App } from 'cdk8s';
import { Environment, terraformFile } from '../config';
import { MAIA_RUNNER_FILE, maiaRunnerSettings } from '../config/maia-runner';
import { IsolatedNamespace } from '../lib/isolated-namespace';
import { ServiceWorkload } from '../lib/service-workload';
import { POD_SECURITY_VERSION } from './namespaces';
import { azurePeer, HTTPS, prometheusPeer } from './peers';
import { MANAGED_BY, PlatformChart, PROTECT_ANNOTATIONS } from './platform-chart';

/** The chart's folder, the workload's name, and the Terraform identity key. */
export const MAIA_RUNNER = 'maia-runner';
/** The vendor's image (seed 003). */
export const MAIA_RUNNER_IMAGE = { registry: 'matillion.azurecr.io', repository: 'cloud-agent' } as const;
/** The Secret (from Key Vault) with the OAuth client the runner signs in to Matillion with. */
export const MAIA_OAUTH_SECRET = 'maia-runner-oauth';
/** Spring Boot's Prometheus endpoint on the runner's metrics port (seed 003). */
export const MAIA_METRICS = { port: 8080, path: '/actuator/prometheus' } as const;

/** Adds the `maia-runner` application (namespace, runner, its policies) for one environment. */
export function addMaiaRunner(app: App, env: Environment): void {
  const cfg = env.config;
  const s = maiaRunnerSettings(cfg.environment);
  const clientId = env.terraform.workloadIdentityClientIds[MAIA_RUNNER];
  if (!clientId) {
    throw new Error(`${terraformFile(cfg.environment)}: workload_identity_client_ids.value.${MAIA_RUNNER} is required: the Maia runner reaches Azure Storage and Key Vault through Workload Identity (seed 003, ${MAIA_RUNNER_FILE})`);
  }
  const chart = new PlatformChart(app, MAIA_RUNNER, env, s.namespace);
  const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': MAIA_RUNNER };
  new IsolatedNamespace(chart, 'Namespace', {
    name: s.namespace,
    dns: { name: 'kube-dns', ...cfg.network.dns },
    podSecurityVersion: POD_SECURITY_VERSION,
    labels,
    annotations: PROTECT_ANNOTATIONS,
    policyLabels: labels,
  });

  const runner = new ServiceWorkload(chart, MAIA_RUNNER, {
    name: MAIA_RUNNER,
    namespace: s.namespace,
    component: 'runner',
    partOf: MAIA_RUNNER,
    managedBy: MANAGED_BY,
    // `stable` and `current` are moving tags by the vendor's design (seed 003: release
    // channels): the runner has to keep pace with Matillion's control plane, so it follows
    // the channel. To freeze one build, set a sha256 digest as imageTag in config/maia-runner.ts.
    image: { ...MAIA_RUNNER_IMAGE, tag: s.imageTag },
    ports: [{ name: 'metrics', port: MAIA_METRICS.port }],
    replicas: s.autoscaling.minReplicas,
    autoscaling: s.autoscaling,
    resources: s.resources,
    nodePool: cfg.nodePools[s.pool],
    // the vendor chart declares no probes; the JVM's listening metrics port is the one signal
    // the seed guarantees, and the startup probe gives the JVM five minutes before liveness counts
    readiness: { tcp: { port: 'metrics' }, initialDelaySeconds: 10, periodSeconds: 10 },
    liveness: { tcp: { port: 'metrics' }, initialDelaySeconds: 0, periodSeconds: 20 },
    startup: { tcp: { port: 'metrics' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 30 },
    workloadIdentity: { clientId },
    // seed 003 ConfigMap: account ID, runner ID, region; names as the vendor's chart sets them
    configEnv: {
      ACCOUNT_ID: s.accountId,
      AGENT_ID: s.runnerId,
      CLOUD_PROVIDER: 'AZURE',
      MATILLION_REGION: s.region,
    },
    secretEnv: {
      OAUTH_CLIENT_ID: { secret: MAIA_OAUTH_SECRET, key: 'client-id' },
      OAUTH_CLIENT_SECRET: { secret: MAIA_OAUTH_SECRET, key: 'client-secret' },
    },
    metrics: { port: 'metrics', path: MAIA_METRICS.path },
    // seed 003: the Service is annotated for Prometheus discovery; the ServiceMonitor serves
    // the platform's Prometheus Operator, the annotations any annotation-based scraper
    serviceAnnotations: {
      'prometheus.io/path': MAIA_METRICS.path,
      'prometheus.io/port': String(MAIA_METRICS.port),
      'prometheus.io/scrape': 'true',
    },
    // the vendor chart's writable mounts
    writablePaths: ['/tmp', '/home/agentuser/api_profiles'],
    // seed 003: non-root UID 65534 (nobody)
    runAsUser: 65534,
  });
  // egress only (seed 003): nothing may connect in but Prometheus, and out only HTTPS
  // (Matillion control plane, Azure Entra ID, Storage and Key Vault, the warehouses) and DNS
  runner.allowIngressFrom(prometheusPeer(cfg), ['metrics']);
  runner.allowEgressToCidr(azurePeer(cfg, 'internet'), HTTPS);
}
