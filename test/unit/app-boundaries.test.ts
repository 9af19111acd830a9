/**
 * Where the use cases may reach: `functions/app` imports only the domain, itself, zod (the
 * message schemas) and Node's built-ins, never an adapter, AWS or HTTP; and no HTTP handler or
 * consumer imports another one (shared parts live in app/, adapters/ or commons/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Every module a file imports (statically or dynamically), relative ones resolved from the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1] ?? '');
  return specifiers.map((specifier) =>
    specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier,
  );
}

describe('the use cases', () => {
  it('import only the domain, themselves, zod and Node built-ins', () => {
    const files = filesUnder('functions/app');
    expect(files.length).toBeGreaterThan(10);
    const strays = files.flatMap((file) =>
      importsOf(file)
        .filter(
          (target) =>
            !target.startsWith('functions/domain/') &&
            !target.startsWith('functions/app/') &&
            target !== 'zod' &&
            !target.startsWith('node:'),
        )
        .map((target) => `${file} → ${target}`),
    );
    expect(strays).toEqual([]);
  });
});

describe('handlers and consumers', () => {
  it('never import one another', () => {
    const entries = [...filesUnder('functions/http'), ...filesUnder('functions/events')];
    const crossings = entries.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('functions/http/') || target.startsWith('functions/events/'))
        .map((target) => `${file} → ${target}`),
    );
    expect(crossings).toEqual([]);
  });
});
