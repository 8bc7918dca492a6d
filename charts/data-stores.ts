/**
 * The data plane's stores (docs/platform.md#ports-what-s001-names): PostgreSQL 5432, Redis 6379, Qdrant 6333,
 * Neo4j 7687. Each keeps data on a volume, so each is a StatefulSet protected from pruning.
 * PostgreSQL and Redis are observed through exporters beside them, Qdrant through its own
 * endpoint; Neo4j community has none (README.md#workloads-without-metrics).
 */
import type { ServiceWorkload } from '../lib/workload/service-workload';
import type { PlatformChart } from './context';
import { declareService, serviceSettings } from './declare';
import { EXPORTER_METRICS, postgresExporter, redisExporter } from './monitoring/exporters';

export interface DataStores {
  readonly postgresql: ServiceWorkload;
  readonly redis: ServiceWorkload;
  readonly qdrant: ServiceWorkload;
  readonly neo4j: ServiceWorkload;
}

export function addDataStores(chart: PlatformChart): DataStores {
  const namespace = chart.platform.namespaces.dataPlane;
  const postgresPassword = { secret: 'postgresql-credentials', key: 'password' };
  const redisPassword = { secret: 'redis-credentials', key: 'password' };
  const qdrantReadOnlyKey = { secret: 'qdrant-credentials', key: 'read-only-api-key' };
  const postgresql = declareService(chart, 'postgresql', {
    settings: serviceSettings(chart, 'postgresql'),
    namespace,
    pool: 'dataplane',
    component: 'database',
    ports: [{ name: 'postgresql', port: 5432, scheme: 'postgresql' }],
    readiness: { exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] }, initialDelaySeconds: 5 },
    liveness: { exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] }, initialDelaySeconds: 30 },
    dataPath: '/var/lib/postgresql/data',
    writablePaths: ['/tmp', '/var/run/postgresql'],
    runAsUser: 999,
    env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
    secretEnv: { POSTGRES_PASSWORD: postgresPassword },
    sidecars: [postgresExporter(chart, postgresPassword)],
    metrics: EXPORTER_METRICS,
  });
  const redis = declareService(chart, 'redis', {
    settings: serviceSettings(chart, 'redis'),
    namespace,
    pool: 'dataplane',
    component: 'cache',
    ports: [{ name: 'redis', port: 6379, scheme: 'redis' }],
    readiness: { tcp: { port: 'redis' }, initialDelaySeconds: 5 },
    liveness: { tcp: { port: 'redis' }, initialDelaySeconds: 15 },
    dataPath: '/data',
    runAsUser: 999,
    command: ['redis-server'],
    args: ['--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes', '--dir', '/data'],
    secretEnv: { REDIS_PASSWORD: redisPassword },
    sidecars: [redisExporter(chart, redisPassword)],
    metrics: EXPORTER_METRICS,
  });
  const qdrant = declareService(chart, 'qdrant', {
    settings: serviceSettings(chart, 'qdrant'),
    namespace,
    pool: 'dataplane',
    component: 'vector-store',
    ports: [
      { name: 'http', port: 6333 },
      { name: 'grpc', port: 6334, appProtocol: 'grpc' },
    ],
    readiness: { http: { path: '/readyz', port: 'http' }, initialDelaySeconds: 5 },
    liveness: { http: { path: '/livez', port: 'http' }, initialDelaySeconds: 15 },
    // /metrics is behind the API key (qdrant 1.12 whitelists only the health endpoints): Prometheus reads it with the read-only key
    metrics: { port: 'http', path: '/metrics', bearerToken: qdrantReadOnlyKey },
    dataPath: '/qdrant/storage',
    writablePaths: ['/tmp', '/qdrant/snapshots'],
    runAsUser: 1000,
    secretEnv: { QDRANT__SERVICE__API_KEY: { secret: 'qdrant-credentials', key: 'api-key' }, QDRANT__SERVICE__READ_ONLY_API_KEY: qdrantReadOnlyKey },
  });
  // the community image (tag without -enterprise) has no Prometheus endpoint: kube-state-metrics and cAdvisor observe it
  const neo4j = declareService(chart, 'neo4j', {
    settings: serviceSettings(chart, 'neo4j'),
    namespace,
    pool: 'dataplane',
    component: 'graph-store',
    ports: [
      { name: 'bolt', port: 7687, scheme: 'bolt' },
      { name: 'http', port: 7474 },
    ],
    readiness: { tcp: { port: 'bolt' }, initialDelaySeconds: 20 },
    liveness: { tcp: { port: 'bolt' }, initialDelaySeconds: 60 },
    dataPath: '/data',
    writablePaths: ['/tmp', '/logs', '/var/lib/neo4j/run'],
    runAsUser: 7474,
    secretEnv: { NEO4J_AUTH: { secret: 'neo4j-credentials', key: 'auth' } },
  });
  return { postgresql, redis, qdrant, neo4j };
}
