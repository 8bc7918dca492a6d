/** The repository root (lib/repo.ts), for the tools. */
export { REPO_ROOT } from '../lib/repo';
