/**
 * One Argo CD per environment keeps every Application in its management cluster's folder: what
 * an Application's chart renders exists in its destination cluster. The reference checks count
 * a chart's Services there, and only there.
 */
import { applicationsByDestination, destinationCluster } from '../../../tools/validate/destinations';
import type { LoadedObject } from '../../../tools/validate/problem';
import { checkReferences } from '../../../tools/validate/validate';

const loaded = (file: string, object: Record<string, unknown>): LoadedObject => ({ file, index: 0, object });

/** Temporal's chart, deployed by Argo CD (in cluster `a`'s folder) to `destination`. */
const temporal = (destination: Record<string, string>) =>
  loaded('dev/a/argocd/application-temporal.yaml', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'temporal', namespace: 'argocd' },
    spec: {
      project: 'p',
      destination: { namespace: 'wf', ...destination },
      source: { chart: 'temporal', repoURL: 'https://x', targetRevision: '1.6.0', helm: { releaseName: 'temporal' } },
    },
  });

/** A client of Temporal's frontend in `cluster`. */
const client = (cluster: string) =>
  loaded(`dev/${cluster}/app/deployment-client.yaml`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'client', namespace: 'app' },
    spec: {
      selector: { matchLabels: { app: 'client' } },
      template: {
        metadata: { labels: { app: 'client' } },
        spec: {
          containers: [{ name: 'c', image: 'r.example.io/c:1', env: [{ name: 'TEMPORAL_ADDRESS', value: 'temporal-frontend.wf.svc.cluster.local:7233' }] }],
        },
      },
    },
  });

/** The reference problems of each cluster of an environment `a` (holding the Application) and `b`. */
function problems(app: LoadedObject, clientIn: 'a' | 'b'): Record<string, string[]> {
  const clusters = ['a', 'b'].map((c) => ({ env: 'dev', cluster: c, objects: [...(c === 'a' ? [app] : []), ...(c === clientIn ? [client(c)] : [])] }));
  const apps = applicationsByDestination(clusters);
  return Object.fromEntries(clusters.map((c) => [c.cluster, checkReferences(c.objects, {}, apps.get(`dev/${c.cluster}`)).map((p) => p.rule)]));
}

describe("an Application's chart Services count in its destination cluster", () => {
  test('a client in the destination cluster resolves them, though the Application lives in another folder', () => {
    expect(problems(temporal({ name: 'b' }), 'b')).toEqual({ a: [], b: [] });
  });

  test('a client in the cluster that only holds the Application does not', () => {
    expect(problems(temporal({ name: 'b' }), 'a')).toEqual({ a: ['ref/serviceUrl'], b: [] });
  });

  test("Argo CD's own cluster (in-cluster, or no destination cluster) is the folder's", () => {
    expect(problems(temporal({ name: 'in-cluster' }), 'a')).toEqual({ a: [], b: [] });
    expect(problems(temporal({ server: 'https://kubernetes.default.svc' }), 'a')).toEqual({ a: [], b: [] });
    expect(destinationCluster(temporal({}), 'a')).toBe('a');
  });
});
