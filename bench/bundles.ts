/**
 * Every Lambda bundle of the manifest, built with esbuild as BridgeFunction builds it
 * (infra/constructs/bridge-function.ts: ESM, minified, node24, the SDK v3 external, the
 * createRequire banner, source maps without sources, a metafile), into .bench/bundles/<name>/.
 * For each: the minified size from the metafile, and the median time a fresh Node process
 * takes to import it (10 interleaved rounds, with the environment the function has in AWS and
 * dummy values for what it reads at import), beside the time to load its SDK packages alone.
 * Document renderers ship their fonts beside the bundle (assets/), as the construct's hook
 * copies them; the bench checks that no font was inlined: no .ttf among the metafile's inputs,
 * and no font's bytes in the bundle, raw or base64.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  DOCUMENT_ASSETS_DIR,
  ESM_REQUIRE_BANNER,
  PROJECT_ROOT,
} from '../infra/constructs/bridge-function.ts';
import { ENV, type FunctionSpec, functions, SERVICE_NAME } from '../infra/manifest.ts';
import { median, round } from './lib/stats.ts';
import type { Benchmark, BenchmarkOutcome, Metric } from './lib/types.ts';

export const KIB = 1024;
export const BUNDLE_BUDGET_BYTES = 350 * KIB;
export const IMPORT_BUDGET_MS = 150;
export const DOCUMENT_BUNDLE_BUDGET_BYTES = 2 * KIB * KIB;
const IMPORT_RUNS = 10;
const OUT_DIR = join(PROJECT_ROOT, '.bench', 'bundles');

/** BridgeFunction's bundling options; a check below fails if the construct stops saying the same. */
const EXTERNALS = ['@aws-sdk/*', '@smithy/*'];

function constructDrift(): string[] {
  const source = readFileSync(join(PROJECT_ROOT, 'infra/constructs/bridge-function.ts'), 'utf8');
  const expected = [
    'banner: ESM_REQUIRE_BANNER',
    "externalModules: ['@aws-sdk/*', '@smithy/*']",
    'format: OutputFormat.ESM',
    'minify: true',
    "mainFields: ['module', 'main']",
    'Runtime.NODEJS_24_X',
    'sourcesContent: false',
    "...(props.sourceMapStackTraces ? { NODE_OPTIONS: '--enable-source-maps' } : {})",
  ];
  return expected.filter((text) => !source.includes(text));
}

/** What the function's module may read at import in AWS: Lambda's own variables and the stack's. */
function lambdaEnvironment(name: string, spec: FunctionSpec): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: 'ap-southeast-1',
    AWS_DEFAULT_REGION: 'ap-southeast-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: `${SERVICE_NAME}-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: SERVICE_NAME,
    [ENV.runtime]: 'aws',
    [ENV.tableName]: 'bench-table',
    [ENV.bucketName]: 'bench-bucket',
    [ENV.queueUrl('notifications')]: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/notifications',
    [ENV.deliveryCodeSecretArn]: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:bench',
    [ENV.trackingBaseUrl]: 'https://bcci-bridge.example/v1',
  };
}

/** What a fresh process loads: ES modules by `import`, CommonJS packages by `require`, in that order. */
interface ImportList {
  readonly imports: readonly string[];
  readonly requires: readonly string[];
}

/** Milliseconds a fresh Node process, started in `cwd`, spends loading `list` one after the other. */
function importTime(list: ImportList, env: Record<string, string>, cwd: string): number {
  const imports = list.imports.map((specifier) => `await import(${JSON.stringify(specifier)});`).join(' ');
  const requires =
    list.requires.length > 0
      ? `const { createRequire } = await import('node:module'); const require = createRequire(${JSON.stringify(pathToFileURL(join(cwd, 'index.mjs')).href)}); ${list.requires.map((specifier) => `require(${JSON.stringify(specifier)});`).join(' ')}`
      : '';
  const script = `const started = process.hrtime.bigint(); ${imports} ${requires} process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(
      `loading ${[...list.imports, ...list.requires].join(', ')} failed (${run.status}): ${run.stderr.slice(0, 400)}`,
    );
  }
  return ms;
}

const SDK_MODULE = /^functions\/commons\/sdk\/(?!require\.ts$)[^/]+\.ts$/;

/**
 * The SDK packages a bundle loads with `requireSdk('<package>')`: at import, those of the
 * functions/commons/sdk modules esbuild put in it; on first need, those other modules require
 * inside a function (functions/commons/secrets.ts).
 */
function requiredSdkPackages(inputs: readonly string[]): { atImport: string[]; onDemand: string[] } {
  const required = (input: string) =>
    [...readFileSync(join(PROJECT_ROOT, input), 'utf8').matchAll(/requireSdk\('([^']+)'\)/g)].map(
      (match) => match[1] as string,
    );
  const ours = inputs.filter((input) => input.startsWith('functions/'));
  const atImport = [...new Set(ours.filter((input) => SDK_MODULE.test(input)).flatMap(required))].sort();
  const onDemand = [...new Set(ours.filter((input) => !SDK_MODULE.test(input)).flatMap(required))]
    .filter((path) => !atImport.includes(path))
    .sort();
  return { atImport, onDemand };
}

interface FontCheck {
  readonly inputs: string[];
  readonly embedded: string[];
  readonly beside: string[];
}

function checkFonts(bundleFile: string, inputs: readonly string[], outDir: string): FontCheck {
  const bundle = readFileSync(bundleFile);
  const bundleText = bundle.toString('latin1');
  const fonts = readdirSync(join(PROJECT_ROOT, DOCUMENT_ASSETS_DIR)).filter((file) => file.endsWith('.ttf'));
  const embedded = fonts.filter((font) => {
    const bytes = readFileSync(join(PROJECT_ROOT, DOCUMENT_ASSETS_DIR, font));
    // 48 bytes from inside the font: raw, or as the base64 esbuild's binary/dataurl loaders write.
    const slice = bytes.subarray(1024, 1072);
    return bundle.includes(slice) || bundleText.includes(bytes.subarray(0, 48).toString('base64'));
  });
  let beside: string[] = [];
  try {
    beside = readdirSync(join(outDir, 'assets')).filter((file) => file.endsWith('.ttf'));
  } catch {
    beside = [];
  }
  return { inputs: inputs.filter((input) => input.endsWith('.ttf')), embedded, beside };
}

interface BuiltBundle {
  readonly name: string;
  readonly spec: FunctionSpec;
  readonly outfile: string;
  readonly outDir: string;
  readonly bytes: number;
  readonly inputs: Record<string, { bytesInOutput: number }>;
  readonly metafileInputs: string[];
  /** The external SDK packages the bundle imports (left to the Lambda runtime). */
  readonly sdk: string[];
  /** How the bundle loads them: through functions/commons/sdk (require), or imported by a dependency. */
  readonly sdkLoad: ImportList;
  /** SDK packages the bundle imports only when it first needs them. */
  readonly sdkOnDemand: string[];
  readonly env: Record<string, string>;
}

async function buildBundle(name: string, spec: FunctionSpec): Promise<BuiltBundle> {
  const outDir = join(OUT_DIR, name);
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, spec.entry)],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    outfile,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: EXTERNALS,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.metafile.outputs[relative(PROJECT_ROOT, outfile)];
  if (!output) throw new Error(`esbuild's metafile has no entry for ${outfile}`);
  if (spec.rendersDocuments)
    cpSync(join(PROJECT_ROOT, DOCUMENT_ASSETS_DIR), join(outDir, 'assets'), { recursive: true });
  const sdkImports = (kind: 'import-statement' | 'dynamic-import') => [
    ...new Set(
      output.imports
        .filter((entry) => entry.external && entry.kind === kind && entry.path.startsWith('@aws-sdk/'))
        .map((entry) => entry.path),
    ),
  ];
  const required = requiredSdkPackages(Object.keys(output.inputs));
  const sdkRequired = required.atImport;
  const sdkImported = sdkImports('import-statement').filter((path) => !sdkRequired.includes(path));
  const sdk = [...sdkRequired, ...sdkImported].sort();
  const sdkOnDemand = [...new Set([...sdkImports('dynamic-import'), ...required.onDemand])].filter(
    (path) => !sdk.includes(path),
  );
  return {
    name,
    spec,
    outfile,
    outDir,
    bytes: output.bytes,
    inputs: output.inputs,
    metafileInputs: Object.keys(result.metafile.inputs),
    sdk,
    sdkLoad: { imports: sdkImported, requires: sdkRequired },
    sdkOnDemand,
    env: lambdaEnvironment(name, spec),
  };
}

/** One thing to import in a fresh process: a bundle, or the SDK packages a bundle leaves external. */
interface ImportSubject {
  readonly key: string;
  readonly list: ImportList;
  readonly env: Record<string, string>;
  readonly cwd: string;
}

/**
 * IMPORT_RUNS rounds, each importing every subject once, in an order rotated from round to
 * round: a passing slowdown of the machine costs each subject a run or two, which the median
 * discards, instead of every run of whichever subject it happened to fall on. Nothing is built
 * while imports are timed.
 */
function importRounds(
  subjects: readonly ImportSubject[],
  log: (line: string) => void,
): Map<string, number[]> {
  const times = new Map<string, number[]>(subjects.map((subject) => [subject.key, []]));
  for (let round = 0; round < IMPORT_RUNS; round += 1) {
    const offset = Math.floor((round * subjects.length) / IMPORT_RUNS);
    for (let index = 0; index < subjects.length; index += 1) {
      const subject = subjects[(index + offset) % subjects.length] as ImportSubject;
      times.get(subject.key)?.push(importTime(subject.list, subject.env, subject.cwd));
    }
    log(`import round ${round + 1} of ${IMPORT_RUNS} done`);
  }
  return times;
}

const sdkKey = (sdk: readonly string[]): string => `sdk:${sdk.join(' ')}`;

export const bundles: Benchmark = {
  id: 'bundles',
  title: 'Lambda bundles (esbuild as BridgeFunction) and cold import',
  timeLimitMs: 6 * 60_000,
  async run({ log }): Promise<BenchmarkOutcome> {
    const drift = constructDrift();
    rmSync(OUT_DIR, { recursive: true, force: true });
    const built: BuiltBundle[] = [];
    for (const [name, spec] of Object.entries(functions) as [string, FunctionSpec][]) {
      built.push(await buildBundle(name, spec));
    }
    // Each bundle, and once each distinct set of SDK packages the bundles leave external: the
    // part of a function's import that is the runtime's SDK, measured in the same rounds.
    const subjects: ImportSubject[] = built.map((bundle) => ({
      key: bundle.name,
      list: { imports: [pathToFileURL(bundle.outfile).href], requires: [] },
      env: bundle.env,
      cwd: bundle.outDir,
    }));
    for (const bundle of built) {
      const key = sdkKey(bundle.sdk);
      if (bundle.sdk.length > 0 && !subjects.some((subject) => subject.key === key))
        subjects.push({ key, list: bundle.sdkLoad, env: bundle.env, cwd: bundle.outDir });
    }
    // The largest plain bundle (the largest source map) once more with run-time source maps,
    // which a deployment may switch on (BridgeFunctionProps.sourceMapStackTraces).
    const largestPlain = built
      .filter((bundle) => !bundle.spec.rendersDocuments)
      .reduce((worst, bundle) => (bundle.bytes > worst.bytes ? bundle : worst));
    const withMapsKey = `source-maps:${largestPlain.name}`;
    subjects.push({
      key: withMapsKey,
      list: { imports: [pathToFileURL(largestPlain.outfile).href], requires: [] },
      env: { ...largestPlain.env, NODE_OPTIONS: '--enable-source-maps' },
      cwd: largestPlain.outDir,
    });
    const times = importRounds(subjects, log);
    const timesOf = (key: string): number[] => times.get(key) ?? [];
    const sdkMedian = (sdk: readonly string[]): number => (sdk.length > 0 ? median(timesOf(sdkKey(sdk))) : 0);

    const rows: (string | number)[][] = [];
    const failures: string[] = [];
    const plain: {
      name: string;
      bytes: number;
      importMs: number;
      sdk: string[];
      sdkMs: number;
      /** Bytes of the bundle by package: what our own imports cost. */
      packages: [string, number][];
    }[] = [];
    const documents: { name: string; bytes: number; importMs: number; fonts: FontCheck }[] = [];
    for (const bundle of built) {
      const { name, spec, bytes } = bundle;
      const runs = timesOf(name);
      const importMs = median(runs);
      const fastestMs = Math.min(...runs);
      const sdkMs = sdkMedian(bundle.sdk);
      const short = (path: string) => path.replace('@aws-sdk/', '').replace('client-', '');
      const sdkText =
        [
          bundle.sdk.map(short).join(' '),
          bundle.sdkOnDemand.length > 0 ? `(${bundle.sdkOnDemand.map(short).join(' ')} on demand)` : '',
        ]
          .filter(Boolean)
          .join(' ') || '—';
      const kib = bytes / KIB;
      const row = (kind: string, budget: string, ok: boolean) => {
        if (!ok) failures.push(name);
        rows.push([
          name,
          kind,
          round(kib, 1),
          round(importMs, 1),
          round(fastestMs, 1),
          bundle.sdk.length > 0 ? round(sdkMs, 1) : '—',
          sdkText,
          budget,
          ok ? 'pass' : '**FAIL**',
        ]);
      };
      if (spec.rendersDocuments) {
        const fonts = checkFonts(bundle.outfile, bundle.metafileInputs, bundle.outDir);
        documents.push({ name, bytes, importMs, fonts });
        row(
          'documents',
          `<= 2048 KB, fonts beside (${fonts.beside.join(', ') || 'none'}), none inlined`,
          bytes <= DOCUMENT_BUNDLE_BUDGET_BYTES &&
            fonts.inputs.length === 0 &&
            fonts.embedded.length === 0 &&
            fonts.beside.length > 0,
        );
      } else {
        const packages = new Map<string, number>();
        for (const [input, { bytesInOutput }] of Object.entries(bundle.inputs)) {
          const owner = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? 'our code';
          packages.set(owner, (packages.get(owner) ?? 0) + bytesInOutput);
        }
        plain.push({
          name,
          bytes,
          importMs,
          sdk: bundle.sdk,
          sdkMs,
          packages: [...packages].sort((left, right) => right[1] - left[1]),
        });
        row(
          '',
          `<= 350 KB, <= ${IMPORT_BUDGET_MS} ms`,
          bytes <= BUNDLE_BUDGET_BYTES && importMs <= IMPORT_BUDGET_MS,
        );
      }
      log(
        `${name}: ${round(kib, 1)} KB, import median ${round(importMs, 1)} ms (${runs.map((ms) => Math.round(ms)).join(' ')})`,
      );
    }
    const largest = plain.reduce((worst, bundle) => (bundle.bytes > worst.bytes ? bundle : worst));
    const slowest = plain.reduce((worst, bundle) => (bundle.importMs > worst.importMs ? bundle : worst));
    const withoutSdk = plain.filter((bundle) => bundle.sdk.length === 0);
    const topPackages = (bundle: (typeof plain)[number]) =>
      bundle.packages
        .slice(0, 6)
        .map(([name, bytes]) => `${name} ${Math.round(bytes / KIB)} KB`)
        .join(', ');
    const metrics: Metric[] = [
      {
        id: 'largest-bundle',
        label: `largest non-document bundle (${largest.name})`,
        value: round(largest.bytes / KIB, 1),
        unit: 'KB',
        budget: { op: '<=', limit: BUNDLE_BUDGET_BYTES / KIB },
      },
      {
        id: 'slowest-import',
        label: `slowest non-document import, median of ${IMPORT_RUNS} (${slowest.name})`,
        value: round(slowest.importMs, 1),
        unit: 'ms',
        budget: { op: '<=', limit: IMPORT_BUDGET_MS },
      },
      ...documents.flatMap((document): Metric[] => [
        {
          id: `${document.name}-bundle`,
          label: `document bundle ${document.name} (import median ${round(document.importMs, 1)} ms)`,
          value: round(document.bytes / KIB, 1),
          unit: 'KB',
          budget: { op: '<=', limit: DOCUMENT_BUNDLE_BUDGET_BYTES / KIB },
        },
        {
          id: `${document.name}-fonts-inlined`,
          label: `fonts inlined in ${document.name} (shipped beside it: ${document.fonts.beside.length})`,
          value:
            document.fonts.inputs.length +
            document.fonts.embedded.length +
            (document.fonts.beside.length === 0 ? 1 : 0),
          unit: '',
          budget: { op: '<=', limit: 0 },
        },
      ]),
      {
        id: 'bundles-over-budget',
        label: `functions over their bundle budgets (of ${rows.length})`,
        value: failures.length,
        unit: '',
        budget: { op: '<=', limit: 0 },
      },
    ];
    return {
      metrics,
      tables: [
        {
          title: `Bundles (KB = 1024 bytes, minified, from esbuild's metafile; import = median of ${IMPORT_RUNS} fresh \`node\` processes, with the environment the function has in AWS)`,
          columns: [
            'function',
            'kind',
            'KB',
            'import ms (median)',
            'import ms (fastest)',
            'of which SDK alone, ms (median)',
            'SDK packages it imports (external)',
            'budget',
            'result',
          ],
          rows,
        },
      ],
      notes: [
        "Built with the esbuild of the repository and BridgeFunction's options (format esm, platform node, target node24, minify, sourcemap without sources content, main fields module,main, the createRequire banner, @aws-sdk/* and @smithy/* external). The external SDK resolves from the repository's node_modules, as in Lambda from the runtime's.",
        ...(drift.length > 0
          ? [
              `**infra/constructs/bridge-function.ts no longer says:** ${drift.join(' | ')} — the bench may build differently from the stack.`,
            ]
          : []),
        `Imports are timed after every bundle is built, in ${IMPORT_RUNS} rounds that each import every bundle once, in an order rotated from round to round, so that a passing slowdown of the machine costs each function a run or two rather than all ten of one. "SDK alone" is a fresh process loading just the SDK packages the bundle leaves external, as the bundle loads them (functions/commons/sdk requires them; a dependency's own SDK import stays an import), timed in the same rounds.`,
        `Functions run without \`--enable-source-maps\` unless deployed with \`-c bcci:sourceMapStackTraces=true\`; the maps ship beside the bundles either way. With it, the largest bundle (${largestPlain.name}) imports in ${round(median(timesOf(withMapsKey)), 1)} ms instead of ${round(median(timesOf(largestPlain.name)), 1)} ms (medians, same rounds).`,
        `Of the slowest import (${slowest.name}, ${round(slowest.importMs, 1)} ms), importing its external SDK packages alone (${slowest.sdk.join(', ') || 'none'}) takes ${round(slowest.sdkMs, 1)} ms; the rest, ${round(slowest.importMs - slowest.sdkMs, 1)} ms, is the bundle's own code.`,
        ...(withoutSdk.length > 0
          ? [
              `Bundles that import no SDK client show what our shared code costs alone: ${withoutSdk
                .map((bundle) => `${bundle.name} ${round(bundle.importMs, 1)} ms`)
                .join(
                  ', ',
                )}; ${withoutSdk[0]?.name} is mostly ${topPackages(withoutSdk[0] as (typeof plain)[number])}.`,
            ]
          : []),
        ...(failures.length > 0 ? [`Over budget: ${failures.join(', ')}.`] : []),
      ],
    };
  },
};
