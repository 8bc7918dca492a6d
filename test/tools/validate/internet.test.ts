import { formatExposure, internetReport } from '../../../tools/validate';
import { cleanPlus, found, validate } from './fixture';

/** A NetworkPolicy opening `cidr` to the fixture's api pods, in `direction`. */
function opening(cidr: string, direction: 'egress' | 'ingress', annotations?: Record<string, string>) {
  const peer = { ipBlock: { cidr, except: ['10.0.0.0/16'] } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `open-${direction}`, namespace: 'shop', ...(annotations ? { annotations } : {}) },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      policyTypes: [direction === 'egress' ? 'Egress' : 'Ingress'],
      [direction]: [{ [direction === 'egress' ? 'to' : 'from']: [peer], ports: [{ port: 443, protocol: 'TCP' }] }],
    },
  };
}

describe('NetworkPolicies that open the internet', () => {
  test('one without a reason is a problem naming the workloads it applies to', () => {
    const problems = validate(cleanPlus(opening('0.0.0.0/0', 'egress'), opening('::/0', 'ingress')));
    expect(found(problems).filter((p) => p.includes('netpol/internet'))).toEqual([
      'NetworkPolicy/open-egress: netpol/internet-egress',
      'NetworkPolicy/open-ingress: netpol/internet-ingress',
    ]);
    expect(problems.find((p) => p.rule === 'netpol/internet-egress')!.message).toBe(
      'lets Deployment/shop/api reach 0.0.0.0/0 except 10.0.0.0/16 on 443/TCP, without saying why: annotate it matih.ai/internet-egress-reason with the reason, or narrow it',
    );
  });

  test('with its reason it passes, and the report lists it with its workloads', () => {
    const objects = cleanPlus(opening('0.0.0.0/0', 'egress', { 'matih.ai/internet-egress-reason': 'Azure Key Vault' }));
    expect(found(validate(objects)).filter((p) => p.includes('netpol/internet'))).toEqual([]);
    expect(internetReport(objects).map(formatExposure)).toEqual([
      'dist/test/networkpolicy-open-egress.yaml: NetworkPolicy/shop/open-egress: egress 0.0.0.0/0 except 10.0.0.0/16 on 443/TCP → Deployment/shop/api: Azure Key Vault',
    ]);
  });

  test('a narrower range or the reason of the other direction does not count', () => {
    expect(internetReport(cleanPlus(opening('20.50.30.4/32', 'egress')))).toEqual([]);
    const wrong = validate(cleanPlus(opening('0.0.0.0/0', 'egress', { 'matih.ai/internet-ingress-reason': 'x' })));
    expect(found(wrong).filter((p) => p.includes('netpol/internet'))).toEqual(['NetworkPolicy/open-egress: netpol/internet-egress']);
  });

  test.each([
    ['egress', 'no to', { ports: [{ port: 443, protocol: 'TCP' }] }],
    ['egress', 'an empty to', { to: [], ports: [{ port: 443, protocol: 'TCP' }] }],
    ['ingress', 'an empty from', { from: [] }],
  ] as const)('a rule with %s and %s admits every address: it opens the internet too', (direction, _how, rule) => {
    const policy = opening('0.0.0.0/0', direction);
    (policy.spec as Record<string, unknown>)[direction] = [rule];
    const problems = validate(cleanPlus(policy));
    expect(found(problems).filter((p) => p.includes('netpol/internet'))).toEqual([`NetworkPolicy/open-${direction}: netpol/internet-${direction}`]);
    expect(problems.find((p) => p.rule === `netpol/internet-${direction}`)!.message).toContain('every address (a rule without peers)');
  });
});
