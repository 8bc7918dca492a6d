/**
 * The AI platform (docs/platform.md#ai-platform) on its own cluster, in namespace and Argo CD
 * application `ai-platform`: a gateway (the only service reachable from outside, through the
 * cluster's shared Gateway) in front of the knowledge, agent, research and assistant services, with
 * Redis and PostgreSQL. Names, variables and sizes are the documented contract; every flow
 * between them follows from the typed dependencies declared here.
 */
import type { AiPlatformSettings } from '../config';
import { IsolatedNamespace } from '../lib/network/isolated-namespace';
import type { Dependency } from '../lib/workload/props';
import type { ServiceWorkload } from '../lib/workload/service-workload';
import type { ProbeSpec, SecretKeyRef } from '../lib/workload/spec';
import { type ClusterContext, type PlatformChart, PROTECT_ANNOTATIONS } from './context';
import { declareService, type ServiceDeclaration } from './declare';
import { exposeHost } from './edge/routes';
import { EXPORTER_METRICS, postgresExporter, redisExporter } from './monitoring/exporters';
import { podSecurityVersion } from './namespaces';
import { dnsPeer, HTTPS, internetPeer } from './peers';

export const AI_PLATFORM = 'ai-platform';
/** The Secrets, synced from Key Vault (`<secret>-<key>` there). */
export const AI_SECRETS = {
  openAiKey: { secret: 'azure-openai-secrets', key: 'api-key' },
  openAiEndpoint: { secret: 'azure-openai-secrets', key: 'endpoint' },
  databaseUrl: { secret: 'database-secrets', key: 'connection-string' },
  postgresPassword: { secret: 'database-secrets', key: 'password' },
  redisPassword: { secret: 'redis-secrets', key: 'password' },
} as const satisfies Record<string, SecretKeyRef>;
/**
 * The gateway's route may take 120 s (docs/platform.md#ai-platform-entry: the seed's proxy-read-timeout). Its other edge setting,
 * request bodies up to 50m, needs nothing: Envoy streams request bodies and sets no size limit
 * of its own, where ingress-nginx refused anything over 1m unless told otherwise. A cap
 * above 50m cannot be expressed in Envoy Gateway v1.3.3 (BackendTrafficPolicy
 * `requestBuffer.limit` arrives in v1.4), so larger bodies are no longer refused at the edge
 * (docs/edge.md#ai-platform).
 */
export const AI_REQUEST_TIMEOUT = '120s';

/** Every service listens on 8000 (FastAPI) behind a Service on 80. */
const HTTP = [{ name: 'http', port: 80, targetPort: 8000 }] as const;
const PROBES: Record<'gateway' | 'backend', { readiness: ProbeSpec; liveness: ProbeSpec }> = {
  gateway: {
    readiness: { http: { path: '/health/ready', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 5 },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 },
  },
  // the backends' readiness probe is /health; liveness reuses it with the gateway's timing
  backend: {
    readiness: { http: { path: '/health', port: 'http' } },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 },
  },
};

type AiServiceName = keyof AiPlatformSettings['services'];

/** Adds the `ai-platform` folder (namespace, services, stores, entry) to a cluster that runs it. */
export function addAiPlatform(ctx: ClusterContext): void {
  const s = ctx.env.aiPlatform;
  const namespace = s.namespace;
  const chart = ctx.chart(AI_PLATFORM, namespace);
  const labels = ctx.labels(AI_PLATFORM);
  new IsolatedNamespace(chart, 'Namespace', {
    name: namespace,
    dns: dnsPeer(ctx),
    podSecurityVersion: podSecurityVersion(ctx),
    labels: { ...labels, environment: s.environmentLabel, project: AI_PLATFORM },
    annotations: PROTECT_ANNOTATIONS,
    policyLabels: labels,
  });
  const registry = { registry: `${ctx.terraform.acrLoginServer}/${s.repositoryPrefix}` };
  const common = { namespace, partOf: AI_PLATFORM };

  const redis = declareService(chart, 'redis-service', {
    ...common,
    component: 'cache',
    pool: s.stores['redis-service'].pool,
    image: { ...registry, repository: s.stores['redis-service'].repository },
    settings: { ...s.stores['redis-service'], replicas: 1 },
    dataPath: '/data',
    ports: [{ name: 'redis', port: 6379, scheme: 'redis' }],
    readiness: { tcp: { port: 'redis' }, initialDelaySeconds: 5 },
    liveness: { tcp: { port: 'redis' }, initialDelaySeconds: 15 },
    runAsUser: 999,
    command: ['redis-server'],
    args: ['--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes', '--dir', '/data'],
    secretEnv: { REDIS_PASSWORD: AI_SECRETS.redisPassword },
    sidecars: [redisExporter(chart, AI_SECRETS.redisPassword)],
    metrics: EXPORTER_METRICS,
  });
  const pgReady = ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'];
  const postgresql = declareService(chart, 'postgresql', {
    ...common,
    component: 'database',
    pool: s.stores.postgresql.pool,
    image: { ...registry, repository: s.stores.postgresql.repository },
    settings: { ...s.stores.postgresql, replicas: 1 },
    dataPath: '/var/lib/postgresql/data',
    ports: [{ name: 'postgresql', port: 5432, scheme: 'postgresql' }],
    readiness: { exec: { command: pgReady }, initialDelaySeconds: 5 },
    liveness: { exec: { command: pgReady }, initialDelaySeconds: 30 },
    runAsUser: 999,
    writablePaths: ['/tmp', '/var/run/postgresql'],
    env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_DB: 'ai_platform' },
    secretEnv: { POSTGRES_PASSWORD: AI_SECRETS.postgresPassword },
    sidecars: [postgresExporter(chart, AI_SECRETS.postgresPassword)],
    metrics: EXPORTER_METRICS,
  });

  // every service reads its stores: REDIS_URL and the password, DATABASE_URL whole from Key Vault (it holds the credentials)
  const stores: Dependency[] = [{ service: redis, env: 'REDIS_URL' }];
  const service = (name: AiServiceName, deps: readonly ServiceWorkload[]): ServiceWorkload =>
    aiService(chart, name, {
      ...common,
      image: { ...registry, repository: s.services[name].repository },
      dependencies: [...stores, { service: postgresql }, ...deps.map((d) => ({ service: d, env: `${d.name.toUpperCase().replace(/-/g, '_')}_URL` }))],
    });
  const backends = (['knowledge-service', 'agent-service', 'research-service', 'assistant-service'] as const).map((name) => service(name, []));
  const gateway = service('gateway-service', backends);

  exposeHost(chart, namespace, {
    name: AI_PLATFORM,
    host: s.host,
    certificate: `${AI_PLATFORM}-tls`,
    routes: [{ path: '/', service: gateway }],
    requestTimeout: AI_REQUEST_TIMEOUT,
  });
}

/** One of the stateless services: sizes, HPA and rollout from config, the Azure OpenAI key and endpoint, HTTPS out. */
function aiService(
  chart: PlatformChart,
  name: AiServiceName,
  decl: Pick<ServiceDeclaration, 'namespace' | 'partOf' | 'image' | 'dependencies'>,
): ServiceWorkload {
  const s = chart.ctx.env.aiPlatform;
  const settings = s.services[name];
  const workload = declareService(chart, name, {
    ...decl,
    // the container names of docs/platform.md#ai-platform-services: `gateway`, `knowledge`, and so on by the image's name
    containerName: settings.repository,
    component: name === 'gateway-service' ? 'api-gateway' : 'ai-service',
    pool: settings.pool,
    settings: { ...settings, replicas: settings.autoscaling },
    ports: HTTP,
    ...PROBES[name === 'gateway-service' ? 'gateway' : 'backend'],
    env: { ENVIRONMENT: s.environmentLabel },
    secretEnv: {
      AZURE_OPENAI_API_KEY: AI_SECRETS.openAiKey,
      AZURE_OPENAI_ENDPOINT: AI_SECRETS.openAiEndpoint,
      DATABASE_URL: AI_SECRETS.databaseUrl,
      REDIS_PASSWORD: AI_SECRETS.redisPassword,
    },
  });
  // the services are mostly I/O-bound, waiting for Azure OpenAI over HTTPS
  workload.allowEgressToCidr(internetPeer(chart.ctx, 'azure-openai', 'Azure OpenAI over HTTPS, a public endpoint without fixed addresses'), HTTPS);
  return workload;
}
