/**
 * The functions load the AWS SDK through functions/commons/sdk, with `require`: the same
 * classes as the packages' own, left external to the bundle, and a bundle built as the stack
 * builds it (ESM, the createRequire banner) loads and runs its module code in a fresh process,
 * minified or not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as ClientDynamoDB from '@aws-sdk/client-dynamodb';
import * as ClientSQS from '@aws-sdk/client-sqs';
import * as LibDynamoDB from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as dynamodb from '../../functions/commons/sdk/dynamodb.ts';
import * as libDynamodb from '../../functions/commons/sdk/lib-dynamodb.ts';
import * as sqs from '../../functions/commons/sdk/sqs.ts';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/bridge-function.ts';
import { ENV, functions } from '../../infra/manifest.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'bcci-sdk-loading-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function bundle(entry: string, minify: boolean): Promise<{ file: string; text: string }> {
  const file = join(outDir, minify ? 'min' : 'plain', 'index.mjs');
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    outfile: file,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: ['@aws-sdk/*', '@smithy/*'],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint);
  expect(output?.imports.filter((imported) => imported.path.startsWith('@aws-sdk/'))).toEqual([]);
  return { file, text: readFileSync(file, 'utf8') };
}

/** Imports the bundle in a fresh Node process, where the SDK resolves from the repository's node_modules. */
function importInFreshProcess(file: string): { status: number | null; stdout: string; stderr: string } {
  const script = `const module = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(typeof module.handler);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'ap-southeast-1',
      [ENV.runtime]: 'aws',
      [ENV.tableName]: 'sdk-loading-test',
      NODE_PATH: join(ROOT, 'node_modules'),
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the AWS SDK, loaded with require', () => {
  it('gives the very classes the packages export', () => {
    expect(dynamodb.DynamoDBClient).toBe(ClientDynamoDB.DynamoDBClient);
    expect(dynamodb.TransactionCanceledException).toBe(ClientDynamoDB.TransactionCanceledException);
    expect(dynamodb.ConditionalCheckFailedException).toBe(ClientDynamoDB.ConditionalCheckFailedException);
    expect(libDynamodb.DynamoDBDocumentClient).toBe(LibDynamoDB.DynamoDBDocumentClient);
    expect(libDynamodb.TransactWriteCommand).toBe(LibDynamoDB.TransactWriteCommand);
    expect(sqs.SendMessageCommand).toBe(ClientSQS.SendMessageCommand);
  });

  it.each([
    ['minified', true],
    ['not minified', false],
  ])('stays out of a bundle built with the banner, which loads in a fresh process (%s)', async (_, minify) => {
    const { file, text } = await bundle(functions.getItem.entry, minify);
    expect(text).toContain('"@aws-sdk/lib-dynamodb"');
    const run = importInFreshProcess(file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('function');
  });
});
