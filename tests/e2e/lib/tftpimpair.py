#!/usr/bin/env python3
"""A TFTP relay that loses, duplicates, delays and reorders packets.

For kernels without the netem queueing discipline (sch_netem), this stands
in for "tc qdisc add ... netem loss L% reorder R% duplicate D% delay Ms"
in both directions of a TFTP transfer.  It listens on LISTEN:69; each read
request opens a session with two sockets of its own, one facing the
client (whose port the client sees as the server's transfer ID) and one
facing SERVER, and relays every packet both ways through the impairment:

  - lost with probability LOSS;
  - otherwise sent twice with probability DUPLICATE;
  - sent at once with probability REORDER, else after DELAY ms (so packets
    sent at once overtake delayed ones, as netem does).

    tftpimpair.py --listen 10.77.0.9 --server 10.77.0.5
                  [--loss 5] [--reorder 10] [--duplicate 2] [--delay 5]
                  [--seed N]
"""
import argparse
import heapq
import itertools
import random
import select
import socket
import time

TFTP_PORT = 69
SESSION_IDLE = 30.0


class Relay:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.queue = []          # (due, seq, sock, data, dest)
        self.seq = itertools.count()
        self.listener = self.bind(TFTP_PORT)
        # socket -> session; a session is a dict
        self.sessions = {}

    def bind(self, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((self.args.listen, port))
        return sock

    def send(self, sock, data, dest):
        """Queue DATA to DEST from SOCK through the impairment."""
        a = self.args
        if self.rng.random() * 100 < a.loss:
            return
        copies = 2 if self.rng.random() * 100 < a.duplicate else 1
        now = time.monotonic()
        for _ in range(copies):
            delay = 0 if self.rng.random() * 100 < a.reorder else a.delay / 1000
            heapq.heappush(self.queue, (now + delay, next(self.seq), sock, data, dest))

    def flush(self):
        now = time.monotonic()
        while self.queue and self.queue[0][0] <= now:
            _, _, sock, data, dest = heapq.heappop(self.queue)
            try:
                sock.sendto(data, dest)
            except OSError:
                pass

    def new_session(self, data, client):
        session = {"client": client, "server": (self.args.server, TFTP_PORT),
                   "up": self.bind(0), "down": self.bind(0),
                   "seen": time.monotonic()}
        self.sessions[session["up"]] = session
        self.sessions[session["down"]] = session
        self.send(session["up"], data, session["server"])

    def expire(self):
        now = time.monotonic()
        for sock, session in list(self.sessions.items()):
            if now - session["seen"] > SESSION_IDLE:
                del self.sessions[sock]
                sock.close()

    def run(self):
        while True:
            timeout = 0.5
            if self.queue:
                timeout = max(0.0, self.queue[0][0] - time.monotonic())
            socks = [self.listener] + list(self.sessions)
            ready, _, _ = select.select(socks, [], [], timeout)
            for sock in ready:
                data, addr = sock.recvfrom(65536)
                if sock is self.listener:
                    self.new_session(data, addr)
                    continue
                session = self.sessions[sock]
                session["seen"] = time.monotonic()
                if sock is session["up"]:
                    # From the server: remember its transfer port.
                    session["server"] = addr
                    self.send(session["down"], data, session["client"])
                elif addr == session["client"]:
                    self.send(session["up"], data, session["server"])
            self.flush()
            self.expire()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--loss", type=float, default=5)
    parser.add_argument("--reorder", type=float, default=10)
    parser.add_argument("--duplicate", type=float, default=2)
    parser.add_argument("--delay", type=float, default=5)
    parser.add_argument("--seed", type=int, default=1)
    Relay(parser.parse_args()).run()


if __name__ == "__main__":
    main()
