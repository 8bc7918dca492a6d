/**
 * The data plane services (seed 001): ai-service on the aicompute pool, Trino and Spark
 * Connect on the compute pool, LLM inference on the GPU pool, the rest on dataplane.
 */
import { ServiceWorkload } from '../lib/service-workload';
import { ControlPlane } from './control-plane';
import { DataStores } from './data-stores';
import { PlatformChart, platformService, springBoot } from './platform-chart';

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
  const namespace = chart.cfg.namespaces.dataPlane;
  const iam = { service: control.iam, env: 'IAM_SERVICE_URL' };

  const trino = platformService(chart, {
    name: 'trino', namespace, pool: 'compute', component: 'sql-engine',
    ports: [{ name: 'http', port: 8080 }],
    readiness: { http: { path: '/v1/info', port: 'http' }, initialDelaySeconds: 10 },
    liveness: { http: { path: '/v1/info', port: 'http' }, initialDelaySeconds: 60 },
    writablePaths: ['/tmp', '/data/trino'],
    runAsUser: 1000,
  });
  const sparkConnect = platformService(chart, {
    name: 'spark-connect', namespace, pool: 'compute', component: 'spark',
    ports: [{ name: 'grpc', port: 15002, scheme: 'sc', appProtocol: 'grpc' }, { name: 'ui', port: 4040 }],
    readiness: { tcp: { port: 'grpc' }, initialDelaySeconds: 20 },
    liveness: { tcp: { port: 'grpc' }, initialDelaySeconds: 60 },
    writablePaths: ['/tmp', '/opt/spark/work-dir'],
    runAsUser: 185,
  });
  const llmInference = platformService(chart, {
    name: 'llm-inference', namespace, pool: 'gpu', component: 'inference',
    ports: [{ name: 'http', port: 8000 }],
    readiness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 30 },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 120 },
    metrics: { port: 'http', path: '/metrics' },
    writablePaths: ['/tmp', '/cache'],
    env: { HF_HOME: '/cache' },
  });
  const catalog = platformService(chart, {
    name: 'catalog-service', namespace, pool: 'dataplane', component: 'api', ...springBoot(8086),
    secretEnv: { DATABASE_PASSWORD: { secret: 'catalog-service-db', key: 'password' } },
    dependencies: [{ service: stores.postgresql, env: 'DATABASE_URL' }, iam],
  });
  const queryEngine = platformService(chart, {
    name: 'query-engine', namespace, pool: 'dataplane', component: 'api', ...springBoot(8080),
    secretEnv: { REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' } },
    dependencies: [
      { service: trino, env: 'TRINO_URL' },
      { service: sparkConnect, port: 'grpc', env: 'SPARK_CONNECT_URL' },
      { service: catalog, env: 'CATALOG_URL' },
      { service: stores.redis, env: 'REDIS_URL' },
      iam,
    ],
  });
  const bi = platformService(chart, {
    name: 'bi-service', namespace, pool: 'dataplane', component: 'api', ...springBoot(8085),
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
  const ai = platformService(chart, {
    name: 'ai-service', namespace, pool: 'aicompute', component: 'api',
    ports: [{ name: 'http', port: 8000 }],
    readiness: { http: { path: '/health/ready', port: 'http' }, initialDelaySeconds: 5 },
    liveness: { http: { path: '/health', port: 'http' }, initialDelaySeconds: 15 },
    metrics: { port: 'http', path: '/metrics' },
    workloadIdentity: true,
    env: { AZURE_OPENAI_ENDPOINT: chart.env.terraform.azureOpenAiEndpoint },
    secretEnv: {
      NEO4J_PASSWORD: { secret: 'neo4j-credentials', key: 'password' },
      QDRANT_API_KEY: { secret: 'qdrant-credentials', key: 'api-key' },
      REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' },
    },
    // seed 001: QUERY_ENGINE_URL, IAM_SERVICE_URL, CATALOG_URL as FQDN URLs
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
