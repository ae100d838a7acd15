import { readdirSync, readFileSync } from 'node:fs';

interface Stat {
  pid: number;
  ppid: number;
  state: string;
}

function stat(pid: number): Stat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields after its closing one are fixed.
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { pid, state: rest[0]!, ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

/** Every live process below `pid` (children, their children …), from /proc. */
export function descendantsOf(pid: number): number[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => stat(Number(d)))
    .filter((s): s is Stat => !!s && s.state !== 'Z');
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const s of all) {
      if (s.ppid !== parent) continue;
      found.push(s.pid);
      queue.push(s.pid);
    }
  }
  return found;
}

/** Whether the process exists and is not a zombie (a zombie has exited; only its parent's bookkeeping remains). */
export function isRunning(pid: number): boolean {
  const s = stat(pid);
  return !!s && s.state !== 'Z';
}

/** The command line of a process, for telling FerretDB from the server. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}
