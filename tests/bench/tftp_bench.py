#!/usr/bin/env python3
"""TFTP download speed of the hosted build over a veth pair.

Fetches a 64 MiB file with "imgfetch tftp://..." (checked with sha256sum)
from tests/e2e/lib/tftpserver.py agreeing to windows of 1 to 16 blocks
(RFC 7440; 1 = plain lock-step TFTP), from the same server ignoring
windowsize, and from tftpd-hpa (no windowsize support), and prints the
median MiB/s of several runs as the download's own summary line reports
it.  The block size is what
wireboot asks for on a 1500-byte MTU: 1468.  Needs root; uses
bin-linux/wireboot (the optimised build) unless $WIREBOOT_BINARY says
otherwise.

    tests/bench/tftp_bench.py [--size-mib N] [--runs N]
"""
import argparse
import hashlib
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "e2e"))
from lib.netns import ROOT, Namespace, python, skip_reason  # noqa: E402

BINARY = os.environ.get("WIREBOOT_BINARY", os.path.join(ROOT, "bin-linux", "wireboot"))
TFTPSERVER = os.path.join(ROOT, "tests", "e2e", "lib", "tftpserver.py")
# Server-side caps; wireboot asks for 16 (TFTP_REQUEST_WINDOWSIZE in
# net/tftp.c), so larger caps change nothing.
WINDOWS = (1, 2, 4, 8, 16)


def fetch(ns, ip, digest):
    """Download big.bin from IP; (MiB/s, seconds) or None on failure."""
    wb = ns.wireboot(f"""ifopen net0
set net0/ip 10.77.0.2
set net0/netmask 255.255.255.0
imgfetch tftp://{ip}/big.bin && sha256sum big.bin
""", binary=BINARY)
    wb.finish(timeout=600)
    out = wb.output()
    match = re.search(r"ok [\d.]+ MiB in ([\d.]+) s \(([\d.]+) MiB/s\)", out)
    if not match or f"{digest}  big.bin" not in out:
        print(f"# download from {ip} failed:\n# " + "\n# ".join(out.splitlines()[-5:]))
        return None
    return float(match.group(2)), float(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    why = skip_reason(binary=BINARY, tools=("ip", "in.tftpd"))
    if why:
        print(f"tftp_bench: skipped: {why}")
        return 0
    with Namespace("tftpbench") as ns:
        ns.veth(peer_addr="10.77.0.1/24")
        root = os.path.join(ns.tmpdir, "root")
        os.makedirs(root)
        data = os.urandom(args.size_mib << 20)
        with open(os.path.join(root, "big.bin"), "wb") as f:
            f.write(data)
        digest = hashlib.sha256(data).hexdigest()
        for path in (ns.tmpdir, root):
            os.chmod(path, 0o755)
        os.chmod(os.path.join(root, "big.bin"), 0o644)

        servers = [("tftpd-hpa (no windowsize)", "10.77.0.5",
                    ["in.tftpd", "-L", "-u", "root", "-s", root, "-a", "10.77.0.5:69"]),
                   ("tftpserver.py ignoring windowsize", "10.77.0.6",
                    [python(), TFTPSERVER, "--root", root, "--listen", "10.77.0.6",
                     "--options", "no-windowsize"])]
        for i, window in enumerate(WINDOWS):
            ip = f"10.77.0.{10 + i}"
            servers.append((f"tftpserver.py windowsize {window}", ip,
                            [python(), TFTPSERVER, "--root", root, "--listen", ip,
                             "--max-windowsize", str(window)]))
        for _, ip, argv in servers:
            ns.run("ip", "addr", "add", f"{ip}/24", "dev", "wbpeer0")
            ns.start(argv)
        time.sleep(0.5)
        print(f"TFTP, {args.size_mib} MiB, blksize 1468, veth, "
              f"{os.path.relpath(BINARY, ROOT)}")
        for label, ip, _ in servers:
            results = sorted(r for r in (fetch(ns, ip, digest)
                                         for _ in range(args.runs)) if r)
            if len(results) == args.runs:
                rate, secs = results[len(results) // 2]
                print(f"  {label:38s} {rate:8.1f} MiB/s  ({secs:.1f} s, median "
                      f"of {args.runs}: {', '.join(f'{r[0]:.1f}' for r in results)})",
                      flush=True)
            else:
                print(f"  {label:38s}   failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
