#!/usr/bin/env python3
"""What takes space in an option ROM: bytes each object file (or directory)
contributes to the 32-bit part that gets compressed, read from the ROM
link's map (build/pcbios/rom-VVVVDDDD/wireboot.map), biggest first.

    util/romsize.py [--dirs] [--top N] [MAP]
"""
import collections
import re
import sys

KEPT = re.compile(r"^ (\.text|\.rodata|\.data|wbtbl_)\S*")
ONE_LINE = re.compile(r"^ (?:\.text|\.rodata|\.data|wbtbl_)\S*\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)")
NEXT_LINE = re.compile(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)")


def sizes(path):
    """Bytes per input object among the sections the ROM keeps."""
    per_object = collections.Counter()
    in_memory_map = False
    pending = False
    with open(path) as f:
        for line in f:
            if line.startswith("Linker script and memory map"):
                in_memory_map = True
            if not in_memory_map:
                continue
            m = ONE_LINE.match(line)
            if m:
                per_object[m.group(2)] += int(m.group(1), 16)
                pending = False
                continue
            if KEPT.match(line):
                pending = True
                continue
            m = NEXT_LINE.match(line)
            if m and pending:
                per_object[m.group(2)] += int(m.group(1), 16)
            pending = False
    return {re.sub(r"^.*?/pcbios/", "", k): v for k, v in per_object.items()}


def main(argv):
    dirs = "--dirs" in argv
    top = 40
    args = [a for a in argv if a != "--dirs"]
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    path = args[0] if args else "build/pcbios/rom-8086100e/wireboot.map"
    try:
        table = sizes(path)
    except OSError as e:
        print(f"romsize: {e}; build the ROM first (make bin/8086100e.rom)", file=sys.stderr)
        return 1
    if dirs:
        grouped = collections.Counter()
        for name, size in table.items():
            grouped[name.rsplit("/", 1)[0]] += size
        table = grouped
    for name, size in sorted(table.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{size:7d}  {name}")
    print(f"{sum(table.values()):7d}  total (uncompressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
