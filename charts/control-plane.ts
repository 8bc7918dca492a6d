/**
 * The control plane (seed 001: REST/gRPC APIs on 8080-8089) in `matih-control-plane`
 * on the `ctrlplane` pool.
 */
import { ServiceWorkload } from '../lib/service-workload';
import { DataStores } from './data-stores';
import { PlatformChart, platformService, springBoot } from './platform-chart';

export interface ControlPlane {
  readonly iam: ServiceWorkload;
  readonly tenant: ServiceWorkload;
  readonly config: ServiceWorkload;
  readonly infrastructure: ServiceWorkload;
}

const db = (secret: string) => ({ DATABASE_PASSWORD: { secret, key: 'password' } });

export function addControlPlane(chart: PlatformChart, stores: DataStores): ControlPlane {
  const namespace = chart.cfg.namespaces.controlPlane;
  const { terraform } = chart.env;
  const common = { namespace, pool: 'ctrlplane' as const, component: 'api' };
  const database = { service: stores.postgresql, env: 'DATABASE_URL' };
  const cache = { service: stores.redis, env: 'REDIS_URL' };

  const iam = platformService(chart, {
    ...common, name: 'iam-service', ...springBoot(8081),
    secretEnv: {
      ...db('iam-service-db'),
      JWT_SIGNING_KEY: { secret: 'iam-service-jwt', key: 'signing-key' },
      REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' },
    },
    dependencies: [database, cache],
  });
  const config = platformService(chart, {
    ...common, name: 'config-service', ...springBoot(8083),
    secretEnv: { ...db('config-service-db'), REDIS_PASSWORD: { secret: 'redis-credentials', key: 'password' } },
    dependencies: [database, cache, { service: iam, env: 'IAM_SERVICE_URL' }],
  });
  const infrastructure = platformService(chart, {
    ...common, name: 'infrastructure-service', ...springBoot(8084),
    workloadIdentity: true,
    env: {
      AZURE_RESOURCE_GROUP: terraform.resourceGroupName,
      AZURE_SUBSCRIPTION_ID: terraform.subscriptionId,
    },
    secretEnv: db('infrastructure-service-db'),
    dependencies: [database, { service: iam, env: 'IAM_SERVICE_URL' }, { service: config, env: 'CONFIG_SERVICE_URL' }],
  });
  const tenant = platformService(chart, {
    ...common, name: 'tenant-service', ...springBoot(8082),
    secretEnv: db('tenant-service-db'),
    dependencies: [
      database,
      { service: iam, env: 'IAM_SERVICE_URL' },
      { service: config, env: 'CONFIG_SERVICE_URL' },
      { service: infrastructure, env: 'INFRASTRUCTURE_SERVICE_URL' },
    ],
  });
  return { iam, tenant, config, infrastructure };
}
