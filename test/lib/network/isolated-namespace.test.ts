import { App, Chart } from 'cdk8s';
import { IsolatedNamespace, type IsolatedNamespaceProps, restrictedNamespaceLabels } from '../../../lib/network/isolated-namespace';
import { find, objects } from '../../helpers';

const dns = { name: 'kube-dns', namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };

function render(overrides: Partial<IsolatedNamespaceProps> = {}): any[] {
  const app = new App();
  new IsolatedNamespace(new Chart(app, 'test'), 'ns', { name: 'shop', dns, ...overrides });
  return objects(app);
}

describe('IsolatedNamespace', () => {
  test('enforces, audits and warns on Pod Security restricted at the given version', () => {
    const ns = find(render({ podSecurityVersion: 'v1.29', labels: { team: 'orders' } }), 'Namespace', 'shop');
    expect(ns.metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
      'pod-security.kubernetes.io/warn': 'restricted',
      team: 'orders',
    });
    expect(find(render(), 'Namespace', 'shop').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('latest');
  });

  test('lets no label weaken the Pod Security profile', () => {
    const ns = find(render({ labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }), 'Namespace', 'shop');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('denies all ingress and egress by default and allows only DNS to the cluster DNS pods', () => {
    const objs = render({ policyLabels: { 'app.kubernetes.io/managed-by': 'me' } });
    expect(find(objs, 'NetworkPolicy', 'default-deny', 'shop')).toMatchObject({
      metadata: { labels: { 'app.kubernetes.io/managed-by': 'me' } },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    expect(find(objs, 'NetworkPolicy', 'allow-dns-egress', 'shop').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
          ],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ],
    });
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Namespace/shop', 'NetworkPolicy/allow-dns-egress', 'NetworkPolicy/default-deny']);
  });

  test("with dns 'none', the default deny holds for every flow: no DNS policy", () => {
    const objs = render({ dns: 'none' });
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Namespace/shop', 'NetworkPolicy/default-deny']);
  });

  test('carries annotations such as Argo CD sync options on the Namespace', () => {
    const ns = find(render({ annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } }), 'Namespace', 'shop');
    expect(ns.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' });
  });

  test('enforces a lower level only with a stated reason, kept in an annotation; audit and warn stay restricted', () => {
    const ns = find(render({ podSecurity: { level: 'privileged', reason: 'host agent' }, annotations: { a: 'b' } }), 'Namespace', 'shop');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns.metadata.annotations).toEqual({ a: 'b', 'matih.ai/pod-security-reason': 'host agent' });
    expect(() => render({ podSecurity: { level: 'baseline', reason: ' ' } })).toThrow('namespace "shop": Pod Security baseline needs a reason');
  });

  test('refuses a name that is no DNS label and a malformed Pod Security version', () => {
    expect(() => render({ name: 'Shop' })).toThrow('namespace "Shop" must be a DNS label');
    expect(() => restrictedNamespaceLabels('1.29')).toThrow('Pod Security version "1.29" must be "latest" or a minor version such as "v1.29"');
  });
});
