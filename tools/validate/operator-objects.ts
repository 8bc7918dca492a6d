import { chartServices, rayHeadService } from './chart-objects';
import { asArray, asMap, asString, asStringMap, JsonMap } from './json';

/**
 * What operators create from the objects we render, so that references to them resolve:
 * Secrets from External Secrets, cert-manager and Strimzi, and Strimzi's Services and
 * pods. Each function takes one object's group, kind, name and body.
 */

/** A port a Service exposes. */
export interface ServicePort {
  readonly port: number;
  readonly name?: string;
}

/** A Service that will exist: from the objects, or created by an operator. */
export interface ProvidedService {
  readonly name: string;
  /** Its namespace, when not that of the object that creates it (a Helm chart's Application deploys into its destination). */
  readonly namespace?: string;
  readonly ports: readonly ServicePort[];
  /** What defines it, for messages: `Service` or `Kafka <name> (Strimzi)`. */
  readonly source: string;
}

/** A Secret that will exist, and what creates it. */
export interface ProvidedSecret {
  readonly name: string;
  readonly source: string;
}

/** A set of pods an operator creates, by the labels it gives them, with the container ports known of them. */
export interface ProvidedPods {
  readonly labels: Readonly<Record<string, string>>;
  /** Containers and their named ports, as far as they matter to monitors. @default none known */
  readonly containers?: ReadonlyArray<{ readonly name: string; readonly ports: ReadonlyArray<{ readonly name: string; readonly containerPort: number }> }>;
}

/** Strimzi's metrics port on every Kafka node once `metricsConfig` is set (MetricsModel). */
const STRIMZI_METRICS_PORT = { name: 'tcp-prometheus', containerPort: 9404 };

const STRIMZI = 'kafka.strimzi.io';
const STRIMZI_REPLICATION_PORT = 9091;

/**
 * The Secrets an object is or creates: a Secret itself; an ExternalSecret's target
 * (its own name by default; not with creationPolicy Merge or None, which only update);
 * a KafkaUser's credentials (named after it); a Certificate's `secretName`; the TLS
 * secrets cert-manager's ingress-shim creates for an annotated Ingress; a Kafka's
 * cluster and clients CA certificates.
 */
export function providedSecrets(group: string, kind: string, name: string, object: JsonMap): ProvidedSecret[] {
  const spec = asMap(object.spec) ?? {};
  switch (`${group}/${kind}`) {
    case '/Secret':
      return [{ name, source: 'Secret' }];
    case 'external-secrets.io/ExternalSecret': {
      const target = asMap(spec.target) ?? {};
      const policy = asString(target.creationPolicy) ?? 'Owner';
      return policy === 'Owner' || policy === 'Orphan' ? [{ name: asString(target.name) ?? name, source: `ExternalSecret ${name}` }] : [];
    }
    case `${STRIMZI}/KafkaUser`:
      return [{ name, source: `KafkaUser ${name}` }];
    case 'cert-manager.io/Certificate': {
      const secretName = asString(spec.secretName);
      return secretName ? [{ name: secretName, source: `Certificate ${name}` }] : [];
    }
    case 'networking.k8s.io/Ingress': {
      const annotations = asStringMap(asMap(object.metadata)?.annotations);
      if (!annotations['cert-manager.io/cluster-issuer'] && !annotations['cert-manager.io/issuer']) return [];
      return asArray(spec.tls)
        .map((tls) => asString(asMap(tls)?.secretName))
        .filter((s): s is string => !!s)
        .map((s) => ({ name: s, source: `Ingress ${name} (cert-manager ingress-shim)` }));
    }
    case `${STRIMZI}/Kafka`:
      return ['cluster-ca-cert', 'clients-ca-cert'].map((suffix) => ({ name: `${name}-${suffix}`, source: `Kafka ${name} (Strimzi)` }));
    default:
      return [];
  }
}

/**
 * The Services an object is or creates: a Service itself; a RayCluster's head Service and a
 * Helm chart's Services (chart-objects.ts); for a Strimzi Kafka
 * `<name>-kafka-bootstrap` and the headless `<name>-kafka-brokers` with the internal
 * listeners' ports (and the replication port), and `<name>-kafka-<listener>-bootstrap`
 * for each other listener.
 * See https://strimzi.io/docs/operators/latest/deploying#con-accessing-kafka-bootstrap-str
 */
export function providedServices(group: string, kind: string, name: string, object: JsonMap): ProvidedService[] {
  const spec = asMap(object.spec) ?? {};
  if (group === '' && kind === 'Service') return [{ name, source: 'Service', ports: servicePorts(spec.ports) }];
  if (group === 'ray.io' && kind === 'RayCluster') return [rayHeadService(name, spec)];
  if (group === 'argoproj.io' && kind === 'Application') return chartServices(object);
  if (group !== STRIMZI || kind !== 'Kafka') return [];
  const source = `Kafka ${name} (Strimzi)`;
  const out: ProvidedService[] = [];
  const internal: ServicePort[] = [{ port: STRIMZI_REPLICATION_PORT, name: 'tcp-replication' }];
  for (const raw of asArray(asMap(spec.kafka)?.listeners)) {
    const listener = asMap(raw) ?? {};
    const listenerName = asString(listener.name) ?? '';
    if (typeof listener.port !== 'number') continue;
    const port = { port: listener.port, name: `tcp-${listenerName}` };
    if (listener.type === 'internal') internal.push(port);
    else out.push({ name: `${name}-kafka-${listenerName}-bootstrap`, source, ports: [port] });
  }
  out.push({ name: `${name}-kafka-bootstrap`, source, ports: internal }, { name: `${name}-kafka-brokers`, source, ports: internal });
  return out;
}

/**
 * The pods Strimzi creates for a Kafka, with the labels it gives them: one set per
 * KafkaNodePool of the cluster (`strimzi.io/pool-name`, broker and controller roles) or
 * one for the brokers without pools, and the entity operator, Cruise Control and Kafka
 * Exporter when the Kafka asks for them. Labels from the pod templates are added.
 *
 * @param pools the KafkaNodePools labelled `strimzi.io/cluster: <name>` in the Kafka's namespace
 */
export function strimziPods(name: string, kafka: JsonMap, pools: readonly { name: string; spec: JsonMap }[]): ProvidedPods[] {
  const spec = asMap(kafka.spec) ?? {};
  const common = (component: string): Record<string, string> => ({
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/part-of': `strimzi-${name}`,
    'strimzi.io/cluster': name,
    'strimzi.io/component-type': component,
    'strimzi.io/kind': 'Kafka',
    'strimzi.io/name': `${name}-${component}`,
  });
  const withTemplate = (labels: Record<string, string>, template: unknown, containers?: ProvidedPods['containers']): ProvidedPods => ({
    labels: { ...asStringMap(asMap(asMap(asMap(template)?.pod)?.metadata)?.labels), ...labels },
    containers,
  });
  const kafkaContainers = asMap(spec.kafka)?.metricsConfig !== undefined ? [{ name: 'kafka', ports: [STRIMZI_METRICS_PORT] }] : undefined;
  // the topic and user operators serve /metrics on their healthcheck ports (EntityTopicOperator, EntityUserOperator)
  const entityOperator = asMap(spec.entityOperator) ?? {};
  const eoContainers = [
    ...(entityOperator.topicOperator !== undefined ? [{ name: 'topic-operator', ports: [{ name: 'healthcheck', containerPort: 8080 }] }] : []),
    ...(entityOperator.userOperator !== undefined ? [{ name: 'user-operator', ports: [{ name: 'healthcheck', containerPort: 8081 }] }] : []),
  ];
  const out: ProvidedPods[] = [];
  const kafkaTemplate = asMap(spec.kafka)?.template;
  for (const pool of pools) {
    const roles = asArray(pool.spec.roles);
    out.push(withTemplate({
      ...common('kafka'),
      'strimzi.io/pool-name': pool.name,
      'strimzi.io/broker-role': String(roles.includes('broker')),
      'strimzi.io/controller-role': String(roles.includes('controller')),
    }, pool.spec.template ?? kafkaTemplate, kafkaContainers));
  }
  if (!pools.length) out.push(withTemplate(common('kafka'), kafkaTemplate, kafkaContainers));
  for (const [field, component] of [['entityOperator', 'entity-operator'], ['cruiseControl', 'cruise-control'], ['kafkaExporter', 'kafka-exporter']]) {
    if (spec[field] !== undefined) out.push(withTemplate(common(component), asMap(spec[field])?.template, component === 'entity-operator' ? eoContainers : undefined));
  }
  return out;
}

function servicePorts(raw: unknown): ServicePort[] {
  const out: ServicePort[] = [];
  for (const item of asArray(raw)) {
    const p = asMap(item);
    if (p && typeof p.port === 'number') out.push({ port: p.port, name: asString(p.name) });
  }
  return out;
}
