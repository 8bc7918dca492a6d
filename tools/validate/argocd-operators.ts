/**
 * Checks of an Application that installs an upstream Helm chart, from what the pinned chart
 * does with its values (tools/argocd/charts.ts), since the chart's manifests are rendered
 * only in the cluster:
 *
 * - `argocd/unknown-chart`: a chart (or a version of it) the table does not describe: nothing
 *   could tell which CRDs it brings or which webhooks it runs;
 * - `argocd/operator-deletion`: a chart that installs CRDs, on an Application with the
 *   resources finalizer or automated prune, or whose values drop the CRDs' keep policy.
 *   Deleting a CRD deletes every resource of it cluster-wide (every Kafka, every
 *   ExternalSecret and the Secrets it owns), and removing or renaming the release in config
 *   would do exactly that through the finalizer, or a chart upgrade through a prune;
 * - `argocd/webhook-ha`: an admission or conversion webhook with `failurePolicy: Fail` that
 *   runs fewer than two replicas, without a PodDisruptionBudget, or without spread: one node
 *   drained or lost and the API server refuses every request the webhook guards.
 */
import { describeApplication } from '../argocd/applications';
import { CHARTS, type ChartFacts } from '../argocd/charts';
import { asArray, asMap, asString } from './json';
import type { LoadedObject } from './problem';

/** A finding about one Application. */
export interface OperatorFinding {
  readonly rule: string;
  readonly message: string;
}

/** Checks each Helm source of an Application against the pinned charts' facts. */
export function checkOperatorApplication(loaded: LoadedObject, charts: Readonly<Record<string, ChartFacts>> = CHARTS): OperatorFinding[] {
  const object = asMap(loaded.object) ?? {};
  const info = describeApplication(object);
  const out: OperatorFinding[] = [];
  for (const source of info.sources) {
    if (source.type !== 'helm') continue;
    const facts = charts[source.chart];
    if (!facts || facts.version !== source.version) {
      const known = facts ? ` (only ${facts.version} is: read the new version's templates and update it)` : '';
      out.push({
        rule: 'argocd/unknown-chart',
        message: `the chart ${source.chart} ${source.version} is not described in tools/argocd/charts.ts${known}: which CRDs it installs, which custom resources it renders and which webhooks it runs are unknown to every check`,
      });
      if (!facts) continue;
    }
    const groups = facts.crdGroups(source.values);
    if (groups.length) out.push(...deletionFindings(object, source.chart, groups, facts.crdKeeping(source.values)));
    for (const w of facts.webhooks(source.values)) {
      if (w.failurePolicy !== 'Fail') continue;
      const missing = [
        ...(w.replicas.value < 2 ? [`${w.replicas.path} is ${w.replicas.value}`] : []),
        ...(!w.disruptionBudget.value ? [`no PodDisruptionBudget (${w.disruptionBudget.path})`] : []),
        ...(!w.spread.value ? [`no topologySpreadConstraints (${w.spread.path})`] : []),
      ];
      if (missing.length) {
        out.push({
          rule: 'argocd/webhook-ha',
          message: `the chart ${source.chart}'s ${w.component} serves a webhook with failurePolicy Fail, but ${missing.join(', ')}: with it unavailable the API server refuses what it guards. Run at least two replicas with a budget and spread`,
        });
      }
    }
  }
  return out;
}

function deletionFindings(
  object: Record<string, unknown>,
  chart: string,
  groups: readonly string[],
  keeping: { kept: boolean; how: string },
): OperatorFinding[] {
  const out: OperatorFinding[] = [];
  const what = `it installs the CRDs of ${groups.join(', ')} (chart ${chart}), and deleting a CRD deletes every resource of it in the cluster`;
  const finalizers = asArray(asMap(object.metadata)?.finalizers)
    .map((f) => asString(f) ?? '')
    .filter((f) => f.startsWith('resources-finalizer.argocd.argoproj.io'));
  if (finalizers.length) {
    out.push({
      rule: 'argocd/operator-deletion',
      message: `metadata.finalizers holds ${finalizers.join(', ')}: ${what}; with the finalizer, removing or renaming this Application deletes the operator with everything it deployed. Drop the finalizer`,
    });
  }
  const automated = asMap(asMap(asMap(object.spec)?.syncPolicy)?.automated);
  if (automated && automated.prune === true && automated.enabled !== false) {
    out.push({
      rule: 'argocd/operator-deletion',
      message: `spec.syncPolicy.automated.prune is true: ${what}; a chart version that stops rendering a CRD would have it pruned. Set prune: false and prune by hand`,
    });
  }
  if (!keeping.kept) out.push({ rule: 'argocd/operator-deletion', message: `${what}, and its CRDs are not kept: ${keeping.how}` });
  return out;
}
