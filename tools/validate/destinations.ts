/**
 * Where an Argo CD Application deploys: one Argo CD per environment keeps every Application in
 * its management cluster's folder (`dist/<env>/<management cluster>/argocd/`), whatever cluster
 * it targets (`spec.destination.name`). What an Application's chart renders (the Services the
 * reference checks accept, see operator-objects.ts) exists in its destination cluster, not in
 * the cluster whose folder holds the Application.
 */
import { describeApplication, isApplication } from '../argocd/applications';
import { asMap } from './json';
import type { LoadedObject } from './problem';

/** One cluster of a run: its environment, its name (the folder under the environment) and its objects. */
export interface ClusterObjects {
  readonly env: string;
  readonly cluster: string;
  readonly objects: readonly LoadedObject[];
}

/** The cluster an Application in `home`'s folder deploys to: its destination's name, or `home` for Argo CD's own cluster. */
export function destinationCluster(loaded: LoadedObject, home: string): string {
  const cluster = describeApplication(asMap(loaded.object) ?? {}).cluster;
  return cluster === '' || cluster === 'in-cluster' ? home : cluster;
}

/**
 * For each cluster (by `<env>/<cluster>`), the Applications of its environment, in any
 * cluster's folder, that deploy to it.
 */
export function applicationsByDestination(clusters: readonly ClusterObjects[]): Map<string, LoadedObject[]> {
  const out = new Map<string, LoadedObject[]>(clusters.map((c) => [`${c.env}/${c.cluster}`, []]));
  for (const c of clusters) {
    for (const app of c.objects.filter((o) => isApplication(o.object))) out.get(`${c.env}/${destinationCluster(app, c.cluster)}`)?.push(app);
  }
  return out;
}
