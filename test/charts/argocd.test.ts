import { renderEnvironments } from '../../tools/synth';
import { WAVES } from '../../charts/argocd';
import { RenderedFile } from '../../lib/render/render';
import { env, readRepoFile } from '../helpers';

const files = renderEnvironments(['dev', 'staging', 'prod'], readRepoFile);
const inEnv = (name: string) => files.filter((f) => f.path.startsWith(`${name}/`));
const folderOf = (f: RenderedFile) => f.path.split('/')[1];
const apps = (name: string) => inEnv(name).filter((f) => f.object.kind === 'Application' && folderOf(f) === 'argocd').map((f) => f.object);

describe.each(['dev', 'staging', 'prod'] as const)('Argo CD in %s', (name) => {
  const repo = env(name).config.gitops;

  test('every folder of dist/<env>/ is synced by exactly one Application of this repository, and every path exists', () => {
    const folders = [...new Set(inEnv(name).map(folderOf))].sort();
    const paths = apps(name).filter((a) => a.spec.source.path).map((a) => a.spec.source.path).sort();
    expect(paths).toEqual(folders.map((f) => `dist/${name}/${f}`));
    for (const a of apps(name).filter((x) => x.spec.source.path)) {
      expect(a.spec.source).toMatchObject({ repoURL: repo.repoURL, targetRevision: repo.targetRevision, directory: { recurse: true, include: '*.yaml' } });
    }
  });

  test('the root Application is an app-of-apps over the argocd folder, which holds it', () => {
    const root = apps(name).find((a) => a.metadata.name === `${name}-root`)!;
    expect(root.spec.source.path).toBe(`dist/${name}/argocd`);
    expect(root.spec.destination).toEqual({ namespace: 'argocd', server: 'https://kubernetes.default.svc' });
  });

  test('children sync in waves: namespaces and operators, then Kafka, issuers and secret stores, then services, then tenants', () => {
    const wave = (appName: string) => Number(apps(name).find((a) => a.metadata.name === `${name}-${appName}`)!.metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('namespaces')).toBe(WAVES.namespaces);
    for (const op of ['cert-manager', 'external-secrets', 'strimzi', 'ingress-nginx', 'kube-prometheus-stack']) expect(wave(op)).toBe(WAVES.operators);
    for (const infra of ['kafka', 'cluster-issuers', 'secret-stores']) expect(wave(infra)).toBe(WAVES.infrastructure);
    for (const svc of ['control-plane', 'data-plane', 'frontend', 'playground']) expect(wave(svc)).toBe(WAVES.services);
    for (const t of apps(name).filter((a) => a.metadata.name.startsWith(`${name}-tenant-`))) expect(wave(t.metadata.name.slice(name.length + 1))).toBe(WAVES.tenants);
    expect([WAVES.namespaces <= WAVES.operators, WAVES.operators < WAVES.infrastructure, WAVES.infrastructure < WAVES.services, WAVES.services < WAVES.tenants]).toEqual([true, true, true, true]);
  });

  test('children carry the resources finalizer and manifest-generate-paths, and custom resources skip the dry run', () => {
    for (const a of apps(name).filter((x) => x.spec.source.path && x.metadata.name !== `${name}-root`)) {
      expect(a.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(a.metadata.annotations['argocd.argoproj.io/manifest-generate-paths']).toBe('.');
    }
    const kafka = apps(name).find((a) => a.metadata.name === `${name}-kafka`)!;
    expect(kafka.spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
    const namespaces = apps(name).find((a) => a.metadata.name === `${name}-namespaces`)!;
    expect(namespaces.spec.syncPolicy.syncOptions).not.toContain('SkipDryRunOnMissingResource=true');
  });

  test('sync is automated with self-heal and prune in dev and staging, manual in prod as config says', () => {
    const child = apps(name).find((a) => a.metadata.name === `${name}-data-plane`)!;
    if (name === 'prod') expect(child.spec.syncPolicy.automated).toBeUndefined();
    else expect(child.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('the project allows only this repository, exactly the namespaces used and only the cluster-scoped kinds rendered', () => {
    const project = inEnv(name).find((f) => f.object.kind === 'AppProject' && f.object.metadata.name === `matih-${name}`)!.object;
    expect(project.spec.sourceRepos).toEqual([repo.repoURL]);
    const children = inEnv(name).filter((f) => folderOf(f) !== 'argocd');
    const used = [...new Set(children.map((f) => f.object.metadata.namespace).filter(Boolean))]
      .map((ns) => (ns.startsWith('matih-tenant-') ? 'matih-tenant-*' : ns));
    expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual([...new Set(used)].sort());
    expect(used).not.toContain('argocd');
    for (const a of apps(name).filter((x) => x.spec.project === `matih-${name}`)) {
      expect(project.spec.destinations.map((d: any) => d.namespace)).toContain(a.spec.destination.namespace.startsWith('matih-tenant-') ? 'matih-tenant-*' : a.spec.destination.namespace);
    }
    const clusterKinds = [...new Set(inEnv(name).filter((f) => !f.object.metadata.namespace).map((f) => `${f.object.apiVersion.includes('/') ? f.object.apiVersion.split('/')[0] : ''}/${f.object.kind}`))].sort();
    expect(project.spec.clusterResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`).sort()).toEqual(clusterKinds);
  });

  test('the root project may only put Applications and AppProjects into argocd', () => {
    const root = inEnv(name).find((f) => f.object.kind === 'AppProject' && f.object.metadata.name === `matih-${name}-apps`)!.object;
    expect(root.spec).toMatchObject({
      sourceRepos: [repo.repoURL],
      destinations: [{ namespace: 'argocd', server: 'https://kubernetes.default.svc' }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'AppProject' }, { group: 'argoproj.io', kind: 'Application' }],
    });
    const inArgocd = inEnv(name).filter((f) => folderOf(f) === 'argocd').map((f) => `${f.object.metadata.namespace}/${f.object.kind}`);
    expect([...new Set(inArgocd)].sort()).toEqual(['argocd/AppProject', 'argocd/Application']);
  });

  test('the operators come from pinned charts; cert-manager and External Secrets get their Workload Identity', () => {
    const byName = (n: string) => apps(name).find((a) => a.metadata.name === `${name}-${n}`)!;
    const tf = env(name).terraform;
    expect(byName('cert-manager').spec.source).toMatchObject({ chart: 'cert-manager', targetRevision: 'v1.18.6' });
    expect(byName('external-secrets').spec.source).toMatchObject({ chart: 'external-secrets', targetRevision: '0.13.0' });
    expect(byName('strimzi').spec.source).toMatchObject({ chart: 'strimzi-kafka-operator', targetRevision: '0.50.1' });
    const cm = byName('cert-manager').spec.source.helm.valuesObject;
    expect(cm.serviceAccount.annotations).toEqual({ 'azure.workload.identity/client-id': tf.workloadIdentityClientIds['cert-manager'] });
    expect(cm.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    const eso = byName('external-secrets').spec.source.helm.valuesObject;
    expect(eso.serviceAccount).toEqual({ name: 'external-secrets', annotations: { 'azure.workload.identity/client-id': tf.workloadIdentityClientIds['external-secrets'] } });
    expect(eso.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(byName('ingress-nginx').spec.destination.namespace).toBe('matih-ingress');
    for (const op of ['cert-manager', 'external-secrets', 'strimzi', 'ingress-nginx', 'kube-prometheus-stack']) {
      expect(byName(op).spec.project).toBe(`matih-${name}-operators`);
      expect(byName(op).spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    }
  });
});
