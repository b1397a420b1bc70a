/** CPU time from Linux's /proc: the whole machine's, and a process tree's. */
import { readdirSync, readFileSync } from 'node:fs';

/** Machine-wide CPU time from /proc/stat (Linux), in ms; null elsewhere. */
export function machineCpu(): { busyMs: number; iowaitMs: number } | null {
	try {
		const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
		const [user, nice, system, , iowait, irq, softirq, steal] = fields.map(Number);
		const tick = 10; // USER_HZ is 100 on Linux: one tick is 10 ms.
		return { busyMs: (user + nice + system + irq + softirq + steal) * tick, iowaitMs: iowait * tick };
	} catch {
		return null;
	}
}

/** CPU µs (user + system) of `rootPid` and all its descendants, from /proc (Linux); null elsewhere. */
export function treeCpuMicros(rootPid: number): number | null {
	try {
		const children = new Map<number, number[]>();
		const ticks = new Map<number, number>();
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			let stat: string;
			try {
				stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			} catch {
				continue; // ended meanwhile
			}
			// The command (field 2) may hold spaces: the fields after its closing parenthesis.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const pid = Number(entry);
			const ppid = Number(fields[1]);
			ticks.set(pid, Number(fields[11]) + Number(fields[12]));
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid)!.push(pid);
		}
		if (!ticks.has(rootPid)) return null;
		let total = 0;
		const queue = [rootPid];
		while (queue.length) {
			const pid = queue.pop()!;
			total += ticks.get(pid) ?? 0;
			queue.push(...(children.get(pid) ?? []));
		}
		return total * 10_000; // USER_HZ 100: a tick is 10 ms.
	} catch {
		return null;
	}
}
