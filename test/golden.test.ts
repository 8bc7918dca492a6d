import * as fs from 'fs';
import * as path from 'path';
import { renderEnvironments } from '../tools/synth';
import { ENVIRONMENTS } from '../config';
import { listFiles, readRepoFile, ROOT } from './files';

describe('the committed dist/ (golden files)', () => {
  test('is exactly what the code renders now', () => {
    const rendered = new Map(renderEnvironments(ENVIRONMENTS, readRepoFile).map((f) => [f.path, f.content]));
    const dist = path.join(ROOT, 'dist');
    const committed = listFiles(dist).filter((f) => ENVIRONMENTS.some((e) => f.startsWith(`${e}/`)));
    const problems: string[] = [];
    for (const file of committed) {
      if (!rendered.has(file)) problems.push(`stale (no longer rendered): dist/${file}`);
      else if (fs.readFileSync(path.join(dist, file), 'utf8') !== rendered.get(file)) problems.push(`differs: dist/${file}`);
    }
    for (const file of rendered.keys()) {
      if (!committed.includes(file)) problems.push(`missing: dist/${file}`);
    }
    if (problems.length > 0) {
      throw new Error(
        `dist/ is stale: run 'npm run synth' and commit dist/.\n${problems.slice(0, 40).join('\n')}${problems.length > 40 ? `\n... and ${problems.length - 40} more` : ''}`,
      );
    }
    expect(problems).toEqual([]);
  });

  test('holds nothing but the environments', () => {
    expect(fs.readdirSync(path.join(ROOT, 'dist')).sort()).toEqual([...ENVIRONMENTS].sort());
  });
});
