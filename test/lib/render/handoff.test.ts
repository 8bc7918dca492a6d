import { App } from 'cdk8s';
import { KubeConfigMap } from '../../../imports/k8s';
import { onPhase, Phase } from '../../../lib/phases';
import { FolderChart, HandoffFile, renderApp } from '../../../lib/render/render';

describe('hand-off files', () => {
  test('render to <prefix>/bootstrap/<file> after every phase ran, marked as no manifest', () => {
    const app = new App();
    const chart = new FolderChart(app, 'c', { folder: 'aks/app' });
    const seen: string[] = [];
    new HandoffFile(app, 'values', { file: 'values.yaml', content: () => ({ names: [...seen] }) });
    onPhase(chart, Phase.DESCRIBE, () => {
      seen.push('late');
      new KubeConfigMap(chart, 'cm', { metadata: { name: 'cm', namespace: 'ns' } });
    });
    const files = renderApp(app, 'prod');
    expect(files.map((f) => [f.path, f.handoff ?? false])).toEqual([
      ['prod/aks/app/ns/configmap-cm.yaml', false],
      ['prod/bootstrap/values.yaml', true],
    ]);
    expect(files[1].content).toBe('names:\n  - late\n');
  });

  test("the hand-off folder is no cluster's, and a file name is a DNS label ending in .yaml", () => {
    const app = new App();
    new FolderChart(app, 'c', { folder: 'bootstrap/app' });
    expect(() => renderApp(app, 'prod')).toThrow(/under the hand-off folder bootstrap\//);
    expect(() => new HandoffFile(new App(), 'x', { file: '../values.yaml', content: () => ({}) })).toThrow(/must be a DNS label ending in \.yaml/);
  });
});
