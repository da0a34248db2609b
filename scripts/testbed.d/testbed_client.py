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
        print(f"[{time.time() - START:6.1f}s] {scenario:<12} {message}", flush=True)


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
        self.replicas = description["replicas"]
        self.api_bases = [r["api"] for r in self.replicas]
        self.api_index = 0  # the replica reads go to; moves on when it cannot be reached (see api)
        self.api_lock = threading.Lock()
        self.control_base = description["control"]
        self.targets = description["targets"]
        self.agents = description["agents"]
        self.hold = float(description["hold_seconds"])
        self.bin = description["bin"]
        self.data_dir = description["data_dir"]
        self.checkpoints_dir = description["checkpoints_dir"]
        self.store = description["store"]
        with open(description["api_token_file"]) as file:
            self.api_token = file.read().strip()
        self.outage_done = threading.Event()
        self.agent_kill_done = threading.Event()
        # (killed at, taken over at) once replica-kill has killed the active replica: verifications that were
        # under way on it then are lost by design (README, "Replicas"), which the cut scenario allows for.
        self.kill_window = None

    def _get(self, base, path, raw=False, **query):
        url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        # The servers' API wants the admin token (public routes ignore it); the targets' control server never sees it.
        headers = {"Authorization": f"Bearer {self.api_token}"} if base in self.api_bases else {}
        request = urllib.request.Request(url, headers=headers)
        for attempt in range(3):
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.read().decode() if raw else json.load(response)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == 2:
                    raise Failed(f"GET {url}: {error}")
                time.sleep(0.5)

    def api(self, path, **query):
        """The read API, from any replica (a standby reads the same store): the one used last, or the next
        when that one cannot be reached (it was killed)."""
        last = None
        for attempt in range(2 * len(self.api_bases)):
            with self.api_lock:
                index = self.api_index
            try:
                return self._get(self.api_bases[index], path, **query)
            except Failed as error:
                last = error
                with self.api_lock:
                    if self.api_index == index:
                        self.api_index = (index + 1) % len(self.api_bases)
        raise last

    def replica_api(self, replica, path, **query):
        """The read API of one replica."""
        return self._get(replica["api"], path, **query)

    def role(self, replica):
        """A replica's /healthz role ("active", "standby"), or None when it does not answer."""
        try:
            with urllib.request.urlopen(replica["api"] + "/healthz", timeout=2) as response:
                return json.load(response).get("role")
        except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError):
            return None

    def active(self):
        """The replica whose /healthz says active, or None."""
        found = [r for r in self.replicas if self.role(r) == "active"]
        return found[0] if len(found) == 1 else None

    def active_api(self, path, **query):
        """What only the active replica knows (agents' live state is kept in its memory)."""
        replica = self.active()
        if replica is None:
            raise Failed("no replica says it is active")
        return self.replica_api(replica, path, **query)

    def checkpoint(self, replica):
        """The replica's latest signed checkpoint (C2SP signed note) and its tree size."""
        note = self._get(replica["api"], "/ledger/checkpoint", raw=True)
        return note, int(note.splitlines()[1])

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
        """The agents as the active replica sees them; empty while no replica is active."""
        try:
            return {p["name"]: p for p in self.active_api("/api/v1/probes")["probes"]}
        except Failed:
            return {}

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
