#!/usr/bin/env python3
"""Runs a command and prints how many bytes it read (its `rchar` in /proc/PID/io: sockets and
files alike), read while it is a zombie, after it exited and before it is reaped.

Usage: scripts/received-bytes.py COMMAND [ARG...]   (the command's output goes to /dev/null)
"""
import os
import subprocess
import sys

child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
with open(f"/proc/{child.pid}/io") as io:
    read = next(int(line.split()[1]) for line in io if line.startswith("rchar:"))
status = child.wait()
if status not in (0, 1):
    sys.exit(f"{sys.argv[1]} exited with status {status}")
print(read)
