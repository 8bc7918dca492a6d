import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { loadEnvironment, EnvironmentName, Environment } from '../config';

/** The repository root (tests run from build/test). */
export const ROOT = path.resolve(__dirname, '..', '..');

export function readRepoFile(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

/** A validated environment from the committed config. */
export function env(name: EnvironmentName): Environment {
  return loadEnvironment(name, readRepoFile);
}

/** Every object of an app (or chart) as the writer would render it. */
export function objects(scope: App | Chart): any[] {
  return scope.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson());
}

/** The one object of `kind` named `name` (and in `namespace`, when given). */
export function find(objs: any[], kind: string, name: string, namespace?: string): any {
  const hits = objs.filter((o) => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (hits.length !== 1) throw new Error(`expected one ${kind} "${name}"${namespace ? ` in ${namespace}` : ''}, found ${hits.length}`);
  return hits[0];
}

/** Lists files under a folder, relative, with `/` separators, sorted. */
export function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, child));
    else out.push(child);
  }
  return out.sort();
}
