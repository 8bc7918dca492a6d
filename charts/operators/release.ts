/**
 * An upstream Helm chart installed on a cluster by an Argo CD Application: which chart, at
 * which pinned version, into which namespace, with which typed values, in which sync wave.
 */
import type { HelmChartRef } from '../../config';

/** One Helm release of a cluster. */
export interface HelmRelease {
  /** A short name, unique on the cluster: the Application is `<cluster>-<name>`. */
  readonly name: string;
  readonly chart: HelmChartRef;
  readonly releaseName: string;
  readonly namespace: string;
  /** Typed values; every one that replaces a chart default says why where it is set. */
  readonly values: object;
  /** The sync wave of its Application (before the rollout group's offset). */
  readonly wave: number;
  /** The AppProject family it belongs to. */
  readonly project: 'operators';
  /** Namespaces besides `namespace` that the chart renders into (a subchart's `namespaceOverride`). @default none */
  readonly extraNamespaces?: readonly string[];
  /** Extra labels of the Application. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Leave out the chart's `crds/` folder: the platform installs those CRDs itself. @default false */
  readonly skipCrds?: boolean;
}
