import { App, Chart } from 'cdk8s';
import { cidrPeerAnnotations, isDefaultRoute } from '../../../lib/network/network-policy';
import { ServiceWorkload } from '../../../lib/workload/service-workload';
import { objects } from '../../helpers';

describe('a peer that opens the internet says why', () => {
  test('default routes need a reason, recorded as an annotation; narrower ranges need none', () => {
    expect(isDefaultRoute('0.0.0.0/0')).toBe(true);
    expect(isDefaultRoute('::/0')).toBe(true);
    expect(isDefaultRoute('10.0.0.0/8')).toBe(false);
    expect(() => cidrPeerAnnotations({ name: 'internet', cidr: '0.0.0.0/0' })).toThrow(
      'network peer "internet" (0.0.0.0/0) opens the internet: say why in its reason',
    );
    expect(cidrPeerAnnotations({ name: 'internet', cidr: '0.0.0.0/0', reason: 'Key Vault' })).toEqual({ 'matih.ai/internet-egress-reason': 'Key Vault' });
    expect(cidrPeerAnnotations({ name: 'db', cidr: '10.9.0.0/16' })).toBeUndefined();
  });

  test("a workload's policy towards the internet carries the reason", () => {
    const chart = new Chart(new App(), 'c');
    const api = new ServiceWorkload(chart, 'api', {
      name: 'api',
      namespace: 'shop',
      image: { repository: 'r/api', tag: '1.0.0' },
      ports: [{ name: 'http', port: 8080 }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
      replicas: 1,
      nodePool: { name: 'apps' },
    } as never);
    api.allowEgressToCidr({ name: 'azure', cidr: '0.0.0.0/0', except: ['10.0.0.0/16'], reason: 'Azure OpenAI' }, [{ port: 443 }]);
    const policy = objects(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-api-to-azure');
    expect(policy.metadata.annotations).toEqual({ 'matih.ai/internet-egress-reason': 'Azure OpenAI' });
  });
});
