/**
 * Settings of the AI platform of seed 004 (a gateway in front of knowledge, agent, research
 * and assistant services, with Redis and PostgreSQL), per environment: shared values in
 * `base`, what differs in `AI_PLATFORM_OVERRIDES`, merged and validated by
 * {@link aiPlatformSettings}. Sizes are the seed's table: the low end of each range is the
 * request, the high end the limit. Images come from the platform ACR (Terraform's
 * `acr_login_server`) under `repositoryPrefix`; credentials live in Key Vault, never here.
 */
import { Checker, deepMerge, DeepPartial, DNS_LABEL, HOST, QUANTITY } from '../lib/config-check';
import type { ResourceSpec } from '../lib/workload-spec';
import { POOL_NAMES } from './pools';
import type { EnvironmentName, PoolName } from './types';

/** The file every message about these settings names. */
export const AI_PLATFORM_FILE = 'config/ai-platform.ts';

/** The stateless services (seed 004), named as the gateway's code calls them. */
export const AI_SERVICES = ['gateway', 'knowledge-service', 'agent-service', 'research-service', 'assistant-service'] as const;
export type AiServiceName = (typeof AI_SERVICES)[number];
/** The stores, each a StatefulSet with a volume. */
export const AI_STORES = ['redis', 'postgresql'] as const;
export type AiStoreName = (typeof AI_STORES)[number];
/** Anything a service can depend on. */
export type AiComponentName = AiServiceName | AiStoreName;

/** One stateless service. */
export interface AiServiceSettings {
  /** Repository under `<acr>/<repositoryPrefix>/`. */
  readonly repository: string;
  /** A pinned image tag (`latest` is refused). */
  readonly tag: string;
  readonly pool: PoolName;
  readonly resources: ResourceSpec;
  /** HPA bounds, and CPU and memory targets in percent of requests. */
  readonly autoscaling: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuUtilization: number;
    readonly memoryUtilization: number;
  };
  /** Deployment rolling-update bounds, in pods. @default the library's (25% surge, 1 unavailable) */
  readonly rollingUpdate?: { readonly maxSurge: number; readonly maxUnavailable: number };
  /** What the service calls: each gives an env var, and the NetworkPolicies of that one flow. */
  readonly dependencies: readonly AiComponentName[];
  /** Reads the Azure OpenAI key and endpoint, and may open HTTPS connections out of the cluster. */
  readonly azureOpenAi: boolean;
}

/** One store. */
export interface AiStoreSettings {
  readonly repository: string;
  readonly tag: string;
  readonly pool: PoolName;
  readonly resources: ResourceSpec;
  /** Size of its volume, e.g. `20Gi`. */
  readonly storageSize: string;
}

/** One environment's AI platform. */
export interface AiPlatformSettings {
  readonly namespace: string;
  /** The seed's `environment` namespace label, also the services' `ENVIRONMENT`. */
  readonly environmentLabel: string;
  /** Public host of the gateway; it must lie in the environment's DNS zone (DNS-01). */
  readonly host: string;
  /** Path under the ACR login server, e.g. `ai-platform` → `<acr>/ai-platform/gateway`. */
  readonly repositoryPrefix: string;
  readonly services: Readonly<Record<AiServiceName, AiServiceSettings>>;
  readonly stores: Readonly<Record<AiStoreName, AiStoreSettings>>;
}

const STORES: readonly AiComponentName[] = ['redis', 'postgresql'];

/** A backend service of the seed's table: 500m-1000m CPU, 512Mi to `memoryLimit`, min-max replicas. */
const backend = (repository: string, memoryLimit: string, minReplicas: number, maxReplicas: number): AiServiceSettings => ({
  repository,
  tag: '1.0.0',
  pool: 'aicompute',
  resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1000m', memory: memoryLimit } },
  autoscaling: { minReplicas, maxReplicas, cpuUtilization: 70, memoryUtilization: 80 },
  dependencies: STORES,
  // the seed: "AI services are mostly I/O-bound (waiting for LLM APIs)"
  azureOpenAi: true,
});

/** Values every environment shares. */
export const base: AiPlatformSettings = {
  namespace: 'ai-platform',
  environmentLabel: 'production',
  host: 'ai-platform.matih.ai',
  repositoryPrefix: 'ai-platform',
  services: {
    gateway: {
      repository: 'gateway',
      tag: '1.0.0',
      pool: 'aicompute',
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      // the seed's gateway-hpa (2-10) rather than its table's 2-5: the manifest is the more specific source
      autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 },
      rollingUpdate: { maxSurge: 1, maxUnavailable: 1 },
      dependencies: ['knowledge-service', 'agent-service', 'research-service', 'assistant-service', 'redis', 'postgresql'],
      azureOpenAi: true,
    },
    'knowledge-service': backend('knowledge', '1Gi', 2, 4),
    'agent-service': backend('agent', '1Gi', 2, 3),
    'research-service': backend('research', '1Gi', 1, 2),
    'assistant-service': backend('assistant', '2Gi', 1, 3),
  },
  stores: {
    redis: {
      repository: 'redis',
      tag: '7.4.2',
      pool: 'dataplane',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
      storageSize: '8Gi',
    },
    postgresql: {
      repository: 'postgres',
      tag: '16.6',
      pool: 'dataplane',
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      storageSize: '50Gi',
    },
  },
};

/** What each environment changes: its host and label, and smaller volumes outside prod. */
export const AI_PLATFORM_OVERRIDES: Readonly<Record<EnvironmentName, DeepPartial<AiPlatformSettings>>> = {
  dev: {
    environmentLabel: 'development',
    host: 'ai-platform.dev.matih.ai',
    stores: { redis: { storageSize: '2Gi' }, postgresql: { storageSize: '10Gi' } },
  },
  staging: {
    environmentLabel: 'staging',
    host: 'ai-platform.staging.matih.ai',
    stores: { postgresql: { storageSize: '20Gi' } },
  },
  prod: {},
};

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const REPOSITORY = /^[a-z0-9]+([._/-][a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const COMPONENTS: readonly string[] = [...AI_SERVICES, ...AI_STORES];

/** The merged, validated settings of one environment. */
export function aiPlatformSettings(env: EnvironmentName, override: DeepPartial<AiPlatformSettings> = AI_PLATFORM_OVERRIDES[env]): AiPlatformSettings {
  const merged = deepMerge<AiPlatformSettings>(base, override);
  validateAiPlatform(env, merged);
  return merged;
}

/**
 * Throws one error listing every rule the settings break, each as
 * `config/ai-platform.ts: <env>.<path> <rule> (got <value>)`.
 */
export function validateAiPlatform(env: EnvironmentName, s: AiPlatformSettings): void {
  const c = new Checker(() => AI_PLATFORM_FILE);
  const root = { [env]: s };
  c.string(root, [env, 'namespace'], { pattern: DNS_LABEL, describe: 'be a DNS label (namespace name)' });
  c.string(root, [env, 'environmentLabel'], { pattern: LABEL_VALUE, describe: 'be a label value' });
  c.string(root, [env, 'host'], { pattern: HOST, describe: 'be a lower-case host name' });
  c.string(root, [env, 'repositoryPrefix'], { pattern: REPOSITORY, describe: 'be a registry path' });
  const image = (at: string[]) => {
    c.string(root, [...at, 'repository'], { pattern: REPOSITORY, describe: 'be a registry path' });
    const tag = c.string(root, [...at, 'tag'], { pattern: TAG, describe: 'be a pinned image tag' });
    if (tag === 'latest') c.fail([...at, 'tag'], 'must be pinned: "latest" moves under a running Deployment', tag);
    c.oneOf(root, [...at, 'pool'], POOL_NAMES);
    for (const field of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]) {
      c.string(root, [...at, 'resources', ...field], { pattern: QUANTITY, describe: 'be a Kubernetes quantity such as 250m or 512Mi' });
    }
  };
  for (const name of AI_SERVICES) {
    const at = [env, 'services', name];
    const svc = s.services[name];
    if (!svc) { c.fail(at, 'is required', undefined); continue; }
    image(at);
    const min = c.integer(root, [...at, 'autoscaling', 'minReplicas'], 1, 100);
    const max = c.integer(root, [...at, 'autoscaling', 'maxReplicas'], 1, 100);
    if (min !== undefined && max !== undefined && min > max) c.fail([...at, 'autoscaling', 'maxReplicas'], `must be at least minReplicas (${min})`, max);
    c.integer(root, [...at, 'autoscaling', 'cpuUtilization'], 1, 100);
    c.integer(root, [...at, 'autoscaling', 'memoryUtilization'], 1, 100);
    if (svc.rollingUpdate) {
      const surge = c.integer(root, [...at, 'rollingUpdate', 'maxSurge'], 0, 100);
      const unavailable = c.integer(root, [...at, 'rollingUpdate', 'maxUnavailable'], 0, 100);
      if (surge === 0 && unavailable === 0) c.fail([...at, 'rollingUpdate'], 'must allow a surge or an unavailable pod, or the rollout never progresses', svc.rollingUpdate);
    }
    c.boolean(root, [...at, 'azureOpenAi']);
    const seen = new Set<string>();
    (svc.dependencies ?? []).forEach((dep, i) => {
      if (!COMPONENTS.includes(dep)) c.fail([...at, 'dependencies', i], `must be one of ${COMPONENTS.join(', ')}`, dep);
      else if (dep === name) c.fail([...at, 'dependencies', i], 'must not be the service itself', dep);
      else if (seen.has(dep)) c.fail([...at, 'dependencies', i], 'is listed twice', dep);
      seen.add(dep);
    });
  }
  for (const name of AI_STORES) {
    const at = [env, 'stores', name];
    if (!s.stores[name]) { c.fail(at, 'is required', undefined); continue; }
    image(at);
    c.string(root, [...at, 'storageSize'], { pattern: QUANTITY, describe: 'be a Kubernetes quantity such as 20Gi' });
  }
  c.throwIfFailed();
}
