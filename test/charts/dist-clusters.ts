/** The committed dist/, cluster by cluster, with each cluster's Helm release values (from its environment's Argo CD). */
import * as path from 'path';
import { discoverClusters, loadCluster } from '../../tools/manifests/layout';
import { ROOT } from '../files';

/** A rendered object as parsed from YAML: whatever the manifest holds (typed like JSON.parse's result). */
export type Manifest = ReturnType<typeof JSON.parse>;

/** One cluster of dist/. */
export interface DistCluster {
  readonly env: string;
  readonly cluster: string;
  readonly objects: readonly Manifest[];
  /** The Helm values of its Applications of upstream charts, by release name. */
  readonly releases: Readonly<Record<string, Manifest>>;
}

let cache: DistCluster[] | undefined;

/** Every cluster of the committed dist/ (read once per test process: treat it as read-only). */
export function distClusters(): DistCluster[] {
  if (cache) return cache;
  const loaded = discoverClusters(path.join(ROOT, 'dist')).map((c) => ({
    env: c.env,
    cluster: c.cluster ?? c.env,
    objects: loadCluster(c).map((d) => d.object as Manifest),
  }));
  cache = loaded.map((c) => {
    const apps = loaded
      .filter((o) => o.env === c.env)
      .flatMap((o) => o.objects)
      .filter((o) => o.kind === 'Application' && o.spec?.destination?.name === c.cluster && o.spec.source?.chart);
    return {
      ...c,
      releases: Object.fromEntries(apps.map((a) => [a.spec.source.helm?.releaseName ?? a.spec.source.chart, a.spec.source.helm?.valuesObject ?? {}])),
    };
  });
  return cache;
}

/** A release's values without the namespaces Kyverno's webhooks leave alone (naming a namespace there puts nothing in it). */
export function withoutWebhookExclusions(release: string, values: Manifest): Manifest {
  return release === 'kyverno' ? { ...values, config: { ...values.config, webhooks: undefined } } : values;
}
