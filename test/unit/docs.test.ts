import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest.ts';
import { OPENAPI_DOCUMENT_PATH, openApiDocumentText } from '../../scripts/openapi.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

/** Folders of the repository itself: not hidden, not ignored by git (dependencies, build output, data). */
const ignored = read('.gitignore')
  .split('\n')
  .map((line) => line.trim().replace(/\/$/, ''))
  .filter((line) => line !== '' && !line.startsWith('#'));
const foldersOf = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !ignored.includes(entry.name))
    .map((entry) => entry.name);

describe('the documentation', () => {
  it('keeps docs/openapi.json equal to the document the schemas generate (npm run openapi -- --write)', () => {
    expect(readFileSync(OPENAPI_DOCUMENT_PATH, 'utf8')).toBe(openApiDocumentText());
  });

  it.each(
    manifest.routes.map((route) => `${route.method} ${route.path}`),
  )('lists %s in docs/api.md', (route) => {
    expect(read('docs/api.md')).toContain(`\`${route}\``);
  });

  it.each(DOCS)('%s links only to files inside the repository that exist', (file) => {
    const links = [...read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1] as string);
    const local = links.filter((link) => !/^[a-z]+:/.test(link));
    for (const link of local) {
      const target = path.resolve(ROOT, path.dirname(file), link);
      expect(target.startsWith(`${ROOT}${path.sep}`), `${file} → ${link}`).toBe(true);
      expect(statSync(target, { throwIfNoEntry: false }), `${file} → ${link}`).toBeDefined();
    }
    expect(read(file)).not.toMatch(/\.\.\/shared|\/work\//);
  });

  it('names every top-level folder and every functions/ folder in the README layout', () => {
    const readme = read('README.md');
    const layout = readme.slice(readme.indexOf('## Layout'));
    for (const folder of foldersOf('.')) expect(layout, folder).toContain(`${folder}/`);
    for (const folder of foldersOf('functions')) expect(layout, folder).toContain(`functions/${folder}/`);
  });

  it('links every page of docs/ from the README', () => {
    const readme = read('README.md');
    for (const page of DOCS.filter((file) => file.startsWith('docs/')))
      expect(readme).toContain(`](${page})`);
  });
});
