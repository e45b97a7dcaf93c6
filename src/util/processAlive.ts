/**
 * Whether a process with this pid exists on this host (signal 0 probes without signalling; EPERM means
 * it exists and belongs to someone else). Used to tell a killed run's leftovers from a live run's files.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
