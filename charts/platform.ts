/**
 * Assembles one environment of the MATIH platform: every chart, in the order their typed
 * references need (stores before the services that use them).
 */
import { App } from 'cdk8s';
import type { Environment } from '../config';
import { addControlPlane } from './control-plane';
import { addDataPlane } from './data-plane';
import { addDataStores } from './data-stores';
import { addFrontend, addPlayground } from './frontend';
import { NamespacesChart } from './namespaces';
import { PlatformChart } from './platform-chart';

/** Builds the cdk8s App of one environment. */
export function buildPlatform(env: Environment): App {
  // outdir is never used: the writer renders charts itself (lib/render.ts)
  const app = new App({ outdir: 'dist' });
  const ns = env.config.namespaces;
  new NamespacesChart(app, env);
  const data = new PlatformChart(app, 'data-plane', env, ns.dataPlane);
  const control = new PlatformChart(app, 'control-plane', env, ns.controlPlane);
  const frontend = new PlatformChart(app, 'frontend', env, ns.frontend);
  const playground = new PlatformChart(app, 'playground', env, ns.playground);

  const stores = addDataStores(data);
  const controlPlane = addControlPlane(control, stores);
  const dataPlane = addDataPlane(data, stores, controlPlane);
  addFrontend(frontend);
  addPlayground(playground, dataPlane.queryEngine);
  return app;
}
