/**
 * The pods the stack's operators create from objects in dist/ (docs/stack.md): KubeRay's for
 * a RayCluster (the head with its autoscaler sidecar, each worker group between its bounds)
 * and Crossplane's for a Provider (one package pod, as its runtime config describes it).
 */
import type { ManifestDocument } from '../manifests/load';
import { asArray, asMap, asString, dig } from '../validate/json';
import { add, NO_RESOURCES, type PodGroup } from './model';
import { containerRequests, podPlacement, podRequests } from './workloads';

/** KubeRay's autoscaler sidecar when the RayCluster gives it no resources (common/pod.go, v1.7.0): requests equal to limits. */
const AUTOSCALER_DEFAULT = { requests: { cpu: '500m', memory: '512Mi' } };

/** The pod groups of the RayClusters and Crossplane Providers among a cluster's rendered objects. */
export function operatorCreatedPodGroups(docs: readonly ManifestDocument[]): PodGroup[] {
  const objects = docs.flatMap((d) => {
    const o = asMap(d.object);
    return o && typeof o.kind === 'string'
      ? [{ file: d.file, o, kind: o.kind, ns: asString(dig(o, 'metadata', 'namespace')) ?? '', name: asString(dig(o, 'metadata', 'name')) ?? '' }]
      : [];
  });
  const configs = new Map(objects.filter((x) => x.kind === 'DeploymentRuntimeConfig').map((x) => [x.name, x.o]));
  return objects.flatMap(({ file, o, kind, ns, name }): PodGroup[] => {
    const object = { kind, namespace: ns, name };
    if (kind === 'RayCluster') {
      const head = asMap(dig(o, 'spec', 'headGroupSpec', 'template', 'spec')) ?? {};
      const sidecar =
        dig(o, 'spec', 'enableInTreeAutoscaling') === true
          ? containerRequests(dig(o, 'spec', 'autoscalerOptions', 'resources') ?? AUTOSCALER_DEFAULT)
          : NO_RESOURCES;
      const groups: PodGroup[] = [
        {
          name: `RayCluster ${ns}/${name} (head)`,
          object,
          file,
          origin: 'operator',
          mode: 'replicas',
          requests: add(podRequests(head), sidecar),
          minReplicas: 1,
          maxReplicas: 1,
          placement: podPlacement(head),
          note: 'KubeRay adds the autoscaler sidecar to the head',
        },
      ];
      for (const raw of asArray(dig(o, 'spec', 'workerGroupSpecs'))) {
        const spec = asMap(dig(raw, 'template', 'spec')) ?? {};
        const bound = (key: string) => (typeof dig(raw, key) === 'number' ? (dig(raw, key) as number) : 0);
        groups.push({
          name: `RayCluster ${ns}/${name} (workers ${asString(dig(raw, 'groupName')) ?? ''})`,
          object,
          file,
          origin: 'operator',
          mode: 'replicas',
          requests: podRequests(spec),
          minReplicas: bound('minReplicas'),
          maxReplicas: bound('maxReplicas'),
          placement: podPlacement(spec),
        });
      }
      return groups;
    }
    if (kind === 'Provider' && (asString(o.apiVersion) ?? '').startsWith('pkg.crossplane.io/')) {
      const config = configs.get(asString(dig(o, 'spec', 'runtimeConfigRef', 'name')) ?? 'default');
      const spec = asMap(dig(config, 'spec', 'deploymentTemplate', 'spec', 'template', 'spec')) ?? {};
      return [
        {
          name: `Provider ${name} (package pod)`,
          object,
          file,
          origin: 'operator',
          mode: 'replicas',
          requests: podRequests(spec),
          minReplicas: 1,
          maxReplicas: 1,
          placement: podPlacement(spec),
          note: 'Crossplane runs each Provider as one Deployment from its runtime config',
        },
      ];
    }
    return [];
  });
}
