import { ApiObject, type App, type Chart } from 'cdk8s';
import { buildEnvironment } from '../charts/environment';
import { platformCharts } from '../charts/context';
import { type Environment, type EnvironmentName, loadConfig } from '../config';
import { prepare } from '../lib/phases';
import { readRepoFile } from './files';

/** A validated environment from the committed config. */
export function env(name: EnvironmentName): Environment {
  return loadConfig([name], readRepoFile)[0];
}

const apps = new Map<EnvironmentName, App>();

/** The built and prepared App of an environment from the committed config (shared by the test files of a process: treat it as read-only). */
export function environmentApp(name: EnvironmentName): App {
  let app = apps.get(name);
  if (!app) {
    app = buildEnvironment(env(name));
    prepare(app);
    apps.set(name, app);
  }
  return app;
}

/** Every object of an app or chart, prepared and as the writer would render it. */
export function objects(scope: App | Chart): any[] {
  prepare(scope.node.root);
  return scope.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .map((o) => o.toJson());
}

/** What `clusterObjects` rendered, per app and cluster: serializing a cluster is the costly part of most chart tests. */
const rendered = new WeakMap<App, Map<string, any[]>>();

/**
 * Every object an environment renders on one cluster (by default its MATIH cluster,
 * `matih-<env>`), rendered once per app and cluster: treat the objects as read-only.
 */
export function clusterObjects(name: EnvironmentName, cluster = `matih-${name}`, app: App = environmentApp(name)): any[] {
  let byCluster = rendered.get(app);
  if (!byCluster) rendered.set(app, (byCluster = new Map()));
  const done = byCluster.get(cluster);
  if (done) return done;
  prepare(app);
  const charts = platformCharts(app).filter((c) => c.ctx.name === cluster);
  if (charts.length === 0) throw new Error(`environment ${name} has no cluster ${cluster}`);
  const objs = charts.flatMap((c) =>
    c.node
      .findAll()
      .filter(ApiObject.isApiObject)
      .map((o) => o.toJson()),
  );
  byCluster.set(cluster, objs);
  return objs;
}

/** The objects of one folder of a cluster. */
export function folderObjects(name: EnvironmentName, folder: string, cluster = `matih-${name}`): any[] {
  const app = environmentApp(name);
  const chart = platformCharts(app).find((c) => c.ctx.name === cluster && c.name === folder);
  if (!chart) throw new Error(`cluster ${cluster} of ${name} has no folder ${folder}`);
  return chart.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .map((o) => o.toJson());
}

/** The one object of `kind` named `name` (and in `namespace`, when given). */
export function find(objs: any[], kind: string, name: string, namespace?: string): any {
  const hits = objs.filter((o) => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (hits.length !== 1) throw new Error(`expected one ${kind} "${name}"${namespace ? ` in ${namespace}` : ''}, found ${hits.length}`);
  return hits[0];
}

/** A readFile over the committed config with `config/tenants.yaml` replaced. */
export function withTenantsFile(yaml: string): (rel: string) => string {
  return (rel) => (rel === 'config/tenants.yaml' ? yaml : readRepoFile(rel));
}

/** An environment built from the committed config with other tenants, prepared. */
export function appWithTenants(name: EnvironmentName, yaml: string): App {
  const app = buildEnvironment(loadConfig([name], withTenantsFile(yaml))[0]);
  prepare(app);
  return app;
}

/** YAML of a tenants file listing `tenants`. */
export function tenantsYaml(tenants: ReadonlyArray<Record<string, unknown>>): string {
  return `tenants:\n${tenants.map((t) => `  - ${JSON.stringify(t)}`).join('\n')}\n`;
}
