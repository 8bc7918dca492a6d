/**
 * The order in which one Argo CD sync applies an Application's manifests, as gitops-engine
 * 0882c168 (pinned by argo-cd v3.0.23) computes it: hooks split into their phases, every
 * task sorted by phase, wave, kind and name (`pkg/sync/sync_tasks.go`), then Namespaces and
 * CRDs moved in front of the first task that needs them (`adjustDeps`).
 *
 * Not modelled: prune tasks (they need the live state), apply groups within a wave, the
 * generated names of hooks (`generateName` is shown instead).
 */
import { asMap, asString, type JsonMap } from '../validate/json';

/** The phases of a sync operation, in order. */
export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
const PHASE_ORDER: Record<SyncPhase, number> = { PreSync: -1, Sync: 0, PostSync: 1, SyncFail: 2 };

/**
 * gitops-engine's `kindOrder`, copied exactly (`pkg/sync/sync_tasks.go` at 0882c168). A kind
 * not listed sorts after all of these, whatever its group: only the kind's name counts.
 */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];
const KIND_RANK = new Map(KIND_ORDER.map((kind, i) => [kind, i - KIND_ORDER.length]));

/** A kind's place within a wave: negative for listed kinds, 0 for every other kind. */
export function kindOrder(kind: string): number {
  return KIND_RANK.get(kind) ?? 0;
}

/** One object applied by a sync, in one phase (a hook with two phases is two tasks). */
export interface SyncTask {
  readonly phase: SyncPhase;
  readonly wave: number;
  readonly group: string;
  readonly kind: string;
  /** The name, or `generateName` for a hook that has only that. */
  readonly name: string;
  /** The namespace the object names ("" when it names none). */
  readonly namespace: string;
  readonly hook: boolean;
  /** Set when `adjustDeps` moved the task to the phase and wave of a task that needs it. */
  readonly movedFrom?: { readonly phase: SyncPhase; readonly wave: number; readonly before: string };
  readonly object: JsonMap;
}

/** An object the sync does not apply, and why. */
export interface SkippedObject {
  readonly kind: string;
  readonly name: string;
  readonly reason: string;
}

/** The consecutive tasks of one phase and wave: what Argo CD applies before it decides whether to wait. */
export interface SyncStep {
  readonly phase: SyncPhase;
  readonly wave: number;
  readonly tasks: readonly SyncTask[];
}

/** The group of an `apiVersion` ("" for the core group's `v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function annotations(object: JsonMap): Record<string, unknown> {
  return asMap(asMap(object.metadata)?.annotations) ?? {};
}

function csv(value: unknown): string[] {
  return (asString(value) ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** `argocd.argoproj.io/sync-wave` when it is an integer, else `helm.sh/hook-weight`, else 0 (`syncwaves.Wave`). */
export function waveOf(object: unknown): number {
  const a = annotations(asMap(object) ?? {});
  for (const key of ['argocd.argoproj.io/sync-wave', 'helm.sh/hook-weight']) {
    const text = asString(a[key]);
    // Go's strconv.Atoi: optional sign, decimal digits, nothing else
    if (text !== undefined && /^[+-]?\d+$/.test(text)) return Number(text);
  }
  return 0;
}

const ARGO_HOOKS = new Set(['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip']);
const HELM_HOOKS: Record<string, SyncPhase> = { 'pre-install': 'PreSync', 'pre-upgrade': 'PreSync', 'post-install': 'PostSync', 'post-upgrade': 'PostSync' };

/**
 * The phases an object runs in, as gitops-engine's `hook` package decides: `[Sync]` for an
 * ordinary resource, the hook's phases for a hook, or a reason when it is not applied at all.
 */
export function phasesOf(object: unknown): { phases: SyncPhase[]; hook: boolean } | { skip: string } {
  const a = annotations(asMap(object) ?? {});
  if (a['argocd.argoproj.io/hook'] !== undefined) {
    const types = csv(a['argocd.argoproj.io/hook']).filter((t) => ARGO_HOOKS.has(t));
    if (types.includes('Skip') && types.length === 1) return { skip: 'argocd.argoproj.io/hook: Skip' };
    const phases = types.filter((t): t is SyncPhase => t !== 'Skip');
    // an unknown type (PostDelete runs only on deletion) makes a hook with no phase: ignored
    if (phases.length === 0) return { skip: `hook "${asString(a['argocd.argoproj.io/hook'])}" does not run in a sync` };
    return { phases: [...new Set(phases)], hook: true };
  }
  const helm = asString(a['helm.sh/hook']);
  if (helm === undefined || helm === 'crd-install') return { phases: ['Sync'], hook: false };
  const phases = [
    ...new Set(
      csv(helm)
        .map((t) => HELM_HOOKS[t])
        .filter((p): p is SyncPhase => p !== undefined),
    ),
  ];
  if (phases.length === 0) return { skip: `Helm hook "${helm}" is not run by Argo CD` };
  return { phases, hook: true };
}

function compareTasks(a: SyncTask, b: SyncTask): number {
  return (
    PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] ||
    a.wave - b.wave ||
    kindOrder(a.kind) - kindOrder(b.kind) ||
    cmp(a.name, b.name) ||
    // Argo CD's sort.Sort leaves ties in no defined order; these tiebreaks only make the printout stable
    cmp(a.namespace, b.namespace) ||
    cmp(a.group, b.group) ||
    cmp(a.kind, b.kind)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The tasks of one sync of `objects` (an Application's rendered manifests), in the order
 * Argo CD runs them, and the objects it does not apply. With `createNamespace` (the
 * `CreateNamespace=true` sync option) a PreSync task creates the destination namespace unless
 * the manifests hold that Namespace.
 */
export function syncTasks(objects: readonly unknown[], options: { readonly createNamespace?: string } = {}): { tasks: SyncTask[]; skipped: SkippedObject[] } {
  const tasks: SyncTask[] = [];
  const skipped: SkippedObject[] = [];
  for (const raw of objects) {
    const object = asMap(raw);
    if (!object) continue;
    const metadata = asMap(object.metadata) ?? {};
    const kind = asString(object.kind) ?? '';
    const name = asString(metadata.name) ?? asString(metadata.generateName) ?? '';
    const placement = phasesOf(object);
    if ('skip' in placement) {
      skipped.push({ kind, name, reason: placement.skip });
      continue;
    }
    for (const phase of placement.phases) {
      tasks.push({
        phase,
        wave: waveOf(object),
        group: groupOf(asString(object.apiVersion) ?? ''),
        kind,
        name,
        namespace: asString(metadata.namespace) ?? '',
        hook: placement.hook,
        object,
      });
    }
  }
  const ns = options.createNamespace;
  if (ns && !tasks.some((t) => t.group === '' && t.kind === 'Namespace' && t.name === ns)) {
    tasks.push({
      phase: 'PreSync',
      wave: 0,
      group: '',
      kind: 'Namespace',
      name: ns,
      namespace: '',
      hook: false,
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
  }
  tasks.sort(compareTasks);
  // make sure namespaces are created before the resources in them
  adjustDeps(
    tasks,
    (t) => (t.kind === 'Namespace' && t.group === '' ? t.name : undefined),
    (t) => t.namespace || undefined,
  );
  // make sure CRDs are created before their custom resources
  adjustDeps(
    tasks,
    (t) => crdKey(t),
    (t) => `${t.group}/${t.kind}`,
  );
  return { tasks, skipped };
}

function crdKey(t: SyncTask): string | undefined {
  if (t.kind !== 'CustomResourceDefinition' || t.group !== 'apiextensions.k8s.io') return undefined;
  const spec = asMap(t.object.spec);
  const group = asString(spec?.group);
  const kind = asString(asMap(spec?.names)?.kind);
  return group !== undefined && kind !== undefined ? `${group}/${kind}` : undefined;
}

/**
 * gitops-engine's `adjustDeps`: a dependency found after a task that needs it moves in front
 * of that task and takes its phase and wave.
 */
function adjustDeps(tasks: SyncTask[], isDep: (t: SyncTask) => string | undefined, refersTo: (t: SyncTask) => string | undefined): void {
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    const depKey = isDep(t);
    if (depKey !== undefined) {
      const index = firstIndex.get(depKey);
      if (index === undefined) continue;
      const needer = tasks[index];
      const moved: SyncTask =
        needer.phase === t.phase && needer.wave === t.wave
          ? t
          : { ...t, phase: needer.phase, wave: needer.wave, movedFrom: { phase: t.phase, wave: t.wave, before: `${needer.kind}/${needer.name}` } };
      tasks.splice(i, 1);
      tasks.splice(index, 0, moved);
      for (const [key, at] of firstIndex) if (at >= index) firstIndex.set(key, at + 1);
    } else {
      const ref = refersTo(t);
      if (ref !== undefined && !firstIndex.has(ref)) firstIndex.set(ref, i);
    }
  }
}

/** The tasks cut into steps: one per phase and wave, in order. */
export function syncSteps(tasks: readonly SyncTask[]): SyncStep[] {
  const steps: Array<{ phase: SyncPhase; wave: number; tasks: SyncTask[] }> = [];
  for (const t of tasks) {
    const last = steps[steps.length - 1];
    if (last && last.phase === t.phase && last.wave === t.wave) last.tasks.push(t);
    else steps.push({ phase: t.phase, wave: t.wave, tasks: [t] });
  }
  return steps;
}
