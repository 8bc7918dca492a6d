import { type KubeObject, treeResource, type TreeResource } from '../../../tools/diff';

/** A deep copy of `object` with `edit` applied, so each test changes only what it is about. */
export function edited<T extends KubeObject>(object: T, edit: (copy: any) => void): T {
  const copy = JSON.parse(JSON.stringify(object));
  edit(copy);
  return copy;
}

/** Resources of the env `dev` and application `platform`, unless told otherwise. */
export function inApp(objects: readonly KubeObject[], env = 'dev', app = 'platform'): TreeResource[] {
  return objects.map((o) => treeResource(env, app, o));
}

/** A restricted Deployment with two replicas, one `api` container and a `metrics` sidecar. */
export function deployment(name = 'api', namespace = 'matih-control-plane'): KubeObject {
  const labels = { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels, name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              image: 'matihlabsacr.azurecr.io/matih/api:1.0.0',
              name: 'api',
              ports: [{ containerPort: 8080, name: 'http' }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
              },
            },
            {
              image: 'matihlabsacr.azurecr.io/matih/metrics:2.0.0',
              name: 'metrics',
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
            },
          ],
          securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          serviceAccountName: name,
        },
      },
    },
  };
}

/** A PersistentVolumeClaim of 10Gi on `managed-csi`. */
export function pvc(name = 'data-postgres-0', namespace = 'matih-data-plane'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'managed-csi' },
  };
}

/** A ConfigMap with enough keys that renaming it leaves over 90% of its fields equal. */
export function configMap(name = 'api-config', namespace = 'matih-control-plane'): KubeObject {
  const data: Record<string, string> = {};
  for (let i = 0; i < 12; i++) data[`KEY_${i}`] = `value-${i}`;
  return { apiVersion: 'v1', data, kind: 'ConfigMap', metadata: { name, namespace } };
}

/** A NetworkPolicy that admits the ai-service pods to `api` on TCP 8080 only. */
export function networkPolicy(name = 'api', namespace = 'matih-control-plane'): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: {
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'matih-data-plane' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ai-service' } },
            },
          ],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }, { to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 443 }] }],
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      policyTypes: ['Ingress', 'Egress'],
    },
  };
}

/** A namespace's default deny: every pod, no rule in either direction. */
export function defaultDeny(namespace = 'matih-control-plane'): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** A Role that reads ConfigMaps. */
export function role(name = 'api', namespace = 'matih-control-plane'): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
  };
}
