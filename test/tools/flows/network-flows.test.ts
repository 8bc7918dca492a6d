/**
 * The NetworkPolicy evaluator against the API's definition of empty lists: a rule whose
 * `from`/`to` or `ports` is missing or empty admits every peer or every port ("If this field
 * is empty or missing, this rule matches all sources/destinations/ports").
 */
import { allowedFlows, type PodGroup } from '../../../tools/flows/network-flows';

const pod = (name: string, namespace: string, port: number): PodGroup => ({
  id: `${namespace}/${name}`,
  namespace,
  labels: { app: name },
  ports: [{ port, protocol: 'TCP' }],
});
const PODS = [pod('client', 'a', 1000), pod('other', 'b', 2000), pod('server', 'a', 8080)];

/** Deny everything in both namespaces, then one ingress rule for the server. */
function withServerIngress(rule: Record<string, unknown>) {
  const deny = (ns: string) => ({
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace: ns },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  const server = {
    kind: 'NetworkPolicy',
    metadata: { name: 'server', namespace: 'a' },
    spec: { podSelector: { matchLabels: { app: 'server' } }, ingress: [rule] },
  };
  return [deny('a'), deny('b'), server];
}
const intoServer = (rule: Record<string, unknown>) => allowedFlows(withServerIngress(rule), PODS).filter((f) => f.to === 'a/server');
const ALL = [
  { from: 'a/client', to: 'a/server', port: '8080/TCP' },
  { from: 'b/other', to: 'a/server', port: '8080/TCP' },
];

describe('empty and missing lists in NetworkPolicy rules', () => {
  test.each([
    ['missing from and ports', {}],
    ['empty from', { from: [] }],
    ['empty ports', { ports: [] }],
    ['empty from and ports', { from: [], ports: [] }],
  ])('%s admit every peer on every port', (_name, rule) => {
    expect(intoServer(rule)).toEqual(ALL);
  });

  test('a peer list with an item admits only what it selects, and a port list only its ports', () => {
    expect(intoServer({ from: [{ podSelector: {} }] })).toEqual([ALL[0]]);
    expect(intoServer({ ports: [{ port: 9090 }] })).toEqual([]);
  });
});
