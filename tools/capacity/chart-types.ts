/** How operator-table.ts and stack-charts.ts describe a chart's pods for the capacity plan. */

/** One kind of pod a chart runs. */
export interface ChartPod {
  readonly component: string;
  /** Values path of the on/off switch, and its default. @default always on */
  readonly enabled?: { readonly path: string; readonly default: boolean };
  readonly replicas: { readonly path: string; readonly default: number };
  /** Values path of an HPA block (`enabled`, `minReplicas`, `maxReplicas`). */
  readonly autoscaling?: { readonly path: string; readonly minDefault: number; readonly maxDefault: number };
  readonly resources: string;
  /** The chart's default requests, when it sets some. */
  readonly chartDefault?: { readonly cpu?: string; readonly memory?: string };
  /** The chart's commented example, planned when it sets none. */
  readonly estimate?: { readonly cpu?: string; readonly memory?: string };
  readonly nodeSelector: string;
  readonly tolerations: string;
  /** Default tolerations of the chart (node-exporter tolerates every NoSchedule taint). */
  readonly tolerationsDefault?: ReadonlyArray<Record<string, string>>;
  /** Values path of the pod's `affinity`, for a chart whose pods take one (only its required node affinity counts). */
  readonly affinity?: string;
  /** The chart's default `affinity`, when it sets one. */
  readonly affinityDefault?: object;
  readonly daemonSet?: boolean;
  /** A device plugin DaemonSet: the nodes it runs on advertise their GPUs as `nvidia.com/gpu`. */
  readonly advertisesGpus?: boolean;
}

/** One chart at one version. */
export interface ChartEntry {
  readonly chart: string;
  readonly version: string;
  readonly source: string;
  readonly pods: readonly ChartPod[];
}
