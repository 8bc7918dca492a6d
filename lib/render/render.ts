import { ApiObject, App, Chart } from 'cdk8s';
import { toYaml } from './yaml';

/** A chart that becomes one folder of the output (one Argo CD application). */
export interface AppFolder {
  /** Folder name under the environment, e.g. `platform-data-plane`. */
  readonly folder: string;
  /** The namespace most of the chart's objects live in: their files sit at the folder's top. */
  readonly homeNamespace?: string;
}

const FOLDER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Marks a chart as an output folder. */
export function registerFolder(chart: Chart, folder: AppFolder): void {
  if (!FOLDER.test(folder.folder)) throw new Error(`chart folder "${folder.folder}" must be a DNS label`);
  (chart as unknown as { [FOLDER_KEY]: AppFolder })[FOLDER_KEY] = folder;
}

const FOLDER_KEY = Symbol.for('matih-manifests.AppFolder');

/** The folder a chart renders into. */
export function folderOf(chart: Chart): AppFolder {
  const f = (chart as unknown as { [FOLDER_KEY]?: AppFolder })[FOLDER_KEY];
  if (!f) throw new Error(`chart "${chart.node.path}" was not registered as an output folder (registerFolder)`);
  return f;
}

/** One rendered file. */
export interface RenderedFile {
  /** Path relative to the output root, with `/` separators. */
  readonly path: string;
  readonly content: string;
  /** The object, as rendered (for checks that run before anything is written). */
  readonly object: Record<string, any>;
}

/**
 * Renders every ApiObject of an app into one file each:
 * `<prefix>/<folder>/<kind>-<name>.yaml`, or `<prefix>/<folder>/<namespace>/<kind>-<name>.yaml`
 * for a namespaced object outside the folder's home namespace. Two objects that would
 * share a file are an error that names both.
 */
export function renderApp(app: App, prefix: string): RenderedFile[] {
  const files: RenderedFile[] = [];
  const owners = new Map<string, string>();
  const folders = new Set<string>();
  // the charts are the app's children, in construction order (App.charts would sort a dependency graph)
  for (const chart of app.node.children.filter(Chart.isChart)) {
    const folder = folderOf(chart);
    if (folders.has(folder.folder)) throw new Error(`two charts render into the folder "${prefix}/${folder.folder}"`);
    folders.add(folder.folder);
    for (const child of chart.node.findAll()) {
      if (!ApiObject.isApiObject(child)) continue;
      const object = child.toJson();
      const ns: string | undefined = object.metadata?.namespace;
      const name: string = object.metadata?.name;
      const file = `${String(object.kind).toLowerCase()}-${name}.yaml`;
      const path = ns && ns !== folder.homeNamespace
        ? `${prefix}/${folder.folder}/${ns}/${file}`
        : `${prefix}/${folder.folder}/${file}`;
      const other = owners.get(path);
      if (other) {
        throw new Error(`${other} and ${child.node.path} both render ${path} (${object.kind} "${name}"${ns ? ` in namespace "${ns}"` : ''}): give one of them another name`);
      }
      owners.set(path, child.node.path);
      files.push({ path, content: toYaml(object, { sortKeys: true }), object });
    }
  }
  return files;
}
