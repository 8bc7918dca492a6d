/**
 * What a change does to capacity, for `npm run diff`: per pool, the share of the pool at its
 * maximum nodes that the pods take at maximum replicas, and the nodes they need, before and
 * after ("prod/matih-prod compute: 64% → 91% memory of max at max replicas"); pools added or
 * removed; and the capacity errors after the change.
 */
import { times } from './model';
import type { ClusterCapacity, PoolCapacity } from './plan';
import { formatFinding, percent } from './report';
import { utilisation } from './plan';

/** One pool's figures before and after; `undefined` where the pool does not exist. */
interface PoolChange {
  /** `prod/matih-prod compute`. */
  readonly pool: string;
  readonly base?: PoolFigures;
  readonly head?: PoolFigures;
}

/** The figures a change is judged by. */
interface PoolFigures {
  /** `91% memory`. */
  readonly atMax: string;
  readonly share: number;
  readonly nodesAtMax: number;
  readonly nodesWithQuotas: number;
  readonly maxNodes: number;
  readonly vmSize: string;
}

/** Every pool whose figures differ, in the head's order (removed pools last). */
function capacityChanges(base: readonly ClusterCapacity[], head: readonly ClusterCapacity[]): PoolChange[] {
  const index = (plans: readonly ClusterCapacity[]) =>
    new Map(plans.flatMap((c) => c.pools.map((p) => [`${c.env}/${c.cluster} ${p.pool.name}`, figures(p)] as const)));
  const before = index(base);
  const after = index(head);
  const keys = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];
  return keys.map((pool) => ({ pool, base: before.get(pool), head: after.get(pool) })).filter((c) => JSON.stringify(c.base) !== JSON.stringify(c.head));
}

function figures(p: PoolCapacity): PoolFigures {
  const capacity = times(p.free, p.pool.maxNodes);
  return {
    atMax: percent(p.requestsMax, capacity),
    share: Math.round(utilisation(p.requestsMax, capacity).share * 1000) / 1000,
    nodesAtMax: p.nodesAtMaxReplicas,
    nodesWithQuotas: p.nodesWithQuotas,
    maxNodes: p.pool.maxNodes,
    vmSize: p.pool.vmSize,
  };
}

/** One line per changed pool: `prod/matih-prod compute: 64% cpu → 91% memory of max at max replicas; needs 4 → 7 of 10 nodes`. */
function changeLine(c: PoolChange): string {
  if (!c.base) return `${c.pool}: new pool, ${describe(c.head!)}`;
  if (!c.head) return `${c.pool}: pool removed (was ${describe(c.base)})`;
  const arrow = (a: string | number, b: string | number) => (a === b ? `${a}` : `${a} → ${b}`);
  const size = c.base.vmSize === c.head.vmSize ? '' : `; ${c.base.vmSize} → ${c.head.vmSize}`;
  const hasQuotas = (f: PoolFigures) => f.nodesWithQuotas !== f.nodesAtMax;
  const quotas =
    c.base.nodesWithQuotas === c.head.nodesWithQuotas || !(hasQuotas(c.base) || hasQuotas(c.head))
      ? ''
      : `; with tenant quotas in full ${arrow(c.base.nodesWithQuotas, c.head.nodesWithQuotas)} nodes`;
  return `${c.pool}: ${arrow(c.base.atMax, c.head.atMax)} of max at max replicas; needs ${arrow(c.base.nodesAtMax, c.head.nodesAtMax)} of ${arrow(c.base.maxNodes, c.head.maxNodes)} nodes${size}${quotas}`;
}

function describe(f: PoolFigures): string {
  return `${f.atMax} of max at max replicas, needs ${f.nodesAtMax} of ${f.maxNodes} ${f.vmSize} nodes`;
}

/** The capacity errors after the change that were not there before. */
export function newErrors(base: readonly ClusterCapacity[], head: readonly ClusterCapacity[]): string[] {
  const errors = (plans: readonly ClusterCapacity[]) => plans.flatMap((c) => c.findings.filter((f) => f.severity === 'error').map(formatFinding));
  const before = new Set(errors(base));
  return errors(head).filter((e) => !before.has(e));
}

/** The change as text lines (empty when nothing changed). */
export function renderCapacityChangeText(base: readonly ClusterCapacity[], head: readonly ClusterCapacity[], note?: string): string {
  const changes = capacityChanges(base, head);
  const errors = newErrors(base, head);
  if (changes.length === 0 && errors.length === 0) return `capacity: no change${note ? ` (${note})` : ''}\n`;
  return [`capacity${note ? ` (${note})` : ''}:`, ...changes.map((c) => `  ${changeLine(c)}`), ...errors.map((e) => `  new ${e}`)].join('\n') + '\n';
}

/** The change as a Markdown section (a line saying so when nothing changed). */
export function renderCapacityChangeMarkdown(base: readonly ClusterCapacity[], head: readonly ClusterCapacity[], note?: string): string {
  const changes = capacityChanges(base, head);
  const errors = newErrors(base, head);
  const head2 = `### Capacity\n\n${note ? `_${note}_\n\n` : ''}`;
  if (changes.length === 0 && errors.length === 0) return `${head2}No change to any pool's requests at maximum replicas or the nodes they need.\n\n`;
  const lines = changes.map((c) => `- ${escape(changeLine(c))}`);
  const errs = errors.map((e) => `- ❌ ${escape(e)}`);
  return `${head2}${[...errs, ...lines].join('\n')}\n\n`;
}

function escape(text: string): string {
  return text
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
