/** The committed dist/, cluster by cluster, with each cluster's kube-prometheus-stack values (from its environment's Argo CD). */
import * as path from 'path';
import { loadManifests } from '../../tools/manifests/load';
import { clusterDirs } from '../../tools/validate';
import { ROOT } from '../helpers';

/** One cluster of dist/. */
export interface DistCluster {
  readonly env: string;
  readonly cluster: string;
  readonly objects: readonly any[];
  /** The Helm values of its Applications of upstream charts, by release name. */
  readonly releases: Readonly<Record<string, any>>;
}

let cache: DistCluster[] | undefined;

/** Every cluster of the committed dist/ (read once per test file). */
export function distClusters(): DistCluster[] {
  if (cache) return cache;
  const dirs = clusterDirs(path.join(ROOT, 'dist'));
  const loaded = dirs.map((dir) => ({ env: path.basename(path.dirname(dir)), cluster: path.basename(dir), objects: loadManifests(dir, { cache: true }).map((d) => d.object as any) }));
  cache = loaded.map((c) => {
    const apps = loaded.filter((o) => o.env === c.env).flatMap((o) => o.objects).filter((o) => o.kind === 'Application' && o.spec?.destination?.name === c.cluster && o.spec.source?.chart);
    return { ...c, releases: Object.fromEntries(apps.map((a) => [a.spec.source.helm?.releaseName ?? a.spec.source.chart, a.spec.source.helm?.valuesObject ?? {}])) };
  });
  return cache;
}
