/**
 * What tests of any part share without loading the platform: the repository's files and
 * running a command in process. Chart tests use ./helpers.ts, which builds environments.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');

export function readRepoFile(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
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

/** What a command printed and returned. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command's `main` in this process, from `cwd`, capturing what it prints (the
 * commands take their output streams as a parameter, so nothing reaches the real ones).
 */
export function runCli(
  main: (argv: readonly string[], out: { stdout: (t: string) => void; stderr: (t: string) => void }) => number,
  argv: readonly string[],
  options: { readonly cwd?: string } = {},
): CliRun {
  let stdout = '';
  let stderr = '';
  const before = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const status = main(argv, {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
    });
    return { status, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}
