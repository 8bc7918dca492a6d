/**
 * The data plane services (docs/platform.md#ports-every-service): ai-service on the aicompute pool, Trino and Spark
 * Connect (with its executors, ./spark.ts) on the compute pool, LLM inference on the GPU
 * pool, the rest on dataplane.
 */
import type { ServiceWorkload } from '../lib/workload/service-workload';
import { type ControlPlane } from './control-plane';
import { type DataStores } from './data-stores';
import type { PlatformChart } from './context';
import { declareService, serviceSettings, springBoot } from './declare';
import { addSparkExecutors, SPARK_CONNECT, sparkConnectDeclaration } from './spark';

export interface DataPlane {
  readonly ai: ServiceWorkload;
  readonly queryEngine: ServiceWorkload;
  readonly catalog: ServiceWorkload;
  readonly bi: ServiceWorkload;
  readonly trino: ServiceWorkload;
  readonly sparkConnect: ServiceWorkload;
  readonly llmInference: ServiceWorkload;
}

export function addDataPlane(chart: PlatformChart, stores: DataStores, control: ControlPlane): DataPlane {
  const namespace = chart.platform.namespaces.dataPlane;
  const iam = { service: control.iam, env: 'IAM_SERVICE_URL' };

  const trino = declareService(chart, 'trino', {
    settings: serviceSettings(chart, 'trino'),
    namespace,
    pool: 'compute',
    component: 'sql-engine',
    ports: [{ name: 'http', port: 8080 }],
    readiness: { http: { path: '/v1/info', port: 'http' }, initialDelaySeconds: 10 },
    liveness: { http: { path: '/v1/info', port: 'http' }, initialDelaySeconds: 60 },
    // Trino's OpenMetrics endpoint asks for a user like its client protocol; without authentication
    // configured it takes a basic-auth user name and refuses a password
    metrics: { port: 'http', path: '/metrics', basicAuthUser: { secret: 'trino-metrics', key: 'username' } },
    writablePaths: ['/tmp', '/data/trino'],
    runAsUser: 1000,
  });
  const sparkConnect = declareService(chart, SPARK_CONNECT, {
    settings: serviceSettings(chart, SPARK_CONNECT),
    namespace,
    pool: 'compute',
    component: 'spark',
    ...sparkConnectDeclaration(chart),
    readiness: { tcp: { port: 'grpc' }, initialDelaySeconds: 20 },
    liveness: { tcp: { port: 'grpc' }, initialDelaySeconds: 60 },
    writablePaths: ['/tmp', '/opt/spark/work-dir'],
    runAsUser: 185,
  });
  addSparkExecutors(chart, sparkConnect);
  const llmInference = declareService(chart, 'llm-inference', {
    settings: serviceSettings(chart, 'llm-inference'),
    namespace,
    pool: 'gpu',
    component: 'inference',
    ports: [{ name: 'http', port: 8000 }],
    readiness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 30 },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 120 },
    metrics: { port: 'http', path: '/metrics' },
    writablePaths: ['/tmp', '/cache'],
    env: { HF_HOME: '/cache' },
  });
  const catalog = declareService(chart, 'catalog-service', {
    settings: serviceSettings(chart, 'catalog-service'),
    namespace,
    pool: 'dataplane',
    component: 'api',
    ...springBoot(8086),
    secretEnv: { DATABASE_PASSWORD: { secret: 'catalog-service-db', key: 'password' } },
    dependencies: [{ service: stores.postgresql, env: 'DATABASE_URL' }, iam],
  });
  const queryEngine = declareService(chart, 'query-engine', {
    settings: serviceSettings(chart, 'query-engine'),
    namespace,
    pool: 'dataplane',
    component: 'api',
    ...springBoot(8080),
    secretEnv: { REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' } },
    dependencies: [
      { service: trino, env: 'TRINO_URL' },
      { service: sparkConnect, port: 'grpc', env: 'SPARK_CONNECT_URL' },
      { service: catalog, env: 'CATALOG_URL' },
      { service: stores.redis, env: 'REDIS_URL' },
      iam,
    ],
  });
  const bi = declareService(chart, 'bi-service', {
    settings: serviceSettings(chart, 'bi-service'),
    namespace,
    pool: 'dataplane',
    component: 'api',
    ...springBoot(8085),
    secretEnv: {
      DATABASE_PASSWORD: { secret: 'bi-service-db', key: 'password' },
      REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' },
    },
    dependencies: [
      { service: queryEngine, env: 'QUERY_ENGINE_URL' },
      { service: stores.postgresql, env: 'DATABASE_URL' },
      { service: stores.redis, env: 'REDIS_URL' },
      iam,
    ],
  });
  const ai = declareService(chart, 'ai-service', {
    settings: serviceSettings(chart, 'ai-service'),
    namespace,
    pool: 'aicompute',
    component: 'api',
    ports: [{ name: 'http', port: 8000 }],
    readiness: { http: { path: '/health/ready', port: 'http' }, initialDelaySeconds: 5 },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 15 },
    metrics: { port: 'http', path: '/metrics' },
    workloadIdentity: true,
    env: { AZURE_OPENAI_ENDPOINT: chart.ctx.terraform.azureOpenAiEndpoint },
    secretEnv: {
      NEO4J_PASSWORD: { secret: 'neo4j-credentials', key: 'password' },
      QDRANT_API_KEY: { secret: 'qdrant-credentials', key: 'api-key' },
      REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' },
    },
    // docs/platform.md#network-what-the-seeds-say: QUERY_ENGINE_URL, IAM_SERVICE_URL, CATALOG_URL as FQDN URLs
    dependencies: [
      { service: queryEngine, env: 'QUERY_ENGINE_URL' },
      iam,
      { service: catalog, env: 'CATALOG_URL' },
      { service: stores.qdrant, env: 'QDRANT_URL' },
      { service: stores.neo4j, port: 'bolt', env: 'NEO4J_URI' },
      { service: stores.redis, env: 'REDIS_URL' },
      { service: llmInference, env: 'LLM_INFERENCE_URL' },
    ],
  });
  return { ai, queryEngine, catalog, bi, trino, sparkConnect, llmInference };
}
