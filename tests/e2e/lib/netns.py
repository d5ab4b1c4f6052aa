"""Network namespaces for end-to-end tests of the hosted build.

A test makes one private namespace, with the Linux kernel's own IP stack on
one end of a veth pair (the "peer" end, with an address) and wireboot on the
other (the "wireboot" end: no address, IPv6 and ARP answers off, so the
kernel stays silent there; wireboot drives it with --netdev packet:IFACE).
Servers, captures and wireboot itself run inside the namespace and are all
stopped, and the namespace deleted, when the "with" block ends:

    from lib.netns import Namespace, skip_reason

    with Namespace("ip") as ns:
        link = ns.veth(peer_addr="10.77.0.1/24")
        server = ns.start(["python3", "-m", "http.server"], ready_port=8000)
        cap = ns.capture(link.peer)
        wb = ns.wireboot("ifopen net0\\nping --count 1 10.77.0.1\\n")
        status = wb.finish()
        packets = cap.stop(fields=["ip.src", "ip.dst"])

Nothing leaves the namespace.  Everything needs root (skip_reason() says
why a test cannot run).
"""
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
# $WIREBOOT_BINARY overrides which build the tests run (e.g. a private one).
WIREBOOT = os.environ.get("WIREBOOT_BINARY",
                          os.path.join(ROOT, "bin-linux", "wireboot-asan"))
DEFAULT_TIMEOUT = 30


def run(*argv, check=True):
    """Run a command on the host, returning its stdout; raise on failure
    when CHECK (Namespace.run is the one for inside a namespace)."""
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {proc.stderr.strip()}")
    return proc.stdout


def skip_reason(binary=WIREBOOT, tools=("ip",)):
    """Why end-to-end network tests cannot run here, or None if they can."""
    if os.geteuid() != 0:
        return "needs root"
    if not os.path.exists(binary):
        return f"{os.path.relpath(binary, ROOT)} not built"
    for tool in tools:
        if not shutil.which(tool):
            return f"{tool} not installed"
    return None


class Link:
    """A veth pair: WIREBOOT is wireboot's end, PEER the kernel's."""

    def __init__(self, wireboot, peer, peer_addr):
        self.wireboot = wireboot
        self.peer = peer
        self.peer_addr = peer_addr


class Capture:
    """A running tshark writing a pcap file; stop() returns decoded fields."""

    def __init__(self, ns, iface, capture_filter=None):
        self.ns = ns
        self.path = os.path.join(ns.tmpdir, f"capture-{iface}-{time.monotonic_ns()}.pcap")
        argv = ["tshark", "-n", "-q", "-i", iface, "-w", self.path]
        if capture_filter:
            argv += ["-f", capture_filter]
        self.proc = ns.popen(argv, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        # tshark says "Capturing on 'IFACE'" once it is listening.
        self.started = False
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            if "Capturing on" in line:
                self.started = True
                break
        if not self.started:
            raise RuntimeError(f"tshark did not start on {iface}")

    def stop(self, fields=None, display_filter=None, options=()):
        """Stop capturing; with FIELDS, return one list of values per packet."""
        time.sleep(0.3)  # let the last frames reach the file
        self.ns.stop(self.proc)
        if fields is None:
            return None
        argv = ["tshark", "-n", "-r", self.path, "-T", "fields"]
        for option in options:
            argv += ["-o", option]
        for field in fields:
            argv += ["-e", field]
        if display_filter:
            argv += ["-Y", display_filter]
        out = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=DEFAULT_TIMEOUT).stdout
        return [line.split("\t") for line in out.splitlines() if line]


class Wireboot:
    """The hosted binary running a script in the namespace; output read by a thread."""

    def __init__(self, ns, script, netdevs, binary, extra_args=()):
        self.ns = ns
        fd, self.script_path = tempfile.mkstemp(suffix=".ipxe", dir=ns.tmpdir)
        with os.fdopen(fd, "w") as f:
            f.write(script if script.startswith("#!") else "#!ipxe\n" + script)
        argv = [binary]
        for netdev in netdevs:
            argv += ["--netdev", netdev]
        argv += list(extra_args) + ["--script", self.script_path]
        self.proc = ns.popen(argv, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines = []
        self.queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.queue.put(line.rstrip("\r\n"))
        self.queue.put(None)

    def wait_for(self, prefix, timeout=DEFAULT_TIMEOUT):
        """Collect lines up to one starting with PREFIX; return it, or None."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                line = self.queue.get(timeout=remaining)
            except queue.Empty:
                return None
            if line is None:
                self.queue.put(None)
                return None
            self.lines.append(line)
            if line.startswith(prefix):
                return line

    def finish(self, timeout=DEFAULT_TIMEOUT):
        """Wait for the script to end; its exit status, or None if it hung."""
        deadline = time.monotonic() + timeout
        self.wait_for("\0never", timeout)
        try:
            return self.proc.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.ns.stop(self.proc)
            return None

    def output(self):
        return "\n".join(self.lines)


class Namespace:
    """A private network namespace, deleted with everything in it on exit."""

    def __init__(self, suite):
        self.name = f"wbt-{suite}-{os.getpid()}"
        self.procs = []
        self.tmpdir = None
        self.links = 0

    def __enter__(self):
        self.tmpdir = tempfile.mkdtemp(prefix=f"{self.name}-")
        subprocess.run(["ip", "netns", "add", self.name], check=True,
                       capture_output=True)
        try:
            self.run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                     "net.ipv6.conf.default.disable_ipv6=1")
            self.run("ip", "link", "set", "lo", "up")
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        for proc in reversed(self.procs):
            self.stop(proc)
        subprocess.run(["ip", "netns", "delete", self.name],
                       capture_output=True)
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        return False

    def argv(self, argv):
        return ["ip", "netns", "exec", self.name] + list(argv)

    def run(self, *argv, check=True, timeout=DEFAULT_TIMEOUT):
        """Run a command in the namespace; its CompletedProcess (text)."""
        proc = subprocess.run(self.argv(argv), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: status {proc.returncode}: "
                               f"{proc.stderr.strip()}")
        return proc

    def popen(self, argv, **kwargs):
        """Start a process in the namespace; it is stopped on exit."""
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("text", True)
        kwargs.setdefault("errors", "replace")
        proc = subprocess.Popen(self.argv(argv), cwd=ROOT,
                                start_new_session=True, **kwargs)
        self.procs.append(proc)
        return proc

    def stop(self, proc):
        """Stop PROC (and its process group): SIGTERM, then SIGKILL."""
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()

    def veth(self, peer_addr="10.77.0.1/24", wireboot_name=None, peer_name=None):
        """A veth pair: the peer end has PEER_ADDR, wireboot's end nothing."""
        index = self.links
        self.links += 1
        wb = wireboot_name or f"wbnet{index}"
        peer = peer_name or f"wbpeer{index}"
        self.run("ip", "link", "add", wb, "type", "veth", "peer", "name", peer)
        # The kernel must not speak on wireboot's end.
        self.run("sysctl", "-qw", f"net.ipv4.conf.{wb}.arp_ignore=8")
        # The kernel would leave UDP/TCP checksums for the "hardware" to fill
        # in (veth never does) and hand over TSO/GRO super-frames: the
        # peer must send finished, MTU-sized frames.
        self.run("ethtool", "-K", peer, "tx", "off", "tso", "off", "gso", "off",
                 "gro", "off")
        if peer_addr:
            self.run("ip", "addr", "add", peer_addr, "dev", peer)
        for ifname in (wb, peer):
            self.run("ip", "link", "set", ifname, "up")
        return Link(wb, peer, peer_addr)

    def mac(self, ifname):
        return self.run("cat", f"/sys/class/net/{ifname}/address").stdout.strip()

    def start(self, argv, ready_port=None, ready_udp_port=None, timeout=10, **kwargs):
        """Start a server; wait until it listens on READY_PORT (TCP) or
        READY_UDP_PORT if given.  Raises if it exits or never listens."""
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        proc = self.popen(argv, **kwargs)
        if ready_port is None and ready_udp_port is None:
            return proc
        flag, port = ("-tln", ready_port) if ready_port else ("-uln", ready_udp_port)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{argv[0]} exited with status {proc.returncode}")
            out = self.run("ss", "-H", flag, check=False).stdout
            if any(f":{port} " in line or line.rstrip().endswith(f":{port}")
                   for line in out.splitlines()):
                return proc
            time.sleep(0.05)
        raise RuntimeError(f"{argv[0]} is not listening on port {port}")

    def capture(self, iface, capture_filter=None):
        """Start tshark on IFACE; see Capture."""
        return Capture(self, iface, capture_filter)

    def wireboot(self, script, netdevs=("packet:wbnet0",), binary=WIREBOOT,
                 extra_args=()):
        """Run BINARY with SCRIPT (an iPXE script; "#!ipxe" added if missing)."""
        return Wireboot(self, script, netdevs, binary, extra_args)


def python():
    """The interpreter running the tests, for helper servers."""
    return sys.executable
