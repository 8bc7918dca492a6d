/**
 * The validator's view of an environment's sync waves: the gating findings of its sync plan
 * (tools/argocd/gating.ts), with the health checks its bootstrap values install, as
 * problems on the Applications that must change. A wave meant to hold something back that
 * cannot is a broken rollout, not a style point: these fail the validation.
 */
import * as path from 'path';
import { applicationId, describeApplication } from '../argocd/applications';
import { bootstrapHealthCustomizations } from '../argocd/bootstrap';
import { checkSyncGating } from '../argocd/gating';
import { environmentApplications, repositoryAt } from '../argocd/repository';
import { asMap } from './json';
import { problem, type Problem } from './problem';

/**
 * The environments among `folder`'s clusters: the parents of its cluster folders that lie
 * inside `folder` (`dist/prod` for `dist/prod/matih-prod`), each once. A cluster given on its
 * own has no environment to plan.
 */
export function environmentDirs(folder: string, clusterDirs: readonly string[]): string[] {
  const root = path.resolve(folder);
  const out = new Set<string>();
  for (const dir of clusterDirs) {
    const parent = path.dirname(path.resolve(dir));
    if (parent === root || parent.startsWith(root + path.sep)) out.add(path.join(folder, path.relative(root, parent)));
  }
  return [...out].sort();
}

/**
 * Plans the environment in `envDir` (its Applications' source paths resolved against
 * `repoRoot`, the working directory for the CLI) and returns one `argocd/<rule>` problem per
 * gating finding, on the Application's file. Without a bootstrap values file it assumes
 * only the Application health check, as the plan does.
 */
export function checkEnvironmentGating(envDir: string, repoRoot: string): Problem[] {
  const found = environmentApplications(envDir);
  if (found.applications.length === 0) return [];
  const bootstrap = bootstrapHealthCustomizations(envDir);
  const kinds = bootstrap?.kinds ?? ['argoproj.io/Application'];
  const repository = repositoryAt(repoRoot);
  const findings = checkSyncGating(found.applications, repository.readFolder, {
    applicationHealth: kinds.includes('argoproj.io/Application'),
    healthCustomizations: kinds.filter((k) => k !== 'argoproj.io/Application'),
    listFolders: repository.listFolders,
  });
  const files = new Map<string, { file: string; object: unknown }>();
  found.applications.forEach((object, i) => files.set(applicationId(describeApplication(asMap(object) ?? {})), { file: found.files[i], object }));
  return findings.map((f) => {
    const at = files.get(f.application) ?? { file: envDir, object: { kind: 'Application', metadata: { name: f.application } } };
    return problem({ file: at.file, index: 0, object: at.object }, `argocd/${f.rule}`, f.message);
  });
}
