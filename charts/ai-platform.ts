/**
 * The AI platform of seed 004, in namespace and Argo CD application `ai-platform`: a gateway
 * (the only service reachable from outside, through the platform ingress controller) in
 * front of the knowledge, agent, research and assistant services, with Redis and PostgreSQL.
 * Every flow between them is derived from the dependencies `config/ai-platform.ts` declares.
 * Built from `lib/` alone: nothing in `lib/` knows it.
 */
import { App } from 'cdk8s';
import { Environment, terraformFile } from '../config';
import {
  AI_PLATFORM_FILE, AI_SERVICES, AiComponentName, AiServiceName, AiStoreName, AiStoreSettings, aiPlatformSettings,
} from '../config/ai-platform';
import { IsolatedNamespace } from '../lib/isolated-namespace';
import { ServiceWorkload, ServiceWorkloadProps } from '../lib/service-workload';
import type { ProbeSpec, SecretKeyRef } from '../lib/workload-spec';
import { exposeHost } from './certificates';
import { POD_SECURITY_VERSION } from './namespaces';
import { azurePeer, HTTPS } from './peers';
import { MANAGED_BY, PlatformChart, PROTECT_ANNOTATIONS } from './platform-chart';

export const AI_PLATFORM = 'ai-platform';
/** The seed's Secrets, synced from Key Vault (`<secret>-<key>` there). */
export const AI_SECRETS = {
  openAiKey: { secret: 'azure-openai-secrets', key: 'api-key' },
  openAiEndpoint: { secret: 'azure-openai-secrets', key: 'endpoint' },
  databaseUrl: { secret: 'database-secrets', key: 'connection-string' },
  postgresPassword: { secret: 'database-secrets', key: 'password' },
  redisPassword: { secret: 'redis-secrets', key: 'password' },
} as const satisfies Record<string, SecretKeyRef>;
/**
 * What a caller of each store reads besides its URL. The database connection string holds
 * the credentials, so it comes whole from Key Vault (seed 004: DATABASE_URL by secretKeyRef).
 */
const STORE_CREDENTIALS: Readonly<Record<AiStoreName, Readonly<Record<string, SecretKeyRef>>>> = {
  postgresql: { DATABASE_URL: AI_SECRETS.databaseUrl },
  redis: { REDIS_PASSWORD: AI_SECRETS.redisPassword },
};
/** Seed 004 ingress-nginx annotations, beyond the TLS redirect `exposeHost` always sets. */
export const AI_INGRESS_ANNOTATIONS = {
  'nginx.ingress.kubernetes.io/proxy-body-size': '50m',
  'nginx.ingress.kubernetes.io/proxy-read-timeout': '120',
} as const;

/** Every service listens on 8000 (FastAPI) behind a Service on 80 (seed 004). */
const HTTP = [{ name: 'http', port: 80, targetPort: 8000 }] as const;
const PROBES: Record<'gateway' | 'backend', { readiness: ProbeSpec; liveness: ProbeSpec }> = {
  gateway: {
    readiness: { http: { path: '/health/ready', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 5 },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 },
  },
  // the seed's backend example has a readiness probe on /health; liveness reuses it with the gateway's timing
  backend: {
    readiness: { http: { path: '/health', port: 'http' } },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 10 },
  },
};

/** Adds the `ai-platform` application (namespace, services, stores, ingress) for one environment. */
export function addAiPlatform(app: App, env: Environment): void {
  const cfg = env.config;
  const tf = env.terraform;
  const s = aiPlatformSettings(cfg.environment);
  if (s.host !== tf.dnsZoneName && !s.host.endsWith(`.${tf.dnsZoneName}`)) {
    throw new Error(`${AI_PLATFORM_FILE}: ${cfg.environment}.host must lie in the DNS zone "${tf.dnsZoneName}" of ${terraformFile(cfg.environment)}, where cert-manager solves DNS-01 (got "${s.host}")`);
  }
  const namespace = s.namespace;
  const chart = new PlatformChart(app, AI_PLATFORM, env, namespace);
  const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': AI_PLATFORM };
  new IsolatedNamespace(chart, 'Namespace', {
    name: namespace,
    dns: { name: 'kube-dns', ...cfg.network.dns },
    podSecurityVersion: POD_SECURITY_VERSION,
    // seed 004 namespace labels
    labels: { ...labels, environment: s.environmentLabel, project: AI_PLATFORM },
    annotations: PROTECT_ANNOTATIONS,
    policyLabels: labels,
  });

  const registry = `${tf.acrLoginServer}/${s.repositoryPrefix}`;
  const common = { namespace, partOf: AI_PLATFORM, managedBy: MANAGED_BY, imagePullSecrets: cfg.registry.pullSecrets };
  const store = (name: string, st: AiStoreSettings, mountPath: string): Pick<ServiceWorkloadProps, 'name' | 'image' | 'replicas' | 'resources' | 'nodePool' | 'storage' | 'workloadAnnotations'> => ({
    name,
    image: { registry, repository: st.repository, tag: st.tag },
    replicas: 1,
    resources: st.resources,
    nodePool: cfg.nodePools[st.pool],
    storage: { mountPath, size: st.storageSize, storageClassName: cfg.storageClassName },
    // a store's volume outlives a mistaken removal from git
    workloadAnnotations: PROTECT_ANNOTATIONS,
  });

  const redis = new ServiceWorkload(chart, 'redis', {
    ...common,
    ...store('redis', s.stores.redis, '/data'),
    component: 'cache',
    ports: [{ name: 'redis', port: 6379, scheme: 'redis' }],
    readiness: { tcp: { port: 'redis' }, initialDelaySeconds: 5 },
    liveness: { tcp: { port: 'redis' }, initialDelaySeconds: 15 },
    runAsUser: 999,
    command: ['redis-server'],
    args: ['--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes', '--dir', '/data'],
    secretEnv: { REDIS_PASSWORD: AI_SECRETS.redisPassword },
  });
  const pgReady = ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'];
  const postgresql = new ServiceWorkload(chart, 'postgresql', {
    ...common,
    ...store('postgresql', s.stores.postgresql, '/var/lib/postgresql/data'),
    component: 'database',
    ports: [{ name: 'postgresql', port: 5432, scheme: 'postgresql' }],
    readiness: { exec: { command: pgReady }, initialDelaySeconds: 5 },
    liveness: { exec: { command: pgReady }, initialDelaySeconds: 30 },
    runAsUser: 999,
    writablePaths: ['/tmp', '/var/run/postgresql'],
    env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_DB: 'ai_platform' },
    secretEnv: { POSTGRES_PASSWORD: AI_SECRETS.postgresPassword },
  });

  const services = new Map<AiServiceName, ServiceWorkload>();
  for (const name of AI_SERVICES) {
    const svc = s.services[name];
    const workload = new ServiceWorkload(chart, name, {
      ...common,
      name,
      component: name === 'gateway' ? 'api-gateway' : 'ai-service',
      image: { registry, repository: svc.repository, tag: svc.tag },
      ports: HTTP,
      replicas: svc.autoscaling.minReplicas,
      autoscaling: svc.autoscaling,
      rollingUpdate: svc.rollingUpdate,
      resources: svc.resources,
      nodePool: cfg.nodePools[svc.pool],
      ...PROBES[name === 'gateway' ? 'gateway' : 'backend'],
      env: { ENVIRONMENT: s.environmentLabel },
      secretEnv: svc.azureOpenAi
        ? { AZURE_OPENAI_API_KEY: AI_SECRETS.openAiKey, AZURE_OPENAI_ENDPOINT: AI_SECRETS.openAiEndpoint }
        : undefined,
    });
    if (svc.azureOpenAi) workload.allowEgressToCidr(azurePeer(cfg, 'azure-openai'), HTTPS);
    services.set(name, workload);
  }

  // every declared call: `<NAME>_URL` with the callee's FQDN URL (`knowledge-service` →
  // KNOWLEDGE_SERVICE_URL, as the seed's gateway code reads it), the egress and ingress
  // policies of that one port, and the store's credentials
  const targets = new Map<AiComponentName, ServiceWorkload>([...services, ['redis', redis], ['postgresql', postgresql]]);
  for (const name of AI_SERVICES) {
    const caller = services.get(name)!;
    for (const dep of s.services[name].dependencies) {
      caller.connect(targets.get(dep)!, { env: `${dep.toUpperCase().replace(/-/g, '_')}_URL` });
      for (const [variable, ref] of Object.entries(STORE_CREDENTIALS[dep as AiStoreName] ?? {})) {
        caller.addEnv(variable, { name: variable, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } });
      }
    }
  }

  exposeHost(chart, namespace, {
    name: AI_PLATFORM,
    host: s.host,
    routes: [{ path: '/', service: services.get('gateway')! }],
    annotations: AI_INGRESS_ANNOTATIONS,
  });
}
