/**
 * The workbenches (seed 001: matih-frontend) and the playground sandbox (free tier, on
 * the playground pool). The workbenches serve static single-page apps from an
 * unprivileged NGINX; the browser calls the APIs through the ingress, not the pods.
 */
import { ServiceWorkload } from '../lib/service-workload';
import { PlatformChart, platformService, ServiceDeclaration } from './platform-chart';

const staticSite: Pick<ServiceDeclaration, 'ports' | 'readiness' | 'liveness' | 'writablePaths' | 'runAsUser' | 'component'> = {
  component: 'web',
  ports: [{ name: 'http', port: 8080 }],
  readiness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 2 },
  liveness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10 },
  writablePaths: ['/tmp', '/var/cache/nginx'],
  runAsUser: 101,
};

export function addFrontend(chart: PlatformChart): ServiceWorkload[] {
  const namespace = chart.cfg.namespaces.frontend;
  return [
    platformService(chart, { ...staticSite, name: 'data-workbench', namespace, pool: 'ctrlplane' }),
    platformService(chart, { ...staticSite, name: 'ai-workbench', namespace, pool: 'ctrlplane' }),
  ];
}

export function addPlayground(chart: PlatformChart, queryEngine: ServiceWorkload): ServiceWorkload {
  return platformService(chart, {
    name: 'playground-sandbox', namespace: chart.cfg.namespaces.playground, pool: 'playground', component: 'sandbox',
    ports: [{ name: 'http', port: 8080 }],
    readiness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 5 },
    liveness: { http: { path: '/healthz', port: 'http' }, initialDelaySeconds: 15 },
    dependencies: [{ service: queryEngine, env: 'QUERY_ENGINE_URL' }],
  });
}
