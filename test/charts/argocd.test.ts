import { WAVES } from '../../charts/argocd/folders';
import { type RenderedFile } from '../../lib/render/render';
import { renderEnvironments } from '../../tools/synth';
import { env } from '../helpers';
import { readRepoFile } from '../files';

const files = renderEnvironments(['dev', 'staging', 'prod'], readRepoFile);
const inEnv = (name: string) => files.filter((f) => f.path.startsWith(`${name}/`) && !f.handoff);
const clusterOf = (f: RenderedFile) => f.path.split('/')[1];
const folderOf = (f: RenderedFile) => f.path.split('/')[2];
const objectsOf = (name: string, kind: string) =>
  inEnv(name)
    .filter((f) => f.object.kind === kind)
    .map((f) => f.object as any);
const apps = (name: string) => objectsOf(name, 'Application');

describe.each(['dev', 'staging', 'prod'] as const)('Argo CD in %s', (name) => {
  const e = env(name);
  const repo = e.platform.gitops;
  const management = repo.managementCluster;
  const clusters = e.clusters.map((c) => c.name);

  test('lives on the management cluster only: every Application and AppProject is in its argocd folder', () => {
    const argo = inEnv(name).filter((f) => ['Application', 'AppProject'].includes(String(f.object.kind)));
    expect([...new Set(argo.map((f) => `${clusterOf(f)}/${folderOf(f)}`))]).toEqual([`${management}/argocd`]);
    expect([...new Set(argo.map((f) => (f.object.metadata as any).namespace))]).toEqual(['argocd']);
  });

  test('every folder of every cluster is synced by exactly one Application, on that cluster by name, from this repository', () => {
    const folders = [...new Set(inEnv(name).map((f) => `${clusterOf(f)}/${folderOf(f)}`))].sort();
    const synced = apps(name)
      .filter((a) => a.spec.source?.path)
      .map((a) => a.spec.source.path)
      .sort();
    expect(synced).toEqual(folders.map((f) => `dist/${name}/${f}`));
    for (const a of apps(name).filter((x) => x.spec.source?.path)) {
      const cluster = a.spec.source.path.split('/')[2];
      expect(a.spec.destination.name).toBe(cluster);
      expect(a.spec.destination.server).toBeUndefined();
      expect(a.spec.source).toMatchObject({ repoURL: repo.repoURL, targetRevision: repo.targetRevision, directory: { recurse: true } });
    }
    expect(new Set(apps(name).map((a) => a.spec.destination.name))).toEqual(new Set(clusters));
  });

  test("the root Application is an app-of-apps over the argocd folder, which holds it in a wave after every child's, retrying", () => {
    const root = apps(name).find((a) => a.metadata.name === `${name}-root`)!;
    expect(root.spec.source.path).toBe(`dist/${name}/${management}/argocd`);
    expect(root.spec.destination).toEqual({ namespace: 'argocd', name: management });
    const waves = apps(name)
      .filter((a) => a !== root)
      .map((a) => Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']));
    expect(Number(root.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeGreaterThan(Math.max(...waves));
    expect(root.spec.syncPolicy.retry.limit).toBeGreaterThanOrEqual(5);
    expect(root.metadata.finalizers).toBeUndefined();
  });

  test('children sync in waves: namespaces, monitoring, operators, then Kafka, issuers and secret stores, then services, then tenants', () => {
    const wave = (appName: string) => Number(apps(name).find((a) => a.metadata.name === appName)!.metadata.annotations['argocd.argoproj.io/sync-wave']);
    for (const cluster of clusters) {
      const offset = e.clusters.find((c) => c.name === cluster)!.settings.rolloutGroup * 10;
      expect(wave(`${cluster}-namespaces`)).toBe(offset + WAVES.namespaces);
      // the edge's CRDs before the operator that watches them and the Gateways of the edge folder
      expect(wave(`${cluster}-gateway-api`)).toBe(offset + WAVES.namespaces);
      expect(wave(`${cluster}-kube-prometheus-stack`)).toBe(offset + WAVES.monitoring);
      for (const op of ['cert-manager', 'external-secrets', 'envoy-gateway']) expect(wave(`${cluster}-${op}`)).toBe(offset + WAVES.operators);
      for (const infra of ['cluster-issuers', 'secret-stores', 'edge']) expect(wave(`${cluster}-${infra}`)).toBe(offset + WAVES.infrastructure);
    }
    const matih = `matih-${name}`;
    expect(wave(`${matih}-strimzi`)).toBe(WAVES.operators);
    expect(wave(`${matih}-kafka`)).toBe(WAVES.infrastructure);
    for (const svc of ['control-plane', 'data-plane', 'frontend', 'playground', 'maia-runner']) expect(wave(`${matih}-${svc}`)).toBe(WAVES.services);
    expect(wave(`ai-platform-${name}-ai-platform`)).toBe(WAVES.services);
    for (const t of apps(name).filter((a) => a.metadata.name.startsWith(`${matih}-tenant-`))) expect(wave(t.metadata.name)).toBe(WAVES.tenants);
  });

  test("operators' Applications (and the edge's CRDs') neither carry the resources finalizer nor prune on their own", () => {
    const operators = apps(name).filter((x) => x.spec.project?.endsWith('-operators'));
    expect(operators.map((a) => a.metadata.name)).toContain(`matih-${name}-gateway-api`);
    for (const a of operators) {
      expect(a.metadata.finalizers).toBeUndefined();
      expect(a.spec.syncPolicy.automated?.prune ?? false).toBe(false);
    }
    expect(apps(name).filter((x) => x.spec.project?.endsWith('-tenant-ingress'))).toEqual([]);
  });

  test('children carry the resources finalizer and manifest-generate-paths, and custom resources skip the dry run', () => {
    for (const a of apps(name).filter((x) => x.spec.source?.path && x.metadata.name !== `${name}-root`)) {
      expect(a.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(a.metadata.annotations['argocd.argoproj.io/manifest-generate-paths']).toBe('.');
    }
    const options = (n: string) => apps(name).find((a) => a.metadata.name === n)!.spec.syncPolicy.syncOptions;
    expect(options(`matih-${name}-kafka`)).toContain('SkipDryRunOnMissingResource=true');
    expect(options(`matih-${name}-namespaces`)).not.toContain('SkipDryRunOnMissingResource=true');
  });

  test('sync is automated with self-heal and prune in dev and staging, manual in prod as config says', () => {
    const child = apps(name).find((a) => a.metadata.name === `matih-${name}-data-plane`)!;
    if (name === 'prod') expect(child.spec.syncPolicy.automated).toBeUndefined();
    else expect(child.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test.each([[`matih-${name}`], [`ai-platform-${name}`]])(
    'the project of %s allows only this repository, its namespaces on that cluster and the cluster-scoped kinds rendered there',
    (cluster) => {
      const project = objectsOf(name, 'AppProject').find((p) => p.metadata.name === cluster)!;
      expect(project.spec.sourceRepos).toEqual([repo.repoURL]);
      const children = inEnv(name).filter((f) => clusterOf(f) === cluster && folderOf(f) !== 'argocd');
      const used = [...new Set(children.map((f) => (f.object.metadata as any).namespace).filter(Boolean))].map((ns: string) =>
        ns.startsWith('matih-tenant-') ? 'matih-tenant-*' : ns,
      );
      expect(project.spec.destinations).toEqual([...new Set(used)].sort().map((namespace) => ({ name: cluster, namespace })));
      expect(used).not.toContain('argocd');
      for (const a of apps(name).filter((x) => x.spec.project === cluster)) {
        expect(a.spec.destination.name).toBe(cluster);
        expect(project.spec.destinations.map((d: any) => d.namespace)).toContain(
          a.spec.destination.namespace.startsWith('matih-tenant-') ? 'matih-tenant-*' : a.spec.destination.namespace,
        );
      }
      const clusterKinds = [
        ...new Set(
          children
            .filter((f) => !(f.object.metadata as any).namespace)
            .map((f) => `${String(f.object.apiVersion).includes('/') ? String(f.object.apiVersion).split('/')[0] : ''}/${String(f.object.kind)}`),
        ),
      ].sort();
      expect(project.spec.clusterResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`).sort()).toEqual(clusterKinds);
    },
  );

  test('the root project may only put Applications and AppProjects into argocd on the management cluster', () => {
    const root = objectsOf(name, 'AppProject').find((p) => p.metadata.name === `matih-${name}-apps`)!;
    expect(root.spec).toMatchObject({
      sourceRepos: [repo.repoURL],
      destinations: [{ namespace: 'argocd', name: management }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'AppProject' },
        { group: 'argoproj.io', kind: 'Application' },
      ],
    });
  });

  test("every cluster gets the operators from pinned charts; cert-manager and External Secrets use that cluster's identities", () => {
    for (const c of e.clusters) {
      const byName = (n: string) => apps(name).find((a) => a.metadata.name === `${c.name}-${n}`)!;
      expect(byName('cert-manager').spec.source).toMatchObject({ chart: 'cert-manager', targetRevision: 'v1.18.6' });
      expect(byName('external-secrets').spec.source).toMatchObject({ chart: 'external-secrets', targetRevision: '0.13.0' });
      const cm = byName('cert-manager').spec.source.helm.valuesObject;
      expect(cm.serviceAccount.annotations).toEqual({ 'azure.workload.identity/client-id': c.terraform.workloadIdentityClientIds['cert-manager'] });
      const eso = byName('external-secrets').spec.source.helm.valuesObject;
      expect(eso.serviceAccount).toEqual({
        name: 'external-secrets',
        annotations: { 'azure.workload.identity/client-id': c.terraform.workloadIdentityClientIds['external-secrets'] },
      });
      expect(byName('envoy-gateway').spec.source).toMatchObject({
        repoURL: 'registry-1.docker.io/envoyproxy',
        chart: 'gateway-helm',
        targetRevision: 'v1.3.3',
        helm: { releaseName: 'envoy-gateway', skipCrds: true },
      });
      expect(byName('envoy-gateway').spec.destination.namespace).toBe('matih-ingress');
      for (const op of ['cert-manager', 'external-secrets', 'envoy-gateway', 'kube-prometheus-stack']) {
        expect(byName(op).spec.project).toBe(`${c.name}-operators`);
        expect(byName(op).spec.destination.name).toBe(c.name);
        expect(byName(op).spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      }
    }
    expect(apps(name).filter((a) => /ingress-nginx/.test(a.metadata.name))).toEqual([]);
    // Kafka's operator only where Kafka runs
    expect(
      apps(name)
        .filter((a) => a.metadata.name.endsWith('-strimzi'))
        .map((a) => a.metadata.name),
    ).toEqual([`matih-${name}-strimzi`]);
  });
  test("the edge's CRDs come from the vendored files, applied server-side, never pruned, and outlive their Application", () => {
    for (const c of e.clusters) {
      const crds = apps(name).find((a) => a.metadata.name === `${c.name}-gateway-api`)!;
      expect(crds.spec.sources).toEqual(
        ['imports/crds/gateway-api', 'imports/crds/envoy-gateway'].map((path) => ({ repoURL: repo.repoURL, targetRevision: repo.targetRevision, path })),
      );
      expect(crds.spec.project).toBe(`${c.name}-operators`);
      expect(crds.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
      expect(crds.spec.syncPolicy.automated?.prune ?? false).toBe(false);
      expect(crds.metadata.finalizers).toBeUndefined();
      expect(objectsOf(name, 'AppProject').find((p) => p.metadata.name === `${c.name}-operators`)!.spec.sourceRepos).toContain(repo.repoURL);
    }
  });
});
