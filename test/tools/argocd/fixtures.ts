/** Small hand-written Argo CD trees for the sync plan tests. */
type Json = Record<string, any>;
/** The shape of tools/argocd/plan.ts's ReadFolder. */
type ReadFolder = (path: string) => readonly unknown[] | undefined;

export const REPO = 'https://github.com/example/manifests.git';

function meta(name: string, namespace?: string, annotations: Record<string, string> = {}): Json {
  return { name, ...(namespace ? { namespace } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) };
}

/** Annotations for a sync wave (omitted for wave undefined). */
export function wave(n: number | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return n === undefined ? extra : { 'argocd.argoproj.io/sync-wave': String(n), ...extra };
}

/** An Application of a directory in the repository, or of a Helm chart (`chart: name@version`). */
export function app(
  name: string,
  options: {
    wave?: number;
    path?: string;
    chart?: string;
    values?: Json;
    automated?: boolean;
    syncOptions?: string[];
    cluster?: string;
    namespace?: string;
  } = {},
): Json {
  const [chart, version] = (options.chart ?? '').split('@');
  const helm = options.values ? { helm: { valuesObject: options.values } } : {};
  const source = options.chart
    ? { repoURL: 'https://charts.example.com', chart, targetRevision: version, ...helm }
    : { repoURL: REPO, targetRevision: 'main', path: options.path ?? `dist/${name}`, directory: { recurse: true } };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: meta(name, 'argocd', wave(options.wave)),
    spec: {
      project: 'default',
      source,
      destination: { ...(options.cluster ? { name: options.cluster } : { server: 'https://kubernetes.default.svc' }), namespace: options.namespace ?? name },
      syncPolicy: {
        ...(options.automated === false ? {} : { automated: { prune: true, selfHeal: true } }),
        ...(options.syncOptions ? { syncOptions: options.syncOptions } : {}),
      },
    },
  };
}

export function namespace(name: string, annotations: Record<string, string> = {}): Json {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, annotations) };
}

export function obj(apiVersion: string, kind: string, name: string, ns?: string, annotations: Record<string, string> = {}): Json {
  return { apiVersion, kind, metadata: meta(name, ns, annotations) };
}

export const deployment = (name: string, ns: string, annotations: Record<string, string> = {}): Json => obj('apps/v1', 'Deployment', name, ns, annotations);
export const service = (name: string, ns: string, annotations: Record<string, string> = {}): Json => obj('v1', 'Service', name, ns, annotations);
export const configMap = (name: string, ns: string, annotations: Record<string, string> = {}): Json => obj('v1', 'ConfigMap', name, ns, annotations);
export const kafka = (name: string, ns: string, annotations: Record<string, string> = {}): Json =>
  obj('kafka.strimzi.io/v1beta2', 'Kafka', name, ns, annotations);
export const kafkaNodePool = (name: string, ns: string, annotations: Record<string, string> = {}): Json =>
  obj('kafka.strimzi.io/v1beta2', 'KafkaNodePool', name, ns, annotations);
export const clusterIssuer = (name: string, annotations: Record<string, string> = {}): Json =>
  obj('cert-manager.io/v1', 'ClusterIssuer', name, undefined, annotations);

export function crd(group: string, kind: string, plural: string, annotations: Record<string, string> = {}): Json {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: meta(`${plural}.${group}`, undefined, annotations),
    spec: { group, names: { kind, plural } },
  };
}

/** A readFolder over an in-memory repository: path → objects. */
export function folders(tree: Record<string, readonly Json[]>): ReadFolder {
  return (path) => tree[path];
}

/**
 * The tree most tests start from: a root in wave 100 rendering itself and three waves of
 * children (namespaces; the Strimzi and cert-manager charts; Kafka, issuers and a service).
 */
export function shop(change: (tree: Record<string, Json[]>) => void = () => undefined): {
  applications: Json[];
  readFolder: ReadFolder;
  tree: Record<string, Json[]>;
} {
  const root = app('root', { wave: 100, path: 'dist/argocd', namespace: 'argocd' });
  const tree: Record<string, Json[]> = {
    'dist/argocd': [
      root,
      app('namespaces', { wave: 0 }),
      app('strimzi', { wave: 1, chart: 'strimzi-kafka-operator@0.50.1', namespace: 'strimzi' }),
      app('cert-manager', { wave: 1, chart: 'cert-manager@v1.18.6', namespace: 'cert-manager', values: { crds: { enabled: true } } }),
      app('kafka', { wave: 2, syncOptions: ['SkipDryRunOnMissingResource=true'] }),
      app('issuers', { wave: 2, namespace: 'cert-manager' }),
      app('shop', { wave: 3 }),
    ],
    'dist/namespaces': [namespace('kafka'), namespace('shop')],
    'dist/kafka': [kafka('events', 'kafka'), kafkaNodePool('brokers', 'kafka')],
    'dist/issuers': [clusterIssuer('letsencrypt')],
    'dist/shop': [configMap('settings', 'shop'), service('web', 'shop'), deployment('web', 'shop')],
  };
  change(tree);
  return { applications: tree['dist/argocd'].filter((o) => o.kind === 'Application'), readFolder: folders(tree), tree };
}
