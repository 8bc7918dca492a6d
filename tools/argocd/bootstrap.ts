/**
 * What the environment's Argo CD installation is configured with, read back from the values
 * the synth hands to Terraform (`dist/<env>/bootstrap/argocd-values.yaml`, charts/argocd/
 * bootstrap.ts): the plan and the validator assume exactly the health checks it installs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { kindsOfHealthKeys } from '../../charts/argocd/health';
import { ARGOCD_VALUES_FILE } from '../../charts/argocd/bootstrap';
import { HANDOFF_FOLDER } from '../../lib/render/render';
import { parseManifests } from '../manifests/load';
import { asMap } from '../validate/json';

/** The argocd-cm health customizations (`<group>/<Kind>`) of an environment's bootstrap values, or undefined when it has none. */
export function bootstrapHealthCustomizations(envDir: string): { readonly file: string; readonly kinds: readonly string[] } | undefined {
  const file = path.join(envDir, HANDOFF_FOLDER, ARGOCD_VALUES_FILE);
  if (!fs.existsSync(file)) return undefined;
  const docs = parseManifests(fs.readFileSync(file, 'utf8'), file);
  if (docs.length !== 1 || docs[0].parseErrors) throw new Error(`${file}: not one YAML document${docs[0]?.parseErrors ? `: ${docs[0].parseErrors[0]}` : ''}`);
  const cm = asMap(asMap(asMap(docs[0].object)?.configs)?.cm) ?? {};
  return { file, kinds: kindsOfHealthKeys(Object.keys(cm)) };
}
