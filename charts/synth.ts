/**
 * Renders environments to files in memory. Nothing is written here: main.ts writes only
 * after every environment rendered without error.
 */
import { EnvironmentName, loadEnvironment } from '../config';
import { renderApp, RenderedFile } from '../lib/render';
import { buildPlatform } from './platform';

/** Loads, validates, builds and renders each environment into `<env>/<folder>/<file>.yaml`. */
export function renderEnvironments(envs: readonly EnvironmentName[], readFile: (path: string) => string): RenderedFile[] {
  const files: RenderedFile[] = [];
  for (const name of envs) {
    const env = loadEnvironment(name, readFile);
    files.push(...renderApp(buildPlatform(env), name));
  }
  return files;
}
