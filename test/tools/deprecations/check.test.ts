import * as fs from 'fs';
import { deprecationExitCode, findDeprecations, removedInCurrent, type Finding } from '../../../tools/deprecations/check';
import { readCrdVersions, type CrdVersion } from '../../../tools/deprecations/crds';
import { when } from '../../../tools/deprecations/report';
import { kubernetesWindow } from '../../../tools/deprecations/versions';
import { writeTree } from '../graph/fixture';
import { crd, docs, FIXTURE_CRDS, obj } from './fixture';

let crdDir: string;
let crds: CrdVersion[];
beforeAll(() => {
  crdDir = writeTree(FIXTURE_CRDS, 'matih-crds-');
  crds = readCrdVersions(crdDir);
});
afterAll(() => fs.rmSync(crdDir, { recursive: true, force: true }));

/** `status kind/name` of each finding, for short assertions. */
const brief = (findings: readonly Finding[]) => findings.map((f) => `${f.status}${f.current ? ' (current)' : ''} ${f.apiVersion} ${f.kind}/${f.name}`);

describe('the Kubernetes window', () => {
  test('is the version and the next three minors', () => {
    expect(kubernetesWindow('1.29')).toEqual(['1.29', '1.30', '1.31', '1.32']);
    expect(kubernetesWindow('v1.30.4', 1)).toEqual(['1.30', '1.31']);
    expect(() => kubernetesWindow('2.0')).toThrow(/not a Kubernetes version/);
  });
});

describe('findDeprecations, Kubernetes APIs', () => {
  const objects = docs(
    [
      obj('apps/v1', 'Deployment', 'api'),
      obj('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'fs'),
      obj('policy/v1beta1', 'PodDisruptionBudget', 'pdb'),
      obj('v1', 'Endpoints', 'legacy'),
      obj('v1', 'Service', 'api'),
    ].join(''),
  );

  test('1.29: v1beta3 FlowSchema is removed within the window (1.32), the v1beta1 PDB already (1.25)', () => {
    const found = findDeprecations(objects, { kubernetesVersion: '1.29', crds });
    expect(brief(found)).toEqual(['removed flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema/fs', 'removed (current) policy/v1beta1 PodDisruptionBudget/pdb']);
    expect(found[0]).toMatchObject({ removedIn: '1.32', deprecatedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1', project: 'kubernetes' });
    expect(found[1].replacement).toEqual('policy/v1');
    expect(found[0].source).toMatch(/deprecation-guide/);
    expect(when(found[0], '1.29')).toEqual('removed in Kubernetes 1.32');
    expect(when(found[1], '1.29')).toEqual('not served by Kubernetes 1.29 (removed in 1.25)');
  });

  test('1.30: the window reaches 1.33, where core v1 Endpoints is deprecated (not removed)', () => {
    const found = findDeprecations(objects, { kubernetesVersion: '1.30', crds });
    expect(brief(found)).toContain('deprecated v1 Endpoints/legacy');
    expect(found.find((f) => f.kind === 'Endpoints')?.replacement).toEqual('discovery.k8s.io/v1');
    // v1 Service shares the group and version but is not a listed kind
    expect(found.some((f) => f.kind === 'Service')).toBe(false);
  });

  test('removedInCurrent: only what the given version itself no longer serves', () => {
    expect(brief(removedInCurrent(objects, '1.29', { crds }))).toEqual(['removed (current) policy/v1beta1 PodDisruptionBudget/pdb']);
    expect(brief(removedInCurrent(objects, '1.32', { crds }))).toEqual([
      'removed (current) flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema/fs',
      'removed (current) policy/v1beta1 PodDisruptionBudget/pdb',
    ]);
    expect(removedInCurrent(docs(obj('apps/v1', 'Deployment', 'api')), '1.29', { crds })).toEqual([]);
  });
});

describe('findDeprecations, operator CRDs (derived from the CRD files)', () => {
  const objects = docs(
    [
      obj('kafka.strimzi.io/v1', 'Kafka', 'current'),
      obj('kafka.strimzi.io/v1beta2', 'Kafka', 'old'),
      obj('kafka.strimzi.io/v1alpha1', 'Kafka', 'unserved'),
      obj('external-secrets.io/v1beta1', 'ExternalSecret', 'es'),
      obj('external-secrets.io/v1alpha1', 'ExternalSecret', 'older'),
      obj('cert-manager.io/v1', 'Certificate', 'tls'),
      obj('example.com/v1alpha1', 'Widget', 'unknown-group'),
    ].join(''),
  );

  test('not served → removed now; deprecated flag → deprecated; announced later removal → scheduled', () => {
    const found = findDeprecations(objects, { crds });
    expect(brief(found)).toEqual([
      'scheduled external-secrets.io/v1beta1 ExternalSecret/es',
      'deprecated (current) external-secrets.io/v1alpha1 ExternalSecret/older',
      'deprecated (current) kafka.strimzi.io/v1beta2 Kafka/old',
      'removed (current) kafka.strimzi.io/v1alpha1 Kafka/unserved',
    ]);
    const byName = new Map(found.map((f) => [f.name, f]));
    // the CRD's warning, and the table's removal in Strimzi 1.0.0
    expect(byName.get('old')).toMatchObject({ replacement: 'kafka.strimzi.io/v1', removedIn: '1.0.0', project: 'strimzi' });
    expect(byName.get('old')?.note).toContain('Version v1beta2 of the Kafka API is deprecated.');
    expect(when(byName.get('old') as Finding, '1.29')).toEqual('deprecated in Strimzi 0.50.1, removed in 1.0.0');
    expect(byName.get('es')).toMatchObject({ removedIn: '0.17.0', replacement: 'external-secrets.io/v1', current: false });
    expect(when(byName.get('es') as Finding, '1.29')).toEqual('not served from External Secrets Operator 0.17.0 (pinned: 0.13.0)');
    // no table entry says what replaces an unserved v1alpha1 Kafka: the CRD's served version does
    expect(byName.get('unserved')?.replacement).toEqual('kafka.strimzi.io/v1');
  });

  test('follows the CRD files, not a typed copy: the same object reads differently against other CRDs', () => {
    const dir = writeTree(
      {
        'eso.yaml': crd('external-secrets.io', 'ExternalSecret', [
          { name: 'v1', storage: true },
          { name: 'v1beta1', served: false },
        ]),
      },
      'matih-crds-',
    );
    try {
      const found = findDeprecations(docs(obj('external-secrets.io/v1beta1', 'ExternalSecret', 'es')), { crds: readCrdVersions(dir) });
      expect(brief(found)).toEqual(['removed (current) external-secrets.io/v1beta1 ExternalSecret/es']);
      expect(found[0].replacement).toEqual('external-secrets.io/v1');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('removedInCurrent includes a version the pinned operator does not serve', () => {
    expect(brief(removedInCurrent(objects, '1.29', { crds }))).toEqual(['removed (current) kafka.strimzi.io/v1alpha1 Kafka/unserved']);
  });
});

describe('deprecationExitCode', () => {
  const f = (status: Finding['status']): Finding => ({
    file: 'x',
    apiVersion: 'a/v1',
    kind: 'K',
    namespace: '',
    name: 'n',
    status,
    project: 'kubernetes',
    current: false,
    replacement: 'a/v2',
    source: 's',
  });
  test('0 nothing, 3 deprecated or scheduled only, 4 anything removed', () => {
    expect(deprecationExitCode([])).toBe(0);
    expect(deprecationExitCode([f('deprecated')])).toBe(3);
    expect(deprecationExitCode([f('scheduled'), f('deprecated')])).toBe(3);
    expect(deprecationExitCode([f('deprecated'), f('removed')])).toBe(4);
  });
});
