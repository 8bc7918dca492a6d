import { parse } from 'yaml';
import { ARGO_CD_CHART, ARGO_CD_VERSION, argoCdChartValues, IGNORED_DIFFERENCES } from '../../../charts/argocd/argo-cd-values';
import { HEALTH_CUSTOMIZATIONS, healthCustomizationKey } from '../../../charts/argocd/health';
import { APPLICATION_HEALTH_LUA } from '../../../charts/argocd/health/application';
import { renderEnvironments } from '../../../tools/synth';
import { env } from '../../helpers';
import { readRepoFile } from '../../files';

/** The parts of the argo-cd values the tests read. */
interface Values {
  readonly global: unknown;
  readonly configs: {
    readonly cm: Record<string, string>;
    readonly params?: Record<string, string>;
    readonly clusterCredentials?: Record<
      string,
      { server?: string; labels: Record<string, string>; config: { execProviderConfig?: object; tlsClientConfig: object } }
    >;
  };
  readonly controller?: { readonly podLabels?: object; readonly env?: object };
  readonly server?: { readonly podLabels?: object };
}
const valuesOf = (v: unknown): Values => v as Values;

const rendered = renderEnvironments(['dev', 'staging', 'prod'], readRepoFile);
const file = (path: string) => {
  const f = rendered.find((r) => r.path === path);
  if (!f) throw new Error(`${path} is not rendered`);
  return f;
};

describe('the argo-cd chart values', () => {
  test('install every health check and ignored difference under argocd-cm keys, on the v3.0.x chart with the image pinned', () => {
    const values = valuesOf(argoCdChartValues());
    expect(values.global).toEqual({ image: { tag: 'v3.0.23' } });
    expect(values.configs.cm['resource.customizations.health.argoproj.io_Application']).toBe(APPLICATION_HEALTH_LUA);
    for (const h of HEALTH_CUSTOMIZATIONS) expect(values.configs.cm[healthCustomizationKey(h.group, h.kind)]).toBe(h.lua);
    expect(parse(values.configs.cm['resource.customizations.ignoreDifferences.admissionregistration.k8s.io_ValidatingWebhookConfiguration'])).toEqual({
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
    });
    expect(Object.keys(values.configs.cm).filter((k) => k.includes('.ignoreDifferences.')).length).toBe(Object.keys(IGNORED_DIFFERENCES).length);
    expect(values.configs.clusterCredentials).toBeUndefined();
    expect(values.controller).toBeUndefined();
    expect(ARGO_CD_CHART).toEqual({ repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.2.7' });
    expect(ARGO_CD_VERSION).toBe('v3.0.23');
  });

  test('options set the sync timeout, the wave delay and progressive syncs, as strings', () => {
    const values = valuesOf(argoCdChartValues({ syncTimeoutSeconds: 3600, syncWaveDelaySeconds: 5, progressiveSyncs: true }));
    expect(values.configs.params).toEqual({ 'controller.sync.timeout.seconds': '3600', 'applicationsetcontroller.enable.progressive.syncs': 'true' });
    expect(values.controller).toEqual({ env: [{ name: 'ARGOCD_SYNC_WAVE_DELAY', value: '5' }] });
    expect(() => argoCdChartValues({ syncTimeoutSeconds: -1 })).toThrow(/whole number/);
  });

  test("name the local cluster in place of in-cluster; a remote one logs in with the Workload Identity and waits for Terraform's server", () => {
    const values = valuesOf(
      argoCdChartValues({
        clusters: [
          { name: 'hub', local: true, labels: { a: 'b' } },
          { name: 'spoke', local: false, labels: {} },
        ],
      }),
    );
    expect(values.configs.clusterCredentials!.hub).toEqual({
      server: 'https://kubernetes.default.svc',
      labels: { a: 'b' },
      config: { tlsClientConfig: { insecure: false } },
    });
    expect(values.configs.clusterCredentials!.spoke.server).toBeUndefined();
    expect(values.configs.clusterCredentials!.spoke.config.execProviderConfig).toMatchObject({
      command: 'argocd-k8s-auth',
      args: ['azure'],
      env: { AAD_LOGIN_METHOD: 'workloadidentity' },
    });
    expect(values.controller!.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(values.server!.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    // one cluster, Argo CD's own: no identity needed
    expect(valuesOf(argoCdChartValues({ clusters: [{ name: 'hub', local: true, labels: {} }] })).controller).toBeUndefined();
  });
});

describe.each(['dev', 'staging', 'prod'] as const)('dist/%s/bootstrap', (name) => {
  const e = env(name);

  test('holds the argo-cd release and its values, and nothing else', () => {
    expect(rendered.filter((f) => f.path.startsWith(`${name}/bootstrap/`)).map((f) => f.path)).toEqual([
      `${name}/bootstrap/argocd-release.yaml`,
      `${name}/bootstrap/argocd-values.yaml`,
    ]);
    expect(rendered.filter((f) => f.handoff).every((f) => f.path.split('/')[1] === 'bootstrap')).toBe(true);
    expect(parse(file(`${name}/bootstrap/argocd-release.yaml`).content)).toEqual({ ...ARGO_CD_CHART, releaseName: 'argocd', namespace: 'argocd' });
  });

  test('the values file reads back (YAML 1.1, as Helm reads it) to the values, Lua scripts byte for byte', () => {
    const f = file(`${name}/bootstrap/argocd-values.yaml`);
    const values = parse(f.content, { version: '1.1' });
    expect(values).toEqual(f.object);
    expect(values.configs.cm['resource.customizations.health.argoproj.io_Application']).toBe(APPLICATION_HEALTH_LUA);
    // the scripts are literal blocks, readable in a review
    expect(f.content).toContain('resource.customizations.health.argoproj.io_Application: |');
  });

  test('one cluster Secret per cluster the Applications name, the management cluster in place of in-cluster', () => {
    const values = valuesOf(file(`${name}/bootstrap/argocd-values.yaml`).object);
    const management = e.platform.gitops.managementCluster;
    expect(Object.keys(values.configs.clusterCredentials!).sort()).toEqual(e.clusters.map((c) => c.name).sort());
    expect(values.configs.clusterCredentials![management].server).toBe('https://kubernetes.default.svc');
    for (const c of e.clusters.filter((x) => x.name !== management)) {
      expect(values.configs.clusterCredentials![c.name].labels).toEqual({
        'matih.ai/env': name,
        'matih.ai/region': c.settings.region,
        'matih.ai/rollout-group': String(c.settings.rolloutGroup),
      });
    }
    const destinations = new Set(
      rendered
        .filter((f) => f.path.startsWith(`${name}/`) && f.object.kind === 'Application')
        .map((f) => (f.object as { spec: { destination: { name: string } } }).spec.destination.name),
    );
    expect([...destinations].sort()).toEqual(Object.keys(values.configs.clusterCredentials!).sort());
  });
});
