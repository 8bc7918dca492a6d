import { ApiObject, type App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { prepare } from '../phases';
import { toYaml } from './yaml';

const FOLDER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Props of {@link FolderChart}. */
export interface FolderChartProps {
  /** The folder under the render prefix, `/`-separated DNS labels: `prod-cluster/data-plane`. */
  readonly folder: string;
  /** The namespace most of the chart's objects live in: their files sit at the folder's top. @default none */
  readonly homeNamespace?: string;
}

/** A chart that renders into one folder of the output (one Argo CD application). */
export class FolderChart extends Chart {
  public readonly folder: string;
  public readonly homeNamespace?: string;

  constructor(scope: Construct, id: string, props: FolderChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    if (!FOLDER.test(props.folder)) throw new Error(`chart folder "${props.folder}" must be /-separated DNS labels`);
    this.folder = props.folder;
    this.homeNamespace = props.homeNamespace;
  }
}

/**
 * The folder beside the clusters' folders that holds hand-off files (`<prefix>/bootstrap/`):
 * what another tool consumes, never a manifest Argo CD applies.
 */
export const HANDOFF_FOLDER = 'bootstrap';

/** Props of {@link HandoffFile}. */
export interface HandoffFileProps {
  /** The file's name in the hand-off folder, a DNS label with the extension `.yaml`. */
  readonly file: string;
  /** The document, produced when the app is rendered (after every phase ran). */
  readonly content: () => Readonly<Record<string, unknown>>;
}

/**
 * A YAML document handed to another tool, rendered to `<prefix>/bootstrap/<file>`: for
 * example the values of a Helm release that Terraform installs. It is written with the
 * manifests, by the same writer, so it is exactly as current as they are.
 */
export class HandoffFile extends Construct {
  public readonly file: string;
  public readonly content: () => Readonly<Record<string, unknown>>;

  constructor(scope: App, id: string, props: HandoffFileProps) {
    super(scope, id);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.yaml$/.test(props.file)) throw new Error(`hand-off file "${props.file}" must be a DNS label ending in .yaml`);
    this.file = props.file;
    this.content = props.content;
  }
}

/** One rendered file. */
export interface RenderedFile {
  /** Path relative to the output root, with `/` separators. */
  readonly path: string;
  readonly content: string;
  /** The object, as rendered (for checks that run before anything is written). */
  readonly object: Record<string, unknown>;
  /** A hand-off file (`<prefix>/bootstrap/`), not a Kubernetes manifest. @default false */
  readonly handoff?: boolean;
}

/**
 * Prepares an app (lib/phases.ts) and renders every ApiObject of its folder charts into one
 * file each: `<prefix>/<folder>/<kind>-<name>.yaml`, or `<prefix>/<folder>/<namespace>/<kind>-<name>.yaml`
 * for a namespaced object outside the folder's home namespace, then the hand-off files
 * (`<prefix>/bootstrap/<file>`). Folders come out sorted, so
 * the order the charts were built in does not matter; two objects that would share a file
 * are an error that names both.
 */
export function renderApp(app: App, prefix: string): RenderedFile[] {
  prepare(app);
  const files: RenderedFile[] = [];
  const owners = new Map<string, string>();
  const charts = app.node.children
    .filter((c): c is FolderChart => c instanceof FolderChart)
    .sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const folders = new Set<string>();
  for (const chart of charts) {
    if (folders.has(chart.folder)) throw new Error(`two charts render into the folder "${prefix}/${chart.folder}"`);
    if (chart.folder.split('/')[0] === HANDOFF_FOLDER)
      throw new Error(`chart ${chart.node.path} renders into "${prefix}/${chart.folder}", under the hand-off folder ${HANDOFF_FOLDER}/: give it another name`);
    folders.add(chart.folder);
    for (const child of chart.node.findAll()) {
      if (!ApiObject.isApiObject(child)) continue;
      const object = child.toJson() as Record<string, unknown> & { kind: string; metadata?: { name?: string; namespace?: string } };
      const ns = object.metadata?.namespace;
      const name = object.metadata?.name ?? '';
      const file = `${object.kind.toLowerCase()}-${name}.yaml`;
      const path = ns && ns !== chart.homeNamespace ? `${prefix}/${chart.folder}/${ns}/${file}` : `${prefix}/${chart.folder}/${file}`;
      const other = owners.get(path);
      if (other) {
        throw new Error(
          `${other} and ${child.node.path} both render ${path} (${object.kind} "${name}"${ns ? ` in namespace "${ns}"` : ''}): give one of them another name`,
        );
      }
      owners.set(path, child.node.path);
      files.push({ path, content: toYaml(object, { sortKeys: true }), object });
    }
  }
  const handoffs = app.node.children.filter((c): c is HandoffFile => c instanceof HandoffFile).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const h of handoffs) {
    const path = `${prefix}/${HANDOFF_FOLDER}/${h.file}`;
    const other = owners.get(path);
    if (other) throw new Error(`${other} and ${h.node.path} both render ${path}`);
    owners.set(path, h.node.path);
    const object = { ...h.content() };
    files.push({ path, content: toYaml(object, { sortKeys: true }), object, handoff: true });
  }
  return files;
}
