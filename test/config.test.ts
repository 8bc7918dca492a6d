import { CONFIG_SOURCES, type ConfigSources, type EnvironmentName, loadConfig, type PlatformSettings } from '../config';
import { deepMerge, type DeepPartial } from '../config/schema/problems';
import { readRepoFile } from './files';

const TF = 'config/terraform/prod/matih-prod.json';
const tf = () => JSON.parse(readRepoFile(TF));

/** The committed config with one environment's platform override replaced. */
function withPlatform(name: EnvironmentName, override: DeepPartial<PlatformSettings>): ConfigSources {
  const overrides = { ...CONFIG_SOURCES.platform.overrides, [name]: deepMerge(CONFIG_SOURCES.platform.overrides[name], override) };
  return { ...CONFIG_SOURCES, platform: { ...CONFIG_SOURCES.platform, overrides } };
}
const load = (name: EnvironmentName, override: DeepPartial<PlatformSettings>) => loadConfig([name], readRepoFile, withPlatform(name, override))[0];
/** A readFile with one Terraform outputs file replaced. */
const withTerraform = (outputs: unknown) => (rel: string) => (rel === TF ? JSON.stringify(outputs) : readRepoFile(rel));

describe('config loading', () => {
  test('every committed environment loads, with its clusters and their Terraform outputs', () => {
    const envs = loadConfig(['dev', 'staging', 'prod'], readRepoFile);
    expect(envs.map((e) => [e.name, e.clusters.map((c) => c.name)])).toEqual([
      ['dev', ['ai-platform-dev', 'matih-dev']],
      ['staging', ['ai-platform-staging', 'matih-staging']],
      ['prod', ['ai-platform-prod', 'matih-prod']],
    ]);
    for (const e of envs) {
      expect(e.clusters.find((c) => c.name === `matih-${e.name}`)!.terraform.workloadIdentityClientIds['ai-service']).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.platform.gitops.managementCluster).toBe(`matih-${e.name}`);
    }
  });

  test('an environment override merges into the base: objects key by key, arrays and scalars replace', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: 3 }, l: [9] })).toEqual({ a: { b: 1, c: 3 }, l: [9] });
    const prod = load('prod', { services: { 'ai-service': { replicas: 4 } } });
    expect(prod.platform.services['ai-service'].replicas).toBe(4);
    expect(prod.platform.services['ai-service'].resources.requests.cpu).toBe('2');
  });

  test('a bad value names the override file, the path and the rule', () => {
    expect(() => load('prod', { services: { 'ai-service': { replicas: 0 } } })).toThrow(
      'config/prod.ts: services.ai-service.replicas must be at least 1 (got 0)',
    );
    expect(() => load('dev', { services: { trino: { tag: 'latest' } } })).toThrow(
      'config/dev.ts: services.trino.tag must be a pinned image tag (not "latest") or a sha256 digest (got "latest")',
    );
    expect(() => load('staging', { services: { redis: { resources: { requests: { memory: '1 GB' } } } } })).toThrow(
      'config/staging.ts: services.redis.resources.requests.memory must be a Kubernetes quantity such as 250m, 2, 512Mi or 4Gi (got "1 GB")',
    );
    expect(() => load('prod', { services: { 'iam-service': { replicas: { minReplicas: 5, maxReplicas: 2, cpuUtilization: 70 } } } })).toThrow(
      'config/prod.ts: services.iam-service.replicas.maxReplicas must be at least minReplicas (5) (got 2)',
    );
    expect(() => load('prod', { dns: { apiHost: 'API.matih.ai' } })).toThrow(
      'config/prod.ts: dns.apiHost must be a lower-case host name such as api.matih.ai (got "API.matih.ai")',
    );
  });

  test('a request above its limit is refused', () => {
    expect(() => load('prod', { services: { neo4j: { resources: { requests: { memory: '16Gi' } } } } })).toThrow(
      'config/prod.ts: services.neo4j.resources.requests.memory must be at most the limit (8Gi) (got "16Gi")',
    );
  });

  test('all problems are reported at once, across files', () => {
    const outputs = tf();
    outputs.subscription_id.value = 'SUB-1';
    expect(() => loadConfig(['prod'], withTerraform(outputs), withPlatform('prod', { services: { trino: { tag: '' } } }))).toThrow(
      /2 problems:\n {2}config\/prod\.ts: services\.trino\.tag .*\n {2}config\/terraform\/prod\/matih-prod\.json: subscription_id\.value must be a lower-case GUID/s,
    );
    expect(() => loadConfig(['prod'], withTerraform(outputs), withPlatform('prod', { kafka: { minInSyncReplicas: 1 } }))).toThrow(
      /2 problems:\n {2}config\/terraform\/prod\/matih-prod\.json: subscription_id.*\n {2}config\/prod\.ts: kafka\.replicationFactor must be at least 3 with minInSyncReplicas at least 2 in prod/s,
    );
  });

  test('a management cluster that is not one of the clusters is refused', () => {
    expect(() => load('dev', { gitops: { managementCluster: 'nowhere' } })).toThrow(
      'config/dev.ts: gitops.managementCluster must be one of the clusters (ai-platform-dev, matih-dev) (got "nowhere")',
    );
  });

  test('a pool a tier names that a MATIH cluster lacks is refused', () => {
    expect(() => load('dev', { tenantTiers: { free: { pool: 'sandbox' } } })).toThrow(
      'config/base.ts: tenantTiers.free.pool must name a node pool of cluster matih-dev, which runs matih',
    );
  });
});

describe('config/terraform/<env>/<cluster>.json', () => {
  test('a missing cluster file names the file and how to make it', () => {
    expect(() =>
      loadConfig(['prod'], (rel) =>
        rel === TF
          ? (() => {
              throw new Error('ENOENT');
            })()
          : readRepoFile(rel),
      ),
    ).toThrow(`${TF}: missing; save the cluster's Terraform outputs with 'terraform output -json > ${TF}'`);
  });

  test('a missing output names the file and the output', () => {
    const outputs = tf();
    delete outputs.key_vault_uri;
    expect(() => loadConfig(['prod'], withTerraform(outputs))).toThrow(`${TF}: key_vault_uri is required (got nothing)`);
  });

  test('a missing Workload Identity client ID names the map key and why it is needed', () => {
    const outputs = tf();
    delete outputs.workload_identity_client_ids.value['cert-manager'];
    expect(() => loadConfig(['prod'], withTerraform(outputs))).toThrow(
      `${TF}: workload_identity_client_ids.value.cert-manager is required: cert-manager runs on cluster matih-prod with a Workload Identity (got nothing)`,
    );
  });

  test('outputs of another cluster are refused', () => {
    const outputs = tf();
    outputs.aks_cluster_name.value = 'matih-staging';
    expect(() => loadConfig(['prod'], withTerraform(outputs))).toThrow(
      `${TF}: aks_cluster_name.value must be the cluster's name in config/prod.ts (got "matih-staging", expected "matih-prod")`,
    );
  });

  test('outputs of a cluster in another region than config says are refused', () => {
    const outputs = tf();
    outputs.location.value = 'northeurope';
    expect(() => loadConfig(['prod'], withTerraform(outputs))).toThrow(
      `${TF}: location.value must be the region config/prod.ts gives clusters.matih-prod (got "northeurope", expected "westeurope")`,
    );
  });

  test('malformed values are refused with the rule', () => {
    const outputs = tf();
    outputs.acr_login_server.value = 'https://matihlabsacr.azurecr.io';
    outputs.vnet_cidr.value = '999.1.1.1/99';
    expect(() => loadConfig(['prod'], withTerraform(outputs))).toThrow(
      [
        '2 problems:',
        `  ${TF}: vnet_cidr.value must be a CIDR such as 10.0.0.0/16 (got "999.1.1.1/99")`,
        `  ${TF}: acr_login_server.value must be an ACR login server such as myacr.azurecr.io (got "https://matihlabsacr.azurecr.io")`,
      ].join('\n'),
    );
  });

  test('a sensitive output is refused so that it never reaches dist/', () => {
    const outputs = tf();
    outputs.tenant_id.sensitive = true;
    expect(() => loadConfig(['prod'], withTerraform(outputs))).toThrow(
      `${TF}: tenant_id.sensitive must be false: sensitive outputs must not be rendered into manifests (got true)`,
    );
  });

  test('a file that is not JSON names how to regenerate it', () => {
    expect(() => loadConfig(['prod'], (rel) => (rel === TF ? '{ "tenant_id": ' : readRepoFile(rel)))).toThrow(`${TF}: is not valid JSON`);
  });
});
