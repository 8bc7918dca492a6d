/**
 * Settings of the AI platform (docs/platform.md#ai-platform: a gateway in front of the
 * knowledge, agent, research and assistant services, with Redis and PostgreSQL, on its own
 * cluster), per environment: shared values in `aiPlatformBase`, what differs in
 * `AI_PLATFORM_OVERRIDES`. Sizes are the documented table: the low end of each range is the
 * request, the high end the limit. Images come from the platform ACR under
 * `repositoryPrefix`; credentials live in Key Vault, never here. Which service calls which
 * is declared in charts/ai-platform.ts, as typed references.
 */
import type { DeepPartial } from './schema/problems';
import type { AiPlatformSettings } from './schema/systems';
import type { EnvironmentName } from './schema/tenants';

type AiServiceSettings = AiPlatformSettings['services']['gateway-service'];

/** A backend service of docs/platform.md#ai-platform-sizing: 500m-1000m CPU, 512Mi to `memoryLimit`, min-max replicas. */
const backend = (repository: string, memoryLimit: string, minReplicas: number, maxReplicas: number): AiServiceSettings => ({
  repository,
  tag: '1.0.0',
  pool: 'app',
  resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1000m', memory: memoryLimit } },
  autoscaling: { minReplicas, maxReplicas, cpuUtilization: 70, memoryUtilization: 80 },
});

/** Values every environment shares. */
export const aiPlatformBase: AiPlatformSettings = {
  namespace: 'ai-platform',
  environmentLabel: 'production',
  host: 'ai-platform.matih.ai',
  repositoryPrefix: 'ai-platform',
  services: {
    'gateway-service': {
      repository: 'gateway',
      tag: '1.0.0',
      pool: 'app',
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      // the seed's gateway-hpa (2-10) rather than its table's 2-5: the manifest is the more specific source
      autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70, memoryUtilization: 80 },
      rollingUpdate: { maxSurge: 1, maxUnavailable: 1 },
    },
    'knowledge-service': backend('knowledge', '1Gi', 2, 4),
    'agent-service': backend('agent', '1Gi', 2, 3),
    'research-service': backend('research', '1Gi', 1, 2),
    'assistant-service': backend('assistant', '2Gi', 1, 3),
  },
  stores: {
    'redis-service': {
      repository: 'redis',
      tag: '7.4.2',
      pool: 'app',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
      storageSize: '8Gi',
    },
    postgresql: {
      repository: 'postgres',
      tag: '16.6',
      pool: 'app',
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
    stores: { 'redis-service': { storageSize: '2Gi' }, postgresql: { storageSize: '10Gi' } },
  },
  staging: {
    environmentLabel: 'staging',
    host: 'ai-platform.staging.matih.ai',
    stores: { postgresql: { storageSize: '20Gi' } },
  },
  prod: {},
};
