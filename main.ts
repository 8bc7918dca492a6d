/**
 * The synth: `npm run synth [-- --env <name>]... [--out <dir>] [--config <dir>] [--timings]`,
 * and the app `cdk8s.yaml` runs. Renders every environment (or the ones named) into
 * `dist/<env>/<cluster>/<app>/`; the command lives in tools/cli/synth.ts.
 */
export { main } from './tools/cli/synth';
