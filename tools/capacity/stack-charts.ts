/**
 * The stack's charts (docs/stack.md) for the capacity plan, in operator-table.ts's terms: each
 * pod's values paths and defaults, read from the chart's values.yaml and templates at the
 * pinned version. The pods the stack's operators create from dist/ (a RayCluster's, a
 * Crossplane Provider's) are in stack-workloads.ts.
 */
import type { ChartEntry } from './chart-types';

const on = (path: string, value = true) => ({ path, default: value });
const one = (path: string) => ({ path, default: 1 });
const place = (prefix: string) => ({ nodeSelector: `${prefix}nodeSelector`, tolerations: `${prefix}tolerations` });
/** values/values.resources.yaml of the temporal chart: its example for every server service. */
const TEMPORAL_EXAMPLE = { cpu: '100m', memory: '512Mi' };

export const STACK_CHARTS: readonly ChartEntry[] = [
  {
    chart: 'crossplane',
    version: '1.19.3',
    source: 'crossplane/crossplane cluster/charts/crossplane/values.yaml @ v1.19.3 (5a64b0ef)',
    pods: [
      { component: 'core', replicas: one('replicas'), resources: 'resourcesCrossplane', chartDefault: { cpu: '100m', memory: '256Mi' }, ...place('') },
      {
        component: 'rbac-manager',
        enabled: on('rbacManager.deploy'),
        replicas: one('rbacManager.replicas'),
        resources: 'resourcesRBACManager',
        chartDefault: { cpu: '100m', memory: '256Mi' },
        ...place('rbacManager.'),
      },
    ],
  },
  {
    chart: 'kuberay-operator',
    version: '1.7.0',
    source: 'ray-project/kuberay helm-chart/kuberay-operator/values.yaml @ v1.7.0 (59d663ae)',
    // limits only by default: the requests are the limits
    pods: [{ component: 'operator', replicas: one('replicas'), resources: 'resources', chartDefault: { cpu: '100m', memory: '512Mi' }, ...place('') }],
  },
  {
    chart: 'kyverno',
    version: '3.4.6',
    source: 'kyverno/kyverno charts/kyverno/values.yaml @ kyverno-chart-3.4.6 (b1103853)',
    pods: [
      {
        component: 'admission-controller',
        replicas: one('admissionController.replicas'),
        resources: 'admissionController.container.resources',
        chartDefault: { cpu: '100m', memory: '128Mi' },
        ...place('admissionController.'),
      },
      ...(['backgroundController', 'cleanupController', 'reportsController'] as const).map((c) => ({
        component: c.replace(/Controller$/, '-controller'),
        enabled: on(`${c}.enabled`),
        replicas: one(`${c}.replicas`),
        resources: `${c}.resources`,
        chartDefault: { cpu: '100m', memory: '64Mi' },
        ...place(`${c}.`),
      })),
    ],
  },
  {
    chart: 'temporal',
    version: '1.6.0',
    source: 'temporalio/helm-charts charts/temporal/values.yaml @ temporal-1.6.0 (9f4d328c)',
    pods: [
      // each service's own values replace the server-wide ones when set, as this repository sets them
      ...(['frontend', 'history', 'matching', 'worker'] as const).map((s) => ({
        component: s,
        replicas: one(`server.${s}.replicaCount`),
        resources: `server.${s}.resources`,
        estimate: TEMPORAL_EXAMPLE,
        ...place('server.'),
      })),
      {
        component: 'web',
        enabled: on('web.enabled'),
        replicas: one('web.replicaCount'),
        resources: 'web.resources',
        estimate: { cpu: '100m', memory: '128Mi' },
        ...place('web.'),
      },
      {
        component: 'admintools',
        enabled: on('admintools.enabled'),
        replicas: one('admintools.replicaCount'),
        resources: 'admintools.resources',
        estimate: { cpu: '10m', memory: '64Mi' },
        ...place('admintools.'),
      },
    ],
  },
];
