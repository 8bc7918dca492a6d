import { CHARTS } from '../../../tools/argocd/charts';
import { checkOperatorApplication } from '../../../tools/validate';

const version = (chart: string) => CHARTS[chart]?.version ?? '1.0.0';

/** An Application installing `chart` with `values`, loaded. */
/** The parts of an Application the tests change. */
interface App {
  metadata: { name: string; namespace: string; finalizers?: string[] };
  spec: { source: { targetRevision: string }; syncPolicy: { automated: { prune: boolean } } };
}

function release(chart: string, values: object, change: (a: App) => void = () => undefined) {
  const object = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `aks-${chart}`, namespace: 'argocd' },
    spec: {
      project: 'ops',
      destination: { name: 'aks', namespace: 'ops' },
      source: { repoURL: 'https://charts.example.com', chart, targetRevision: version(chart), helm: { valuesObject: values } },
      syncPolicy: { automated: { prune: false, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
    },
  };
  change(object);
  return { file: 'dist/x.yaml', index: 0, object };
}
const rules = (loaded: ReturnType<typeof release>) => checkOperatorApplication(loaded).map((f) => f.rule);

const SPREAD = [{ topologyKey: 'topology.kubernetes.io/zone' }];
const HA_CERT_MANAGER = { crds: { enabled: true }, webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true }, topologySpreadConstraints: SPREAD } };

describe("Applications of operators' charts", () => {
  test('an operator that installs CRDs: no resources finalizer, no automated prune, its CRDs kept', () => {
    expect(rules(release('cert-manager', HA_CERT_MANAGER))).toEqual([]);
    const armed = release('cert-manager', HA_CERT_MANAGER, (a) => {
      a.metadata.finalizers = ['resources-finalizer.argocd.argoproj.io'];
      a.spec.syncPolicy.automated.prune = true;
    });
    const findings = checkOperatorApplication(armed);
    expect(findings.map((f) => f.rule)).toEqual(['argocd/operator-deletion', 'argocd/operator-deletion']);
    expect(findings[0].message).toMatch(
      /^metadata\.finalizers holds resources-finalizer\.argocd\.argoproj\.io: it installs the CRDs of acme\.cert-manager\.io, cert-manager\.io \(chart cert-manager\)/,
    );
    expect(findings[1].message).toMatch(/^spec\.syncPolicy\.automated\.prune is true: /);
    // crds.keep off drops helm.sh/resource-policy: keep
    expect(checkOperatorApplication(release('cert-manager', { ...HA_CERT_MANAGER, crds: { enabled: true, keep: false } }))[0].message).toMatch(
      /its CRDs are not kept: crds\.keep is false$/,
    );
    // without its CRDs the chart may come and go
    expect(
      rules(
        release('cert-manager', { ...HA_CERT_MANAGER, crds: { enabled: false } }, (a) => {
          a.metadata.finalizers = ['resources-finalizer.argocd.argoproj.io'];
        }),
      ),
    ).toEqual([]);
  });

  test('External Secrets keeps its CRDs only with the keep annotation in crds.annotations', () => {
    const ha = { webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true }, topologySpreadConstraints: SPREAD } };
    expect(rules(release('external-secrets', ha))).toEqual(['argocd/operator-deletion']);
    expect(rules(release('external-secrets', { ...ha, crds: { annotations: { 'helm.sh/resource-policy': 'keep' } } }))).toEqual([]);
  });

  test('a webhook with failurePolicy Fail needs two replicas, a budget and spread; Ignore needs none', () => {
    const findings = checkOperatorApplication(release('external-secrets', { crds: { annotations: { 'helm.sh/resource-policy': 'keep' } } }));
    expect(findings).toEqual([
      {
        rule: 'argocd/webhook-ha',
        message:
          "the chart external-secrets's webhook serves a webhook with failurePolicy Fail, but webhook.replicaCount is 1, no PodDisruptionBudget (webhook.podDisruptionBudget.enabled), no topologySpreadConstraints (webhook.topologySpreadConstraints): with it unavailable the API server refuses what it guards. Run at least two replicas with a budget and spread",
      },
    ]);
    expect(rules(release('external-secrets', { crds: { annotations: { 'helm.sh/resource-policy': 'keep' } }, webhook: { failurePolicy: 'Ignore' } }))).toEqual(
      [],
    );
    // gateway-helm v1.3.3 runs no webhook at all: one controller replica is no webhook's concern
    expect(rules(release('gateway-helm', { deployment: { replicas: 1 } }))).toEqual([]);
    // kube-prometheus-stack's webhooks are Ignore while its patch Job sets them up (the default), Fail when asked
    expect(rules(release('kube-prometheus-stack', {}))).toEqual([]);
    expect(rules(release('kube-prometheus-stack', { prometheusOperator: { admissionWebhooks: { failurePolicy: 'Fail' } } }))).toEqual(['argocd/webhook-ha']);
  });

  test('a chart, or a version of it, the table does not describe is reported', () => {
    expect(rules(release('vault', {}))).toEqual(['argocd/unknown-chart']);
    const bumped = release('gateway-helm', { deployment: { replicas: 2 } }, (a) => {
      a.spec.source.targetRevision = 'v1.4.0';
    });
    expect(checkOperatorApplication(bumped)[0].message).toMatch(
      /^the chart gateway-helm v1\.4\.0 is not described in tools\/argocd\/charts\.ts \(only v1\.3\.3 is: read the new version's templates and update it\)/,
    );
  });
});
