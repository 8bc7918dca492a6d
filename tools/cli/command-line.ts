/**
 * The command-line conventions every CLI of the repository follows: arguments parsed by
 * Node's `util.parseArgs` (`--flag value` and `--flag=value`), `--help` prints the usage to
 * stdout and exits 0, an unknown flag or a bad value prints the problem and the usage to
 * stderr and exits 2.
 */
import { parseArgs, type ParseArgsConfig } from 'util';

/** The flags of a command, as `util.parseArgs` takes them. */
export type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A command's usage text and the flags it takes. */
export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The usage text: a first line `usage: ...`, then one line per flag. */
  readonly usage: string;
  readonly options: O;
  /** How many positional arguments the command takes. @default none */
  readonly positionals?: { readonly min?: number; readonly max: number };
}

/** What {@link parseCommandLine} returns for a valid command line. */
export interface ParsedCommandLine<O extends ParseArgsOptionsConfig> {
  readonly values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  readonly positionals: readonly string[];
}

/** Thrown by a command for a usage mistake found after parsing (a bad value); exits 2 with the usage. */
export class UsageError extends Error {}

/** Where a command writes. */
export interface Output {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The process's own streams. */
export const PROCESS_OUTPUT: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Parses `argv` against `spec`. Returns the parsed flags, or the exit code when the command
 * must stop here: 0 after printing the usage for `--help`, 2 after printing the problem and
 * the usage for a mistake.
 */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(
  name: string,
  argv: readonly string[],
  spec: CommandSpec<O>,
  out: Output = PROCESS_OUTPUT,
): ParsedCommandLine<O> | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.stdout(`${spec.usage}\n`);
    return 0;
  }
  try {
    const parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: true, strict: true });
    const { min = 0, max } = spec.positionals ?? { max: 0 };
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      const what = max === 0 ? 'no arguments' : min === max ? `${max} argument${max === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
      throw new UsageError(`expected ${what}, got ${parsed.positionals.length ? parsed.positionals.map((p) => JSON.stringify(p)).join(' ') : 'none'}`);
    }
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (e) {
    return usageError(name, e, spec.usage, out);
  }
}

/** Prints a usage mistake and the usage; returns exit code 2. */
export function usageError(name: string, error: unknown, usage: string, out: Output = PROCESS_OUTPUT): number {
  // errors from Node's own modules may come from another realm (jest), so no instanceof
  const message = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : String(error);
  out.stderr(`${name}: ${message}\n${usage}\n`);
  return 2;
}
