/**
 * The Maia runner (docs/platform.md#maia-runner): Matillion's Data Productivity Cloud runner,
 * in its own namespace and Argo CD application `maia-runner`. It opens every connection
 * itself and takes none but Prometheus scraping its metrics: HTTPS to Azure and Matillion's
 * control plane, HTTP to Snowflake, and the customer's warehouses on their declared
 * addresses and ports, nothing else.
 */
import { IsolatedNamespace } from '../lib/network/isolated-namespace';
import type { ServiceWorkload } from '../lib/workload/service-workload';
import { type ClusterContext, PROTECT_ANNOTATIONS } from './context';
import { declareService } from './declare';
import { podSecurityVersion } from './namespaces';
import { dnsPeer, HTTPS, internetPeer } from './peers';

/** The chart's folder, the workload's name, and the Terraform identity key. */
export const MAIA_RUNNER = 'maia-runner';
/** The vendor's image. */
export const MAIA_RUNNER_IMAGE = { registry: 'matillion.azurecr.io', repository: 'cloud-agent' } as const;
/** The Secret (from Key Vault) with the OAuth client the runner signs in to Matillion with. */
export const MAIA_OAUTH_SECRET = 'maia-runner-oauth';
/** Spring Boot's Prometheus endpoint on the runner's metrics port. */
export const MAIA_METRICS = { port: 8080, path: '/actuator/prometheus' } as const;

/** Adds the `maia-runner` folder (namespace, runner, its policies) to a cluster that runs it. */
export function addMaiaRunner(ctx: ClusterContext): ServiceWorkload {
  const s = ctx.env.maiaRunner;
  const chart = ctx.chart(MAIA_RUNNER, s.namespace);
  const labels = ctx.labels(MAIA_RUNNER);
  new IsolatedNamespace(chart, 'Namespace', {
    name: s.namespace,
    dns: dnsPeer(ctx),
    podSecurityVersion: podSecurityVersion(ctx),
    labels,
    annotations: PROTECT_ANNOTATIONS,
    policyLabels: labels,
  });
  const runner = declareService(chart, MAIA_RUNNER, {
    namespace: s.namespace,
    component: 'runner',
    partOf: MAIA_RUNNER,
    pool: s.pool,
    // `stable` and `current` are moving tags by the vendor's design (release channels): the
    // runner has to keep pace with Matillion's control plane, so it follows the channel. To
    // freeze one build, set a sha256 digest as imageTag in config/maia-runner.ts.
    image: MAIA_RUNNER_IMAGE,
    imagePullSecrets: [],
    settings: { tag: s.imageTag, replicas: s.autoscaling, resources: s.resources },
    ports: [{ name: 'metrics', port: MAIA_METRICS.port }],
    // the vendor chart declares no probes; the JVM's listening metrics port is the one signal
    // the runner guarantees, and the startup probe gives the JVM five minutes before liveness counts
    readiness: { tcp: { port: 'metrics' }, initialDelaySeconds: 10, periodSeconds: 10 },
    liveness: { tcp: { port: 'metrics' }, initialDelaySeconds: 0, periodSeconds: 20 },
    startup: { tcp: { port: 'metrics' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 30 },
    workloadIdentity: true,
    // the runner's ConfigMap: account ID, runner ID, region; names as the vendor's chart sets them
    configEnv: { ACCOUNT_ID: s.accountId, AGENT_ID: s.runnerId, CLOUD_PROVIDER: 'AZURE', MATILLION_REGION: s.region },
    secretEnv: {
      OAUTH_CLIENT_ID: { secret: MAIA_OAUTH_SECRET, key: 'client-id' },
      OAUTH_CLIENT_SECRET: { secret: MAIA_OAUTH_SECRET, key: 'client-secret' },
    },
    metrics: { port: 'metrics', path: MAIA_METRICS.path },
    // the Service is annotated for Prometheus discovery too: the ServiceMonitor serves the
    // platform's Prometheus Operator, the annotations any annotation-based scraper
    serviceAnnotations: { 'prometheus.io/path': MAIA_METRICS.path, 'prometheus.io/port': String(MAIA_METRICS.port), 'prometheus.io/scrape': 'true' },
    // the vendor chart's writable mounts
    writablePaths: ['/tmp', '/home/agentuser/api_profiles'],
    // non-root UID 65534 (nobody)
    runAsUser: 65534,
  });
  // HTTPS to Matillion's control plane and to Azure (Entra ID, Storage, Key Vault); HTTP to
  // Snowflake, whose endpoints have no fixed addresses; the warehouses as declared
  runner.allowEgressToCidr(
    internetPeer(ctx, 'internet', "Matillion's control plane and Azure (Entra ID, Storage, Key Vault) through its Workload Identity, over HTTPS"),
    HTTPS,
  );
  runner.allowEgressToCidr(
    internetPeer(
      ctx,
      'snowflake-http',
      "HTTP 80 to Snowflake endpoints, as the Maia runner's vendor documentation lists (seed 003); Snowflake has no fixed addresses",
    ),
    [{ port: 80 }],
  );
  for (const [name, w] of Object.entries(s.warehouses).sort(([a], [b]) => (a < b ? -1 : 1))) {
    w.cidrs.forEach((cidr, i) =>
      runner.allowEgressToCidr(
        { name: w.cidrs.length > 1 ? `${name}-${i + 1}` : name, cidr },
        w.ports.map((port) => ({ port })),
      ),
    );
  }
  return runner;
}
