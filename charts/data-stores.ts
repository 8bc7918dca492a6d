/**
 * The data plane's stores (seed 001 ports): PostgreSQL 5432, Redis 6379, Qdrant 6333,
 * Neo4j 7687. Each keeps data on a volume, so each is a StatefulSet protected from pruning.
 */
import type { ServiceWorkload } from '../lib/workload/service-workload';
import type { PlatformChart } from './context';
import { declareService, serviceSettings } from './declare';

export interface DataStores {
  readonly postgresql: ServiceWorkload;
  readonly redis: ServiceWorkload;
  readonly qdrant: ServiceWorkload;
  readonly neo4j: ServiceWorkload;
}

export function addDataStores(chart: PlatformChart): DataStores {
  const namespace = chart.platform.namespaces.dataPlane;
  const postgresql = declareService(chart, 'postgresql', { settings: serviceSettings(chart, 'postgresql'), namespace, pool: 'dataplane', component: 'database',
    ports: [{ name: 'postgresql', port: 5432, scheme: 'postgresql' }],
    readiness: { exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] }, initialDelaySeconds: 5 },
    liveness: { exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] }, initialDelaySeconds: 30 },
    dataPath: '/var/lib/postgresql/data',
    writablePaths: ['/tmp', '/var/run/postgresql'],
    runAsUser: 999,
    env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
    secretEnv: { POSTGRES_PASSWORD: { secret: 'postgresql-credentials', key: 'password' } },
  });
  const redis = declareService(chart, 'redis', { settings: serviceSettings(chart, 'redis'), namespace, pool: 'dataplane', component: 'cache',
    ports: [{ name: 'redis', port: 6379, scheme: 'redis' }],
    readiness: { tcp: { port: 'redis' }, initialDelaySeconds: 5 },
    liveness: { tcp: { port: 'redis' }, initialDelaySeconds: 15 },
    dataPath: '/data',
    runAsUser: 999,
    command: ['redis-server'],
    args: ['--requirepass', '$(REDIS_PASSWORD)', '--appendonly', 'yes', '--dir', '/data'],
    secretEnv: { REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' } },
  });
  const qdrant = declareService(chart, 'qdrant', { settings: serviceSettings(chart, 'qdrant'), namespace, pool: 'dataplane', component: 'vector-store',
    ports: [{ name: 'http', port: 6333 }, { name: 'grpc', port: 6334, appProtocol: 'grpc' }],
    readiness: { http: { path: '/readyz', port: 'http' }, initialDelaySeconds: 5 },
    liveness: { http: { path: '/livez', port: 'http' }, initialDelaySeconds: 15 },
    metrics: { port: 'http', path: '/metrics' },
    dataPath: '/qdrant/storage',
    writablePaths: ['/tmp', '/qdrant/snapshots'],
    runAsUser: 1000,
    secretEnv: { QDRANT__SERVICE__API_KEY: { secret: 'qdrant-credentials', key: 'api-key' } },
  });
  const neo4j = declareService(chart, 'neo4j', {
    settings: serviceSettings(chart, 'neo4j'), namespace, pool: 'dataplane', component: 'graph-store',
    ports: [{ name: 'bolt', port: 7687, scheme: 'bolt' }, { name: 'http', port: 7474 }],
    readiness: { tcp: { port: 'bolt' }, initialDelaySeconds: 20 },
    liveness: { tcp: { port: 'bolt' }, initialDelaySeconds: 60 },
    dataPath: '/data',
    writablePaths: ['/tmp', '/logs', '/var/lib/neo4j/run'],
    runAsUser: 7474,
    secretEnv: { NEO4J_AUTH: { secret: 'neo4j-credentials', key: 'auth' } },
  });
  return { postgresql, redis, qdrant, neo4j };
}
