/** Helpers for the graph and deprecation tests: hand-written manifest trees in temporary folders. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Writes `files` (relative path → text) under a new temporary folder and returns the folder. */
export function writeTree(files: Record<string, string>, prefix = 'matih-tools-test-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

/** A minimal object of `kind` as YAML. */
export function manifest(apiVersion: string, kind: string, name: string, namespace?: string, rest = ''): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}${rest}`;
}
