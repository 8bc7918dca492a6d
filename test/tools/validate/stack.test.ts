/**
 * The validator on the stack's kinds, from the rendered prod cluster: clean as rendered, and
 * each rule firing on the one change that breaks it.
 */
import { clusterObjects } from '../../helpers';
import { found, load, validate } from './fixture';

type Json = Record<string, any>;
const full = clusterObjects('prod');
const OPTIONS = { allowedRegistries: ['matihlabsacr.azurecr.io/', 'matillion.azurecr.io/cloud-agent'] };
/** The part of the cluster the stack's references run through (each case validates it again, so it stays small). */
const NAMESPACES = new Set(['', 'argocd', 'crossplane-system', 'matih-control-plane', 'matih-data-plane', 'matih-ray', 'matih-temporal']);
const rendered = full.filter((o) => NAMESPACES.has(o.metadata.namespace ?? '') && !(o.kind === 'NetworkPolicy'));
const found_ = (objects: Json[]) => found(validate(load(objects), OPTIONS)).filter((p) => !p.includes('ref/appPath'));
const baseline = found_(rendered);

/** The rendered objects with one changed. */
function changed(kind: string, name: string, change: (o: Json) => void): Json[] {
  const objects: Json[] = structuredClone(rendered);
  const target = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!target) throw new Error(`no ${kind} ${name}`);
  change(target);
  return objects;
}
const without = (kind: string, name: string) => rendered.filter((o) => !(o.kind === kind && o.metadata.name === name));
/** The problems a change brings beyond those of the subset as rendered (it lacks what other namespaces provide). */
function problems(objects: Json[]): string[] {
  const rest = [...baseline];
  return found_(objects).filter((p) => {
    const i = rest.indexOf(p);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}

describe('the validator on the stack', () => {
  test("the stack's objects of the rendered cluster are clean (npm run validate checks the rest)", () => {
    const STACK_KINDS = new Set(['RayCluster', 'Provider', 'ProviderConfig', 'DeploymentRuntimeConfig', 'ClusterPolicy']);
    const STACK_NAMESPACES = new Set(['crossplane-system', 'kyverno', 'kuberay-system', 'matih-ray', 'matih-temporal']);
    const stack = validate(load(full), OPTIONS).filter(
      (p) => STACK_KINDS.has(p.kind) || STACK_NAMESPACES.has(p.namespace) || p.file.includes('/crossplane-providers/'),
    );
    expect(stack.map((p) => `${p.kind}/${p.name}: ${p.rule}`)).toEqual([]);
  });

  test('RayCluster pods are checked like any pod: Pod Security, their ServiceAccount and Secrets, hygiene', () => {
    expect(
      problems(
        changed('RayCluster', 'ai-ray', (r) => {
          r.spec.workerGroupSpecs[0].template.spec.securityContext.runAsNonRoot = false;
        }),
      ),
    ).toEqual(['RayCluster/ai-ray: pss/runAsNonRoot']);
    expect(problems(without('ServiceAccount', 'ai-ray'))).toEqual(['RayCluster/ai-ray: ref/serviceAccount', 'RayCluster/ai-ray: ref/serviceAccount']);
    expect(
      problems(
        changed('RayCluster', 'ai-ray', (r) => {
          r.spec.headGroupSpec.template.spec.imagePullSecrets = [{ name: 'gone' }];
        }),
      ),
    ).toEqual(['RayCluster/ai-ray: ref/secret']);
    expect(
      problems(
        changed('RayCluster', 'ai-ray', (r) => {
          r.spec.headGroupSpec.template.spec.containers[0].image = 'rayproject/ray:latest';
        }),
      ),
    ).toEqual(['RayCluster/ai-ray: hygiene/image-registry', 'RayCluster/ai-ray: hygiene/image-tag']);
  });

  test("the head Service KubeRay creates is what callers' URLs and policies resolve to", () => {
    expect(
      problems(
        changed('RayCluster', 'ai-ray', (r) => {
          r.metadata.name = 'other-ray';
        }),
      ).filter((p) => p.includes('serviceUrl')),
    ).toEqual(['Deployment/ai-service: ref/serviceUrl', 'Deployment/ai-service: ref/serviceUrl']);
    expect(
      problems(
        changed('RayCluster', 'ai-ray', (r) => {
          r.spec.headGroupSpec.template.spec.containers[0].ports.splice(1, 1);
        }),
      ),
    ).toEqual(['Deployment/ai-service: ref/serviceUrl']);
  });

  test("the Temporal frontend Service comes from its chart's Application", () => {
    expect(
      problems(
        changed('Application', 'matih-prod-temporal', (a) => {
          a.spec.source.helm.releaseName = 'workflows';
        }),
      ),
    ).toEqual(['Deployment/infrastructure-service: ref/serviceUrl', 'Deployment/tenant-service: ref/serviceUrl']);
  });

  test('a runtime config and its pods within restricted', () => {
    expect(
      problems(
        changed('Provider', 'provider-azure-storage', (p) => {
          p.spec.runtimeConfigRef.name = 'missing';
        }),
      ),
    ).toEqual(['Provider/provider-azure-storage: ref/runtimeConfig']);
    expect(
      problems(
        changed('DeploymentRuntimeConfig', 'default', (d) => {
          delete d.spec.deploymentTemplate.spec.template.spec.containers[0].securityContext.capabilities;
        }),
      ),
    ).toEqual(['DeploymentRuntimeConfig/default: pss/capabilities']);
  });

  test("a ProviderConfig's identity is the one its providers run with", () => {
    expect(
      problems(
        changed('ProviderConfig', 'default', (p) => {
          p.spec.clientID = '00000000-0000-0000-0000-000000000000';
        }),
      ),
    ).toEqual(['ProviderConfig/default: ref/providerIdentity']);
    expect(
      problems(
        changed('ServiceAccount', 'provider-azure', (s) => {
          delete s.metadata.annotations;
        }),
      ),
    ).toEqual(['ProviderConfig/default: ref/providerIdentity']);
    expect(
      problems(
        changed('DeploymentRuntimeConfig', 'azure-workload-identity', (d) => {
          delete d.spec.deploymentTemplate.spec.template.metadata.labels['azure.workload.identity/use'];
        }),
      ),
    ).toEqual(['ProviderConfig/default: ref/providerIdentity']);
    const missing = validate(
      load(
        changed('ProviderConfig', 'default', (p) => {
          delete p.spec.tenantID;
        }),
      ),
      OPTIONS,
    ).filter((p) => p.rule === 'ref/providerIdentity');
    expect(missing.map((p) => p.message)).toEqual(['spec.tenantID: required with credentials.source OIDCTokenFile (the provider reads them from here only)']);
  });

  test("a Kyverno policy's target namespaces exist, and its selectors use labels namespaces carry", () => {
    const bad = validate(
      load(
        changed('ClusterPolicy', 'reserved-pool-tolerations', (p) => {
          p.spec.rules[0].exclude.any[1].resources.namespaces = ['matih-playgorund'];
          p.spec.rules[0].exclude.any[0].resources.namespaceSelector.matchExpressions[0].key = 'matih.ai/teir';
        }),
      ),
      OPTIONS,
    ).filter((p) => p.rule === 'ref/policyNamespaces');
    expect(bad.map((p) => p.message)).toEqual([
      'spec.rules[0].exclude.any[0].resources.namespaceSelector: no Namespace of this cluster carries the label "matih.ai/teir"',
      'spec.rules[0].exclude.any[1].resources.namespaces: no Namespace "matih-playgorund" in this cluster\'s objects',
    ]);
  });

  test("Kyverno variables are allowed in a policy's rules only", () => {
    expect(
      problems(
        changed('ClusterPolicy', 'tenant-pool-placement', (p) => {
          p.metadata.annotations['policies.kyverno.io/title'] = '{{ request.object }}';
        }),
      ),
    ).toEqual(['ClusterPolicy/tenant-pool-placement: hygiene/template']);
  });

  test('schemas come from the vendored CRDs', () => {
    expect(
      problems(
        changed('RayCluster', 'ai-ray', (r) => {
          r.spec.workerGroupSpecs[0].maxReplica = 3;
        }),
      ),
    ).toEqual(['RayCluster/ai-ray: schema']);
    expect(
      problems(
        changed('ProviderConfig', 'default', (p) => {
          p.spec.credentials.source = 'WorkloadIdentity';
        }),
      ),
    ).toEqual(['ProviderConfig/default: schema']);
    expect(
      problems(
        changed('ClusterPolicy', 'tenant-pool-placement', (p) => {
          p.spec.rules[0].match.any[0].resources.operations = ['CREATE', 'PATCH'];
        }),
      ),
    ).toEqual(['ClusterPolicy/tenant-pool-placement: schema']);
    expect(
      problems(
        changed('DeploymentRuntimeConfig', 'default', (d) => {
          d.spec.deploymentTemplate.spec.replica = 2;
        }),
      ),
    ).toEqual(['DeploymentRuntimeConfig/default: schema']);
  });
});
