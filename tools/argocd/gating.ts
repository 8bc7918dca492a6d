/**
 * Findings on an environment's sync plan: places where a sync wave is meant to hold
 * something back and, in Argo CD v3.0.23, cannot. For the validator and `npm run plan`.
 */
import { hasSyncOption, resourceHasSyncOption } from './applications';
import { CHARTS, type ChartFacts } from './charts';
import { packageCrdGroups } from './stack-charts';
import { completeWhenApplied, isKubernetesGroup } from './health-checks';
import { allPlans, planEnvironment, type ApplicationPlan, type EnvironmentPlan, type PlanOptions, type ReadFolder, type StepPlan, type TaskPlan } from './plan';

/** One place where a wave does not gate what it is meant to. */
export interface GatingFinding {
  /** `root-waits-on-itself`, `app-health-missing`, `no-health-check`, `appset-does-not-wait`, `skip-dry-run-ignored`, `crd-not-ready` or `crd-no-provider`. */
  readonly rule: string;
  readonly message: string;
  /** The Application (`namespace/name`) the finding is about: the one whose sync or resources must change. */
  readonly application: string;
}

/** Options of {@link checkSyncGating}: the plan's, and what the pinned charts do. */
export interface GatingOptions extends PlanOptions {
  /** @default CHARTS (tools/argocd/charts.ts) */
  readonly charts?: Readonly<Record<string, ChartFacts>>;
}

const MAX_NAMED = 6;

/** Plans the environment (see `planEnvironment`) and returns its gating findings. */
export function checkSyncGating(applications: readonly unknown[], readFolder: ReadFolder, options: GatingOptions = {}): GatingFinding[] {
  return gatingFindings(planEnvironment(applications, readFolder, options), options);
}

/** The gating findings of a plan, sorted by application, rule and message. */
export function gatingFindings(plan: EnvironmentPlan, options: GatingOptions = {}): GatingFinding[] {
  const out: GatingFinding[] = [];
  for (const app of allPlans(plan)) {
    app.steps.forEach((step, i) => {
      const later = app.steps.slice(i + 1).map((s) => s.wave);
      if (step.wait.verdict === 'last') return;
      out.push(...stepFindings(app, step, later));
    });
    out.push(...crdFindings(app, options.charts ?? CHARTS));
  }
  return out.sort((a, b) => cmp(a.application, b.application) || cmp(a.rule, b.rule) || cmp(a.message, b.message));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function named(names: readonly string[]): string {
  const sorted = [...new Set(names)].sort();
  return sorted.length > MAX_NAMED ? `${sorted.slice(0, MAX_NAMED).join(', ')} and ${sorted.length - MAX_NAMED} more` : sorted.join(', ');
}

function where(step: StepPlan): string {
  return step.phase === 'Sync' ? `wave ${step.wave}` : `${step.phase} wave ${step.wave}`;
}

/** Findings about one step that is not the last of its sync. */
function stepFindings(app: ApplicationPlan, step: StepPlan, laterWaves: readonly number[]): GatingFinding[] {
  const out: GatingFinding[] = [];
  const next = laterWaves.length ? `wave ${laterWaves[0]}` : 'the next step';
  const self = step.tasks.find((t) => t.self);
  if (self && self.health !== 'none') {
    out.push({
      rule: 'root-waits-on-itself',
      application: app.id,
      message: `${app.id} renders itself in ${where(step)}, which is not its last wave (${next} follows): its sync waits on its own health, which stays Progressing while that very sync runs. Give its own manifest a wave after every other (e.g. argocd.argoproj.io/sync-wave: "100") or keep it out of the folder it syncs`,
    });
  }
  const isApp = (t: TaskPlan): boolean => t.task.group === 'argoproj.io' && t.task.kind === 'Application' && !t.self;
  const unwaitedApps = step.tasks.filter((t) => isApp(t) && t.health === 'none');
  if (unwaitedApps.length) {
    out.push({
      rule: 'app-health-missing',
      application: app.id,
      message: `${where(step)} of ${app.id} holds child Applications ${named(unwaitedApps.map((t) => t.task.name))}, but argocd-cm has no health check for argoproj.io/Application: each counts as healthy once applied, so ${next} starts before they have synced anything. Install the Application health check (charts/argocd/health/application.ts, in dist/<env>/bootstrap/argocd-values.yaml)`,
    });
  }
  const unwaitedCustom = step.tasks.filter(
    (t) =>
      !t.task.hook &&
      t.health === 'none' &&
      !completeWhenApplied(t.task.group, t.task.kind) &&
      !(t.task.group === 'argoproj.io' && t.task.kind === 'Application'),
  );
  if (unwaitedCustom.length) {
    out.push({
      rule: 'no-health-check',
      application: app.id,
      message: `${where(step)} of ${app.id} holds ${named(unwaitedCustom.map((t) => `${t.task.kind}/${t.task.name}`))}, which Argo CD has no health check for: ${next} starts once they are applied, before their operators have acted on them`,
    });
  }
  for (const t of step.tasks.filter((t) => t.task.group === 'argoproj.io' && t.task.kind === 'ApplicationSet')) {
    out.push({
      rule: 'appset-does-not-wait',
      application: app.id,
      message: `ApplicationSet ${t.task.name} in ${where(step)} of ${app.id}: its built-in health check is Healthy once its Applications are generated (ResourcesUpToDate), not when they have synced, so ${next} does not wait for ${(t.generated ?? []).length ? named((t.generated ?? []).map((g) => g.info.name)) : 'its Applications'}`,
    });
  }
  return out;
}

/** A sibling in the same parent's sync: an Application it renders, or one generated by an ApplicationSet it renders. */
interface Member {
  readonly plan: ApplicationPlan;
  readonly wave: number;
  /** The parent's sync waits for this member to be healthy before the next wave. */
  readonly gated: boolean;
}

function membersOf(parent: ApplicationPlan): Member[] {
  const out: Member[] = [];
  for (const step of parent.steps)
    for (const t of step.tasks) {
      if (t.application) out.push({ plan: t.application, wave: step.wave, gated: t.health !== 'none' && step.wait.verdict !== 'last' });
      for (const g of t.generated ?? []) out.push({ plan: g, wave: step.wave, gated: false });
    }
  return out;
}

/** A custom resource an Application applies: one rendered object, or a kind its Helm chart renders. */
interface CustomResource {
  readonly groupKind: string;
  /** `Kind/name`, or `Kind (rendered by the chart x)`. */
  readonly label: string;
  /** It carries `argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true`. */
  readonly skipsDryRun: boolean;
}

/** The custom resources a plan applies, by `group/Kind`, with the CRDs (`group/Kind`) and their groups it applies itself. */
function customResources(
  plan: ApplicationPlan,
  charts: Readonly<Record<string, ChartFacts>>,
): { crs: Map<string, CustomResource[]>; crds: Set<string>; groups: Set<string> } {
  const crs = new Map<string, CustomResource[]>();
  const crds = new Set<string>();
  const groups = new Set<string>();
  const add = (cr: CustomResource) => crs.set(cr.groupKind, [...(crs.get(cr.groupKind) ?? []), cr]);
  for (const step of plan.steps)
    for (const t of step.tasks) {
      if (t.task.kind === 'CustomResourceDefinition' && t.task.group === 'apiextensions.k8s.io') {
        const spec = t.task.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
        if (typeof spec?.group === 'string') groups.add(spec.group);
        if (typeof spec?.group === 'string' && typeof spec.names?.kind === 'string') crds.add(`${spec.group}/${spec.names.kind}`);
      } else if (!isKubernetesGroup(t.task.group)) {
        // a Crossplane Provider installs its package's CRDs
        if (t.task.group === 'pkg.crossplane.io' && t.task.kind === 'Provider') {
          const pkg = (t.task.object.spec as { package?: unknown } | undefined)?.package;
          for (const g of packageCrdGroups(typeof pkg === 'string' ? pkg : '')) groups.add(g);
        }
        add({
          groupKind: `${t.task.group}/${t.task.kind}`,
          label: `${t.task.kind}/${t.task.name}`,
          skipsDryRun: resourceHasSyncOption(t.task.object, 'SkipDryRunOnMissingResource=true'),
        });
      }
    }
  for (const s of plan.info.sources) {
    if (s.type !== 'helm') continue;
    const facts = charts[s.chart];
    for (const g of facts?.crdGroups(s.values) ?? []) groups.add(g);
    for (const groupKind of facts?.customResources(s.values) ?? []) {
      add({ groupKind, label: `${groupKind.slice(groupKind.indexOf('/') + 1)} (rendered by the chart ${s.chart})`, skipsDryRun: false });
    }
  }
  return { crs, crds, groups };
}

/** The API groups whose CRDs Argo CD's own installation brings (Terraform installs it before any Application). */
const BOOTSTRAP_GROUPS = (charts: Readonly<Record<string, ChartFacts>>): readonly string[] => charts['argo-cd']?.crdGroups({}) ?? [];

/**
 * A child's custom resources whose CRD another child of the same parent, on the same
 * cluster, installs in the same or a later wave, or in an earlier wave the parent does not
 * wait on: the child's sync can start while the CRD is missing, and its dry run fails (the
 * app-level SkipDryRunOnMissingResource=true is ignored by v3.0.23; only the per-resource
 * annotation or a CRD in the same sync skips it). And custom resources whose CRD no
 * Application of the cluster installs at all.
 */
function crdFindings(parent: ApplicationPlan, charts: Readonly<Record<string, ChartFacts>>): GatingFinding[] {
  const members = membersOf(parent);
  const out: GatingFinding[] = [];
  const own = new Map(members.map((m) => [m, customResources(m.plan, charts)]));
  const bootstrap = new Set(BOOTSTRAP_GROUPS(charts));
  for (const consumer of members) {
    const { crs, crds } = own.get(consumer)!;
    // the consumer's custom resources that may meet a missing CRD, by the Application installing it
    const byProvider = new Map<Member, CustomResource[]>();
    const orphans: CustomResource[] = [];
    for (const [groupKind, resources] of crs) {
      if (crds.has(groupKind)) continue;
      const group = groupKind.slice(0, groupKind.indexOf('/'));
      if (bootstrap.has(group)) continue;
      if (own.get(consumer)!.groups.has(group)) continue;
      const provider = members.find((m) => m !== consumer && m.plan.info.cluster === consumer.plan.info.cluster && own.get(m)!.groups.has(group));
      if (!provider) {
        orphans.push(...resources);
        continue;
      }
      if (provider.wave < consumer.wave && provider.gated) continue;
      byProvider.set(provider, [...(byProvider.get(provider) ?? []), ...resources]);
    }
    for (const [provider, resources] of byProvider) out.push(crdFinding(parent, consumer, provider, resources));
    if (orphans.length) {
      out.push({
        rule: 'crd-no-provider',
        application: consumer.plan.id,
        message: `${consumer.plan.id} (wave ${consumer.wave}) renders ${named(orphans.map((r) => r.label))}, but no Application that ${parent.id} syncs installs their CRDs on cluster ${consumer.plan.info.cluster}: add the operator's chart there (and its CRD groups to tools/argocd/charts.ts)`,
      });
    }
  }
  return out;
}

function crdFinding(parent: ApplicationPlan, consumer: Member, provider: Member, resources: readonly CustomResource[]): GatingFinding {
  const when =
    provider.wave === consumer.wave
      ? `the same wave (${provider.wave})`
      : provider.wave > consumer.wave
        ? `a later wave (${provider.wave})`
        : `wave ${provider.wave}, which ${parent.id} does not wait on`;
  const head = `${consumer.plan.id} (wave ${consumer.wave}) renders ${named(resources.map((r) => r.label))}, whose CRDs come from ${provider.plan.id} in ${when}`;
  const fix = `put ${provider.plan.info.name} in an earlier wave that waits (with the Application health check)`;
  const unannotated = resources.filter((r) => !r.skipsDryRun);
  if (hasSyncOption(consumer.plan.info, 'SkipDryRunOnMissingResource=true') && unannotated.length) {
    return {
      rule: 'skip-dry-run-ignored',
      application: consumer.plan.id,
      message: `${head}. Its app-level SkipDryRunOnMissingResource=true is ignored by Argo CD v3.0.23, so its sync fails the dry run while a CRD is missing: annotate the resources argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true, or ${fix}`,
    };
  }
  const effect = unannotated.length
    ? 'its sync fails the dry run while a CRD is missing'
    : 'their dry run is skipped, but applying them fails until the CRDs exist (the sync retries only if it has retries)';
  return { rule: 'crd-not-ready', application: consumer.plan.id, message: `${head}: ${effect}. ${fix[0].toUpperCase()}${fix.slice(1)}` };
}
