import { asArray, asMap, asString, asStringMap, JsonMap } from './json';
import { parse as parseYaml } from 'yaml';
import { POD_TEMPLATE_ANNOTATION } from '../../lib/workload/spec';
import { LoadedObject, objectId } from './problem';

/** A pod specification found in a workload, with where it sits in the object. */
export interface PodTemplate {
  readonly owner: LoadedObject;
  /** Empty for a cluster-scoped owner whose operator picks the pods' namespace (a Crossplane runtime config). */
  readonly namespace: string;
  /** The path of the template in the owner (`spec.template`, `spec.jobTemplate.spec.template`, or empty for a Pod). */
  readonly path: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The PodSpec (empty when the template has none). */
  readonly spec: JsonMap;
}

/** A container of a pod spec and its path. */
export interface ContainerRef {
  readonly container: JsonMap;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
  /** The container's path in the owner, for messages: `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly name: string;
}

/** Where each workload kind keeps its pod template (group `apps`, `batch` and core). */
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
  '/ReplicationController': ['spec', 'template'],
  '/PodTemplate': ['template'],
};

/**
 * The labels KubeRay gives a Ray pod (`labelPod` in ray-operator/controllers/ray/common/pod.go,
 * v1.7.0): its own, overridden by the template's except the node type, group and cluster.
 */
function rayPodLabels(cluster: string, nodeType: 'head' | 'worker', group: string, template: Readonly<Record<string, string>>): Record<string, string> {
  return {
    'app.kubernetes.io/created-by': 'kuberay-operator',
    'app.kubernetes.io/name': 'kuberay',
    'ray.io/identifier': `${cluster}-${nodeType}`,
    ...template,
    'ray.io/cluster': cluster,
    'ray.io/group': group,
    'ray.io/node-type': nodeType,
  };
}

/**
 * Every pod template of an object: a workload's (or the Pod itself); a RayCluster's head and
 * worker groups, with the labels KubeRay adds; a Crossplane DeploymentRuntimeConfig's package
 * pod (cluster-scoped: its namespace is Crossplane's, which the object does not name).
 */
export function podTemplatesOf(owner: LoadedObject): PodTemplate[] {
  const id = objectId(owner.object);
  const spec = asMap(asMap(owner.object)?.spec);
  if (id.kind === 'RayCluster' && id.apiVersion.startsWith('ray.io/')) {
    const out: PodTemplate[] = [];
    const head = asMap(spec?.headGroupSpec);
    if (head) out.push(fromTemplate(owner, id.namespace, 'spec.headGroupSpec.template', head.template, (l) => rayPodLabels(id.name, 'head', 'headgroup', l)));
    asArray(spec?.workerGroupSpecs).forEach((raw, i) => {
      const group = asMap(raw);
      if (group) out.push(fromTemplate(owner, id.namespace, `spec.workerGroupSpecs[${i}].template`, group.template, (l) => rayPodLabels(id.name, 'worker', asString(group.groupName) ?? '', l)));
    });
    return out;
  }
  if (id.kind === 'DeploymentRuntimeConfig' && id.apiVersion.startsWith('pkg.crossplane.io/')) {
    const template = asMap(asMap(asMap(spec?.deploymentTemplate)?.spec)?.template);
    return template ? [fromTemplate(owner, '', 'spec.deploymentTemplate.spec.template', template, (l) => l)] : [];
  }
  const template = podTemplateOf(owner);
  return template ? [template] : [];
}

function fromTemplate(owner: LoadedObject, namespace: string, path: string, raw: unknown, labels: (own: Record<string, string>) => Record<string, string>): PodTemplate {
  const template = asMap(raw) ?? {};
  const metadata = asMap(template.metadata);
  return { owner, namespace, path, labels: labels(asStringMap(metadata?.labels)), annotations: asStringMap(metadata?.annotations), spec: asMap(template.spec) ?? {} };
}

/**
 * The pod template of a workload (or the Pod itself, or the template a ConfigMap holds under
 * the key its `matih.ai/pod-template` annotation names), or undefined for other kinds.
 */
export function podTemplateOf(owner: LoadedObject): PodTemplate | undefined {
  const id = objectId(owner.object);
  const group = id.apiVersion.includes('/') ? id.apiVersion.slice(0, id.apiVersion.indexOf('/')) : '';
  const key = `${group}/${id.kind}`;
  let template: JsonMap | undefined;
  let path: string;
  if (key === '/ConfigMap') return configMapTemplate(owner, id.namespace);
  if (key === '/Pod') {
    template = asMap(owner.object);
    path = '';
  } else {
    const keys = TEMPLATE_PATHS[key];
    if (!keys) return undefined;
    template = asMap(owner.object);
    for (const k of keys) template = asMap(template?.[k]);
    path = keys.join('.');
  }
  if (!template) return undefined;
  const metadata = asMap(template.metadata);
  return {
    owner,
    namespace: id.namespace,
    path,
    labels: asStringMap(metadata?.labels),
    annotations: asStringMap(metadata?.annotations),
    spec: asMap(template.spec) ?? {},
  };
}

/** A pod template kept as YAML in a ConfigMap (a program's template, such as Spark's executors'). */
function configMapTemplate(owner: LoadedObject, namespace: string): PodTemplate | undefined {
  const map = asMap(owner.object);
  const key = asStringMap(asMap(map?.metadata)?.annotations)[POD_TEMPLATE_ANNOTATION];
  if (key === undefined) return undefined;
  const path = `data["${key}"]`;
  let pod: JsonMap | undefined;
  try {
    pod = asMap(parseYaml(asString(asMap(map?.data)?.[key]) ?? ''));
  } catch {
    pod = undefined;
  }
  // an unreadable template still counts, with an empty spec, so the checks report what it lacks
  const metadata = asMap(pod?.metadata);
  return { owner, namespace, path, labels: asStringMap(metadata?.labels), annotations: asStringMap(metadata?.annotations), spec: asMap(pod?.spec) ?? {} };
}

/** The path of the template's PodSpec, for messages. */
export function specPath(template: PodTemplate): string {
  return template.path ? `${template.path}.spec` : 'spec';
}

/** Every container, init container and ephemeral container of a pod template. */
export function containersOf(template: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  const base = specPath(template);
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(template.spec[list]).forEach((raw, i) => {
      const container = asMap(raw);
      if (container) out.push({ container, list, path: `${base}.${list}[${i}]`, name: asString(container.name) ?? `#${i}` });
    });
  }
  return out;
}
