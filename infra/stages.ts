/**
 * The stages the CDK app deploys. Each stage is a pair of stacks with its own names and tags;
 * staging and prod keep their data when a stack or resource is removed, dev does not.
 */
export const STAGES = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export const DEFAULT_STAGE: StageName = 'dev';

export interface Stage {
  readonly name: StageName;
  /** Prefix of the stack names (`bcci-bridge-prod-stateful`). */
  readonly stackNamePrefix: string;
  /** Table, bucket, user pool and queues outlive the stack, and deletion protection is on. */
  readonly retainData: boolean;
  /** CloudFormation refuses to delete the stacks until the protection is lifted. */
  readonly terminationProtection: boolean;
}

const stage = (name: StageName, retainData: boolean, terminationProtection: boolean): Stage => ({
  name,
  stackNamePrefix: `bcci-bridge-${name}`,
  retainData,
  terminationProtection,
});

export const STAGE_SETTINGS: Readonly<Record<StageName, Stage>> = {
  dev: stage('dev', false, false),
  staging: stage('staging', true, false),
  prod: stage('prod', true, true),
};

export const isStageName = (value: unknown): value is StageName =>
  typeof value === 'string' && (STAGES as readonly string[]).includes(value);

/** The stage a context value names; anything else is a mistake worth stopping synth for. */
export function stageFromContext(value: unknown): Stage {
  if (value === undefined) return STAGE_SETTINGS[DEFAULT_STAGE];
  if (!isStageName(value)) {
    throw new Error(`Unknown stage ${JSON.stringify(value)}: choose one of ${STAGES.join(', ')}`);
  }
  return STAGE_SETTINGS[value];
}
