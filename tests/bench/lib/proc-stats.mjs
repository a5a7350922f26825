import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Kernel clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. Linux uses 100. */
const TICKS_PER_SECOND = 100;

/**
 * User plus system CPU seconds a process has used so far, or null once it is gone.
 * @param {number} pid
 * @returns {number | null}
 */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Peak resident set size (VmHWM) of a process in MiB, or null once it is gone.
 * @param {number} pid
 * @returns {number | null}
 */
export function peakRssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of several processes, keyed by pid, so that a later reading can be subtracted
 * per process (backends may appear or go away in between).
 * @param {number[]} pids
 * @returns {Map<number, number>}
 */
export function cpuSnapshot(pids) {
  /** @type {Map<number, number>} */
  const snapshot = new Map();
  for (const pid of pids) {
    const seconds = cpuSecondsOf(pid);
    if (seconds !== null) snapshot.set(pid, seconds);
  }
  return snapshot;
}

/**
 * CPU seconds used between two snapshots; a pid first seen in `after` counts from zero,
 * because it started inside the window.
 * @param {Map<number, number>} before
 * @param {Map<number, number>} after
 * @returns {number}
 */
export function cpuSpent(before, after) {
  let spent = 0;
  for (const [pid, seconds] of after) spent += seconds - (before.get(pid) ?? 0);
  return spent;
}

/** @returns {{ cpuModel: string, cores: number, memoryGiB: number, kernel: string, node: string }} */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/**
 * CPU seconds the whole machine has been busy (all cores, from /proc/stat), so that a run can
 * report how much of the machine was used by processes other than the server and the generator.
 * @returns {number}
 */
export function machineBusySeconds() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
