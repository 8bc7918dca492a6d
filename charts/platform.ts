/**
 * Assembles one environment of the MATIH platform: every chart, in the order their typed
 * references need (stores before the services that use them), then the cross-cutting
 * passes that derive objects from what the services declared (Kafka users and topics,
 * ExternalSecrets, Ingress, scrape and cloud-egress rules).
 */
import { App } from 'cdk8s';
import type { Environment } from '../config';
import type { Tenant } from '../config/tenants';
import { ServiceWorkload } from '../lib/service-workload';
import { addPlatformCertificate, ClusterIssuersChart, exposeHost } from './certificates';
import { addControlPlane } from './control-plane';
import { addDataPlane } from './data-plane';
import { addDataStores } from './data-stores';
import { addFrontend, addPlayground } from './frontend';
import { KafkaChart } from './kafka';
import { NamespacesChart } from './namespaces';
import { azurePeer, HTTPS, ingressControllerPeer, prometheusPeer } from './peers';
import { PlatformChart } from './platform-chart';
import { addExternalSecrets, SecretStoresChart } from './secret-stores';
import { addTenants, TENANT_NAMESPACE_LABEL } from './tenants';
import { addAiPlatform } from './ai-platform';
import { addMaiaRunner } from './maia-runner';
import { ArgoCdChart } from './argocd';
import { addOperatorPolicies } from './operators';

/** Builds the cdk8s App of one environment. */
export function buildPlatform(env: Environment, tenants: readonly Tenant[] = []): App {
  // outdir is never used: the writer renders charts itself (lib/render.ts)
  const app = new App({ outdir: 'dist' });
  const cfg = env.config;
  const ns = cfg.namespaces;
  const namespaces = new NamespacesChart(app, env);
  const issuers = new ClusterIssuersChart(app, env);
  addPlatformCertificate(issuers);
  const secretStores = new SecretStoresChart(app, env, TENANT_NAMESPACE_LABEL);
  const kafka = new KafkaChart(app, env);
  const data = new PlatformChart(app, 'data-plane', env, ns.dataPlane);
  const control = new PlatformChart(app, 'control-plane', env, ns.controlPlane);
  const frontend = new PlatformChart(app, 'frontend', env, ns.frontend);
  const playground = new PlatformChart(app, 'playground', env, ns.playground);

  const stores = addDataStores(data);
  const cp = addControlPlane(control, stores);
  const dp = addDataPlane(data, stores, cp);
  const [dataWorkbench, aiWorkbench] = addFrontend(frontend);
  addPlayground(playground, dp.queryEngine);

  // seed 000: Workload Identity callers of Azure APIs
  dp.ai.allowEgressToCidr(azurePeer(cfg, 'azure-openai'), HTTPS);
  cp.infrastructure.allowEgressToCidr(azurePeer(cfg, 'azure-resource-manager'), HTTPS);

  kafka.render([
    { name: 'tenant-events', producers: [cp.tenant], consumers: [cp.iam, cp.infrastructure, cp.config] },
    { name: 'infrastructure-events', producers: [cp.infrastructure], consumers: [cp.tenant] },
    { name: 'audit-events', producers: [cp.iam, cp.tenant, cp.config, cp.infrastructure], consumers: [] },
    { name: 'catalog-changes', producers: [dp.catalog], consumers: [dp.queryEngine, dp.ai] },
    { name: 'query-events', producers: [dp.queryEngine], consumers: [dp.ai, dp.bi] },
    { name: 'ai-interactions', producers: [dp.ai], consumers: [], retentionHours: 720 },
  ]);

  const apiHost = cfg.dns.apiHost;
  exposeHost(control, ns.controlPlane, {
    name: 'control-plane-api', host: apiHost, platformCertificate: true,
    routes: [
      { path: '/api/v1/auth', service: cp.iam }, { path: '/api/v1/users', service: cp.iam },
      { path: '/api/v1/tenants', service: cp.tenant }, { path: '/api/v1/config', service: cp.config },
      { path: '/api/v1/infrastructure', service: cp.infrastructure },
    ],
  });
  exposeHost(data, ns.dataPlane, {
    name: 'data-plane-api', host: apiHost, platformCertificate: true,
    routes: [
      { path: '/api/v1/ai', service: dp.ai }, { path: '/api/v1/query', service: dp.queryEngine },
      { path: '/api/v1/bi', service: dp.bi }, { path: '/api/v1/catalog', service: dp.catalog },
    ],
    // ai-service streams over WebSocket (seed 001)
    annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600', 'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600' },
  });
  exposeHost(frontend, ns.frontend, {
    name: 'workbenches', host: apiHost, platformCertificate: true,
    routes: [{ path: '/', service: dataWorkbench }, { path: '/ai-workbench', service: aiWorkbench }],
  });

  // tenant workloads call the query engine, the AI service and IAM
  addTenants(app, env, tenants, [dp.queryEngine, dp.ai, cp.iam]);

  // two more systems from the seeds, built from the same lib/ (seeds 003, 004)
  addMaiaRunner(app, env);
  addAiPlatform(app, env);

  // Prometheus scrapes every service that exposes metrics; the ingress controller and
  // Prometheus get egress to exactly what the services admit them on, whoever declared it
  const scraper = prometheusPeer(cfg);
  const controller = ingressControllerPeer(cfg);
  const services = app.node.findAll().filter((c): c is ServiceWorkload => c instanceof ServiceWorkload);
  for (const svc of services) if (svc.metrics) svc.allowIngressFrom(scraper, [svc.metrics.port]);
  const admitting = (peer: typeof scraper) => services
    .map((svc) => ({ peer: svc.peer, ports: [...svc.admittedPorts(peer)] }))
    .filter((b) => b.ports.length > 0);
  addOperatorPolicies(namespaces, cfg, { ingressBackends: admitting(controller), scrapeTargets: admitting(scraper) });
  addExternalSecrets(app, new Set(['kafka-cluster-ca']), cfg.partOf, secretStores);
  // last: Argo CD describes every folder rendered above
  new ArgoCdChart(app, env, tenants);
  return app;
}

