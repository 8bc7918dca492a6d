import { cleanObjects, cleanWith, found, load, validate } from './fixture';

const spreadRules = (problems: ReturnType<typeof validate>) => found(problems).filter((p) => /: spread\//.test(p));

describe('replicas spread over zones and nodes', () => {
  test('the clean fixture spreads its autoscaled Deployment and its node pool', () => {
    expect(spreadRules(validate(load(cleanObjects())))).toEqual([]);
  });

  test('an autoscaled Deployment without constraints, or with ones selecting other pods, is reported', () => {
    const none = cleanWith('Deployment', 'api', (d) => {
      delete d.spec.template.spec.topologySpreadConstraints;
    });
    expect(spreadRules(validate(none))).toEqual(['Deployment/api: spread/nodes', 'Deployment/api: spread/zones']);
    const others = cleanWith('Deployment', 'api', (d) => {
      for (const c of d.spec.template.spec.topologySpreadConstraints) c.labelSelector = { matchLabels: { app: 'other' } };
    });
    expect(spreadRules(validate(others))).toEqual(['Deployment/api: spread/nodes', 'Deployment/api: spread/zones']);
    const message = validate(none).find((p) => p.rule === 'spread/zones')!.message;
    expect(message).toBe(
      'HorizontalPodAutoscaler api scales it to 10, but no topologySpreadConstraint on topology.kubernetes.io/zone selects its pods: one zone may hold them all',
    );
  });

  test('one replica needs no spread; fixed replicas above one do', () => {
    const objects = cleanObjects().filter((o) => o.kind !== 'HorizontalPodAutoscaler');
    const dep = objects.find((o) => o.kind === 'Deployment')!;
    delete dep.spec.template.spec.topologySpreadConstraints;
    expect(spreadRules(validate(load(objects)))).toEqual([]);
    dep.spec.replicas = 3;
    expect(spreadRules(validate(load(objects)))).toEqual(['Deployment/api: spread/nodes', 'Deployment/api: spread/zones']);
  });

  test('a Kafka node pool needs a hard zone constraint on its own pods', () => {
    const soft = cleanWith('KafkaNodePool', 'pool', (p) => {
      p.spec.template.pod.topologySpreadConstraints[0].whenUnsatisfiable = 'ScheduleAnyway';
    });
    expect(spreadRules(validate(soft))).toEqual(['KafkaNodePool/pool: spread/kafka-zones']);
    const wrongPool = cleanWith('KafkaNodePool', 'pool', (p) => {
      for (const c of p.spec.template.pod.topologySpreadConstraints) c.labelSelector.matchLabels['strimzi.io/pool-name'] = 'other';
    });
    expect(spreadRules(validate(wrongPool))).toEqual(['KafkaNodePool/pool: spread/kafka-zones', 'KafkaNodePool/pool: spread/kafka-zones']);
    const single = cleanWith('KafkaNodePool', 'pool', (p) => {
      p.spec.replicas = 1;
      delete p.spec.template;
    });
    expect(spreadRules(validate(single))).toEqual([]);
  });
});
