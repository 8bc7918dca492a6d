/**
 * The control plane (docs/platform.md#ports-what-s001-names: REST/gRPC APIs on 8080-8089) in `matih-control-plane`
 * on the `ctrlplane` pool.
 */
import type { IService } from '../lib/workload/props';
import type { ServiceWorkload } from '../lib/workload/service-workload';
import { type DataStores } from './data-stores';
import type { PlatformChart } from './context';
import { declareService, serviceSettings, springBoot } from './declare';
import { apiServerPeer, HTTPS } from './peers';

export interface ControlPlane {
  readonly iam: ServiceWorkload;
  readonly tenant: ServiceWorkload;
  readonly config: ServiceWorkload;
  readonly infrastructure: ServiceWorkload;
}

const db = (secret: string) => ({ DATABASE_PASSWORD: { secret, key: 'password' } });

/**
 * `temporal` is Temporal's frontend: tenant-service and infrastructure-service run their
 * long-running workflows there (docs/platform.md#temporal-clients).
 */
export function addControlPlane(chart: PlatformChart, stores: DataStores, temporal: IService): ControlPlane {
  const namespace = chart.platform.namespaces.controlPlane;
  const { terraform } = chart.ctx;
  const common = { namespace, pool: 'ctrlplane' as const, component: 'api' };
  const database = { service: stores.postgresql, env: 'DATABASE_URL' };
  const cache = { service: stores.redis, env: 'REDIS_URL' };
  const workflows = { service: temporal, env: 'TEMPORAL_ADDRESS' };

  const iam = declareService(chart, 'iam-service', {
    ...common,
    settings: serviceSettings(chart, 'iam-service'),
    ...springBoot(8081),
    secretEnv: {
      ...db('iam-service-db'),
      JWT_SIGNING_KEY: { secret: 'iam-service-jwt', key: 'signing-key' },
      REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' },
    },
    dependencies: [database, cache],
  });
  const config = declareService(chart, 'config-service', {
    ...common,
    settings: serviceSettings(chart, 'config-service'),
    ...springBoot(8083),
    secretEnv: { ...db('config-service-db'), REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' } },
    dependencies: [database, cache, { service: iam, env: 'IAM_SERVICE_URL' }],
  });
  const infrastructure = declareService(chart, 'infrastructure-service', {
    ...common,
    settings: serviceSettings(chart, 'infrastructure-service'),
    ...springBoot(8084),
    workloadIdentity: true,
    // it creates tenants' Azure resources as Crossplane managed resources (charts/stack/crossplane.ts)
    serviceAccountToken: true,
    env: {
      AZURE_RESOURCE_GROUP: terraform.resourceGroupName,
      AZURE_SUBSCRIPTION_ID: terraform.subscriptionId,
    },
    secretEnv: db('infrastructure-service-db'),
    dependencies: [database, { service: iam, env: 'IAM_SERVICE_URL' }, { service: config, env: 'CONFIG_SERVICE_URL' }, workflows],
  });
  // with its token it reaches the API server, at its one address
  infrastructure.allowEgressToCidr(apiServerPeer(chart.ctx), HTTPS);
  const tenant = declareService(chart, 'tenant-service', {
    ...common,
    settings: serviceSettings(chart, 'tenant-service'),
    ...springBoot(8082),
    secretEnv: db('tenant-service-db'),
    dependencies: [
      database,
      { service: iam, env: 'IAM_SERVICE_URL' },
      { service: config, env: 'CONFIG_SERVICE_URL' },
      { service: infrastructure, env: 'INFRASTRUCTURE_SERVICE_URL' },
      workflows,
    ],
  });
  return { iam, tenant, config, infrastructure };
}
