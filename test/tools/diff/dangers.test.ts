import { type Danger, diffTrees, type KubeObject, treeResource } from '../../../tools/diff';
import { configMap, defaultDeny, deployment, edited, inApp, networkPolicy, pvc, role } from './fixtures';

/** The dangers found between one old and one new version of a resource (either may be absent). */
function dangersOf(before: KubeObject | undefined, after: KubeObject | undefined): Danger[] {
  const report = diffTrees(inApp(before ? [before] : []), inApp(after ? [after] : []));
  return report.resources.flatMap((r) => r.dangers);
}

function messages(before: KubeObject | undefined, after: KubeObject | undefined): string[] {
  return dangersOf(before, after).map((d) => `${d.rule}: ${d.message}`);
}

describe('immutable fields', () => {
  test('a Deployment selector change is flagged', () => {
    const after = edited(deployment(), (d) => {
      d.spec.selector.matchLabels.tier = 'api';
    });
    expect(messages(deployment(), after)).toEqual([
      'immutable-field: spec.selector is immutable on a Deployment: the sync fails until the Deployment is deleted and recreated',
    ]);
  });

  test('a PersistentVolumeClaim storageClassName change is flagged', () => {
    const after = edited(pvc(), (p) => {
      p.spec.storageClassName = 'managed-csi-premium';
    });
    expect(messages(pvc(), after)).toEqual([
      'immutable-field: spec.storageClassName is immutable on a PersistentVolumeClaim: the sync fails until the PersistentVolumeClaim is deleted and recreated',
    ]);
  });

  test('a shrinking PersistentVolumeClaim is flagged, a growing one is not', () => {
    const shrink = edited(pvc(), (p) => {
      p.spec.resources.requests.storage = '5Gi';
    });
    const grow = edited(pvc(), (p) => {
      p.spec.resources.requests.storage = '10240Mi';
    });
    expect(messages(pvc(), shrink)).toEqual([
      'immutable-field: spec.resources.requests.storage shrinks from 10Gi to 5Gi: a PersistentVolumeClaim can only grow',
    ]);
    expect(messages(pvc(), grow)).toEqual([]);
  });

  test('a StatefulSet volumeClaimTemplates change and a Service clusterIP change are flagged', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'redis', namespace: 'ns' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } }] },
    };
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis', namespace: 'ns' }, spec: { ports: [{ port: 6379 }] } };
    expect(
      messages(
        sts,
        edited(sts, (s) => {
          s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi';
        }),
      ),
    ).toEqual(['immutable-field: spec.volumeClaimTemplates is immutable on a StatefulSet: the sync fails until the StatefulSet is deleted and recreated']);
    expect(
      messages(
        svc,
        edited(svc, (s) => {
          s.spec.clusterIP = 'None';
        }),
      ),
    ).toEqual(['immutable-field: spec.clusterIP is immutable on a Service: the sync fails until the Service is deleted and recreated']);
  });
});

describe('removals of stateful or protected resources', () => {
  test('removing a PersistentVolumeClaim is flagged', () => {
    expect(messages(pvc(), undefined)).toEqual(['protected-removal: removed: deleting a PersistentVolumeClaim can delete its volume and data']);
  });

  test('removing a Strimzi Kafka cluster or a Namespace is flagged', () => {
    const kafka = { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name: 'matih', namespace: 'matih-kafka' }, spec: {} };
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'matih-kafka' } };
    expect(dangersOf(kafka, undefined).map((d) => d.rule)).toEqual(['protected-removal']);
    expect(dangersOf(ns, undefined).map((d) => d.message)).toEqual(['removed: deleting a Namespace deletes everything in it']);
  });

  test('removing any resource annotated Prune=false is flagged', () => {
    const secretStore = edited(configMap(), (c) => {
      c.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false' };
    });
    expect(messages(secretStore, undefined)).toEqual(['protected-removal: removed: it is annotated argocd.argoproj.io/sync-options: Prune=false']);
  });

  test('dropping Delete=false from a resource is flagged', () => {
    const protectedMap = edited(configMap(), (c) => {
      c.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Delete=false' };
    });
    expect(messages(protectedMap, configMap())).toEqual([
      'protection-removed: metadata.annotations["argocd.argoproj.io/sync-options"] no longer holds Delete=false: Argo CD may now delete the ConfigMap',
    ]);
  });

  test('removing a stateless Deployment is not flagged', () => {
    expect(messages(deployment(), undefined)).toEqual([]);
  });
});

describe('rename detection', () => {
  test('a removed and a near-identical added resource of the same kind are one rename, flagged dangerous', () => {
    const report = diffTrees(inApp([configMap('api-config')]), inApp([configMap('api-settings')]));
    expect(report.resources.map((r) => [r.status, r.oldKey?.name, r.key.name, r.similarity])).toEqual([['renamed', 'api-config', 'api-settings', 1]]);
    expect(report.resources[0].changes).toEqual([{ path: 'metadata.name', old: 'api-config', new: 'api-settings' }]);
    expect(report.resources[0].dangers).toEqual([
      {
        rule: 'rename',
        message: 'renamed from matih-control-plane/api-config: Kubernetes deletes the old ConfigMap and creates a new one',
      },
    ]);
  });

  test('renaming a PersistentVolumeClaim says that its data is at stake', () => {
    const report = diffTrees(inApp([pvc('data-0')]), inApp([pvc('data-postgres-0')]));
    expect(report.resources[0].dangers.map((d) => d.message)).toEqual([
      'renamed from matih-data-plane/data-0: Kubernetes deletes the old PersistentVolumeClaim and creates a new one (deleting a PersistentVolumeClaim can delete its volume and data)',
    ]);
  });

  test('a move to another namespace is a rename', () => {
    const report = diffTrees(inApp([configMap('cfg', 'a')]), inApp([configMap('cfg', 'b')]));
    expect(report.resources.map((r) => [r.status, r.changes.map((c) => c.path)])).toEqual([['renamed', ['metadata.namespace']]]);
  });

  test('resources that differ in more than 10% of their fields stay a removal and an addition', () => {
    const other = edited(configMap('other'), (c) => {
      c.data.KEY_0 = 'x';
      c.data.KEY_1 = 'y';
    });
    const report = diffTrees(inApp([configMap('api-config')]), inApp([other]));
    expect(report.resources.map((r) => r.status)).toEqual(['added', 'removed']);
  });

  test('resources of another kind or another application are never paired as a rename', () => {
    const report = diffTrees(
      [treeResource('dev', 'a', configMap('one'))],
      [treeResource('dev', 'b', configMap('two')), treeResource('dev', 'a', { ...configMap('three'), kind: 'Secret' })],
    );
    expect(report.resources.map((r) => `${r.key.app} ${r.status} ${r.key.kind}`)).toEqual(['a added Secret', 'a removed ConfigMap', 'b added ConfigMap']);
  });

  test('each removed resource pairs with its closest addition', () => {
    const near = edited(configMap('a-new'), (c) => {
      c.data.KEY_0 = 'changed';
    });
    const report = diffTrees(inApp([configMap('a')]), inApp([near, configMap('b-new')]));
    expect(report.resources.map((r) => [r.status, r.oldKey?.name, r.key.name])).toEqual([
      ['added', undefined, 'a-new'],
      ['renamed', 'a', 'b-new'],
    ]);
  });

  test('the same object moved to another Argo CD application is one move, flagged when it holds data', () => {
    const report = diffTrees([treeResource('dev', 'storage', pvc())], [treeResource('dev', 'data-plane', pvc())]);
    expect(report.resources.map((r) => [r.status, r.oldKey?.app, r.key.app])).toEqual([['renamed', 'storage', 'data-plane']]);
    expect(report.resources[0].dangers.map((d) => d.rule)).toEqual(['rename']);
  });

  test('renaming a resource kept by Prune=false says the old one stays behind, unmanaged', () => {
    const kept = (name: string) =>
      edited(pvc(name), (p) => {
        p.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false' };
      });
    const report = diffTrees(inApp([kept('data-0')]), inApp([kept('data-1')]));
    expect(report.resources[0].dangers.map((d) => d.message)).toEqual([
      "renamed from matih-data-plane/data-0: Argo CD creates a new PersistentVolumeClaim and leaves the old one in place, unmanaged (Prune=false); the new one does not get the old one's data",
    ]);
  });
});

describe('widened NetworkPolicies', () => {
  test('an unchanged policy with reordered keys is not flagged', () => {
    const reordered = edited(networkPolicy(), (n) => {
      n.spec = { policyTypes: n.spec.policyTypes, podSelector: n.spec.podSelector, egress: n.spec.egress, ingress: n.spec.ingress };
    });
    expect(diffTrees(inApp([networkPolicy()]), inApp([reordered])).resources).toEqual([]);
  });

  test('a new ingress rule is flagged with its peer and port', () => {
    const after = edited(networkPolicy(), (n) => {
      n.spec.ingress.push({ from: [{ podSelector: { matchLabels: { app: 'bi' } } }], ports: [{ port: 9090, protocol: 'TCP' }] });
    });
    expect(messages(networkPolicy(), after)).toEqual(['network-widened: spec.ingress[1] now allows from pods(app=bi) on TCP/9090']);
  });

  test('a new port on an existing rule is flagged, a narrower port set is not', () => {
    const wider = edited(networkPolicy(), (n) => {
      n.spec.ingress[0].ports.push({ port: 8443, protocol: 'TCP' });
    });
    const narrower = edited(networkPolicy(), (n) => {
      n.spec.egress.pop();
    });
    expect(messages(networkPolicy(), wider)).toEqual([
      'network-widened: spec.ingress[0] now allows from namespaces(kubernetes.io/metadata.name=matih-data-plane) pods(app.kubernetes.io/name=ai-service) on TCP/8443',
    ]);
    expect(messages(networkPolicy(), narrower)).toEqual([]);
  });

  test('a rule losing its ports or its peers is flagged', () => {
    const noPorts = edited(networkPolicy(), (n) => {
      delete n.spec.ingress[0].ports;
    });
    const noFrom = edited(networkPolicy(), (n) => {
      delete n.spec.ingress[0].from;
    });
    expect(messages(networkPolicy(), noPorts)).toEqual([
      'network-widened: spec.ingress[0] now allows from namespaces(kubernetes.io/metadata.name=matih-data-plane) pods(app.kubernetes.io/name=ai-service) on every port (the rule has no "ports")',
    ]);
    expect(messages(networkPolicy(), noFrom)).toEqual(['network-widened: spec.ingress[0] now allows from every source (the rule has no "from") on TCP/8080']);
  });

  test('a peer gaining an empty selector is flagged as matching everything', () => {
    const after = edited(networkPolicy(), (n) => {
      n.spec.ingress[0].from[0].namespaceSelector = {};
    });
    expect(messages(networkPolicy(), after)).toEqual([
      'network-widened: spec.ingress[0] now allows from namespaces(*) [empty selector: every namespace] pods(app.kubernetes.io/name=ai-service) on TCP/8080',
    ]);
  });

  test('a wider CIDR is flagged, a narrower one is not', () => {
    const wider = edited(networkPolicy(), (n) => {
      n.spec.egress[1].to[0].ipBlock.cidr = '10.0.0.0/16';
    });
    const narrower = edited(networkPolicy(), (n) => {
      n.spec.egress[1].to[0].ipBlock.cidr = '10.0.0.128/25';
    });
    expect(messages(networkPolicy(), wider)).toEqual(['network-widened: spec.egress[1] now allows to ipBlock 10.0.0.0/16 [wider than 10.0.0.0/24] on TCP/443']);
    expect(messages(networkPolicy(), narrower)).toEqual([]);
  });

  test('removing a policyType is flagged', () => {
    const after = edited(networkPolicy(), (n) => {
      n.spec.policyTypes = ['Ingress'];
      delete n.spec.egress;
    });
    expect(messages(networkPolicy(), after)).toEqual([
      'network-widened: spec.policyTypes no longer includes Egress: this policy stops restricting egress traffic',
    ]);
  });

  test('removing a default-deny policy is flagged, removing an allow policy is not', () => {
    expect(messages(defaultDeny(), undefined)).toEqual([
      'network-widened: a default-deny NetworkPolicy (Ingress and Egress) is removed: the pods it selected lose their default isolation',
    ]);
    expect(messages(networkPolicy(), undefined)).toEqual([]);
  });

  test('a new policy that opens a direction to everyone is flagged, an ordinary new allow policy is not', () => {
    const open = edited(defaultDeny(), (n) => {
      n.metadata.name = 'allow-all';
      n.spec.ingress = [{}];
    });
    expect(messages(undefined, open)).toEqual([
      'network-widened: spec.ingress[0] allows from every source (the rule has no "from") on every port (the rule has no "ports")',
    ]);
    expect(messages(undefined, networkPolicy('bi-service'))).toEqual([]);
  });
});

describe('new privileges', () => {
  test('a container becoming privileged is flagged', () => {
    const after = edited(deployment(), (d) => {
      d.spec.template.spec.containers[0].securityContext.privileged = true;
    });
    expect(messages(deployment(), after)).toEqual([
      'privilege: spec.template.spec.containers[name=api]: privileged is true (was (absent)): the container has full access to the node',
    ]);
  });

  test('losing runAsNonRoot at pod level is flagged on every container it applied to', () => {
    const after = edited(deployment(), (d) => {
      delete d.spec.template.spec.securityContext.runAsNonRoot;
    });
    expect(messages(deployment(), after)).toEqual([
      'privilege: spec.template.spec.containers[name=api]: runAsNonRoot is (absent) (was true): the container may run as root',
      'privilege: spec.template.spec.containers[name=metrics]: runAsNonRoot is (absent) (was true): the container may run as root',
    ]);
  });

  test('added capabilities, a writable root filesystem, a removed seccomp profile, root and host namespaces are flagged', () => {
    const after = edited(deployment(), (d) => {
      const pod = d.spec.template.spec;
      pod.hostNetwork = true;
      pod.volumes = [{ hostPath: { path: '/var/run/docker.sock' }, name: 'docker' }];
      delete pod.securityContext.seccompProfile;
      pod.containers[0].securityContext = { allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN'] }, runAsUser: 0 };
    });
    expect(messages(deployment(), after)).toEqual([
      "privilege: spec.template.spec.hostNetwork: true: the pod shares the node's network namespace",
      'privilege: spec.template.spec.volumes[name=docker]: mounts the node\'s path "/var/run/docker.sock"',
      'privilege: spec.template.spec.containers[name=api]: allowPrivilegeEscalation is true (was false): processes may gain more privileges than their parent',
      'privilege: spec.template.spec.containers[name=api]: runAsUser is 0 (was 65534): the container runs as root',
      'privilege: spec.template.spec.containers[name=api]: readOnlyRootFilesystem is (absent) (was true): the root filesystem becomes writable',
      'privilege: spec.template.spec.containers[name=api]: seccompProfile is removed (was "RuntimeDefault"): system calls are no longer filtered',
      'privilege: spec.template.spec.containers[name=api]: capabilities.add gains NET_ADMIN',
      'privilege: spec.template.spec.containers[name=api]: capabilities.drop no longer drops ALL',
      'privilege: spec.template.spec.containers[name=metrics]: seccompProfile is removed (was "RuntimeDefault"): system calls are no longer filtered',
    ]);
  });

  test('a new privileged workload is flagged, a new restricted one is not', () => {
    const privileged = edited(deployment('node-agent'), (d) => {
      d.spec.template.spec.containers[0].securityContext.privileged = true;
    });
    expect(messages(undefined, privileged)).toEqual([
      'privilege: spec.template.spec.containers[name=api]: privileged is true: the container has full access to the node',
    ]);
    expect(messages(undefined, deployment('bi-service'))).toEqual([]);
  });

  test('a Role gaining verbs or a wildcard is flagged, losing one is not', () => {
    const more = edited(role(), (r) => {
      r.rules[0].verbs.push('delete');
      r.rules.push({ apiGroups: ['*'], resources: ['secrets'], verbs: ['get'] });
    });
    const fewer = edited(role(), (r) => {
      r.rules[0].verbs = ['get'];
    });
    expect(messages(role(), more)).toEqual(['privilege: rules[0] now grants delete on configmaps', 'privilege: rules[1] now grants get on */secrets']);
    expect(messages(role(), fewer)).toEqual([]);
  });

  test('a Namespace whose enforced Pod Security Standard loosens is flagged', () => {
    const ns = (level: string) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { labels: { 'pod-security.kubernetes.io/enforce': level }, name: 'matih-data-plane' },
    });
    expect(messages(ns('restricted'), ns('baseline'))).toEqual([
      'privilege: metadata.labels["pod-security.kubernetes.io/enforce"] loosens from "restricted" to "baseline": pods in the namespace may ask for more privileges',
    ]);
    expect(messages(ns('baseline'), ns('restricted'))).toEqual([]);
  });

  test('a new ClusterRoleBinding is flagged', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'api-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'matih-control-plane' }],
    };
    expect(messages(undefined, binding)).toEqual([
      'privilege: new ClusterRoleBinding: ClusterRole view cluster-wide for ServiceAccount matih-control-plane/api',
    ]);
  });
});

describe('new openings to the internet or to whole namespaces', () => {
  test('a new egress rule to 0.0.0.0/0 on one port is flagged', () => {
    const internet = edited(networkPolicy('maia'), (n) => {
      n.spec.egress = [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/16'] } }], ports: [{ port: 443, protocol: 'TCP' }] }];
    });
    expect(messages(undefined, internet).filter((m) => m.startsWith('network-widened: spec.egress[0]'))).toHaveLength(1);
  });

  test('a new ingress rule from every pod of labelled namespaces is flagged', () => {
    const tenants = edited(networkPolicy('query'), (n) => {
      n.spec.ingress = [{ from: [{ namespaceSelector: { matchLabels: { 'matih.ai/role': 'tenant' } }, podSelector: {} }], ports: [{ port: 8080 }] }];
    });
    expect(messages(undefined, tenants).filter((m) => m.startsWith('network-widened: spec.ingress[0]'))).toHaveLength(1);
  });
});
