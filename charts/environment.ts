/**
 * Builds one environment: for each of its clusters the shared infrastructure every cluster
 * gets (namespaces, operators, issuers, secret stores, their policies and monitoring; the
 * edge where a system serves hosts) and the systems config puts there, and on the
 * management cluster the Argo CD that deploys them all. Charts may be built in any order: what must see every construct runs in the
 * preparation phase (lib/phases.ts) when the app is rendered.
 */
import { App } from 'cdk8s';
import type { Environment } from '../config';
import { addAiPlatform } from './ai-platform';
import { addArgoCd } from './argocd/applications';
import { addClusterIssuers } from './certificates';
import { ClusterContext } from './context';
import { addEdge } from './edge/edge';
import { hasEdge } from './edge/model';
import { addMaiaRunner } from './maia-runner';
import { addMatih } from './matih';
import { addMonitoring } from './monitoring';
import { addNamespaces } from './namespaces';
import { addOperatorPolicies, addScraping } from './operators/policies';
import { operatorReleases } from './operators/releases';
import { addSecretStores } from './secret-stores';
import { addStackInfrastructure } from './stack';
import { TENANT_NAMESPACE_LABEL } from './tenants';

/** Builds the cdk8s App of one environment. */
export function buildEnvironment(env: Environment): App {
  // outdir is never used: the writer renders charts itself (lib/render/render.ts)
  const app = new App({ outdir: 'dist' });
  const contexts = env.clusters.map((cluster) => new ClusterContext(app, env, cluster));
  for (const ctx of contexts) buildCluster(ctx);
  const management = contexts.find((c) => c.isManagement);
  if (!management) throw new Error(`config/${env.name}.ts: gitops.managementCluster names no cluster of the environment`);
  addArgoCd(management, contexts);
  return app;
}

/** One cluster: its shared infrastructure, then its systems. */
export function buildCluster(ctx: ClusterContext): void {
  const tenants = ctx.runs('matih') ? TENANT_NAMESPACE_LABEL : undefined;
  const namespaces = addNamespaces(ctx);
  addOperatorPolicies(ctx, namespaces);
  addScraping(ctx, namespaces);
  for (const release of operatorReleases(ctx)) ctx.addRelease(release);
  addStackInfrastructure(ctx, namespaces);
  addClusterIssuers(ctx);
  addSecretStores(ctx, tenants);
  addMonitoring(ctx);
  if (hasEdge(ctx)) addEdge(ctx);
  if (ctx.runs('matih')) addMatih(ctx);
  if (ctx.runs('maia-runner')) addMaiaRunner(ctx);
  if (ctx.runs('ai-platform')) addAiPlatform(ctx);
}
