#!/usr/bin/env python3
"""A netboot.xyz-style menu run end to end over HTTP by the hosted build.

The menu scripts live on a real HTTP server (Python's http.server) in a
private network namespace; bin-linux/wireboot-asan on the other end of a
veth pair fetches the main menu with "chain --autofree", keys typed on its
stdin pick a submenu (fetched with a relative "chain --autofree"), the
submenu's "iseq"/"goto" handle its choices, and the chosen entry's script
reports that it ran.  Checked: the control flow, the URIs the server saw
(relative names resolved against the script that chained them), and that
--autofree left no menu image behind.  Prints TAP lines
"ok - netboot/...".
"""
import os
import re
import select
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from netns import Namespace, WIREBOOT, python, skip_reason  # noqa: E402
PEER_IP = "10.77.0.1"
WB_IP = "10.77.0.2"
PORT = 8080
CASES = ["menu-shown", "submenu-by-hotkey", "relative-chain",
         "entry-ran", "autofree", "server-saw"]

MAIN_MENU = """#!ipxe
isset ${menu-default} || set menu-default tools
:start
menu Network boot (${platform})
item --gap -- ---------------- Operating systems ----------------
item --key l linux  Linux installers...
item --key t tools  Tools
choose --default ${menu-default} --timeout 30000 selected || goto cancel
goto ${selected}
:linux
chain --autofree linux/menu.ipxe || goto failed
exit 0
:tools
echo no tools today
goto start
:failed
echo NETBOOT-FAILED
exit 1
:cancel
echo NETBOOT-CANCELLED
exit 1
"""

LINUX_MENU = """#!ipxe
menu Linux installers
item debian Debian stable
item fedora Fedora
item --gap
item back   Back
choose --default fedora distro || exit 1
iseq ${distro} back && chain --autofree ../menu.ipxe ||
chain --autofree ${distro}.ipxe
"""

DEBIAN = """#!ipxe
echo ENTRY-RAN debian
imgstat
"""

tap = Tap("netboot")


def serve_tree(root):
    """Write the menu tree the HTTP server serves."""
    os.makedirs(os.path.join(root, "linux"), exist_ok=True)
    for path, text in (("menu.ipxe", MAIN_MENU), ("linux/menu.ipxe", LINUX_MENU),
                       ("linux/debian.ipxe", DEBIAN),
                       ("linux/fedora.ipxe", DEBIAN.replace("debian", "fedora"))):
        with open(os.path.join(root, path), "w") as f:
            f.write(text)


class Session:
    """wireboot with a pipe for keys and its raw output collected."""

    def __init__(self, ns, script_path):
        self.proc = ns.popen([WIREBOOT, "--netdev", "packet:wbnet0",
                              "--script", script_path],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=False,
                             errors=None)
        self.out = b""

    def expect(self, pattern, timeout=30):
        """Read output until PATTERN (bytes regex) appears; True if it did."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while not regex.search(self.out):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if ready:
                data = os.read(self.proc.stdout.fileno(), 65536)
                if not data:
                    return bool(regex.search(self.out))
                self.out += data
        return True

    def send(self, keys):
        self.proc.stdin.write(keys)
        self.proc.stdin.flush()

    def text(self):
        return self.out.decode(errors="replace")[-3000:]


def main():
    why = skip_reason()
    if why:
        for case in CASES:
            tap.skip(case, why)
        return 0
    with Namespace("netboot") as ns:
        ns.veth(peer_addr=f"{PEER_IP}/24")
        root = os.path.join(ns.tmpdir, "www")
        serve_tree(root)
        log_path = os.path.join(ns.tmpdir, "http.log")
        with open(log_path, "w") as log:
            ns.start([python(), "-m", "http.server", "--bind", PEER_IP,
                      "--directory", root, str(PORT)], ready_port=PORT,
                     stdout=log, stderr=subprocess.STDOUT)
        script = os.path.join(ns.tmpdir, "start.ipxe")
        with open(script, "w") as f:
            f.write(f"""#!ipxe
ifopen net0
set net0/ip {WB_IP}
set net0/netmask 255.255.255.0
chain --autofree http://{PEER_IP}:{PORT}/menu.ipxe
""")
        wb = Session(ns, script)
        shown = wb.expect(rb"Linux installers\.\.\.")
        tap.report(shown, "menu-shown", wb.text())
        time.sleep(0.5)
        wb.send(b"l")
        submenu = wb.expect(rb"Debian stable")
        tap.report(submenu, "submenu-by-hotkey", wb.text())
        time.sleep(0.5)
        wb.send(b"\x1b[A")
        time.sleep(0.3)
        wb.send(b"\r")
        ran = wb.expect(rb"ENTRY-RAN debian")
        tap.report(ran, "entry-ran", wb.text())
        wb.expect(rb"\$\$never\$\$", timeout=5)
        try:
            wb.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            ns.stop(wb.proc)
        with open(log_path) as f:
            log = f.read()
        gets = re.findall(r'"GET (\S+) HTTP', log)
        tap.report(gets == ["/menu.ipxe", "/linux/menu.ipxe", "/linux/debian.ipxe"],
                   "server-saw", f"{gets}\n{log}")
        tap.report("/linux/menu.ipxe" in gets and "/linux/debian.ipxe" in gets,
                   "relative-chain", f"{gets}")
        # imgstat in the entry's script: the menus were freed as they ran
        # (so was the entry itself); only the start-up script is left.
        after = wb.out.decode(errors="replace").split("ENTRY-RAN debian", 1)[-1]
        tap.report(ran and "start.ipxe" in after and ".ipxe" not in
                   after.replace("start.ipxe", ""), "autofree", after[-2000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
