/**
 * `npm run synth` — synthesises every stage with the CDK CLI, each into its own cloud assembly
 * (`cdk.out/<stage>`), and stops at the first that fails (a cdk-nag finding fails synth).
 * Arguments after `--` reach every `cdk synth`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CONTEXT } from '../infra/app.ts';
import { PROJECT_ROOT } from '../infra/constructs/bridge-function.ts';
import { STAGES } from '../infra/stages.ts';

const cdk = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk');
for (const stage of STAGES) {
  const outdir = path.join('cdk.out', stage);
  process.stdout.write(`synth: ${stage} → ${outdir}\n`);
  const synth = spawnSync(
    cdk,
    [
      'synth',
      '--quiet',
      '--context',
      `${CONTEXT.stage}=${stage}`,
      '--output',
      outdir,
      ...process.argv.slice(2),
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (synth.status !== 0) {
    process.stderr.write(`synth: the ${stage} stage failed\n`);
    process.exit(synth.status ?? 1);
  }
}
