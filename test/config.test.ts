import { buildPlatformConfig, parseTerraform, loadEnvironment } from '../config';
import { deepMerge } from '../lib/config-check';
import { readRepoFile } from './helpers';

const tf = () => JSON.parse(readRepoFile('config/terraform/prod.json'));

describe('config loading', () => {
  test('every committed environment loads', () => {
    for (const e of ['dev', 'staging', 'prod'] as const) {
      const loaded = loadEnvironment(e, readRepoFile);
      expect(loaded.config.environment).toBe(e);
      expect(loaded.terraform.workloadIdentityClientIds['ai-service']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('an environment override merges into the base and replaces arrays', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: 3 }, l: [9] })).toEqual({ a: { b: 1, c: 3 }, l: [9] });
    const prod = buildPlatformConfig('prod', { services: { 'ai-service': { replicas: 4 } } });
    expect(prod.services['ai-service'].replicas).toBe(4);
    expect(prod.services['ai-service'].resources.requests.cpu).toBe('500m');
  });

  test('a bad value names the override file, the path and the rule', () => {
    expect(() => buildPlatformConfig('prod', { services: { 'ai-service': { replicas: 0 } } }))
      .toThrow('config/prod.ts: services.ai-service.replicas must be an integer from 1 to 100 (got 0)');
    expect(() => buildPlatformConfig('dev', { services: { trino: { tag: 'latest' } } }))
      .toThrow('config/dev.ts: services.trino.tag must be pinned: "latest" moves under a running Deployment (got "latest")');
    expect(() => buildPlatformConfig('staging', { services: { redis: { resources: { requests: { memory: '1 GB' } } } } }))
      .toThrow('config/staging.ts: services.redis.resources.requests.memory must be a Kubernetes quantity such as 250m or 512Mi (got "1 GB")');
    expect(() => buildPlatformConfig('prod', { services: { 'iam-service': { autoscaling: { minReplicas: 5, maxReplicas: 2, cpuUtilization: 70 } } } }))
      .toThrow('config/prod.ts: services.iam-service.autoscaling.maxReplicas must be at least minReplicas (5) (got 2)');
    expect(() => buildPlatformConfig('prod', { dns: { apiHost: 'API.matih.ai' } }))
      .toThrow('config/prod.ts: dns.apiHost must be a lower-case host name (got "API.matih.ai")');
  });

  test('all problems are reported at once', () => {
    expect(() => buildPlatformConfig('prod', { services: { 'ai-service': { replicas: 0 }, trino: { tag: '' } } }))
      .toThrow(/2 problems:\n  .*services\.ai-service\.replicas.*\n  .*services\.trino\.tag/s);
  });

  test('a missing Terraform output names the file and the output', () => {
    const outputs = tf();
    delete outputs.key_vault_uri;
    expect(() => parseTerraform('config/terraform/prod.json', JSON.stringify(outputs)))
      .toThrow('config/terraform/prod.json: key_vault_uri is a required Terraform output ({ "value": ... }) and is missing (got nothing)');
  });

  test('a missing Workload Identity client ID names the map key', () => {
    const outputs = tf();
    delete outputs.workload_identity_client_ids.value['cert-manager'];
    expect(() => parseTerraform('config/terraform/prod.json', JSON.stringify(outputs)))
      .toThrow('config/terraform/prod.json: workload_identity_client_ids.value.cert-manager is required (a key of this map output) and is missing (got nothing)');
  });

  test('malformed Terraform values are refused with the rule', () => {
    const outputs = tf();
    outputs.subscription_id.value = 'SUB-1';
    outputs.acr_login_server.value = 'https://matihlabsacr.azurecr.io';
    expect(() => parseTerraform('config/terraform/prod.json', JSON.stringify(outputs)))
      .toThrow('2 problems:\n'
        + '  config/terraform/prod.json: subscription_id.value must be a lower-case GUID (got "SUB-1")\n'
        + '  config/terraform/prod.json: acr_login_server.value must be an ACR login server such as myacr.azurecr.io (got "https://matihlabsacr.azurecr.io")');
  });

  test('a sensitive output is refused so that it never reaches dist/', () => {
    const outputs = tf();
    outputs.tenant_id.sensitive = true;
    expect(() => parseTerraform('config/terraform/prod.json', JSON.stringify(outputs)))
      .toThrow('config/terraform/prod.json: tenant_id.sensitive must be false: sensitive outputs must not be rendered into manifests (got true)');
  });
});
