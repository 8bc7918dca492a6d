/**
 * How tools/argocd/charts.ts (and stack-charts.ts) describe what a pinned chart does with its
 * values, and how they read the values.
 */
import { asMap, type JsonMap } from '../validate/json';

/** An admission (or CRD conversion) webhook a chart runs, as its values configure it. */
export interface ChartWebhook {
  /** The Deployment serving it, e.g. `webhook`. */
  readonly component: string;
  /** `Fail`: the API server refuses the requests it cannot reach it for. */
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** The values path of its replica count, and the count. */
  readonly replicas: { readonly path: string; readonly value: number };
  /** Whether the chart renders a PodDisruptionBudget for it, and the values path that decides. */
  readonly disruptionBudget: { readonly path: string; readonly value: boolean };
  /** Whether its pods carry topologySpreadConstraints, and the values path. */
  readonly spread: { readonly path: string; readonly value: boolean };
}

/** How a chart's CRDs survive the chart's removal: kept, and how; or why they cannot be marked. */
export interface CrdKeeping {
  readonly kept: boolean;
  readonly how: string;
}

/** What one chart does with its values. */
export interface ChartFacts {
  /** The chart version these facts were read at; another version must be read again. */
  readonly version: string;
  /** The API groups of the CRDs it installs. */
  readonly crdGroups: (values: JsonMap) => readonly string[];
  /** The custom kinds (`group/Kind`) it renders whose CRDs another chart installs. */
  readonly customResources: (values: JsonMap) => readonly string[];
  readonly crdKeeping: (values: JsonMap) => CrdKeeping;
  readonly webhooks: (values: JsonMap) => readonly ChartWebhook[];
}

/** The value at a dotted path of the values (keys containing dots are not addressed), or `fallback`. */
export function valueAt(values: JsonMap, dotted: string, fallback: unknown): unknown {
  let current: unknown = values;
  for (const key of dotted.split('.')) {
    const map = asMap(current);
    if (!map || !(key in map)) return fallback;
    current = map[key];
  }
  return current === undefined || current === null ? fallback : current;
}
