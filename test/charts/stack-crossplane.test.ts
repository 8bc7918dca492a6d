import * as fc from 'fast-check';
import { buildEnvironment } from '../../charts/environment';
import { WAVE_OPERATORS } from '../../charts/operators/placement';
import { CONFIG_SOURCES, loadConfig } from '../../config';
import { prepare } from '../../lib/phases';
import { checkPodSecurity, podTemplatesOf } from '../../tools/validate';
import { clusterObjects, find } from '../helpers';
import { readRepoFile } from '../files';

const objs = clusterObjects('prod');
const application = (name: string) => find(objs, 'Application', `matih-prod-${name}`, 'argocd');
const terraform = JSON.parse(readRepoFile('config/terraform/prod/matih-prod.json'));
const clientId = terraform.workload_identity_client_ids.value['crossplane-provider-azure'];

describe('Crossplane', () => {
  test("the chart runs on the system pool within restricted, in the operators' wave, and deleting its Application leaves it in place", () => {
    const app = application('crossplane');
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(WAVE_OPERATORS));
    expect(app.metadata.finalizers).toBeUndefined();
    expect(app.spec.source).toMatchObject({ chart: 'crossplane', targetRevision: '1.19.3', repoURL: 'https://charts.crossplane.io/stable' });
    const v = app.spec.source.helm.valuesObject;
    expect(v.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'system' });
    expect(v.rbacManager.nodeSelector).toEqual(v.nodeSelector);
    for (const c of [v.securityContextCrossplane, v.securityContextRBACManager])
      expect(c).toEqual({ runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(find(objs, 'Namespace', 'crossplane-system').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the providers run under our ServiceAccount with the Workload Identity from Terraform, within restricted', () => {
    const sa = find(objs, 'ServiceAccount', 'provider-azure', 'crossplane-system');
    expect(sa.metadata.annotations['azure.workload.identity/client-id']).toBe(clientId);
    const drc = find(objs, 'DeploymentRuntimeConfig', 'azure-workload-identity');
    const template = drc.spec.deploymentTemplate.spec.template;
    expect(template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(template.spec.serviceAccountName).toBe('provider-azure');
    for (const name of ['azure-workload-identity', 'default']) {
      const [t] = podTemplatesOf({ file: 'f', index: 0, object: find(objs, 'DeploymentRuntimeConfig', name) });
      expect(checkPodSecurity(t)).toEqual([]);
    }
    const providers = objs.filter((o) => o.kind === 'Provider');
    expect(providers.map((p) => [p.metadata.name, p.spec.package, p.spec.runtimeConfigRef.name])).toEqual([
      ['provider-azure-storage', 'xpkg.crossplane.io/crossplane-contrib/provider-azure-storage:v2.7.0', 'azure-workload-identity'],
      ['provider-family-azure', 'xpkg.crossplane.io/crossplane-contrib/provider-family-azure:v2.7.0', 'azure-workload-identity'],
    ]);
    // what the kept Providers' pods run with is kept with them: deleting the Application deletes neither
    for (const o of [...providers, sa, drc, find(objs, 'DeploymentRuntimeConfig', 'default')])
      expect([o.metadata.name, o.metadata.annotations['argocd.argoproj.io/sync-options']]).toEqual([o.metadata.name, 'Prune=false,Delete=false']);
  });

  test('the ProviderConfig exchanges the federated token for that identity, after the providers installed its CRD', () => {
    const pc = find(objs, 'ProviderConfig', 'default');
    expect(pc.spec).toEqual({
      credentials: { source: 'OIDCTokenFile' },
      clientID: clientId,
      tenantID: terraform.tenant_id.value,
      subscriptionID: terraform.subscription_id.value,
    });
    expect(pc.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '1',
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false,SkipDryRunOnMissingResource=true',
    });
  });

  test('infrastructure-service may manage exactly the configured managed resources, nothing else of Crossplane, and reaches the API server only', () => {
    const bindings = objs.filter(
      (o) => ['ClusterRoleBinding', 'RoleBinding'].includes(o.kind) && o.subjects?.some((s: any) => s.name === 'infrastructure-service'),
    );
    expect(bindings.map((b) => `${b.kind}/${b.metadata.name} -> ${b.roleRef.kind}/${b.roleRef.name}`)).toEqual([
      'ClusterRoleBinding/infrastructure-service-crossplane -> ClusterRole/infrastructure-service-crossplane',
    ]);
    expect(bindings[0].subjects).toEqual([{ kind: 'ServiceAccount', name: 'infrastructure-service', namespace: 'matih-control-plane' }]);
    const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    expect(find(objs, 'ClusterRole', 'infrastructure-service-crossplane').rules).toEqual([
      { apiGroups: ['azure.upbound.io'], resources: ['resourcegroups'], verbs },
      { apiGroups: ['storage.azure.upbound.io'], resources: ['accounts', 'containers'], verbs },
    ]);
    const deployment = find(objs, 'Deployment', 'infrastructure-service');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(find(objs, 'NetworkPolicy', 'allow-infrastructure-service-to-kube-apiserver').spec.egress).toEqual([
      { ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: `${terraform.aks_api_server_ip.value}/32` } }] },
    ]);
    // every other service keeps its token unmounted, but spark-connect, which creates its executors
    const mounted = objs
      .filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.spec.template.spec.automountServiceAccountToken !== false)
      .map((o) => o.metadata.name);
    expect(mounted).toEqual(['infrastructure-service', 'spark-connect']);
  });

  test('the ClusterRole follows the configured managed resources, and each group brings its provider', () => {
    const groups = fc.dictionary(
      fc.constantFrom('azure.upbound.io', 'storage.azure.upbound.io', 'network.azure.upbound.io', 'keyvault.azure.upbound.io'),
      fc.uniqueArray(fc.constantFrom('accounts', 'vaults', 'virtualnetworks', 'resourcegroups'), { minLength: 1, maxLength: 3 }),
      { minKeys: 1 },
    );
    fc.assert(
      fc.property(groups, (managedResources) => {
        const base = {
          ...CONFIG_SOURCES.platform.base,
          stack: { ...CONFIG_SOURCES.platform.base.stack!, crossplane: { ...CONFIG_SOURCES.platform.base.stack!.crossplane!, managedResources } },
        };
        const [e] = loadConfig(['dev'], readRepoFile, { ...CONFIG_SOURCES, platform: { ...CONFIG_SOURCES.platform, base } });
        const app = buildEnvironment(e);
        prepare(app);
        const out = clusterObjects('dev', 'matih-dev', app);
        const rules = find(out, 'ClusterRole', 'infrastructure-service-crossplane').rules;
        expect(Object.fromEntries(rules.map((r: any) => [r.apiGroups[0], r.resources]))).toEqual(
          Object.fromEntries(Object.entries(managedResources).map(([g, r]) => [g, [...r].sort()])),
        );
        const packages = out
          .filter((o) => o.kind === 'Provider')
          .map((p) => p.metadata.name)
          .sort();
        const wanted = new Set([
          'provider-family-azure',
          ...Object.keys(managedResources).map((g) => (g === 'azure.upbound.io' ? 'provider-family-azure' : `provider-azure-${g.split('.')[0]}`)),
        ]);
        expect(packages).toEqual([...wanted].sort());
      }),
      { numRuns: 15 },
    );
  });

  test('the webhooks the API server calls admit only its callers, and only the pods that call out reach the internet', () => {
    const callers = [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { app: 'konnectivity-agent' } } },
      { ipBlock: { cidr: `${terraform.aks_api_server_ip.value}/32` } },
    ];
    for (const name of ['allow-core-webhook-from-apiserver', 'allow-packages-webhook-from-apiserver']) {
      expect(find(objs, 'NetworkPolicy', name, 'crossplane-system').spec.ingress).toEqual([{ from: callers, ports: [{ port: 9443, protocol: 'TCP' }] }]);
    }
    const internet = objs.filter(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'crossplane-system' && JSON.stringify(o.spec.egress ?? []).includes('0.0.0.0/0'),
    );
    expect(internet.map((p) => [p.metadata.name, p.spec.podSelector.matchLabels])).toEqual([
      ['allow-core-to-registries', { app: 'crossplane' }],
      ['allow-packages-to-azure', { 'matih.ai/crossplane-package': 'runtime' }],
    ]);
  });
});
