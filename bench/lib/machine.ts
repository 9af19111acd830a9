/** The machine a run happened on, for the report's header. */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly os: string;
  readonly node: string;
  readonly java: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews timings. */
  readonly loadAverage: string;
}

export const loadAverage = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

export function machineInfo(loadAtStart: number): MachineInfo {
  const processors = cpus();
  const java = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  const javaLine = `${java.stderr ?? ''}${java.stdout ?? ''}`.split('\n')[0]?.trim() || 'not found';
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    java: javaLine,
    loadAverage: `${loadAtStart} at the start, ${loadAverage()} at the end (${processors.length} cores)`,
  };
}
