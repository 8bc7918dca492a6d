/**
 * The workbenches (docs/platform.md#namespaces: matih-frontend) and the playground sandbox (free tier, on
 * the playground pool). The workbenches serve static single-page apps from an
 * unprivileged NGINX; the browser calls the APIs through the ingress, not the pods.
 */
import type { ServiceWorkload } from '../lib/workload/service-workload';
import type { PlatformChart } from './context';
import { declareService, type ServiceDeclaration, serviceSettings } from './declare';

const staticSite: Pick<ServiceDeclaration, 'ports' | 'readiness' | 'liveness' | 'writablePaths' | 'runAsUser' | 'component'> = {
  component: 'web',
  ports: [{ name: 'http', port: 8080 }],
  readiness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 2 },
  liveness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10 },
  writablePaths: ['/tmp', '/var/cache/nginx'],
  runAsUser: 101,
};

export function addFrontend(chart: PlatformChart): ServiceWorkload[] {
  const namespace = chart.platform.namespaces.frontend;
  return [
    declareService(chart, 'data-workbench', { ...staticSite, settings: serviceSettings(chart, 'data-workbench'), namespace, pool: 'ctrlplane' }),
    declareService(chart, 'ai-workbench', { ...staticSite, settings: serviceSettings(chart, 'ai-workbench'), namespace, pool: 'ctrlplane' }),
  ];
}

export function addPlayground(chart: PlatformChart, queryEngine: ServiceWorkload): ServiceWorkload {
  return declareService(chart, 'playground-sandbox', {
    settings: serviceSettings(chart, 'playground-sandbox'),
    namespace: chart.platform.namespaces.playground,
    pool: 'playground',
    component: 'sandbox',
    ports: [{ name: 'http', port: 8080 }],
    readiness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 5 },
    liveness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 15 },
    dependencies: [{ service: queryEngine, env: 'QUERY_ENGINE_URL' }],
  });
}
