import { parseManifests as parseYaml } from '../../../tools/manifests/load';
import { cleanObjects, cleanPlus, cleanWith, found, load, podSpec, validate } from './fixture';

function messages(problems: { rule: string; message: string }[], rule: string): string[] {
  return problems.filter((p) => p.rule === rule).map((p) => p.message);
}

describe('schema: core kinds', () => {
  test('an unknown field is rejected', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].imagePullPolice = 'Always';
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: schema']);
    expect(problems[0].message).toEqual('spec.template.spec.containers[0].imagePullPolice: unknown field');
  });

  test('a missing required field is reported at its parent', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        delete podSpec(d).containers[0].name;
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.template.spec.containers[0]: missing required field "name"']);
  });

  test('a string where the API expects an integer is a type error', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        d.spec.revisionHistoryLimit = '2';
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.revisionHistoryLimit: expected integer, got string "2"']);
  });

  test('an int32 field rejects a number out of range', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        d.spec.revisionHistoryLimit = 2 ** 31;
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.revisionHistoryLimit: 2147483648 is out of the int32 range']);
  });

  test('an int-or-string field takes an integer or a string but not a boolean', () => {
    const ok = cleanWith('Service', 'api', (s) => {
      s.spec.ports[0].targetPort = 8080;
    });
    expect(validate(ok)).toEqual([]);
    const problems = validate(
      cleanWith('Service', 'api', (s) => {
        s.spec.ports[0].targetPort = true;
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.ports[0].targetPort: expected integer or string, got boolean true']);
  });

  test('a quantity takes a string or a number but not a boolean', () => {
    expect(
      validate(
        cleanWith('Deployment', 'api', (d) => {
          podSpec(d).containers[0].resources.requests.cpu = 1;
        }),
      ),
    ).toEqual([]);
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].resources.requests.cpu = false;
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.template.spec.containers[0].resources.requests.cpu: expected number or string, got boolean false']);
  });

  test('a YAML 1.1 boolean (on) where a string belongs is caught as Go would decode it', () => {
    const [doc] = parseYaml('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\ndata:\n  enabled: on\n', 'dist/test/cm.yaml');
    const problems = validate([...load([]), doc]);
    expect(found(problems)).toEqual(['ConfigMap/c: schema']);
    expect(problems[0].message).toEqual('data.enabled: expected string, got boolean true');
  });

  test('a label value that YAML 1.1 reads as a number is caught', () => {
    const [doc] = parseYaml('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n  labels:\n    version: 1_000\n', 'dist/test/cm.yaml');
    expect(messages(validate([doc]), 'schema')).toEqual(['metadata.labels.version: expected string, got integer 1000']);
  });

  test('null is reported where the schema is not nullable', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        d.spec.strategy = null;
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.strategy: must not be null']);
  });

  test('a kind Kubernetes 1.29 does not have at that version is unknown', () => {
    const problems = validate(cleanPlus({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'old', namespace: 'shop' }, spec: {} }));
    expect(found(problems)).toEqual(['PodDisruptionBudget/old: schema/unknown-kind']);
  });

  test('a kind with neither a core definition nor a CRD is unknown', () => {
    const problems = validate(cleanPlus({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' } }));
    expect(found(problems)).toEqual(['Widget/w: schema/unknown-kind']);
    expect(problems[0].message).toEqual('example.com/v1 Widget: no Kubernetes 1.29 definition and no CustomResourceDefinition for example.com/Widget');
  });
});

describe('schema: custom resources', () => {
  test('an unknown field in a CRD schema is rejected', () => {
    const problems = validate(
      cleanWith('Certificate', 'api-tls', (c) => {
        c.spec.dnsName = 'x';
      }),
    );
    expect(found(problems)).toEqual(['Certificate/api-tls: schema']);
    expect(problems[0].message).toEqual('spec.dnsName: unknown field');
  });

  test('a CRD enum is enforced', () => {
    const problems = validate(
      cleanWith('Kafka', 'events', (k) => {
        k.spec.kafka.listeners[0].type = 'internl';
      }),
    );
    expect(messages(problems, 'schema')).toEqual([
      'spec.kafka.listeners[0].type: "internl" is not one of "internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"',
    ]);
  });

  test('a CRD required field is enforced', () => {
    const problems = validate(
      cleanWith('KafkaNodePool', 'pool', (p) => {
        delete p.spec.roles;
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec: missing required field "roles"']);
  });

  test('x-kubernetes-preserve-unknown-fields lets free-form config through', () => {
    expect(
      validate(
        cleanWith('Kafka', 'events', (k) => {
          k.spec.kafka.config['any.key'] = { nested: [1, 2] };
        }),
      ),
    ).toEqual([]);
  });

  test('x-kubernetes-int-or-string in a CRD rejects a boolean', () => {
    const problems = validate(
      cleanWith('ServiceMonitor', 'api', (s) => {
        s.spec.endpoints[0].targetPort = true;
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.endpoints[0].targetPort: expected integer or string, got boolean true']);
  });

  test('nullable fields accept null', () => {
    const es = cleanWith('ExternalSecret', 'api-db', (e) => {
      e.status = { refreshTime: null };
    });
    expect(validate(es)).toEqual([]);
  });

  test('a oneOf in a CRD must match exactly one branch', () => {
    const problems = validate(
      cleanWith('KafkaNodePool', 'pool', (p) => {
        p.spec.template = { kafkaContainer: { env: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] } };
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['spec.template.kafkaContainer.env[0]: matches 2 schemas of oneOf, must match exactly one']);
  });

  test('metadata of a custom resource is checked as ObjectMeta', () => {
    const problems = validate(
      cleanWith('KafkaTopic', 'orders', (t) => {
        t.metadata.labelz = {};
      }),
    );
    expect(messages(problems, 'schema')).toEqual(['metadata.labelz: unknown field']);
  });

  test('a version the CRD does not serve is an unknown kind', () => {
    const problems = validate(
      cleanWith('ExternalSecret', 'api-db', (e) => {
        e.apiVersion = 'external-secrets.io/v1';
      }),
    );
    expect(found(problems)).toContainEqual('ExternalSecret/api-db: schema/unknown-kind');
  });

  test('a deprecated CRD version is reported', () => {
    const problems = validate(
      cleanWith('KafkaTopic', 'orders', (t) => {
        t.apiVersion = 'kafka.strimzi.io/v1beta2';
      }),
    );
    expect(found(problems)).toEqual(['KafkaTopic/orders: schema/deprecated-version']);
  });
});

describe('schema: scope and metadata', () => {
  test('a namespaced kind without a namespace is reported', () => {
    const problems = validate(
      cleanWith('ConfigMap', 'api-config', (c) => {
        delete c.metadata.namespace;
      }),
    );
    expect(found(problems)).toContainEqual('ConfigMap/api-config: schema/namespace');
  });

  test('a cluster-scoped kind with a namespace is reported', () => {
    const problems = validate(
      cleanWith('ClusterIssuer', 'letsencrypt', (c) => {
        c.metadata.namespace = 'shop';
      }),
    );
    expect(found(problems)).toContainEqual('ClusterIssuer/letsencrypt: schema/namespace');
  });

  test('a name that is not a DNS-1123 subdomain is reported', () => {
    const problems = validate(
      cleanWith('ConfigMap', 'api-config', (c) => {
        c.metadata.name = 'Api_Config';
      }),
    );
    expect(found(problems)).toContainEqual('ConfigMap/Api_Config: schema/metadata');
  });

  test('a Service name must start with a letter', () => {
    const problems = validate(cleanPlus({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1api', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } }));
    expect(found(problems)).toEqual(['Service/1api: schema/metadata']);
  });

  test('a label value longer than 63 characters is reported', () => {
    const problems = validate(
      cleanWith('ConfigMap', 'api-config', (c) => {
        c.metadata.labels.long = 'x'.repeat(64);
      }),
    );
    expect(found(problems)).toEqual(['ConfigMap/api-config: schema/metadata']);
  });
});

describe('schema: API server rules beyond the schema', () => {
  test('a workload selector that does not match its template labels is rejected', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'apj';
      }),
    );
    expect(found(problems)).toContainEqual('Deployment/api: schema/selector');
  });

  test('a container port name longer than 15 characters is rejected', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].ports.push({ name: 'prometheus-metrics', containerPort: 9090 });
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'spec.template.spec.containers[0].ports[1].name "prometheus-metrics" must be an IANA service name (at most 15 lower-case letters, digits and "-", with a letter)',
    ]);
  });

  test('a volume mount must name a declared volume', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].volumeMounts.push({ name: 'cache', mountPath: '/cache' });
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: schema/pod']);
  });

  test('a StatefulSet volume claim template counts as a declared volume', () => {
    const objects = cleanObjects();
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const statefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { ...deployment.metadata, name: 'store' },
      spec: {
        serviceName: 'api',
        selector: deployment.spec.selector,
        template: structuredClone(deployment.spec.template),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    statefulSet.spec.template.spec.containers[0].volumeMounts.push({ name: 'data', mountPath: '/data' });
    expect(found(validate(load([...objects, statefulSet])))).toEqual([]);
  });

  test('two containers may not share a name', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).initContainers[0].name = 'api';
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: schema/pod']);
  });
});
