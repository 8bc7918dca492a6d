/**
 * Settings of the Maia runner (Matillion's Data Productivity Cloud runner on AKS,
 * docs/platform.md#maia-runner), per environment: shared values in `maiaRunnerBase`, what
 * differs in `MAIA_RUNNER_OVERRIDES`. The managed identity's client ID is Terraform's
 * (`workload_identity_client_ids.value.maia-runner`); the OAuth client lives in Key Vault.
 */
import type { DeepPartial } from './schema/problems';
import type { MaiaRunnerSettings } from './schema/systems';
import type { EnvironmentName } from './schema/tenants';

/** Values every environment shares. */
export const maiaRunnerBase: MaiaRunnerSettings = {
  namespace: 'maia-runner',
  accountId: '48213',
  runnerId: '00000000-0000-0000-0000-000000000000',
  // the control plane closest to the clusters' region (westeurope)
  region: 'eu1',
  imageTag: 'current',
  autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
  // the vendor chart's AKS defaults (matillion-public/deployment-library, values-azure.yaml):
  // each pod runs up to 20 tasks, and ingestion tasks process data in the pod
  resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  // ingestion moves and processes data on the runner: the pool sized for data processing
  pool: 'compute',
  warehouses: {},
};

/** What each environment changes: its own runner, the release channel, its warehouses. */
export const MAIA_RUNNER_OVERRIDES: Readonly<Record<EnvironmentName, DeepPartial<MaiaRunnerSettings>>> = {
  dev: {
    runnerId: '3f6c2a1e-8b4d-4c7a-9e21-5d0b7f3a9c10',
    imageTag: 'current',
    // the test warehouse: an Azure SQL private endpoint in the shared data VNet
    warehouses: { 'sql-test': { cidrs: ['10.40.1.0/28'], ports: [1433] } },
  },
  staging: {
    runnerId: '9a7e4b2c-1d3f-4e5a-8b6c-0f2d4e6a8c31',
    imageTag: 'current',
    warehouses: { 'sql-staging': { cidrs: ['10.40.2.0/28'], ports: [1433] } },
  },
  prod: {
    runnerId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e52',
    imageTag: 'stable',
    // the customer warehouses: Azure SQL and a PostgreSQL private endpoint
    warehouses: { 'sql-prod': { cidrs: ['10.40.3.0/28'], ports: [1433] }, 'postgres-prod': { cidrs: ['10.40.4.0/28'], ports: [5432] } },
  },
};
