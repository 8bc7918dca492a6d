import { compareProblems, formatProblem, type Problem } from '../../../tools/validate';
import { cleanObjects, cleanPlus, found, load, validate } from './fixture';

describe('validateObjects', () => {
  test('a clean cluster has no problems', () => {
    expect(validate(load(cleanObjects()))).toEqual([]);
  });

  test('problems come sorted by file, object, rule and message', () => {
    const objects = cleanObjects();
    objects[3].spec.template.spec.containers[0].image = 'nginx';
    objects[0].metadata.labels['bad key!'] = 'x';
    const problems = validate(load(objects));
    expect(problems.length).toBeGreaterThan(1);
    expect([...problems].sort(compareProblems)).toEqual(problems);
  });

  test('the same object twice in the run is a duplicate of the first', () => {
    const copy = cleanObjects().find((o) => o.kind === 'Service')!;
    const problems = validate(cleanPlus(copy));
    expect(found(problems)).toEqual(['Service/api: ref/duplicate']);
    expect(problems[0].message).toEqual('another core Service with this namespace and name is in document 0 of this file');
  });

  test('objects that differ only in API group are not duplicates', () => {
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'shop' }, involvedObject: {} };
    const eventsEvent = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'shop' },
      eventTime: '2024-01-01T00:00:00.000000Z',
      reportingController: 'x',
      reportingInstance: 'y',
      action: 'a',
      reason: 'r',
      type: 'Normal',
    };
    expect(found(validate(cleanPlus(event, eventsEvent)))).toEqual([]);
  });
});

describe('formatProblem', () => {
  const base: Problem = { file: 'dist/dev/a/b.yaml', kind: 'Deployment', namespace: 'ns', name: 'api', rule: 'pss/runAsNonRoot', message: 'm' };

  test('a namespaced object is written Kind/namespace/name', () => {
    expect(formatProblem(base)).toEqual('dist/dev/a/b.yaml: Deployment/ns/api: pss/runAsNonRoot: m');
  });

  test('a cluster-scoped object is written Kind/name', () => {
    expect(formatProblem({ ...base, kind: 'ClusterIssuer', namespace: '' })).toEqual('dist/dev/a/b.yaml: ClusterIssuer/api: pss/runAsNonRoot: m');
  });
});
