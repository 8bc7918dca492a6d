import { type DiffReport, type ResourceStatus, STATUSES } from './diff-trees';
import { compareStrings } from './resource-key';

/** How many resources were added, removed, renamed and changed. */
export type Counts = Record<ResourceStatus, number>;

/** The counts of one environment, in total, by kind and by Argo CD application. */
export interface EnvSummary {
  readonly env: string;
  readonly total: Counts;
  /** `[kind, counts]`, sorted by kind. */
  readonly byKind: readonly (readonly [string, Counts])[];
  /** `[application, counts]`, sorted by application. */
  readonly byApp: readonly (readonly [string, Counts])[];
  readonly unchanged: number;
  readonly dangers: number;
}

/** Counts with every status at zero. */
export function zeroCounts(): Counts {
  return { added: 0, removed: 0, renamed: 0, changed: 0 };
}

/** The sum of two counts. */
export function addCounts(a: Counts, b: Counts): Counts {
  const sum = zeroCounts();
  for (const status of STATUSES) sum[status] = a[status] + b[status];
  return sum;
}

function tally(map: Map<string, Counts>, key: string, status: ResourceStatus): void {
  const counts = map.get(key) ?? zeroCounts();
  counts[status]++;
  map.set(key, counts);
}

function sorted(map: Map<string, Counts>): [string, Counts][] {
  return [...map.entries()].sort((a, b) => compareStrings(a[0], b[0]));
}

/** The counts of every environment of the report, in env order. */
export function summarize(report: DiffReport): EnvSummary[] {
  return report.envs.map((env) => {
    const total = zeroCounts();
    const byKind = new Map<string, Counts>();
    const byApp = new Map<string, Counts>();
    let dangers = 0;
    for (const r of report.resources) {
      if (r.key.env !== env) continue;
      total[r.status]++;
      tally(byKind, r.key.kind, r.status);
      tally(byApp, r.key.app, r.status);
      dangers += r.dangers.length;
    }
    return { env, total, byKind: sorted(byKind), byApp: sorted(byApp), unchanged: report.unchanged[env] ?? 0, dangers };
  });
}

/** `2 added, 1 removed, 0 renamed, 3 changed`. */
export function countsText(counts: Counts): string {
  return STATUSES.map((s) => `${counts[s]} ${s}`).join(', ');
}
