import { cleanPlus, cleanWith, cleanWithout, found, podSpec, validate } from './fixture';

describe('references: selectors', () => {
  test('a Service whose selector matches no pod is reported', () => {
    const problems = validate(
      cleanWith('Service', 'api', (s) => {
        s.spec.selector['app.kubernetes.io/name'] = 'apj';
      }),
    );
    expect(found(problems)).toEqual(['Service/api: ref/serviceSelector']);
    expect(problems[0].message).toEqual(
      'spec.selector (app.kubernetes.io/name=apj,app.kubernetes.io/instance=api) matches no pod template in namespace "shop"',
    );
  });

  test('a Service does not match pods of another namespace', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'other' },
      spec: { selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80 }] },
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'other', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: { containers: [] },
    };
    const problems = validate(cleanPlus(service, pod), { externalNamespaces: ['other'] }).filter((p) => p.kind === 'Service');
    expect(found(problems)).toEqual(['Service/api: ref/serviceSelector']);
  });

  test("a Service in a namespace without pods in the run is not judged: its pods come later (a tenant's entry)", () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'tenant-app', namespace: 'other' },
      spec: { selector: { 'matih.ai/tenant-entry': 'true' }, ports: [{ port: 8080 }] },
    };
    expect(validate(cleanPlus(service), { externalNamespaces: ['other'] })).toEqual([]);
  });

  test('a named targetPort that the selected pods do not declare is reported', () => {
    expect(
      found(
        validate(
          cleanWith('Service', 'api', (s) => {
            s.spec.ports[0].targetPort = 'web';
          }),
        ),
      ),
    ).toEqual(['Service/api: ref/targetPort']);
  });

  test('a PodDisruptionBudget whose selector matches no pod is reported', () => {
    const problems = validate(
      cleanWith('PodDisruptionBudget', 'api', (p) => {
        p.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] };
      }),
    );
    expect(found(problems)).toEqual(['PodDisruptionBudget/api: ref/pdbSelector']);
  });

  test('a NetworkPolicy podSelector that matches no pod is reported, an empty one is fine', () => {
    const problems = validate(
      cleanWith('NetworkPolicy', 'allow-api', (n) => {
        n.spec.podSelector = { matchLabels: { app: 'api' } };
      }),
    );
    expect(found(problems)).toEqual(['NetworkPolicy/allow-api: ref/networkPolicySelector']);
  });

  test('a NetworkPolicy in a namespace without pods in the run is not judged', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'ingress', namespace: 'tenant' },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } },
    };
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenant' } };
    expect(validate(cleanPlus(namespace, policy))).toEqual([]);
  });

  test('a NetworkPolicy may select the pods Strimzi creates for a Kafka', () => {
    const problems = validate(
      cleanWith('NetworkPolicy', 'allow-api', (n) => {
        n.spec.podSelector = { matchLabels: { 'strimzi.io/cluster': 'events', 'strimzi.io/pool-name': 'pool' } };
      }),
    );
    expect(found(problems)).toEqual([]);
  });

  test('a NetworkPolicy peer that matches no pod of a namespace in the run is reported', () => {
    const problems = validate(
      cleanWith('NetworkPolicy', 'allow-api', (n) => {
        n.spec.egress[0].to[0].podSelector.matchLabels['strimzi.io/broker-role'] = 'maybe';
      }),
    );
    expect(found(problems)).toEqual(['NetworkPolicy/allow-api: ref/networkPolicyPeer']);
  });

  test('a Kafka listener peer is checked like a NetworkPolicy peer', () => {
    const problems = validate(
      cleanWith('Kafka', 'events', (k) => {
        k.spec.kafka.listeners[1].networkPolicyPeers[0].podSelector.matchLabels['app.kubernetes.io/name'] = 'gone';
      }),
    );
    expect(found(problems)).toEqual(['Kafka/events: ref/networkPolicyPeer']);
  });

  test('an HPA whose scale target does not exist is reported', () => {
    expect(
      found(
        validate(
          cleanWith('HorizontalPodAutoscaler', 'api', (h) => {
            h.spec.scaleTargetRef.name = 'apj';
          }),
        ),
      ),
    ).toEqual(['HorizontalPodAutoscaler/api: ref/scaleTarget']);
  });

  test('an HPA target that sets replicas is reported, since a sync would keep resetting it', () => {
    expect(
      found(
        validate(
          cleanWith('Deployment', 'api', (d) => {
            d.spec.replicas = 2;
          }),
        ),
      ),
    ).toEqual(['HorizontalPodAutoscaler/api: hygiene/hpa-replicas']);
  });

  test('a ServiceMonitor that selects no Service or names a missing port is reported', () => {
    expect(
      found(
        validate(
          cleanWith('ServiceMonitor', 'api', (m) => {
            m.spec.endpoints[0].port = 'metrics';
          }),
        ),
      ),
    ).toEqual(['ServiceMonitor/api: ref/serviceMonitor']);
    expect(
      found(
        validate(
          cleanWith('ServiceMonitor', 'api', (m) => {
            m.spec.selector.matchLabels = { x: 'y' };
          }),
        ),
      ),
    ).toEqual(['ServiceMonitor/api: ref/serviceMonitor']);
  });
});

describe('references: what a pod names', () => {
  test('a missing ServiceAccount is reported, default is always there', () => {
    expect(found(validate(cleanWithout('ServiceAccount', 'api')))).toEqual(['Deployment/api: ref/serviceAccount']);
    const onDefault = cleanWith('Deployment', 'api', (d) => {
      podSpec(d).serviceAccountName = 'default';
      delete d.spec.template.metadata.labels['azure.workload.identity/use'];
    });
    expect(found(validate(onDefault))).toEqual([]);
  });

  test('a pod using Workload Identity needs a ServiceAccount with a client id, and the reverse', () => {
    const noClientId = validate(
      cleanWith('ServiceAccount', 'api', (sa) => {
        delete sa.metadata.annotations;
      }),
    );
    expect(found(noClientId)).toEqual(['Deployment/api: ref/workloadIdentity']);
    expect(noClientId[0].message).toEqual(
      'spec.template.metadata.labels["azure.workload.identity/use"] is "true" but ServiceAccount "api" has no azure.workload.identity/client-id annotation',
    );
    const noLabel = validate(
      cleanWith('Deployment', 'api', (d) => {
        delete d.spec.template.metadata.labels['azure.workload.identity/use'];
      }),
    );
    expect(found(noLabel)).toEqual(['Deployment/api: ref/workloadIdentity']);
  });

  test('a secretKeyRef to a Secret nothing creates is reported', () => {
    const problems = validate(
      cleanWith('ExternalSecret', 'api-db', (e) => {
        e.spec.target.name = 'api-database';
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: ref/secret']);
    expect(problems[0].message).toEqual(
      'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: no Secret "api-db" in namespace "shop", nor an ExternalSecret, KafkaUser or Certificate that creates it',
    );
  });

  test('an ExternalSecret without a target name creates a Secret named after itself', () => {
    // acr-secret has no target name in the fixture; removing it leaves imagePullSecrets dangling
    expect(found(validate(cleanWithout('ExternalSecret', 'acr-secret')))).toEqual(['Deployment/api: ref/secret']);
  });

  test('an ExternalSecret with creationPolicy Merge does not create the Secret', () => {
    expect(
      found(
        validate(
          cleanWith('ExternalSecret', 'api-db', (e) => {
            e.spec.target.creationPolicy = 'Merge';
          }),
        ),
      ),
    ).toEqual(['Deployment/api: ref/secret']);
  });

  test('a KafkaUser creates the Secret named after it', () => {
    expect(
      found(
        validate(
          cleanWith('KafkaUser', 'api', (u) => {
            u.metadata.name = 'api-user';
          }),
        ),
      ),
    ).toEqual(['Deployment/api: ref/secret']);
  });

  test('a Kafka creates its cluster CA certificate Secret in its namespace', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).volumes[1].secret.secretName = 'other-cluster-ca-cert';
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: ref/secret']);
  });

  test('externalSecrets allows Secrets created outside the run, by pattern', () => {
    const objects = cleanWith('Deployment', 'api', (d) => {
      podSpec(d).volumes[1].secret.secretName = 'other-cluster-ca-cert';
    });
    expect(validate(objects, { externalSecrets: ['shop/*-cluster-ca-cert'] })).toEqual([]);
    expect(validate(objects, { externalSecrets: ['*-cluster-ca-cert'] })).toEqual([]);
    expect(found(validate(objects, { externalSecrets: ['kafka/*-cluster-ca-cert'] }))).toEqual(['Deployment/api: ref/secret']);
  });

  test('an optional secret reference may dangle', () => {
    expect(
      validate(
        cleanWith('Deployment', 'api', (d) => {
          podSpec(d).volumes[1].secret = { secretName: 'nope', optional: true };
        }),
      ),
    ).toEqual([]);
  });

  test('envFrom secretRef and imagePullSecrets are checked', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].envFrom.push({ secretRef: { name: 'nope' } });
        podSpec(d).imagePullSecrets.push({ name: 'nope-pull' });
      }),
    );
    expect(found(problems)).toEqual(['Deployment/api: ref/secret', 'Deployment/api: ref/secret']);
  });

  test('a missing ConfigMap is reported wherever it is named', () => {
    const problems = validate(cleanWithout('ConfigMap', 'api-config'));
    expect(problems.map((p) => p.message)).toEqual([
      'spec.template.spec.containers[0].envFrom[0].configMapRef.name: no ConfigMap "api-config" in namespace "shop"',
      'spec.template.spec.containers[0].env[3].valueFrom.configMapKeyRef.name: no ConfigMap "api-config" in namespace "shop"',
    ]);
  });

  test('an in-cluster URL must name an existing Service and one of its ports', () => {
    const port = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].env[2].value = 'http://api.shop.svc.cluster.local:8081';
      }),
    );
    expect(found(port)).toEqual(['Deployment/api: ref/serviceUrl']);
    expect(port[0].message).toEqual(
      'spec.template.spec.containers[0].env[2].value (SELF_URL): http://api.shop.svc.cluster.local:8081 uses port 8081, but Service "api" in namespace "shop" exposes 8080',
    );
    const name = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].env[2].value = 'http://apj.shop.svc.cluster.local:8080/v1';
      }),
    );
    expect(found(name)).toEqual(['Deployment/api: ref/serviceUrl']);
  });

  test('an http URL without a port means port 80', () => {
    expect(
      found(
        validate(
          cleanWith('Deployment', 'api', (d) => {
            podSpec(d).containers[0].env[2].value = 'http://api.shop.svc.cluster.local/x';
          }),
        ),
      ),
    ).toEqual(['Deployment/api: ref/serviceUrl']);
  });

  test('Kafka bootstrap addresses resolve to the Services Strimzi creates', () => {
    const problems = validate(
      cleanWith('Deployment', 'api', (d) => {
        podSpec(d).containers[0].env[1].value = 'events-kafka-bootstrap.shop.svc.cluster.local:9094';
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'spec.template.spec.containers[0].env[1].value (KAFKA_BOOTSTRAP_SERVERS): events-kafka-bootstrap.shop.svc.cluster.local:9094 uses port 9094, but Kafka events (Strimzi) "events-kafka-bootstrap" in namespace "shop" exposes 9091, 9092, 9093',
    ]);
  });
});

describe('references: namespaces', () => {
  const configMap = (namespace: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace }, data: {} });

  test('an object in a namespace that no Namespace object creates is reported', () => {
    const problems = validate(cleanPlus(configMap('shopp')));
    expect(found(problems)).toEqual(['ConfigMap/c: ref/namespace']);
    expect(problems[0].message).toEqual('metadata.namespace: no Namespace "shopp" in this cluster\'s objects');
  });

  test('system namespaces and externalNamespaces exist without a Namespace object', () => {
    expect(validate(cleanPlus(configMap('kube-system')))).toEqual([]);
    expect(validate(cleanPlus(configMap('argocd')), { externalNamespaces: ['argocd'] })).toEqual([]);
  });
});

describe('references: custom resources and networking', () => {
  test('a Certificate naming a missing ClusterIssuer is reported', () => {
    expect(found(validate(cleanWithout('ClusterIssuer', 'letsencrypt')))).toEqual(['Certificate/api-tls: ref/issuer']);
  });

  test('an issuerRef without a kind means an Issuer in the same namespace', () => {
    expect(
      found(
        validate(
          cleanWith('Certificate', 'api-tls', (c) => {
            delete c.spec.issuerRef.kind;
          }),
        ),
      ),
    ).toEqual(['Certificate/api-tls: ref/issuer']);
  });

  test('an Ingress cluster-issuer annotation must name a ClusterIssuer', () => {
    const problems = validate(
      cleanWith('Ingress', 'api', (i) => {
        i.metadata.annotations = { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' };
      }),
    );
    expect(found(problems)).toEqual(['Ingress/api: ref/issuer']);
  });

  test('an ExternalSecret naming a missing store is reported', () => {
    expect(
      found(
        validate(
          cleanWith('ExternalSecret', 'api-db', (e) => {
            e.spec.secretStoreRef.name = 'azure';
          }),
        ),
      ),
    ).toEqual(['ExternalSecret/api-db: ref/secretStore']);
    expect(
      found(
        validate(
          cleanWith('ExternalSecret', 'api-db', (e) => {
            e.spec.secretStoreRef = { name: 'azure-kv' };
          }),
        ),
      ),
    ).toEqual(['ExternalSecret/api-db: ref/secretStore']);
  });

  test('a ClusterSecretStore whose conditions leave out the namespace is reported', () => {
    const problems = validate(
      cleanWith('ClusterSecretStore', 'azure-kv', (s) => {
        s.spec.conditions = [{ namespaces: ['other'] }];
      }),
    );
    expect(found(problems)).toEqual(['ExternalSecret/acr-secret: ref/secretStore', 'ExternalSecret/api-db: ref/secretStore']);
  });

  test('an Ingress backend must name an existing Service and port', () => {
    expect(
      found(
        validate(
          cleanWith('Ingress', 'api', (i) => {
            i.spec.rules[0].http.paths[0].backend.service.name = 'web';
          }),
        ),
      ),
    ).toEqual(['Ingress/api: ref/ingressBackend']);
    expect(
      found(
        validate(
          cleanWith('Ingress', 'api', (i) => {
            i.spec.rules[0].http.paths[0].backend.service.port = { name: 'https' };
          }),
        ),
      ),
    ).toEqual(['Ingress/api: ref/ingressBackend']);
  });

  test('an Ingress TLS secret must exist or be created by cert-manager', () => {
    expect(found(validate(cleanWithout('Certificate', 'api-tls')))).toEqual(['Ingress/api: ref/secret']);
    const shim = cleanWithout('Certificate', 'api-tls');
    const ingress = shim.find((o) => (o.object as any).kind === 'Ingress')!.object as any;
    ingress.metadata.annotations = { 'cert-manager.io/cluster-issuer': 'letsencrypt' };
    expect(validate(shim)).toEqual([]);
  });

  test('a KafkaTopic or KafkaUser must name a Kafka in its namespace', () => {
    expect(
      found(
        validate(
          cleanWith('KafkaTopic', 'orders', (t) => {
            t.metadata.labels['strimzi.io/cluster'] = 'evnts';
          }),
        ),
      ),
    ).toEqual(['KafkaTopic/orders: ref/kafkaCluster']);
    expect(
      found(
        validate(
          cleanWith('KafkaUser', 'api', (u) => {
            delete u.metadata.labels;
          }),
        ),
      ),
    ).toEqual(['KafkaUser/api: ref/kafkaCluster']);
  });

  test('a RoleBinding to a missing Role is reported', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'api', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
    };
    expect(found(validate(cleanPlus(binding)))).toEqual(['RoleBinding/api: ref/role']);
  });
});
