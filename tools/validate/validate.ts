import { checkApiRules } from './api-rules';
import { checkGatewayReferences } from './gateway-references';
import { checkOperatorApplication } from './argocd-operators';
import { checkApplication, FolderIndex } from './argocd-references';
import { namespacedNameMatcher } from './glob';
import { checkObjectHygiene, checkPodHygiene } from './hygiene';
import { checkInternetExposure, internetExposures } from './internet';
import { groupOf, Inventory } from './inventory';
import { checkPodReferences, type ExternalObjects } from './pod-references';
import { checkPodSecurity } from './pod-security';
import { checkServiceQuotas } from './quota';
import { compareProblems, type LoadedObject, objectId, problem, type Problem } from './problem';
import { checkDuplicates, checkNamespaces, checkObjectReferences } from './references';
import { checkSchema } from './schema';
import { type SchemaRegistry } from './schema-registry';
import { checkSelectorReferences } from './selector-references';
import { checkPodMonitor, checkUnscrapedPorts } from './monitors';
import { checkNamespaceLevels } from './namespace-security';
import { checkKafkaPoolSpread, checkWorkloadSpread } from './spread';

/** What to validate rendered objects against. */
export interface ValidateOptions {
  /** The core definitions and CRDs to check every object against. */
  readonly schemas: SchemaRegistry;
  /**
   * Secrets that exist although nothing in the objects creates them, as
   * `<namespace>/<name>` or `<name>` (any namespace), with `*` and `?` wildcards:
   * `matih-data-plane/kafka-cluster-ca-cert`, `*-cluster-ca-cert`.
   * @default none
   */
  readonly externalSecrets?: readonly string[];
  /**
   * Services that exist outside the objects (installed by a Helm chart, say), in the
   * same pattern syntax; in-cluster URLs and Ingress backends may name them.
   * @default none
   */
  readonly externalServices?: readonly string[];
  /**
   * Namespaces that exist although no Namespace object creates them (one that Argo CD's
   * own installation creates, say); `default` and the `kube-*` namespaces always exist.
   * Patterns as for `externalSecrets`, without the `/`.
   * @default none
   */
  readonly externalNamespaces?: readonly string[];
  /**
   * Image prefixes that containers may use (`matihlabsacr.azurecr.io/matih`).
   * @default all registries are allowed
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Where a Gateway controller creates each Gateway's data plane and LoadBalancer Service, by
   * GatewayClass `controllerName`: `{ 'gateway.envoyproxy.io/gatewayclass-controller':
   * 'matih-ingress' }` for Envoy Gateway v1.3 installed there. A controller not listed creates
   * them in the Gateway's own namespace. Decides which ResourceQuota admits the Service.
   * @default none
   */
  readonly gatewayInfraNamespaces?: Readonly<Record<string, string>>;
  /**
   * Every object of the run (all clusters), for the folders Argo CD Applications name: the
   * management cluster's Applications point into the other clusters' folders.
   * @default the objects validated
   */
  readonly runObjects?: readonly LoadedObject[];
}

/**
 * Validates rendered Kubernetes objects and returns every problem, sorted.
 *
 * Runs the schema check (core definitions and CRDs), Pod Security `restricted` (and the
 * reasons of namespaces below it), references between objects (including Argo CD
 * Applications against their projects and folders, their Helm charts against what the
 * pinned charts do, what monitors select, and Gateway API routes against their Gateways
 * and backends), the Services that ResourceQuotas cannot admit, metrics ports that nothing
 * scrapes, hygiene, the spread of replicas over zones and nodes, and the reasons of
 * NetworkPolicies that open the internet. The objects are one cluster: references and duplicates
 * are resolved among them. Every cross-object check goes through an index built once,
 * so the cost grows linearly with the number of objects.
 */
export function validateObjects(objects: readonly LoadedObject[], options: ValidateOptions, applications?: readonly LoadedObject[]): Problem[] {
  const problems: Problem[] = [];
  const inventory = new Inventory(objects, applications);
  const external: ExternalObjects = {
    secret: namespacedNameMatcher(options.externalSecrets ?? []),
    service: namespacedNameMatcher(options.externalServices ?? []),
  };
  const imagePolicy = { allowedRegistries: options.allowedRegistries ?? [] };
  const externalNamespace = namespacedNameMatcher(options.externalNamespaces ?? []);
  const isExternalNamespace = (ns: string): boolean => externalNamespace('', ns);

  let folders: FolderIndex | undefined;
  for (const loaded of objects) {
    problems.push(...checkSchema(loaded, options.schemas));
    for (const f of checkObjectHygiene(loaded.object)) problems.push(problem(loaded, f.rule, f.message));
    for (const f of checkSelectorReferences(loaded, inventory)) problems.push(problem(loaded, f.rule, f.message));
    for (const f of checkPodMonitor(loaded, inventory)) problems.push(problem(loaded, f.rule, f.message));
    for (const f of checkObjectReferences(loaded, inventory, external)) problems.push(problem(loaded, f.rule, f.message));
    for (const f of checkGatewayReferences(loaded, inventory, external)) problems.push(problem(loaded, f.rule, f.message));
    const id = objectId(loaded.object);
    if (groupOf(id.apiVersion) === 'argoproj.io' && id.kind === 'Application') {
      folders ??= new FolderIndex(options.runObjects ?? objects);
      for (const f of checkApplication(loaded, inventory, folders)) problems.push(problem(loaded, f.rule, f.message));
      for (const f of checkOperatorApplication(loaded)) problems.push(problem(loaded, f.rule, f.message));
    }
    for (const f of checkKafkaPoolSpread(loaded)) problems.push(problem(loaded, f.rule, f.message));
    for (const e of internetExposures(loaded, inventory)) for (const f of checkInternetExposure(e)) problems.push(problem(loaded, f.rule, f.message));
  }
  for (const template of inventory.templates) {
    const findings = [
      ...checkApiRules(template),
      ...checkPodSecurity(template),
      ...checkPodReferences(template, inventory, external),
      ...checkPodHygiene(template, imagePolicy),
      ...checkWorkloadSpread(template, inventory),
    ];
    for (const f of findings) problems.push(problem(template.owner, f.rule, f.message));
  }
  for (const { loaded, finding } of checkDuplicates(inventory)) problems.push(problem(loaded, finding.rule, finding.message));
  for (const { loaded, finding } of checkNamespaces(inventory, objects, isExternalNamespace)) problems.push(problem(loaded, finding.rule, finding.message));
  for (const { loaded, finding } of checkServiceQuotas(inventory, options.gatewayInfraNamespaces ?? {}))
    problems.push(problem(loaded, finding.rule, finding.message));
  for (const { loaded, finding } of [...checkUnscrapedPorts(inventory), ...checkNamespaceLevels(inventory)])
    problems.push(problem(loaded, finding.rule, finding.message));
  return problems.sort(compareProblems);
}

/**
 * The reference checks alone (no schemas, no Pod Security, no hygiene): what a synth runs
 * on every environment before it writes anything, so that a pod naming a Secret, a
 * ConfigMap, a ServiceAccount or a Service URL that nothing renders stops the synth.
 * `external` lists Secrets that operators create (Strimzi's CA and user Secrets).
 */
export function checkReferences(
  objects: readonly LoadedObject[],
  external: { readonly externalSecrets?: readonly string[] } = {},
  applications?: readonly LoadedObject[],
): Problem[] {
  const problems: Problem[] = [];
  const inventory = new Inventory(objects, applications);
  const ext: ExternalObjects = { secret: namespacedNameMatcher(external.externalSecrets ?? []), service: namespacedNameMatcher([]) };
  for (const loaded of objects) {
    for (const f of checkObjectReferences(loaded, inventory, ext)) problems.push(problem(loaded, f.rule, f.message));
    for (const f of checkGatewayReferences(loaded, inventory, ext)) problems.push(problem(loaded, f.rule, f.message));
  }
  for (const template of inventory.templates) {
    for (const f of checkPodReferences(template, inventory, ext)) problems.push(problem(template.owner, f.rule, f.message));
  }
  for (const { loaded, finding } of checkDuplicates(inventory)) problems.push(problem(loaded, finding.rule, finding.message));
  return problems.sort(compareProblems);
}
