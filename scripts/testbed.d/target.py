#!/usr/bin/env python3
"""Target HTTP servers for scripts/testbed, switchable between healthy and failing.

Each target listens on its own address (port 80), so a region's nftables rule can cut or degrade the path to
one target only. A control server (another address) switches targets and reports which client hit which
target when; the scenario driver uses it to take a target "down" and to kill an agent while its check is in
flight. Standard library only; runs inside the tm-targets network namespace.

  target.py --control 10.77.0.20:9000 --target A=10.77.0.21 --target B=10.77.0.22 ...

Control routes (GET, JSON answers):
  /state?target=A&up=0|1[&delay=SECONDS]   set a target's health (down: 503) and response delay
  /hits?target=A&after=SEQ                  requests seen since SEQ: [{seq, t, target, src}] (last 2,000 kept)
  /healthz
"""
import argparse
import collections
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
STATE = {}  # name -> {"up": bool, "delay": float}
HITS = collections.deque(maxlen=2000)
SEQ = [0]


class Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that goes away mid-response (an agent killed mid-check) is part of the tests, not an error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def target_handler(name):
    class Target(Quiet):
        def do_GET(self):
            with LOCK:
                SEQ[0] += 1
                HITS.append({"seq": SEQ[0], "t": time.time(), "target": name, "src": self.client_address[0]})
                state = dict(STATE[name])
            if state["delay"] > 0:
                time.sleep(state["delay"])
            if state["up"]:
                self.reply(200, {"status": "ok", "target": name})
            else:
                self.reply(503, {"status": "down", "target": name})

    return Target


class Control(Quiet):
    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        name = query.get("target")
        if url.path == "/healthz":
            return self.reply(200, {"status": "ok"})
        if name not in STATE:
            return self.reply(404, {"error": f"unknown target {name!r}; known: {sorted(STATE)}"})
        if url.path == "/state":
            with LOCK:
                if "up" in query:
                    STATE[name]["up"] = query["up"] == "1"
                if "delay" in query:
                    STATE[name]["delay"] = max(0.0, min(float(query["delay"]), 30.0))
                return self.reply(200, {"target": name, **STATE[name]})
        if url.path == "/hits":
            after = int(query.get("after", "0"))
            with LOCK:
                hits = [h for h in HITS if h["target"] == name and h["seq"] > after]
            return self.reply(200, {"hits": hits, "seq": SEQ[0]})
        return self.reply(404, {"error": f"no route {url.path}"})


def serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--control", required=True, help="HOST:PORT of the control server")
    parser.add_argument("--target", action="append", required=True, help="NAME=ADDRESS (port 80)")
    args = parser.parse_args()
    servers = []
    for spec in args.target:
        name, address = spec.split("=", 1)
        STATE[name] = {"up": True, "delay": 0.0}
        servers.append(Server((address, 80), target_handler(name)))
    host, port = args.control.rsplit(":", 1)
    control = Server((host, int(port)), Control)
    for server in servers:
        serve(server)
    print(f"targets: {', '.join(args.target)}; control on http://{args.control}", file=sys.stderr, flush=True)
    control.serve_forever()


if __name__ == "__main__":
    main()
