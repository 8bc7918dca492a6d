/**
 * The MATIH platform on one cluster: its stores, control plane, data plane, workbenches and
 * playground, its Kafka topics and their clients, its entry on the API host, and its tenants.
 */
import { PLATFORM_TLS_SECRET } from './certificates';
import type { ClusterContext } from './context';
import { addControlPlane } from './control-plane';
import { addDataPlane } from './data-plane';
import { addDataStores } from './data-stores';
import { exposeHost } from './edge/routes';
import { addFrontend, addPlayground } from './frontend';
import { addKafka } from './kafka/kafka';
import { HTTPS, internetPeer } from './peers';
import { addTenants } from './tenants';
import { addTemporalServer, connectStack } from './stack';

export function addMatih(ctx: ClusterContext): void {
  const ns = ctx.platform.namespaces;
  const data = ctx.chart('data-plane', ns.dataPlane);
  const control = ctx.chart('control-plane', ns.controlPlane);
  const frontend = ctx.chart('frontend', ns.frontend);
  const playground = ctx.chart('playground', ns.playground);

  const stores = addDataStores(data);
  const temporal = addTemporalServer(ctx, stores.postgresql);
  const cp = addControlPlane(control, stores, temporal);
  const dp = addDataPlane(data, stores, cp);
  connectStack(ctx, cp.infrastructure, dp.ai);
  const [dataWorkbench, aiWorkbench] = addFrontend(frontend);
  addPlayground(playground, dp.queryEngine);

  // the Workload Identity callers of Azure APIs (docs/platform.md#workload-identity)
  dp.ai.allowEgressToCidr(internetPeer(ctx, 'azure-openai', 'Azure OpenAI and Entra ID (Workload Identity), public endpoints without fixed addresses'), HTTPS);
  cp.infrastructure.allowEgressToCidr(internetPeer(ctx, 'azure-resource-manager', 'Azure Resource Manager and Entra ID (Workload Identity) for tenant infrastructure'), HTTPS);

  addKafka(ctx, [
    { name: 'tenant-events', producers: [cp.tenant], consumers: [cp.iam, cp.infrastructure, cp.config] },
    { name: 'infrastructure-events', producers: [cp.infrastructure], consumers: [cp.tenant] },
    { name: 'audit-events', producers: [cp.iam, cp.tenant, cp.config, cp.infrastructure], consumers: [] },
    { name: 'catalog-changes', producers: [dp.catalog], consumers: [dp.queryEngine, dp.ai] },
    { name: 'query-events', producers: [dp.queryEngine], consumers: [dp.ai, dp.bi] },
    { name: 'ai-interactions', producers: [dp.ai], consumers: [], retentionHours: 720 },
  ]);

  // the API host on the shared Gateway: one listener and one certificate, three namespaces' routes
  const apiHost = ctx.platform.dns.apiHost;
  const certificate = PLATFORM_TLS_SECRET;
  exposeHost(control, ns.controlPlane, {
    name: 'control-plane-api', host: apiHost, certificate,
    routes: [
      { path: '/api/v1/auth', service: cp.iam }, { path: '/api/v1/users', service: cp.iam },
      { path: '/api/v1/tenants', service: cp.tenant }, { path: '/api/v1/config', service: cp.config },
      { path: '/api/v1/infrastructure', service: cp.infrastructure },
    ],
  });
  exposeHost(data, ns.dataPlane, {
    name: 'data-plane-api', host: apiHost, certificate,
    routes: [
      { path: '/api/v1/ai', service: dp.ai }, { path: '/api/v1/query', service: dp.queryEngine },
      { path: '/api/v1/bi', service: dp.bi }, { path: '/api/v1/catalog', service: dp.catalog },
    ],
    // ai-service streams over WebSocket: what ingress-nginx's proxy-read-timeout and proxy-send-timeout
    // of 3600 s were. Envoy Gateway sets it as the route timeout and the route's idle timeout as
    // max(1 h, it) (internal/xds/translator/route.go), so an idle stream is closed after an hour
    requestTimeout: '3600s',
  });
  exposeHost(frontend, ns.frontend, {
    name: 'workbenches', host: apiHost, certificate,
    routes: [{ path: '/', service: dataWorkbench }, { path: '/ai-workbench', service: aiWorkbench }],
  });

  // tenant workloads call the query engine, the AI service and IAM
  addTenants(ctx, [dp.queryEngine, dp.ai, cp.iam]);
}
