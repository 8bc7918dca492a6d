/**
 * Runs an Argo CD health script the way argo-cd v3.0.23 does (util/lua/lua.go `runLua`,
 * `ExecuteHealthLua`), in a Lua interpreter from npm (wasmoon, Lua 5.4):
 *
 * - `obj` is built as Argo CD's `decodeValue` builds it: maps become tables keyed by
 *   string, lists become sequences from 1, JSON null becomes nil;
 * - the script sees only what a custom script sees with `useOpenLibs` false: the base
 *   library, `table` and a safe `os` (`package` is left out: the script has no use for it);
 *   strings have no methods (gopher-lua sets the string metatable only with the string library);
 * - the result must be a table whose `status` is a valid health code, else Argo CD reports
 *   `Unknown` "Lua returned an invalid health status".
 *
 * Lua 5.4 accepts more syntax than gopher-lua's 5.1; the tests check the script's syntax
 * separately with luaparse in 5.1 mode.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { parse, type Chunk, type Node } from 'luaparse';

/** What a health script returned, after Argo CD's checks. */
export interface HealthResult {
  readonly status: string;
  readonly message: string;
}

const VALID = new Set(['Unknown', 'Progressing', 'Suspended', 'Healthy', 'Degraded', 'Missing']);

/** A Lua string literal for any text. */
function luaString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (code < 0x20 || code === 0x7f) out += `\\${code}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A Lua table constructor for a JSON value, as Argo CD's decodeValue would build it. */
function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no JSON number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return luaString(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `[${luaString(k)}] = ${luaLiteral(v)}`).join(', ')}}`;
}

/** A Lua engine, in a worker thread (lua-worker.js), that runs health scripts in Argo CD's sandbox. Close it when done. */
export class ArgoLua {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: HealthResult) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; status?: string; message?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve({ status: m.status as string, message: m.message as string });
    });
  }

  /** Starts the worker and its Lua 5.4 engine (about 100 ms). */
  static async create(): Promise<ArgoLua> {
    const worker = new Worker(path.join(__dirname, 'lua-worker.js'));
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { ready: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
      worker.once('error', reject);
    });
    return new ArgoLua(worker);
  }

  /** Runs `script` on `obj`; throws on a Lua error or a non-table result, like Argo CD. */
  async health(script: string, obj: unknown): Promise<HealthResult> {
    const id = this.next++;
    const result = await new Promise<HealthResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, script, objLiteral: luaLiteral(obj) });
    });
    return VALID.has(result.status) ? result : { status: 'Unknown', message: 'Lua returned an invalid health status' };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The globals a custom health script may use in Argo CD's sandbox (base library, table, os; obj). */
const SANDBOX_GLOBALS = new Set(['obj', 'assert', 'error', 'ipairs', 'next', 'pairs', 'pcall', 'rawequal', 'rawget', 'rawset', 'select',
  'setmetatable', 'getmetatable', 'tonumber', 'tostring', 'type', 'unpack', 'xpcall', 'table', 'os', 'hs']);

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (node === null || typeof node !== 'object') return;
  if (typeof (node as Node).type === 'string') visit(node as Node);
  for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value, visit);
}

/**
 * What in a script Argo CD's sandbox would refuse, read from its Lua 5.1 syntax tree: globals
 * outside the sandbox (`global string`) and method calls on values (`method call upper`),
 * which gopher-lua's strings do not have without the string library.
 */
export function sandboxViolations(script: string): string[] {
  // with scope: true luaparse lists the free names (globals), which its types leave out
  const chunk = parse(script, { luaVersion: '5.1', scope: true }) as Chunk & { globals?: Array<{ name: string }> };
  const out = [...new Set((chunk.globals ?? []).map((g) => g.name))].filter((g) => !SANDBOX_GLOBALS.has(g)).map((g) => `global ${g}`);
  walk(chunk.body, (n) => {
    if ((n.type === 'CallExpression' || n.type === 'StringCallExpression' || n.type === 'TableCallExpression') && n.base.type === 'MemberExpression' && n.base.indexer === ':') {
      out.push(`method call ${n.base.identifier.name}`);
    }
  });
  return out;
}
