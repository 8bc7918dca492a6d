import { type LoadedObject } from '../../../tools/validate';
import { cleanObjects, found, load, validate } from './fixture';

type Json = Record<string, any>;

const REPO = 'https://github.com/example/manifests.git';

function project(change: (spec: Json) => void = () => undefined): Json {
  const spec: Json = {
    sourceRepos: [REPO],
    destinations: [
      { server: 'https://kubernetes.default.svc', namespace: 'shop' },
      { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
    ],
    clusterResourceWhitelist: [
      { group: '', kind: 'Namespace' },
      { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      { group: 'external-secrets.io', kind: '*' },
    ],
  };
  change(spec);
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'shop', namespace: 'argocd' }, spec };
}

function application(change: (spec: Json) => void = () => undefined): Json {
  const spec: Json = {
    project: 'shop',
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    source: { repoURL: REPO, targetRevision: 'main', path: 'dist/test' },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  };
  change(spec);
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop', namespace: 'argocd' }, spec };
}

/** The clean fixture in `dist/test/`, and the Argo CD objects in `dist/argocd/`. */
function run(...argo: Json[]): LoadedObject[] {
  return [...load(cleanObjects()), ...argo.map((object, i) => ({ file: `dist/argocd/${i}.yaml`, index: 0, object }))];
}

describe('Argo CD Applications', () => {
  test('an Application whose project permits its repository, destination and resources is clean', () => {
    expect(validate(run(project(), application()))).toEqual([]);
  });

  test('a missing AppProject is reported, default always exists', () => {
    expect(found(validate(run(application())))).toEqual(['Application/shop: ref/appProject']);
    expect(
      validate(
        run(
          application((s) => {
            s.project = 'default';
          }),
        ),
      ),
    ).toEqual([]);
  });

  test('a repository outside sourceRepos is reported', () => {
    const problems = validate(
      run(
        project(),
        application((s) => {
          s.source.repoURL = 'https://github.com/other/repo.git';
        }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'spec.source.repoURL "https://github.com/other/repo.git" is not among the sourceRepos of AppProject "shop"',
    ]);
  });

  test('an empty destination namespace matches no destination unless one allows it', () => {
    const app = application((s) => {
      delete s.destination.namespace;
    });
    expect(found(validate(run(project(), app)))).toEqual(['Application/shop: ref/appProject']);
    const wide = project((p) => {
      p.destinations.push({ server: 'https://kubernetes.default.svc', namespace: '*' });
    });
    expect(validate(run(wide, app))).toEqual([]);
  });

  test('a deny destination wins over an allow', () => {
    const denying = project((p) => {
      p.destinations = [
        { server: '*', namespace: '*' },
        { server: '*', namespace: '!shop' },
      ];
    });
    expect(found(validate(run(denying, application())))).toEqual(['Application/shop: ref/appProject', 'Application/shop: ref/appResources']);
  });

  test('a path with no YAML in the run is reported', () => {
    const problems = validate(
      run(
        project(),
        application((s) => {
          s.source.path = 'dist/tset';
        }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual(['spec.source.path "dist/tset" holds no YAML in this run']);
  });

  test('a path whose YAML is only in subfolders needs directory.recurse', () => {
    const problems = validate(
      run(
        project(),
        application((s) => {
          s.source.path = 'dist';
        }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual(['spec.source.path "dist" holds no YAML directly (its files are in subfolders: set directory.recurse)']);
  });

  test('a path outside the folders of the run is not judged', () => {
    expect(
      validate(
        run(
          project(),
          application((s) => {
            s.source.path = 'elsewhere/app';
          }),
        ),
      ),
    ).toEqual([]);
  });

  test('a Helm chart source has no path to check', () => {
    const chart = application((s) => {
      s.source = { repoURL: REPO, chart: 'gateway-helm', targetRevision: 'v1.3.3', helm: { valuesObject: { deployment: { replicas: 2 } } } };
    });
    expect(validate(run(project(), chart))).toEqual([]);
  });

  test('a cluster-scoped kind outside clusterResourceWhitelist is reported', () => {
    const narrow = project((p) => {
      p.clusterResourceWhitelist = [{ group: '', kind: 'Namespace' }];
    });
    const problems = validate(run(narrow, application()));
    expect(problems.map((p) => p.message)).toEqual([
      'AppProject "shop" does not permit cert-manager.io/ClusterIssuer (cluster-scoped), external-secrets.io/ClusterSecretStore (cluster-scoped) in the synced folder',
    ]);
  });

  test('a namespaced kind in namespaceResourceBlacklist is reported', () => {
    const problems = validate(
      run(
        project((p) => {
          p.namespaceResourceBlacklist = [{ group: '', kind: 'ConfigMap' }];
        }),
        application(),
      ),
    );
    expect(found(problems)).toEqual(['Application/shop: ref/appResources']);
  });

  test('a synced object in a namespace the project does not allow is reported', () => {
    const problems = validate(
      run(
        project((p) => {
          p.destinations = [
            { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
            { name: 'in-cluster', namespace: 'shop-*' },
          ];
        }),
        application(),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'spec.destination (https://kubernetes.default.svc, namespace "shop") is not among the destinations of AppProject "shop"',
      'AppProject "shop" has no destination for namespace "shop" used in the synced folder',
    ]);
  });

  test('the namespace Argo CD runs in needs no Namespace object', () => {
    expect(found(validate(run(project(), application())))).not.toContainEqual('Application/shop: ref/namespace');
  });
});
