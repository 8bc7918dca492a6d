/**
 * `npm run plan -- --env <env>`: the order in which Argo CD v3.0.23 syncs an environment's
 * app-of-apps, and whether each sync wave really holds the next one.
 *
 * Finds the Argo CD folders under `dist/<env>` (any folder holding argoproj.io Applications),
 * resolves each Application's `spec.source.path` against the repository root, and prints per
 * Application its steps (phase, wave, kinds in Argo CD's order) with a verdict on each, then
 * the gating findings. Exit code 0 (1 with `--check` when there are findings), 2 on a usage
 * error or when there is nothing to plan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatPlan } from '../argocd/format-plan';
import { gatingFindings } from '../argocd/gating';
import { planEnvironment } from '../argocd/plan';
import { environmentApplications, repositoryAt } from '../argocd/repository';
import { bootstrapHealthCustomizations } from '../argocd/bootstrap';
import { ARGO_CD_VERSION } from '../../charts/argocd/argo-cd-values';
import { REPO_ROOT } from '../repo';
import { parseCommandLine, PROCESS_OUTPUT, UsageError, usageError, type Output } from './command-line';

const USAGE = `usage: npm run plan -- --env <env> [--repo <dir>] [--application-health yes|no] [--health-customization <group/Kind>]... [--names <n>] [--check]

  --env <env>                        the environment: the folder dist/<env> (required)
  --repo <dir>                       the repository checkout source paths are relative to (default: this repository)
  --application-health yes|no        whether argocd-cm has the Application health check (default: what dist/<env>/bootstrap/argocd-values.yaml installs, else yes)
  --health-customization <group/Kind> another kind argocd-cm has a health check for (core kinds: just Kind), besides those of the bootstrap values
  --names <n>                        names printed per group of one kind before "and N more" (default: 8)
  --check                            exit 1 when a wave cannot gate what it is meant to

exit code: 0 planned, 1 findings with --check, 2 usage error or nothing to plan`;

const OPTIONS = {
  env: { type: 'string' },
  repo: { type: 'string' },
  'application-health': { type: 'string' },
  'health-customization': { type: 'string', multiple: true },
  names: { type: 'string' },
  check: { type: 'boolean' },
} as const;

/** Prints the sync plan of one environment; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const parsed = parseCommandLine('plan', argv, { usage: USAGE, options: OPTIONS }, out);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  let applicationHealth: boolean | undefined;
  let maxNames: number;
  try {
    if (!v.env) throw new UsageError('--env is required');
    if (!/^[A-Za-z0-9._-]+$/.test(v.env) || v.env.startsWith('.')) throw new UsageError(`--env must name a folder of dist/, got ${JSON.stringify(v.env)}`);
    const health = v['application-health'];
    if (health !== undefined && health !== 'yes' && health !== 'no')
      throw new UsageError(`--application-health must be yes or no, got ${JSON.stringify(health)}`);
    applicationHealth = health === undefined ? undefined : health === 'yes';
    maxNames = v.names === undefined ? 8 : Number(v.names);
    if (!Number.isInteger(maxNames) || maxNames < 1) throw new UsageError(`--names must be a whole number of at least 1, got ${JSON.stringify(v.names)}`);
  } catch (e) {
    return usageError('plan', e, USAGE, out);
  }
  const root = path.resolve(v.repo ?? REPO_ROOT);
  const envDir = path.join(root, 'dist', v.env);
  if (!fs.existsSync(envDir) || !fs.statSync(envDir).isDirectory()) {
    out.stderr(`plan: ${path.relative(process.cwd(), envDir) || envDir}: no such folder (run npm run synth first?)\n`);
    return 2;
  }
  let found: ReturnType<typeof environmentApplications>;
  try {
    found = environmentApplications(envDir);
  } catch (e) {
    out.stderr(`plan: ${(e as Error).message}\n`);
    return 2;
  }
  if (found.applications.length === 0) {
    out.stderr(`plan: no argoproj.io Application under dist/${v.env}\n`);
    return 2;
  }
  let bootstrap: ReturnType<typeof bootstrapHealthCustomizations>;
  try {
    bootstrap = bootstrapHealthCustomizations(envDir);
  } catch (e) {
    out.stderr(`plan: ${(e as Error).message}\n`);
    return 2;
  }
  const installed = (bootstrap?.kinds ?? []).filter((k) => k !== 'argoproj.io/Application');
  const repository = repositoryAt(root);
  const options = {
    applicationHealth: applicationHealth ?? (bootstrap ? bootstrap.kinds.includes('argoproj.io/Application') : true),
    healthCustomizations: [...installed, ...(v['health-customization'] ?? [])],
    listFolders: repository.listFolders,
  };
  const plan = planEnvironment(found.applications, repository.readFolder, options);
  const findings = gatingFindings(plan, options);
  const from = bootstrap ? ` (from ${path.relative(root, bootstrap.file)})` : '';
  const customizations = plan.customizations.length
    ? `argocd-cm health customizations${from}: ${plan.customizations.join(', ')}`
    : 'no argocd-cm health customizations (so no health check for Applications)';
  out.stdout(
    `Sync plan of dist/${v.env} for Argo CD ${ARGO_CD_VERSION}; Argo CD folders: ${found.folders.map((f) => `dist/${v.env}/${f}`).join(', ')}; ${customizations}.\n`,
  );
  out.stdout(formatPlan(plan, findings, { maxNames }));
  return v.check && findings.length ? 1 : 0;
}
