#!/usr/bin/env python3
"""Names and TFTP end to end: "nslookup" against dnsmasq's DNS server, and
"imgfetch tftp://..." + "sha256sum" against tftpd-hpa, dnsmasq's TFTP
server and tests/e2e/lib/tftpserver.py (the only one that negotiates RFC
7440 windowsize; no Debian server does), all in a private namespace
(tests/e2e/lib/netns.py).  Prints TAP lines "ok - dns_tftp/..."; needs
root and skips every case otherwise.

wireboot is 10.77.0.2/24; the kernel's end has 10.77.0.1 (dnsmasq: DNS and
TFTP), .3 (nothing listens: a DNS server that never answers), .5
(tftpd-hpa), .6 (tftpserver.py, all options), .7 (tftpserver.py without
windowsize) and .8 (tftpserver.py without any option); .9 and .10 relay
to .6 and .5 through tftpimpair.py when the kernel has no netem.
"""
import hashlib
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.tap import Tap  # noqa: E402
from lib.netns import Namespace, python, skip_reason  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TFTPSERVER = os.path.join(HERE, "lib", "tftpserver.py")
TFTPIMPAIR = os.path.join(HERE, "lib", "tftpimpair.py")

CASES = ["nslookup-a", "nslookup-cname", "nslookup-cname-chain",
         "nslookup-numeric", "nslookup-search-domain", "nslookup-not-found",
         "nslookup-cache", "nslookup-second-server", "nslookup-no-server",
         "nslookup-timeout", "tftp-hpa", "tftp-hpa-by-name", "tftp-dnsmasq",
         "tftp-windowsize", "tftp-windowsize-fallback", "tftp-no-options",
         "tftp-256m-hpa", "tftp-256m-windowsize",
         "tftp-not-found", "tftp-netem-windowsize", "tftp-netem-hpa"]

WB_IP = "10.77.0.2"
DNSMASQ_IP = "10.77.0.1"
DEAD_IP = "10.77.0.3"
HPA_IP = "10.77.0.5"
PY_ALL_IP = "10.77.0.6"
PY_NOWIN_IP = "10.77.0.7"
PY_NONE_IP = "10.77.0.8"
RELAY_IPS = {"windowsize": "10.77.0.9", "hpa": "10.77.0.10"}

CONFIGURE = f"""ifopen net0
set net0/ip {WB_IP}
set net0/netmask 255.255.255.0
set dns {DNSMASQ_IP}
"""

tap = Tap("dns_tftp")


def make_files(root):
    """Test files with sizes that end mid-block and on a block boundary."""
    files = {}
    os.makedirs(os.path.join(root, "dir"), exist_ok=True)
    for name, size in (("dir/big.bin", 3 * 1024 * 1024 + 77),
                       ("exact.bin", 1468 * 40), ("small.bin", 300 * 1024),
                       ("huge.bin", 256 * 1024 * 1024)):
        data = os.urandom(size)
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
        files[name] = hashlib.sha256(data).hexdigest()
    os.chmod(root, 0o755)
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o755)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o644)
    return files


def marker(out, name):
    """The text after "NAME=" on its own line in OUT, or None."""
    match = re.search(rf"^{re.escape(name)}=(.*)$", out, re.M)
    return match.group(1) if match else None


def digest_of(out, image):
    """The digest sha256sum printed for IMAGE."""
    match = re.search(rf"^([0-9a-f]{{64}})  {re.escape(image)}$", out, re.M)
    return match.group(1) if match else None


def run_script(ns, script, timeout=60):
    wb = ns.wireboot(CONFIGURE + script + "echo SCRIPT-DONE\n")
    wb.finish(timeout=timeout)
    return wb.output()


def test_dns(ns, tmpdir):
    log = os.path.join(tmpdir, "dnsmasq.log")
    ns.start(["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv",
              "--no-hosts", f"--listen-address={DNSMASQ_IP}", "--bind-interfaces",
              "--port=53", "--local=/example/",
              "--host-record=boot.example,10.77.0.50",
              "--host-record=host.lab.example,10.77.0.60",
              f"--host-record=tftp.example,{HPA_IP}",
              "--cname=alias.example,boot.example",
              "--cname=alias2.example,alias.example",
              "--local-ttl=60", "--log-queries", f"--log-facility={log}",
              "--enable-tftp", f"--tftp-root={tmpdir}/root",
              "--user=root", "--group=root"],
             ready_udp_port=53)

    out = run_script(ns, """nslookup addr boot.example && echo A=${addr}
nslookup addr alias.example && echo CNAME=${addr}
nslookup addr alias2.example && echo CHAIN=${addr}
nslookup addr 10.1.2.3 && echo NUMERIC=${addr}
set domain lab.example
nslookup addr host && echo SEARCH=${addr}
clear domain
nslookup addr nosuch.example || echo NOTFOUND-FAILED
nslookup addr boot.example && echo CACHED=${addr}
""")
    tap.report(marker(out, "A") == "10.77.0.50", "nslookup-a", out)
    tap.report(marker(out, "CNAME") == "10.77.0.50", "nslookup-cname", out)
    tap.report(marker(out, "CHAIN") == "10.77.0.50", "nslookup-cname-chain", out)
    with open(log, errors="replace") as f:
        queries = f.read()
    tap.report(marker(out, "NUMERIC") == "10.1.2.3" and
               "10.1.2.3" not in queries, "nslookup-numeric", out)
    tap.report(marker(out, "SEARCH") == "10.77.0.60" and
               "query[A] host.lab.example" in queries,
               "nslookup-search-domain", out + "\n" + queries)
    tap.report("NOTFOUND-FAILED" in out and
               "nslookup: could not resolve nosuch.example: "
               "No such device or address (dns)" in out,
               "nslookup-not-found", out)
    tap.report(marker(out, "CACHED") == "10.77.0.50" and
               queries.count("query[A] boot.example") == 1,
               "nslookup-cache", queries)

    # Two servers, the first dead: the retry moves to the second.
    dead_then_live = ":".join(f"{int(b):02x}" for b in
                              (DEAD_IP + "." + DNSMASQ_IP).split("."))
    start = time.monotonic()
    out = run_script(ns, f"""set dns:hex {dead_then_live}
nslookup addr host.lab.example && echo SECOND=${{addr}}
clear dns
nslookup addr boot.example || echo NOSERVER-FAILED
set dns {DEAD_IP}
nslookup addr boot.example || echo TIMEOUT-FAILED
""", timeout=90)
    elapsed = time.monotonic() - start
    tap.report(marker(out, "SECOND") == "10.77.0.60", "nslookup-second-server",
               out)
    tap.report("NOSERVER-FAILED" in out and
               "Address not available (dns)" in out, "nslookup-no-server", out)
    tap.report("TIMEOUT-FAILED" in out and
               "Connection timed out (dns)" in out and elapsed < 20,
               "nslookup-timeout", f"{elapsed:.1f} s\n{out}")


def fetch_script(uri, image):
    return f"""imgfetch {uri} && sha256sum {image} || echo FETCH-FAILED
imgfree {image}
"""


def test_tftp(ns, tmpdir, files):
    root = os.path.join(tmpdir, "root")
    ns.start(["in.tftpd", "-L", "-u", "root", "-s", root, "-a", f"{HPA_IP}:69"],
             ready_udp_port=69)
    logs = {}
    for ip, mode in ((PY_ALL_IP, "all"), (PY_NOWIN_IP, "no-windowsize"),
                     (PY_NONE_IP, "none")):
        logs[mode] = os.path.join(tmpdir, f"tftp-{mode}.log")
        ns.start([python(), TFTPSERVER, "--root", root, "--listen", ip,
                  "--options", mode, "--log", logs[mode]])
    time.sleep(0.5)

    out = run_script(ns, fetch_script(f"tftp://{HPA_IP}/dir/big.bin", "big.bin") +
                     fetch_script(f"tftp://{HPA_IP}/exact.bin", "exact.bin"))
    tap.report(digest_of(out, "big.bin") == files["dir/big.bin"] and
               digest_of(out, "exact.bin") == files["exact.bin"], "tftp-hpa", out)

    out = run_script(ns, fetch_script("tftp://tftp.example/small.bin", "small.bin"))
    tap.report(digest_of(out, "small.bin") == files["small.bin"],
               "tftp-hpa-by-name", out)

    out = run_script(ns, fetch_script(f"tftp://{DNSMASQ_IP}/dir/big.bin", "big.bin"))
    tap.report(digest_of(out, "big.bin") == files["dir/big.bin"], "tftp-dnsmasq",
               out)

    def log_of(mode):
        with open(logs[mode]) as f:
            return f.read()

    out = run_script(ns, fetch_script(f"tftp://{PY_ALL_IP}/dir/big.bin", "big.bin") +
                     fetch_script(f"tftp://{PY_ALL_IP}/exact.bin", "exact.bin"))
    log = log_of("all")
    tap.report(digest_of(out, "big.bin") == files["dir/big.bin"] and
               digest_of(out, "exact.bin") == files["exact.bin"] and
               "'windowsize': '16'" in log.split("->")[-1] and
               "'blksize': '1468'" in log, "tftp-windowsize", out + "\n" + log)

    out = run_script(ns, fetch_script(f"tftp://{PY_NOWIN_IP}/dir/big.bin", "big.bin"))
    log = log_of("no-windowsize")
    tap.report(digest_of(out, "big.bin") == files["dir/big.bin"] and
               "windowsize" in log and "'windowsize'" not in log.split("->")[-1],
               "tftp-windowsize-fallback", out + "\n" + log)

    out = run_script(ns, fetch_script(f"tftp://{PY_NONE_IP}/small.bin", "small.bin"))
    tap.report(digest_of(out, "small.bin") == files["small.bin"] and
               "-> {}" in log_of("none"), "tftp-no-options", out)

    # The size the network issue names, without and with windowsize.
    for name, ip in (("hpa", HPA_IP), ("windowsize", PY_ALL_IP)):
        out = run_script(ns, fetch_script(f"tftp://{ip}/huge.bin", "huge.bin"),
                         timeout=300)
        tap.report(digest_of(out, "huge.bin") == files["huge.bin"],
                   f"tftp-256m-{name}", out[-2000:])

    out = run_script(ns, f"""imgfetch tftp://{HPA_IP}/nosuch.bin || echo MISSING-FAILED
imgfetch tftp://{PY_ALL_IP}/nosuch.bin || echo MISSING2-FAILED
""")
    tap.report(out.count("No such file or directory (tftp)") >= 2 and
               "MISSING-FAILED" in out and "MISSING2-FAILED" in out,
               "tftp-not-found", out)

    # A lossy, reordering, duplicating link in both directions: netem when
    # the kernel has it, else tftpimpair.py relays doing the same.
    impair = ["loss", "5%", "reorder", "10%", "duplicate", "2%", "delay", "5ms"]
    netem = ns.run("tc", "qdisc", "add", "dev", "wbnet0", "root", "netem",
                   *impair, check=False).returncode == 0
    targets = {"windowsize": PY_ALL_IP, "hpa": HPA_IP}
    try:
        if netem:
            ns.run("tc", "qdisc", "add", "dev", "wbpeer0", "root", "netem", *impair)
        else:
            print("# no netem in this kernel: impairing through tftpimpair.py",
                  flush=True)
            for name, ip in list(targets.items()):
                relay_ip = RELAY_IPS[name]
                ns.start([python(), TFTPIMPAIR, "--listen", relay_ip,
                          "--server", ip], ready_udp_port=None)
                targets[name] = relay_ip
            time.sleep(0.5)
        for name, ip in targets.items():
            out = run_script(ns, fetch_script(f"tftp://{ip}/small.bin",
                                              "small.bin"), timeout=120)
            tap.report(digest_of(out, "small.bin") == files["small.bin"],
                       f"tftp-netem-{name}", out)
    finally:
        if netem:
            for dev in ("wbnet0", "wbpeer0"):
                ns.run("tc", "qdisc", "del", "dev", dev, "root", check=False)


def main():
    why = skip_reason(tools=("ip", "dnsmasq", "in.tftpd", "tc"))
    if why:
        for case in CASES:
            tap.skip(case, why)
        return 0
    with Namespace("dnstftp") as ns:
        ns.veth(peer_addr=f"{DNSMASQ_IP}/24")
        for ip in (DEAD_IP, HPA_IP, PY_ALL_IP, PY_NOWIN_IP, PY_NONE_IP,
                   *RELAY_IPS.values()):
            ns.run("ip", "addr", "add", f"{ip}/24", "dev", "wbpeer0")
        files = make_files(os.path.join(ns.tmpdir, "root"))
        os.chmod(ns.tmpdir, 0o755)
        test_dns(ns, ns.tmpdir)
        test_tftp(ns, ns.tmpdir, files)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
