import { describe, expect, it } from 'vitest';
import { createLambdaContext, FunctionHost } from '../../infra/local/functions.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import { checkJava, parseJavaMajorVersion } from '../../infra/local/services.ts';
import { fixtureManifest } from '../e2e/fixtures/manifest.ts';

describe('the Lambda context', () => {
  it('names the function as deployed and counts down to its deadline', () => {
    const context = createLambdaContext(
      'echo',
      { entry: 'x.ts', memoryMb: 512, timeoutSeconds: 10 },
      Date.now() + 10_000,
      'req-1',
    );
    expect(context).toMatchObject({
      functionName: 'bcci-bridge-echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:bcci-bridge-echo',
      memoryLimitInMB: '512',
      awsRequestId: 'req-1',
      logGroupName: '/aws/lambda/bcci-bridge-echo',
    });
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(9_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(10_000);
  });
});

describe('the function host', () => {
  const host = new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT });

  it('reports a thrown error and a timeout as outcomes, never as exceptions', async () => {
    expect((await host.invoke('throws', {})).status).toBe('failed');
    const slow = await host.invoke('slow', {});
    expect(slow).toMatchObject({ status: 'timed-out', timeoutMs: 1_000 });
  });

  it('refuses a function the manifest does not name', async () => {
    expect(() => host.spec('nope')).toThrow(/nope/);
  });
});

describe('the Java check', () => {
  it('reads the major version of old and new version strings', () => {
    expect(parseJavaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajorVersion('java version "1.8.0_292"')).toBe(8);
    expect(parseJavaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajorVersion('nothing here')).toBeUndefined();
  });

  it('says in one line what to do when java is missing', () => {
    expect(() => checkJava('/nonexistent/bin/java')).toThrow(
      /^Java 17\+ is required for DynamoDB Local: install a JDK 17 \(e\.g\. apt-get install openjdk-17-jre-headless\) and retry/,
    );
    try {
      checkJava('/nonexistent/bin/java');
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
