import { asMap, asStringMap, type JsonMap } from './json';
import { type LabelSelector, selectorMatches } from './label-selector';
import { type ProvidedService, providedSecrets, providedServices, strimziPods } from './operator-objects';
import { podTemplatesOf, type PodTemplate } from './pod-templates';
import { type LoadedObject, objectId } from './problem';

/** Objects that exist in every namespace without being in any folder. */
const BUILT_IN: ReadonlySet<string> = new Set(['/ServiceAccount/default', '/ConfigMap/kube-root-ca.crt']);
const STRIMZI = 'kafka.strimzi.io';

/** The API group of an apiVersion: `apps` for `apps/v1`, empty for `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * An index of the objects of one validation run, so that every reference check is a
 * map lookup: objects by group/kind/namespace/name, pod templates by namespace and
 * label (with the pods Strimzi will create), and the Services and Secrets that will
 * exist once the operators have run (see `operator-objects.ts`).
 */
export class Inventory {
  /** Every pod template of the run (Deployments, StatefulSets, Jobs, CronJobs, Pods, ...). */
  public readonly templates: readonly PodTemplate[];
  private readonly byKey = new Map<string, LoadedObject[]>();
  private readonly byKind = new Map<string, LoadedObject[]>();
  private readonly pods = new LabelIndex<PodTemplate>();
  private readonly serviceObjects = new LabelIndex<LoadedObject>();
  private readonly services = new Map<string, ProvidedService>();
  private readonly secrets = new Map<string, string>();
  private readonly operatorPods: PodTemplate[] = [];

  /**
   * @param applications when given, the Argo CD Applications whose charts' Services and Secrets
   *   exist in this cluster (destinations.ts): they count instead of the Applications among
   *   `objects`, which may deploy elsewhere.
   */
  public constructor(objects: readonly LoadedObject[], applications?: readonly LoadedObject[]) {
    const templates: PodTemplate[] = [];
    for (const loaded of objects) {
      const id = objectId(loaded.object);
      if (!id.kind || !asMap(loaded.object)) continue;
      const group = groupOf(id.apiVersion);
      push(this.byKey, objectKey(group, id.kind, id.namespace, id.name), loaded);
      push(this.byKind, `${group}/${id.kind}`, loaded);
      for (const template of podTemplatesOf(loaded)) {
        templates.push(template);
        this.pods.add(template.namespace, template.labels, template);
      }
      if (group === '' && id.kind === 'Service') {
        this.serviceObjects.add(id.namespace, asStringMap(asMap(asMap(loaded.object)?.metadata)?.labels), loaded);
      }
      if (!applications || !(group === 'argoproj.io' && id.kind === 'Application')) this.addProvided(loaded);
    }
    for (const app of applications ?? []) this.addProvided(app);
    this.templates = templates;
    this.indexStrimziPods();
    // the API server's own Service exists in every cluster
    if (!this.services.has('default/kubernetes'))
      this.services.set('default/kubernetes', { name: 'kubernetes', source: 'Kubernetes', ports: [{ port: 443, name: 'https' }] });
  }

  /** The Services and Secrets an object makes exist (itself, or what its operator or chart renders). */
  private addProvided(loaded: LoadedObject): void {
    const id = objectId(loaded.object);
    const group = groupOf(id.apiVersion);
    const object = asMap(loaded.object)!;
    for (const service of providedServices(group, id.kind, id.name, object)) this.services.set(`${service.namespace ?? id.namespace}/${service.name}`, service);
    for (const secret of providedSecrets(group, id.kind, id.name, object)) {
      if (!this.secrets.has(`${id.namespace}/${secret.name}`)) this.secrets.set(`${id.namespace}/${secret.name}`, secret.source);
    }
  }

  /** Objects with this identity (more than one is a duplicate). */
  public get(group: string, kind: string, namespace: string, name: string): readonly LoadedObject[] {
    return this.byKey.get(objectKey(group, kind, namespace, name)) ?? [];
  }

  /** Whether an object exists, counting the ones every namespace has (`default` ServiceAccount, `kube-root-ca.crt`). */
  public has(group: string, kind: string, namespace: string, name: string): boolean {
    return this.byKey.has(objectKey(group, kind, namespace, name)) || BUILT_IN.has(`${group}/${kind}/${name}`);
  }

  /** Every object of a kind, in load order. */
  public ofKind(group: string, kind: string): readonly LoadedObject[] {
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }

  /** All identity keys with more than one object. */
  public duplicates(): LoadedObject[][] {
    return [...this.byKey.values()].filter((list) => list.length > 1);
  }

  /** The pod templates of a namespace that a selector matches. */
  public podsMatching(namespace: string, selector: LabelSelector): PodTemplate[] {
    return this.pods.matching(namespace, selector);
  }

  /** The Service objects of a namespace whose own labels a selector matches (ServiceMonitor). */
  public servicesMatching(namespace: string, selector: LabelSelector): LoadedObject[] {
    return this.serviceObjects.matching(namespace, selector);
  }

  /** Every pod of the run: the templates, and the pods Strimzi will create (labels and the container ports known of them). */
  public allPods(): readonly PodTemplate[] {
    return [...this.templates, ...this.operatorPods];
  }

  /** Whether the run holds at least one pod template (or Strimzi pod) in a namespace. */
  public hasPods(namespace: string): boolean {
    return this.pods.namespaces().includes(namespace);
  }

  /**
   * The namespaces whose labels a namespace selector matches, among the Namespace objects
   * and the namespaces that hold pods; every namespace has the label
   * `kubernetes.io/metadata.name`.
   */
  public namespacesMatching(selector: LabelSelector): string[] {
    const names = new Set([...this.ofKind('', 'Namespace').map((n) => objectId(n.object).name), ...this.pods.namespaces()]);
    return [...names].filter((ns) => selectorMatches(selector, this.namespaceLabels(ns)));
  }

  /** The labels of a namespace, including the automatic `kubernetes.io/metadata.name`. */
  public namespaceLabels(namespace: string): Record<string, string> {
    const object = this.get('', 'Namespace', '', namespace)[0];
    return { ...asStringMap(asMap(asMap(object?.object)?.metadata)?.labels), 'kubernetes.io/metadata.name': namespace };
  }

  /** The namespaces that hold at least one Service object. */
  public serviceNamespaces(): string[] {
    return this.serviceObjects.namespaces();
  }

  /** A Service of a namespace, from the folder or created by an operator. */
  public service(namespace: string, name: string): ProvidedService | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  /** What will create a Secret (`Secret`, `ExternalSecret x`, ...), or undefined. */
  public secretSource(namespace: string, name: string): string | undefined {
    return this.secrets.get(`${namespace}/${name}`);
  }

  /** Adds the pods Strimzi will create, for selector matching only (their specs are the operator's). */
  private indexStrimziPods(): void {
    const pools = new Map<string, { name: string; spec: JsonMap }[]>();
    for (const loaded of this.ofKind(STRIMZI, 'KafkaNodePool')) {
      const id = objectId(loaded.object);
      const object = asMap(loaded.object)!;
      const cluster = asStringMap(asMap(object.metadata)?.labels)['strimzi.io/cluster'];
      if (cluster) push(pools, `${id.namespace}/${cluster}`, { name: id.name, spec: asMap(object.spec) ?? {} });
    }
    for (const kafka of this.ofKind(STRIMZI, 'Kafka')) {
      const { namespace, name } = objectId(kafka.object);
      for (const { labels, containers } of strimziPods(name, asMap(kafka.object)!, pools.get(`${namespace}/${name}`) ?? [])) {
        const pod: PodTemplate = { owner: kafka, namespace, path: '(Strimzi pods)', labels, annotations: {}, spec: containers ? { containers } : {} };
        this.pods.add(namespace, labels, pod);
        this.operatorPods.push(pod);
      }
    }
  }
}

interface Labelled<T> {
  readonly labels: Readonly<Record<string, string>>;
  readonly item: T;
}

/**
 * Labelled things per namespace, indexed by `key=value`, so that matching a selector
 * looks only at the items that carry its first `matchLabels` pair.
 */
class LabelIndex<T> {
  private readonly byNamespace = new Map<string, { all: Labelled<T>[]; byLabel: Map<string, Labelled<T>[]> }>();

  public add(namespace: string, labels: Readonly<Record<string, string>>, item: T): void {
    let index = this.byNamespace.get(namespace);
    if (!index) {
      index = { all: [], byLabel: new Map() };
      this.byNamespace.set(namespace, index);
    }
    const entry = { labels, item };
    index.all.push(entry);
    for (const key of Object.keys(labels)) push(index.byLabel, `${key}=${labels[key]}`, entry);
  }

  public matching(namespace: string, selector: LabelSelector): T[] {
    const index = this.byNamespace.get(namespace);
    if (!index) return [];
    const firstKey = Object.keys(selector.matchLabels)[0];
    const candidates = firstKey === undefined ? index.all : (index.byLabel.get(`${firstKey}=${selector.matchLabels[firstKey]}`) ?? []);
    return candidates.filter((e) => selectorMatches(selector, e.labels)).map((e) => e.item);
  }

  public namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }
}

function objectKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}/${kind}/${namespace}/${name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
