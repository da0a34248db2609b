"""The testbed as the scenarios see it: the server's JSON API, the targets' control server, nftables in a
region's namespace, the agents' processes; and the small helpers every scenario uses (bounded waits,
failures as exceptions, progress lines). Standard library only.
"""
import json
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

POLL = 0.25  # how often a wait looks again (seconds)

START = time.time()
PRINT_LOCK = threading.Lock()


def say(scenario, message):
    with PRINT_LOCK:
        print(f"[{time.time() - START:6.1f}s] {scenario:<10} {message}", flush=True)


def when(text):
    """RFC 3339 (the API's times) to Unix seconds."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def rfc3339(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def wait_for(what, seconds, probe, interval=POLL):
    """Calls probe() until it returns something truthy; fails after `seconds`."""
    deadline = time.time() + seconds
    while True:
        value = probe()
        if value:
            return value
        if time.time() >= deadline:
            raise Failed(f"timed out after {seconds:.0f}s waiting for {what}")
        time.sleep(interval)


class Testbed:
    def __init__(self, description):
        self.api_base = description["api"]
        self.control_base = description["control"]
        self.targets = description["targets"]
        self.agents = description["agents"]
        self.hold = float(description["hold_seconds"])
        self.outage_done = threading.Event()

    def _get(self, base, path, **query):
        url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        for attempt in range(3):
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    return json.load(response)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == 2:
                    raise Failed(f"GET {url}: {error}")
                time.sleep(0.5)

    def api(self, path, **query):
        return self._get(self.api_base, path, **query)

    def control(self, path, **query):
        return self._get(self.control_base, path, **query)

    def monitor_ids(self):
        return {m["name"]: m["id"] for m in self.api("/api/v1/monitors")["monitors"]}

    def monitor(self, monitor_id):
        return self.api(f"/api/v1/monitors/{monitor_id}")

    def incidents(self, monitor_id):
        return self.api("/api/v1/incidents", monitor=monitor_id, limit=1000)["incidents"]

    def suppressed(self, monitor_id):
        return self.api("/api/v1/suppressed", monitor=monitor_id, limit=1000)["suppressed"]

    def results(self, monitor_id, since):
        found = self.api(f"/api/v1/monitors/{monitor_id}/results", since=rfc3339(since), limit=1000)["results"]
        return sorted(found, key=lambda r: when(r["observation"]["started_at"]))

    def probes(self):
        return {p["name"]: p for p in self.api("/api/v1/probes")["probes"]}

    def nft(self, region, *arguments):
        result = subprocess.run(["ip", "netns", "exec", f"tm-{region}", "nft", *arguments],
                                capture_output=True, text=True, timeout=10)
        if result.returncode != 0:
            raise Failed(f"nft {' '.join(arguments)} in tm-{region}: {result.stderr.strip()}")
        return result.stdout

    def nft_counters(self, region):
        """The packet counters of the region's testbed rules, in rule order."""
        listing = json.loads(self.nft(region, "-j", "list", "chain", "inet", "testbed", "out"))
        counters = []
        for item in listing["nftables"]:
            for expression in item.get("rule", {}).get("expr", []):
                if "counter" in expression:
                    counters.append(expression["counter"]["packets"])
        return counters

    def agent_pid(self, region):
        with open(self.agents[region]["pid_file"]) as file:
            return int(file.read().strip())
