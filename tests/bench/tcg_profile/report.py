#!/usr/bin/env python3
"""Turn tb_counts.c's output into a profile by function of a pcbios image:
guest instructions, memory accesses and calls per function, largest first.

    tests/bench/tcg_profile/report.py build/pcbios/wireboot.elf FILE [--top N]

The 32-bit part is linked at virtual 0 and runs wherever it was relocated
to, so the load address is found as the page-aligned offset that puts the
most executed instructions inside the image's code.
"""
import argparse
import bisect
import collections
import subprocess


def functions(elf):
    """[(address, name)] of the ELF's code symbols, sorted."""
    out = subprocess.run(["nm", "-n", elf], capture_output=True, text=True,
                         check=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            found.append((int(parts[0], 16), parts[2]))
    return found


def blocks(path):
    """[(vaddr, instructions, runs, accesses)] from tb_counts.c."""
    with open(path) as f:
        return [(int(v, 16), int(n), int(r), int(m))
                for v, n, r, m in (line.split() for line in f)]


def load_address(recs, code_end):
    """The page-aligned base that puts the most executed instructions
    in [0, code_end)."""
    guesses = collections.Counter(v & ~0xfff for v, n, r, m in recs if r > 1000)
    best, best_hits = 0, -1
    for page, _ in guesses.most_common(20):
        for base in range(page - code_end & ~0xfff, page + 0x1000, 0x1000):
            hits = sum(n * r for v, n, r, m in recs if 0 <= v - base < code_end)
            if hits > best_hits:
                best, best_hits = base, hits
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("elf")
    parser.add_argument("counts")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    syms = functions(args.elf)
    addrs = [a for a, _ in syms]
    names = dict(syms)
    recs = blocks(args.counts)
    base = load_address(recs, addrs[-1])
    insns, accesses, calls = (collections.Counter() for _ in range(3))
    for vaddr, n, runs, mem in recs:
        offset = vaddr - base
        if 0 <= offset <= addrs[-1]:
            name = syms[bisect.bisect_right(addrs, offset) - 1][1]
            if offset in names:
                calls[name] += runs
        else:
            name = "(outside the image: BIOS, real mode)"
        insns[name] += n * runs
        accesses[name] += mem
    total = sum(insns.values())
    print(f"load address {base:#x}; {total / 1e6:.1f}M instructions, "
          f"{sum(accesses.values()) / 1e6:.1f}M memory accesses")
    print(f"{'instructions':>14} {'share':>6} {'accesses':>10} {'calls':>9}  function")
    for name, count in insns.most_common(args.top):
        print(f"{count / 1e6:13.1f}M {100 * count / total:5.1f}% "
              f"{accesses[name] / 1e6:9.1f}M {calls[name] / 1e6:8.2f}M  {name}")


if __name__ == "__main__":
    main()
