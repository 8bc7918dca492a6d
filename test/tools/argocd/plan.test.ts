import { allPlans, planEnvironment, type ApplicationPlan } from '../../../tools/argocd/plan';
import { app, configMap, deployment, folders, kafka, kafkaNodePool, obj, service, shop, wave } from './fixtures';

const steps = (p: ApplicationPlan) => p.steps.map((s) => `${s.wave}: ${s.tasks.map((t) => t.task.name).join(', ')} => ${s.wait.verdict}`);
const byName = (plans: ApplicationPlan[], name: string) => plans.find((p) => p.info.name === name) as ApplicationPlan;

describe('planEnvironment', () => {
  test('the root is the Application no other renders; its children follow it, each planned once, in sync order', () => {
    const { applications, readFolder } = shop();
    const plan = planEnvironment(applications, readFolder, { applicationHealth: true });
    expect(plan.roots.map((r) => r.id)).toEqual(['argocd/root']);
    expect(allPlans(plan).map((p) => p.info.name)).toEqual(['root', 'namespaces', 'cert-manager', 'strimzi', 'issuers', 'kafka', 'shop']);
    expect(steps(plan.roots[0])).toEqual([
      '0: namespaces => waits',
      '1: cert-manager, strimzi => waits',
      '2: issuers, kafka => waits',
      '3: shop => waits',
      '100: root => last',
    ]);
    expect(plan.roots[0].steps[4].tasks[0].self).toBe(true);
    expect(plan.customizations).toEqual(['argoproj.io/Application']);
  });

  test('with the Application health check a wave of children waits; without it, it does not', () => {
    const { applications, readFolder } = shop();
    const gated = planEnvironment(applications, readFolder, { applicationHealth: true }).roots[0];
    expect(gated.steps[0].wait.text).toBe('waits: every resource of this wave has a health check Argo CD knows (Application (argocd-cm health customization))');
    expect(gated.steps[4].wait.text).toBe('last step: nothing follows, so Argo CD does not wait on it');
    const ungated = planEnvironment(applications, readFolder).roots[0];
    expect(ungated.steps[0].wait.verdict).toBe('no');
    expect(ungated.steps[0].wait.text).toMatch(/^does not wait: Application has no health check .*counts as healthy as soon as it is applied/);
  });

  test("a child's own waves: Kubernetes kinds without a check are complete once applied; a custom kind without one is not waited on", () => {
    const { applications, readFolder } = shop((tree) => {
      tree['dist/shop'] = [
        configMap('settings', 'shop'),
        deployment('web', 'shop', wave(1)),
        service('web', 'shop', wave(1)),
        obj('networking.k8s.io/v1', 'Ingress', 'web', 'shop', wave(2)),
      ];
      tree['dist/kafka'] = [
        kafka('events', 'kafka'),
        kafkaNodePool('brokers', 'kafka'),
        obj('kafka.strimzi.io/v1beta2', 'KafkaTopic', 'orders', 'kafka', wave(1)),
      ];
    });
    const plans = allPlans(planEnvironment(applications, readFolder, { applicationHealth: true }));
    const shopPlan = byName(plans, 'shop');
    expect(steps(shopPlan)).toEqual(['0: settings => no', '1: web, web => waits', '2: web => last']);
    expect(shopPlan.steps[0].wait.text).toBe('does not wait: ConfigMap: no health check, but complete once the API server accepts it');
    expect(shopPlan.steps[1].wait.text).toBe(
      'waits: every resource of this wave has a health check Argo CD knows (Deployment (built-in Go check), Service (built-in Go check))',
    );
    const kafkaPlan = byName(plans, 'kafka');
    expect(kafkaPlan.steps[0].wait.verdict).toBe('partly');
    expect(kafkaPlan.steps[0].wait.text).toBe(
      'waits on Kafka (built-in Lua check); not on the rest: KafkaNodePool has no health check, so a KafkaNodePool counts as healthy as soon as it is applied, before its operator has acted on it',
    );
  });

  test('sources: a Helm chart is not rendered here, a missing folder is said so, a single wave waits on nothing', () => {
    const { applications, readFolder } = shop((tree) => {
      delete tree['dist/issuers'];
    });
    const plans = allPlans(planEnvironment(applications, readFolder, { applicationHealth: true }));
    expect(byName(plans, 'strimzi').sources).toEqual([
      'Helm chart strimzi-kafka-operator 0.50.1 from https://charts.example.com: rendered by Argo CD, its resources are not known here',
    ]);
    expect(byName(plans, 'strimzi').steps).toEqual([]);
    expect(byName(plans, 'issuers').sources).toEqual(['dist/issuers: no such folder in the repository']);
    expect(byName(plans, 'namespaces').sources).toEqual(['dist/namespaces (recursive): 2 objects']);
    expect(byName(plans, 'namespaces').steps[0].wait.text).toBe('only step: a sync of one wave waits on nothing');
  });

  test('hooks are waited on even in the last step', () => {
    const { applications, readFolder } = shop((tree) => {
      tree['dist/shop'].push(obj('batch/v1', 'Job', 'smoke', 'shop', { 'argocd.argoproj.io/hook': 'PostSync' }));
    });
    const shopPlan = byName(allPlans(planEnvironment(applications, readFolder)), 'shop');
    expect(steps(shopPlan)).toEqual(['0: settings, web, web => partly', '0: smoke => last']);
    expect(shopPlan.steps[1].wait.text).toBe('last step: nothing follows, so Argo CD does not wait on it, except that its hooks must complete (Job hook)');
  });

  test('a child without automated sync holds a gated wave until someone syncs it', () => {
    const { applications, readFolder } = shop((tree) => {
      tree['dist/argocd'][1] = app('namespaces', { wave: 0, automated: false });
    });
    const root = planEnvironment(applications, readFolder, { applicationHealth: true }).roots[0];
    expect(root.steps[0].wait.text).toMatch(/; namespaces syncs only when someone syncs it \(no automated sync\), and the wave waits until then$/);
  });

  test('Applications nobody renders are roots too, sorted; Applications rendering each other do not loop', () => {
    const a = app('a', { path: 'dist/a' });
    const b = app('b', { path: 'dist/b' });
    const lonely = app('lonely', { path: 'dist/none' });
    const plan = planEnvironment([lonely, a], folders({ 'dist/a': [a, b], 'dist/b': [a, b] }));
    expect(plan.roots.map((r) => r.id)).toEqual(['argocd/a', 'argocd/lonely']);
    expect(allPlans(plan).map((p) => p.info.name)).toEqual(['a', 'b', 'lonely']);
  });

  test('children on other clusters, by destination name, with paths of the per-cluster layout', () => {
    const root = app('root', { wave: 10, path: 'dist/prod/mgmt/argocd' });
    const child = app('aks-1-kafka', { wave: 1, cluster: 'aks-1', path: 'dist/prod/aks-1/kafka' });
    const plan = planEnvironment([root, child], folders({ 'dist/prod/mgmt/argocd': [root, child], 'dist/prod/aks-1/kafka': [kafka('events', 'kafka')] }), {
      applicationHealth: true,
    });
    const kafkaPlan = byName(allPlans(plan), 'aks-1-kafka');
    expect(kafkaPlan.info.cluster).toBe('aks-1');
    expect(kafkaPlan.steps[0].tasks.map((t) => `${t.task.kind}/${t.task.name} ${t.health}`)).toEqual(['Kafka/events lua']);
  });
});

describe('ApplicationSets', () => {
  const appSet = (template: Record<string, any>, generators: unknown[], goTemplate = true) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'tenants', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '4' } },
    spec: { goTemplate, generators, template },
  });
  const template = (name: string, path: string) => ({
    metadata: { name },
    spec: { project: 'default', source: { repoURL: 'r', targetRevision: 'main', path }, destination: { name: 'aks-1', namespace: name } },
  });
  const tenants = { 'dist/t/acme': [configMap('profile', 'tenant-acme')], 'dist/t/demo': [configMap('profile', 'tenant-demo')], 'dist/t/.hidden': [] };
  const listFolders = (pattern: string) => (pattern === 'dist/t/*' ? Object.keys(tenants) : []);

  test('a git directories generator yields one Application per folder (Go templates), hidden folders and exclusions left out', () => {
    const set = appSet(template('tenant-{{.path.basename}}', '{{.path.path}}'), [
      { git: { repoURL: 'r', revision: 'main', directories: [{ path: 'dist/t/*' }, { path: 'dist/t/demo', exclude: true }] } },
    ]);
    const root = app('root', { wave: 10, path: 'dist/argocd' });
    const plan = planEnvironment([root], folders({ 'dist/argocd': [root, set], ...tenants }), {
      listFolders: (p) => (p === 'dist/t/demo' ? ['dist/t/demo'] : listFolders(p)),
    });
    const generated = allPlans(plan).filter((p) => p.generatedBy);
    expect(generated.map((p) => `${p.id} ${p.info.cluster} ${p.sources[0]}`)).toEqual(['argocd/tenant-acme aks-1 dist/t/acme: 1 object']);
    expect(generated[0].generatedBy).toBe('argocd/root → ApplicationSet tenants');
  });

  test('fasttemplate parameters and list generators expand too; without a folder listing nothing is generated', () => {
    const fast = appSet(
      template('tenant-{{path.basename}}-{{path[1]}}', '{{path}}'),
      [{ git: { repoURL: 'r', revision: 'main', directories: [{ path: 'dist/t/*' }] } }, { list: { elements: [{ path: 'dist/t/acme' }] } }],
      false,
    );
    const root = app('root', { wave: 10, path: 'dist/argocd' });
    const tree = folders({ 'dist/argocd': [root, fast], ...tenants });
    const names = allPlans(planEnvironment([root], tree, { listFolders }))
      .filter((p) => p.generatedBy)
      .map((p) => p.info.name);
    expect(names).toEqual(['tenant-acme-t', 'tenant-demo-t', 'tenant-{{path.basename}}-{{path[1]}}']);
    const unlisted = planEnvironment([root], tree);
    expect(
      allPlans(unlisted)
        .filter((p) => p.generatedBy)
        .map((p) => p.info.name),
    ).toEqual(['tenant-{{path.basename}}-{{path[1]}}']);
    expect(unlisted.roots[0].steps[0].tasks[0].notExpanded).toEqual([
      'git directories generator (no folder listing given)',
      'template expression {{path.basename}}',
      'template expression {{path[1]}}',
    ]);
  });
});
