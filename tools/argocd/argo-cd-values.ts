/**
 * The argo-helm `argo-cd` chart values that install the Application health check, for the
 * chart that renders Argo CD itself (the research in notes/argocd.md §3.4: no argo-cd chart
 * ships appVersion v3.0.23; 8.2.7 is the last on v3.0.x, so it runs with the image pinned).
 */
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA } from './application-health';

/** The Argo CD release the plan and the health check are written for. */
export const ARGO_CD_VERSION = 'v3.0.23';

/** The argo-helm chart to install it with: 8.2.7 (appVersion v3.0.12), image tag pinned to {@link ARGO_CD_VERSION}. */
export const ARGO_CD_CHART = { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.2.7' } as const;

/** Choices for {@link argoCdChartValues}; every one is left at the chart's default unless given. */
export interface ArgoCdValuesOptions {
  /**
   * `controller.sync.timeout.seconds`: ends a sync operation that runs longer. The chart's
   * default 0 means never, so a root waiting on a child nobody syncs waits forever.
   */
  readonly syncTimeoutSeconds?: number;
  /** `ARGOCD_SYNC_WAVE_DELAY` on the application controller: seconds between waves (Argo CD's default 2). */
  readonly syncWaveDelaySeconds?: number;
  /** Turns on the ApplicationSet controller's progressive syncs (needed only by RollingSync strategies). */
  readonly progressiveSyncs?: boolean;
}

/**
 * The values fragment, to merge into the chart's values: the image tag, the Application
 * health check under `configs.cm` (the chart copies `configs.cm` keys into argocd-cm,
 * merged over its own presets, so its default `resource.customizations.ignoreResourceUpdates.*`
 * keys stay), and the options asked for.
 *
 * Nothing else is needed for the app-of-apps in v3.0: the default `ignoreResourceUpdates`
 * for Applications already skips `.operation` and refresh annotations, and v3.0 ignores the
 * `status` field of every resource in diffs (`ignoreResourceStatusField: all`), so a child's
 * status never makes the root OutOfSync.
 */
export function argoCdChartValues(options: ArgoCdValuesOptions = {}): Record<string, unknown> {
  const params: Record<string, string> = {};
  if (options.syncTimeoutSeconds !== undefined) params['controller.sync.timeout.seconds'] = String(nonNegative(options.syncTimeoutSeconds, 'syncTimeoutSeconds'));
  if (options.progressiveSyncs) params['applicationsetcontroller.enable.progressive.syncs'] = 'true';
  const values: Record<string, unknown> = {
    global: { image: { tag: ARGO_CD_VERSION } },
    configs: {
      cm: { [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA },
      ...(Object.keys(params).length ? { params } : {}),
    },
  };
  if (options.syncWaveDelaySeconds !== undefined) {
    values.controller = { env: [{ name: 'ARGOCD_SYNC_WAVE_DELAY', value: String(nonNegative(options.syncWaveDelaySeconds, 'syncWaveDelaySeconds')) }] };
  }
  return values;
}

function nonNegative(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number of seconds, got ${n}`);
  return n;
}
