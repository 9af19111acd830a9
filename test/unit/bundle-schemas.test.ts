/**
 * A function's bundle builds the schemas its own routes validate (path, query, body) and no
 * other: answers are described for the OpenAPI document only, and another route's input is
 * another function's. Built with esbuild as the stack bundles functions, without minifying.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functions } from '../../infra/manifest.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Bundle {
  readonly text: string;
  /** Inputs that put code in the bundle, relative to the repository. */
  readonly inputs: readonly string[];
  /** The `meta({ id })` of every schema the bundle defines. */
  readonly ids: ReadonlySet<string>;
}

async function bundle(entry: { file: string } | { contents: string }): Promise<Bundle> {
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*', '@smithy/*'],
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles.map((file) => file.text).join('\n');
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint);
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  const ids = new Set([...text.matchAll(/\bid: "(\w+)"/g)].map((match) => match[1] as string));
  return { text, inputs, ids };
}

const zodInputs = (inputs: readonly string[]) => inputs.filter((path) => path.includes('node_modules/zod/'));

describe('schemas in function bundles', () => {
  it('are all left out where nothing reads them: the route constants alone build none', async () => {
    const { inputs } = await bundle({
      contents: "import './schemas/routes.ts';\nimport './schemas/problems.ts';\n",
    });
    expect(inputs.filter((path) => path.startsWith('schemas/'))).toEqual([]);
    expect(zodInputs(inputs)).toEqual([]);
  });

  it("are, in registerDossier's bundle, its body's only: no answer, no other route's input", async () => {
    const { ids } = await bundle({ file: functions.registerDossier.entry });
    expect([...ids]).toEqual(expect.arrayContaining(['RegisterDossierRequest', 'AgencyCode', 'DossierCode']));
    for (const id of [
      'RegisterDossierResponse',
      'DossierView',
      'Dossier',
      'Quote',
      'Problem',
      'ScanBatch',
      'AgencyDecision',
      'CreateManifest',
      'BankStatement',
    ]) {
      expect(ids.has(id), id).toBe(false);
    }
  });

  it('are none in the bundle of a route that takes no input: no zod at all', async () => {
    const { inputs, ids } = await bundle({ file: functions.health.entry });
    expect(zodInputs(inputs)).toEqual([]);
    expect([...ids]).toEqual([]);
  });
});
