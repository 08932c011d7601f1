import os from 'node:os';

export interface MachineInfo {
  readonly cpu: string;
  /** Cores this process may use (`os.availableParallelism()`, which respects affinity masks). */
  readonly cores: number;
  readonly totalMemoryGb: number;
  readonly node: string;
  readonly os: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    totalMemoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** One line for the top of a results table, e.g. "Intel Xeon @ 2.50GHz, 2 cores, 23.5 GB RAM, Node v20.20.2, Linux 6.1 x64". */
export function describeMachine(info: MachineInfo = machineInfo()): string {
  return `${info.cpu}, ${info.cores} cores, ${info.totalMemoryGb} GB RAM, Node ${info.node}, ${info.os}`;
}
