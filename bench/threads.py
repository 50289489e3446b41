#!/usr/bin/env python3
"""Per-thread CPU of a process, grouped by thread name (digits dropped), for bench/transfer.sh THREADS=1.

  threads.py snap PID FILE          # write utime+stime ticks of every thread to FILE
  threads.py diff PID FILE SECONDS  # print the CPU seconds each thread group used since the snapshot
"""
import json, os, re, sys

def ticks(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                s = f.read()
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        out[tid] = (name, int(fields[11]) + int(fields[12]))
    return out

cmd, pid, path = sys.argv[1], sys.argv[2], sys.argv[3]
if cmd == "snap":
    json.dump(ticks(pid), open(path, "w"))
else:
    hz = os.sysconf("SC_CLK_TCK")
    before = json.load(open(path))
    groups = {}
    for tid, (name, t) in ticks(pid).items():
        t0 = before.get(tid, [name, 0])[1]
        g = re.sub(r"[-#]?\d+$", "", name) or name
        groups[g] = groups.get(g, 0) + (t - t0) / hz
    total = sum(groups.values())
    parts = [f"{g} {v:.1f}" for g, v in sorted(groups.items(), key=lambda x: -x[1]) if v >= 0.05]
    print(f"{total:.1f} CPU-s: " + ", ".join(parts))
