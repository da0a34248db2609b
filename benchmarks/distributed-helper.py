#!/usr/bin/env python3
"""Helper for benchmarks/distributed.sh (standard library only; talks to 127.0.0.1 and psql).

Subcommands:
  flip-target PORT FLAG       HTTP target: 200 "ok" while FLAG does not exist, 503 once it does.
  snapshot OUT --pg URL --psql PSQL --pgdata DIR --api URL --pid NAME=PID... [--tree NAME=PID...] [--log NAME=FILE...]
                              CPU ticks, RSS, pg_stat_database, WAL position, DB size, lease wait, log line counts.
  window OUT --pg URL --psql PSQL --before A --after B [--exclude-monitor ID] [--label L]
                              checks per probe in [A.time, B.time) from `observations`, plus every delta.
  monitor-id --api URL --name NAME
  wait-role --url URL --role ROLE --timeout S      poll /healthz every 100 ms until it says ROLE.
  wait-agents --api URL --count N --timeout S      poll /api/v1/probes until N agents are online.
  outage OUT --api URL --monitor ID --flag FILE --timeout S
                              create FLAG, poll incidents every 100 ms until one is open; remove FLAG, poll
                              until it is resolved.
  failover OUT --kill PID --standby URL --pg URL --psql PSQL --timeout S
                              kill -9 PID, poll the standby's /healthz every 100 ms until active, then wait
                              for the first check it stores.
  log-problems OUT --log NAME=FILE:FROM:TO...     error/warning lines of each log between two line numbers.
  sample-ids OUT --pg URL --psql PSQL [--every 0.5] [--max-seconds 600]
                              append "time_ms max(observations.id)" lines until TERM (storage delay).
  recount WINDOW.json --pg URL --psql PSQL        count a window's rows again (late arrivals).
  report DIR [--json]         the summary table (or one JSON object) from the files the steps wrote.
"""
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")


def now_ms():
    return int(time.time() * 1000)


def get_json(url, timeout=2.0):
    # distributed.sh exports the replicas' admin token: the API wants it (public routes ignore it).
    token = os.environ.get("TRUSTMONITOR_ADMIN_TOKEN")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def try_json(url, timeout=2.0):
    try:
        return get_json(url, timeout)
    except (OSError, ValueError, urllib.error.URLError):
        return None


def psql(pg, psql_bin, sql):
    out = subprocess.run([psql_bin, "-XAtq", "-F", "\t", "-d", pg, "-c", sql], check=True, capture_output=True,
                         text=True, timeout=60).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def opts(argv, multi=("--pid", "--tree", "--log")):
    """--key value pairs into a dict; keys in `multi` may repeat and collect lists."""
    result = {k: [] for k in multi}
    positional = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--"):
            if i + 1 >= len(argv) or argv[i + 1].startswith("--"):
                result[arg] = True
                i += 1
                continue
            if arg in multi:
                result[arg].append(argv[i + 1])
            else:
                result[arg] = argv[i + 1]
            i += 2
        else:
            positional.append(arg)
            i += 1
    return positional, result


def rfc3339_ms(text):
    """Epoch ms of an RFC 3339 UTC time such as 2026-11-25T01:09:08.431Z."""
    from datetime import datetime
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)


def load(path):
    with open(path) as f:
        return json.load(f)


# ---------------------------------------------------------------- flip target
def flip_target(port, flag):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            down = os.path.exists(flag)
            body = b"down\n" if down else b"ok"
            self.send_response(503 if down else 200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer.daemon_threads = True   # exit at once on TERM, whatever clients hold
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


# ---------------------------------------------------------------- snapshots
def proc_ticks(pid, children=False):
    """utime+stime (and, with children, the reaped children's cutime+cstime) in ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is state (field 3); utime is field 14 -> index 11.
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks


def proc_mem(pid):
    rss = hwm = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    return rss, hwm


def children_of(parent):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == parent:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def postgres_ticks(pgdata):
    """All CPU ever used by the cluster: the postmaster with its reaped children, plus every live child."""
    with open(os.path.join(pgdata, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    total = proc_ticks(postmaster, children=True)
    count = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == postmaster:
                total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
                count += 1
        except (OSError, ValueError, IndexError):
            continue
    return total, count


def snapshot(argv):
    (out,), o = opts(argv)
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:9]]
    snap = {"time_ms": now_ms(), "processes": {}, "logs": {},
            "machine": {"busy_ticks": sum(cpu) - cpu[3] - cpu[4], "loadavg": open("/proc/loadavg").read().split()[:3]}}
    for spec in o["--pid"]:
        name, pid = spec.split("=", 1)
        try:
            rss, hwm = proc_mem(pid)
            snap["processes"][name] = {"pid": int(pid), "ticks": proc_ticks(pid), "rss_kb": rss, "hwm_kb": hwm}
        except OSError:
            snap["processes"][name] = None
    for spec in o["--tree"]:
        name, pid = spec.split("=", 1)
        try:
            rss, hwm = proc_mem(pid)
            ticks = proc_ticks(pid, children=True) + sum(proc_ticks(c, children=True) for c in children_of(int(pid)))
            snap["processes"][name] = {"pid": int(pid), "ticks": ticks, "rss_kb": rss, "hwm_kb": hwm}
        except OSError:
            snap["processes"][name] = None
    if "--pgdata" in o:
        ticks, backends = postgres_ticks(o["--pgdata"])
        snap["postgres"] = {"ticks": ticks, "processes": backends + 1}
    if "--pg" in o:
        row = psql(o["--pg"], o["--psql"],
                   "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched, "
                   "blks_read, blks_hit, pg_database_size(datname), pg_current_wal_lsn() - '0/0'::pg_lsn, "
                   "(SELECT count(*) FROM pg_stat_activity WHERE datname = d.datname) "
                   "FROM pg_stat_database d WHERE datname = current_database()")[0]
        keys = ["xact_commit", "xact_rollback", "tup_inserted", "tup_updated", "tup_deleted", "tup_fetched",
                "blks_read", "blks_hit", "db_bytes", "wal_bytes", "connections"]
        snap["pg"] = {k: int(float(v)) for k, v in zip(keys, row)}
    if "--api" in o:
        probes = try_json(o["--api"] + "/api/v1/probes", timeout=5)
        if probes is not None:
            snap["lease_wait_ms"] = probes.get("lease_wait_ms")
            snap["probes"] = [{k: p.get(k) for k in ("name", "region", "state", "recent_results", "recent_down")}
                              for p in probes.get("probes", [])]
    for spec in o["--log"]:
        name, path = spec.split("=", 1)
        try:
            with open(path, "rb") as f:
                snap["logs"][name] = sum(1 for _ in f)
        except OSError:
            snap["logs"][name] = 0
    write(out, snap)


def window(argv):
    (out,), o = opts(argv)
    a, b = load(o["--before"]), load(o["--after"])
    t0, t1 = a["time_ms"], b["time_ms"]
    seconds = (t1 - t0) / 1000.0
    exclude = o.get("--exclude-monitor")
    where = f"started_at >= {t0} AND started_at < {t1}"
    if exclude:
        where += f" AND monitor_id <> '{exclude}'"
    rows = psql(o["--pg"], o["--psql"],
                "SELECT o.probe, COALESCE(p.region, ''), o.role, count(*), "
                "count(*) FILTER (WHERE o.verdict <> 'up'), count(DISTINCT o.monitor_id) "
                f"FROM observations o LEFT JOIN probes p ON p.name = o.probe WHERE {where} "
                "GROUP BY o.probe, p.region, o.role ORDER BY o.probe, o.role")
    per_probe = {}
    roles = {}
    for probe, region, role, n, down, _ in rows:
        entry = per_probe.setdefault(probe, {"region": region or None, "checks": 0, "down": 0})
        entry["checks"] += int(n)
        entry["down"] += int(down)
        roles[role] = roles.get(role, 0) + int(n)
    buckets = []
    if "--bucket-s" in o:
        size = int(float(o["--bucket-s"]) * 1000)
        for k, probe, n in psql(o["--pg"], o["--psql"],
                                f"SELECT (started_at - {t0}) / {size}, probe, count(*) FROM observations WHERE {where} "
                                "GROUP BY 1, 2 ORDER BY 1, 2"):
            k = int(k)
            while len(buckets) <= k:
                buckets.append({"from_s": len(buckets) * size / 1000, "seconds": min(size, t1 - t0 - len(buckets) * size) / 1000,
                                "checks": {}})
            buckets[k]["checks"][probe] = int(n)
    monitors = int(psql(o["--pg"], o["--psql"], f"SELECT count(DISTINCT monitor_id) FROM observations WHERE {where}")[0][0])
    total = sum(p["checks"] for p in per_probe.values())
    for p in per_probe.values():
        p["per_second"] = p["checks"] / seconds
        p["share"] = p["checks"] / total if total else 0.0
    result = {"label": o.get("--label", "window"), "start_ms": t0, "end_ms": t1, "seconds": seconds,
              "checks": total, "checks_per_second": total / seconds, "down": sum(p["down"] for p in per_probe.values()),
              "monitors_checked": monitors, "roles": roles, "probes": per_probe,
              "buckets": buckets, "excluded_monitor": exclude, "counted_at_ms": now_ms()}
    if "--id-samples" in o:
        result["storage_delay"] = storage_delays(o["--pg"], o["--psql"], where, o["--id-samples"])
    cpu = {}
    for name, before in a["processes"].items():
        after = b["processes"].get(name)
        if before and after:
            cpu[name] = {"cores": (after["ticks"] - before["ticks"]) / CLK_TCK / seconds,
                         "rss_mb": after["rss_kb"] / 1024, "peak_rss_mb": after["hwm_kb"] / 1024}
        else:
            cpu[name] = None
    if "postgres" in a and "postgres" in b:
        cpu["postgres"] = {"cores": (b["postgres"]["ticks"] - a["postgres"]["ticks"]) / CLK_TCK / seconds,
                           "processes": b["postgres"]["processes"]}
    result["cpu"] = cpu
    machine = (b["machine"]["busy_ticks"] - a["machine"]["busy_ticks"]) / CLK_TCK / seconds
    ours = sum(c["cores"] for c in cpu.values() if c)
    result["machine"] = {"busy_cores": machine, "ours_cores": ours, "others_cores": max(0.0, machine - ours),
                         "loadavg_at_end": b["machine"]["loadavg"]}
    if "pg" in a and "pg" in b:
        d = {k: b["pg"][k] - a["pg"][k] for k in a["pg"] if k != "connections"}
        blocks = d["blks_read"] + d["blks_hit"]
        result["pg"] = {
            "commits_per_second": d["xact_commit"] / seconds,
            "rollbacks": d["xact_rollback"],
            "inserted_per_second": d["tup_inserted"] / seconds,
            "updated_per_second": d["tup_updated"] / seconds,
            "deleted_per_second": d["tup_deleted"] / seconds,
            "blks_read": d["blks_read"], "blks_hit": d["blks_hit"],
            "hit_ratio": d["blks_hit"] / blocks if blocks else None,
            "wal_mb_per_second": d["wal_bytes"] / seconds / 1e6,
            "db_growth_gb_per_day": d["db_bytes"] / seconds * 86400 / 1e9,
            "connections": b["pg"]["connections"],
        }
    if a.get("lease_wait_ms") and b.get("lease_wait_ms"):
        result["lease_wait_ms"] = dict(b["lease_wait_ms"])
        result["lease_wait_ms"]["count_in_window"] = b["lease_wait_ms"]["count"] - a["lease_wait_ms"]["count"]
    if b.get("probes") is not None:
        result["agents"] = b["probes"]
    write(out, result)


# ---------------------------------------------------------------- storage delay
def sample_ids(argv):
    """Appends "time_ms max_id" of `observations` every --every seconds, for at most --max-seconds: with ids
    assigned in insertion order, the first sample that covers a row's id bounds when it was stored."""
    (out,), o = opts(argv)
    every, limit = float(o.get("--every", "0.5")), float(o.get("--max-seconds", "600"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    start = time.monotonic()
    with open(out, "a") as f:
        while time.monotonic() - start < limit:
            row = psql(o["--pg"], o["--psql"], "SELECT COALESCE(max(id), 0) FROM observations")
            f.write(f"{now_ms()} {row[0][0]}\n")
            f.flush()
            time.sleep(every)


def storage_delays(pg, psql_bin, where, samples_path):
    import bisect
    samples = []
    with open(samples_path) as f:
        for line in f:
            t, i = line.split()
            samples.append((int(i), int(t)))
    if not samples:
        return None
    ids = [i for i, _ in samples]
    # max(id) only grows; keep the first time each value was seen.
    delays, unseen, per_sample = {}, {}, {}
    for probe, rid, started in psql(pg, psql_bin, f"SELECT probe, id, started_at FROM observations WHERE {where}"):
        k = bisect.bisect_left(ids, int(rid))
        if k == len(ids):
            unseen[probe] = unseen.get(probe, 0) + 1
            continue
        delays.setdefault(probe, []).append(samples[k][1] - int(started))
        per_sample.setdefault(probe, {}).setdefault(k, 0)
        per_sample[probe][k] += 1

    def peak_rate(counts, span=10):
        """Most rows stored per second over `span` consecutive samples (about 5 s)."""
        best = 0.0
        for start in range(0, max(1, len(samples) - span)):
            end = min(len(samples) - 1, start + span)
            seconds = (samples[end][1] - samples[start][1]) / 1000.0
            if seconds > 0:
                best = max(best, sum(counts.get(k, 0) for k in range(start + 1, end + 1)) / seconds)
        return best
    result = {}
    for probe in sorted(set(delays) | set(unseen)):
        d = sorted(delays.get(probe, []))
        pick = lambda q: d[min(len(d) - 1, int(q * len(d)))] / 1000.0 if d else None
        result[probe] = {"p50_s": pick(0.5), "p99_s": pick(0.99), "max_s": d[-1] / 1000.0 if d else None,
                         "stored_after_sampling": unseen.get(probe, 0),
                         "over_5s": sum(1 for x in d if x > 5000), "resolution_s": float(0.5),
                         "peak_stored_per_s": peak_rate(per_sample.get(probe, {}))}
    return result


def recount(argv):
    (path,), o = opts(argv)
    w = load(path)
    where = f"started_at >= {w['start_ms']} AND started_at < {w['end_ms']}"
    if w.get("excluded_monitor"):
        where += f" AND monitor_id <> '{w['excluded_monitor']}'"
    n = int(psql(o["--pg"], o["--psql"], f"SELECT count(*) FROM observations WHERE {where}")[0][0])
    w["checks_final"] = n
    w["checks_per_second_final"] = n / w["seconds"]
    w["recounted_at_ms"] = now_ms()
    write(path, w)


# ---------------------------------------------------------------- waits
def monitor_id(argv):
    _, o = opts(argv)
    for m in get_json(o["--api"] + "/api/v1/monitors", timeout=30)["monitors"]:
        if m.get("name") == o["--name"]:
            print(m["id"])
            return
    sys.exit(f"no monitor named {o['--name']}")


def wait_role(argv):
    _, o = opts(argv)
    deadline = time.monotonic() + float(o["--timeout"])
    while time.monotonic() < deadline:
        health = try_json(o["--url"] + "/healthz", timeout=1)
        if health and health.get("role") == o["--role"]:
            return
        time.sleep(0.1)
    sys.exit(f"{o['--url']}/healthz did not say role {o['--role']} within {o['--timeout']} s (last: {health})")


def wait_agents(argv):
    _, o = opts(argv)
    started = time.monotonic()
    deadline = started + float(o["--timeout"])
    # Counted from --since-ms (wall clock, when the agents were started) if given.
    offset = (now_ms() - int(o["--since-ms"])) / 1000.0 if "--since-ms" in o else 0.0
    last = None
    slowest, failed, polls = 0.0, 0, 0
    while time.monotonic() < deadline:
        asked = time.monotonic()
        probes = try_json(o["--api"] + "/api/v1/probes", timeout=10)
        polls += 1
        slowest = max(slowest, time.monotonic() - asked)
        if probes is None:
            failed += 1
        if probes:
            last = [(p["name"], p["state"]) for p in probes.get("probes", [])]
            if sum(1 for p in probes.get("probes", []) if p.get("state") == "online") >= int(o["--count"]):
                if "--json" in o:
                    print(json.dumps({"seconds": round(time.monotonic() - started + offset, 3), "polls": polls,
                                      "failed_polls": failed, "slowest_poll_s": round(slowest, 3)}))
                else:
                    print(f"{time.monotonic() - started + offset:.3f}")
                return
        time.sleep(0.1)
    sys.exit(f"fewer than {o['--count']} agents online at {o['--api']} within {o['--timeout']} s (last: {last})")


def outage(argv):
    (out,), o = opts(argv)
    api, monitor, flag, timeout = o["--api"], o["--monitor"], o["--flag"], float(o["--timeout"])
    url = f"{api}/api/v1/incidents?monitor={monitor}"
    result = {"confirmed": False, "resolved": False}
    known = {i["id"] for i in (try_json(url, 5) or {"incidents": []})["incidents"]}
    open(flag, "w").close()
    t0 = time.monotonic()
    result["down_at_ms"] = now_ms()
    incident = None
    polls = 0
    while time.monotonic() - t0 < timeout:
        polls += 1
        body = try_json(url, 2)
        if body:
            fresh = [i for i in body["incidents"] if i["id"] not in known and i["state"] == "open"]
            if fresh:
                incident = fresh[0]
                break
        time.sleep(0.1)
    result["polls"] = polls
    if incident is None:
        os.remove(flag)
        result["error"] = f"no open incident within {timeout:.0f} s"
        write(out, result)
        return
    result["confirmed"] = True
    result["confirm_seconds"] = time.monotonic() - t0
    result["incident"] = incident["id"]
    result["failure"] = incident.get("failure", {}).get("code")
    result["verifications"] = [{"probe": v.get("probe"), "region": v.get("region"), "role": v.get("role"),
                                "verdict": v.get("observation", {}).get("verdict"),
                                "signed": bool(v.get("attestation")),
                                "started_at": v.get("observation", {}).get("started_at")}
                               for v in incident.get("verifications", [])]
    looks = [v["started_at"] for v in result["verifications"] if v["started_at"]]
    if looks:
        result["first_failing_look_seconds"] = (rfc3339_ms(min(looks)) - result["down_at_ms"]) / 1000.0
    if incident.get("opened_at"):
        result["opened_at_seconds"] = (rfc3339_ms(incident["opened_at"]) - result["down_at_ms"]) / 1000.0
    os.remove(flag)
    up_ms = now_ms()
    t1 = time.monotonic()
    while time.monotonic() - t1 < timeout:
        body = try_json(f"{api}/api/v1/incidents/{incident['id']}", 2)
        if body and body.get("state") == "resolved":
            result["resolved"] = True
            result["resolve_seconds"] = time.monotonic() - t1
            if body.get("resolved_at"):
                result["resolved_at_seconds"] = (rfc3339_ms(body["resolved_at"]) - up_ms) / 1000.0
            result["recoveries"] = [{"probe": v.get("probe"), "region": v.get("region"), "role": v.get("role"),
                                     "verdict": v.get("observation", {}).get("verdict")}
                                    for v in body.get("recoveries", [])]
            break
        time.sleep(0.1)
    if not result["resolved"]:
        result["error"] = f"incident {incident['id']} not resolved within {timeout:.0f} s of the target's recovery"
    write(out, result)


def failover(argv):
    """kill -9 the active replica, then poll, all in one loop (100 ms): the standby's /healthz until active,
    with --agents N its /api/v1/probes until N agents are online, and (every 0.5 s) `observations` until
    the first check started after the kill is stored."""
    (out,), o = opts(argv)
    standby, timeout = o["--standby"], float(o["--timeout"])
    agents = int(o.get("--agents", "0"))
    pg, psql_bin = o["--pg"], o["--psql"]
    commits = lambda: int(psql(pg, psql_bin, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")[0][0])
    result = {"active": False}
    commits_at_kill = commits()
    pid = int(o["--kill"])
    killed_ms = now_ms()
    t0 = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    result["killed_at_ms"] = killed_ms
    last_psql = 0.0
    slowest, failed = 0.0, 0
    while time.monotonic() - t0 < timeout:
        if not result["active"]:
            health = try_json(standby + "/healthz", 1)
            if health and health.get("role") == "active":
                result["active"] = True
                result["active_seconds"] = time.monotonic() - t0
        if result["active"] and agents and "agents_online_seconds" not in result:
            asked = time.monotonic()
            probes = try_json(standby + "/api/v1/probes", 5)
            slowest = max(slowest, time.monotonic() - asked)
            if probes is None:
                failed += 1
            elif sum(1 for p in probes.get("probes", []) if p.get("state") == "online") >= agents:
                result["agents_online_seconds"] = time.monotonic() - t0
        if result["active"] and "first_check_seconds" not in result and time.monotonic() - last_psql >= 0.5:
            last_psql = time.monotonic()
            row = psql(pg, psql_bin, f"SELECT min(started_at) FROM observations WHERE started_at > {killed_ms}")
            if row and row[0] and row[0][0]:
                # The dead replica can store nothing after the kill: this is the new active one's first check.
                result["first_check_seconds"] = (int(row[0][0]) - killed_ms) / 1000.0
                result["commits_until_first_check"] = commits() - commits_at_kill
        done = result["active"] and "first_check_seconds" in result and (not agents or "agents_online_seconds" in result)
        if done:
            break
        time.sleep(0.1)
    if agents:
        result["probes_api_slowest_s"] = slowest
        result["probes_api_failed"] = failed
    missing = [k for k, need in (("active_seconds", True), ("first_check_seconds", True),
                                 ("agents_online_seconds", bool(agents))) if need and k not in result]
    if missing:
        result["error"] = f"not within {timeout:.0f} s of the kill: {', '.join(missing)}"
    write(out, result)


# ---------------------------------------------------------------- logs
PROBLEM = re.compile(r"\b(error|warning|critical|fatal|refused|panic)\b", re.I)


def log_problems(argv):
    (out,), o = opts(argv)
    result = {}
    for spec in o["--log"]:
        name, rest = spec.split("=", 1)
        path, start, end = rest.rsplit(":", 2)
        start, end = int(start), int(end)
        lines = []
        try:
            with open(path, errors="replace") as f:
                for n, line in enumerate(f):
                    if start <= n < end and PROBLEM.search(line):
                        lines.append(line.rstrip())
        except OSError:
            pass
        kinds = {}
        for line in lines:
            # Group by the message without times, ids and numbers.
            key = re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+\S*", "", line)
            key = re.sub(r"\b(lse|mon|inc|prb)_\w+", "ID", key)
            key = re.sub(r"\d+(\.\d+)?", "N", key)[:200]
            kinds.setdefault(key, [0, line[:400]])
            kinds[key][0] += 1
        result[name] = {"lines": len(lines),
                        "kinds": [{"count": c, "example": ex} for c, ex in sorted(kinds.values(), key=lambda x: -x[0])][:8]}
    write(out, result)


# ---------------------------------------------------------------- report
def fmt(x, digits=1):
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}"


def report(argv):
    (directory,), o = opts(argv)

    def maybe(name):
        path = os.path.join(directory, name)
        return load(path) if os.path.exists(path) else None

    params, steady = maybe("params.json"), maybe("steady.json")
    out, fo, after, rejoined = maybe("outage.json"), maybe("failover.json"), maybe("after-failover.json"), maybe("rejoined.json")
    problems = maybe("log-problems.json")
    if "--json" in o:
        print(json.dumps({"params": params, "steady": steady, "outage": out, "failover": fo,
                          "after_failover": after, "agents_rejoined": maybe("rejoin.json"),
                          "after_rejoin": rejoined, "log_problems": problems}, indent=1, sort_keys=True))
        return
    rows = []

    def row(k, v):
        rows.append((k, v))

    if params:
        row("setup", f"{params['monitors']:,} monitors every {params['interval']} against nginx {params['nginx']} "
                     f"+ 1 flip monitor every {params['flip_interval']}; 2 replicas, 3 agents (eu, us, ap); "
                     f"PostgreSQL {params['postgres']}; {params['cores']} cores; agents given "
                     + ("both replicas' URLs" if params.get("agents_multi_server") else "replica A's URL only")
                     + f"; binary sha256 {params.get('binary_sha256_12', '?')}")
        row("target checks/s", fmt(params["target_per_second"]))
    multi = bool(params and params.get("agents_multi_server"))
    for label, w in (("steady", steady), ("after failover" + ("" if multi else " (agents on the dead replica)"), after),
                     ("after agents restarted on the new active", rejoined)):
        if not w:
            continue
        row(f"{label}: window", f"{w['seconds']:.1f} s, {w['monitors_checked']:,} monitors checked, {w['down']} down")
        row(f"{label}: checks/s", fmt(w["checks_per_second"]))
        for name, p in sorted(w["probes"].items()):
            row(f"  probe {name} ({p['region'] or 'home'})", f"{fmt(p['per_second'])} /s ({p['share'] * 100:.0f}%)"
                + (f", {p['down']} down" if p["down"] else ""))
        if "checks_final" in w:
            row(f"{label}: checks/s counted again at the end",
                f"{fmt(w['checks_per_second_final'])} ({w['checks_final'] - w['checks']:,} rows stored after the first count)")
        for name, sd in sorted((w.get("storage_delay") or {}).items()):
            if sd["p50_s"] is not None:
                row(f"  check start -> stored, {name}", f"p50 {sd['p50_s']:.1f} s, p99 {sd['p99_s']:.1f} s, max {sd['max_s']:.1f} s; "
                    f"{sd['over_5s']:,} over 5 s; peak {sd.get('peak_stored_per_s', 0):,.0f} stored/s" + (f", {sd['stored_after_sampling']:,} after sampling ended" if sd["stored_after_sampling"] else ""))
        for b in w.get("buckets", []):
            if b["seconds"] * 2 < (w["buckets"][0]["seconds"] if w["buckets"] else 0):
                continue   # a sliver at the window's end: its rate says nothing
            parts = ", ".join(f"{name} {n / b['seconds']:,.0f}" for name, n in sorted(b["checks"].items()) if b["seconds"] > 0)
            row(f"  {b['from_s']:.0f}-{b['from_s'] + b['seconds']:.0f} s, checks/s by probe", parts)
        if w.get("lease_wait_ms") and label == "steady":
            lw = w["lease_wait_ms"]
            row("lease wait ms p50 / p99 / max", f"{fmt(lw['p50'], 0)} / {fmt(lw['p99'], 0)} / {fmt(lw['max'], 0)} "
                f"(since start: {int(lw['count']):,} jobs; {int(lw['count_in_window']):,} in window)")
        if label == "steady":
            if w.get("pg"):
                pg = w["pg"]
                row("postgres commits/s", fmt(pg["commits_per_second"]))
                row("postgres rows inserted / updated / deleted per s",
                    f"{fmt(pg['inserted_per_second'])} / {fmt(pg['updated_per_second'])} / {fmt(pg['deleted_per_second'])}")
                row("postgres blocks read / hit", f"{fmt(pg['blks_read'])} / {fmt(pg['blks_hit'])}"
                    + (f" (hit ratio {pg['hit_ratio'] * 100:.2f}%)" if pg["hit_ratio"] is not None else ""))
                row("postgres WAL MB/s; DB growth", f"{pg['wal_mb_per_second']:.2f}; {pg['db_growth_gb_per_day']:.1f} GB/day")
                row("postgres connections", fmt(pg["connections"]))
            m = w.get("machine")
            if m:
                row("machine CPU busy (2 cores = 2.00)", f"{m['busy_cores']:.2f} cores: ours {m['ours_cores']:.2f}, "
                    f"everything else {m['others_cores']:.2f}; load average {' '.join(m['loadavg_at_end'])}")
            for name, c in w["cpu"].items():
                if c is None:
                    row(f"cpu {name}", "process gone")
                elif "rss_mb" in c:
                    row(f"cpu {name}", f"{c['cores']:.2f} cores, RSS {c['rss_mb']:.0f} MB (peak {c['peak_rss_mb']:.0f} MB)")
                else:
                    row(f"cpu {name}", f"{c['cores']:.2f} cores ({c['processes']} processes)")
    if out:
        if out.get("confirmed"):
            who = ", ".join(f"{v['probe']}/{v['region'] or 'home'} {v['role']} {v['verdict']}" for v in out["verifications"])
            row("outage -> open incident (API)", f"{out['confirm_seconds']:.2f} s ({out['failure']}; looks: {who})")
            starts = [(rfc3339_ms(v["started_at"]) - out["down_at_ms"]) / 1000.0 for v in out["verifications"] if v.get("started_at")]
            if starts:
                row("  looks started (s after the flip)", ", ".join(f"{x:+.2f}" for x in starts)
                    + f"; incident visible at +{out['confirm_seconds']:.2f}")
            if "first_failing_look_seconds" in out:
                first = out["first_failing_look_seconds"]
                row("  = wait for the next check + confirmation", f"{first:.2f} s + {out['confirm_seconds'] - first:.2f} s "
                    f"(the first failing look started {first:.2f} s after the flip; interval {params['flip_interval'] if params else '?'})")
        if out.get("resolved"):
            rec = ", ".join(f"{v['probe']}/{v['region'] or 'home'}" for v in out.get("recoveries", []))
            row("recovery -> resolved (API)", f"{out['resolve_seconds']:.2f} s (resolved_at {out.get('resolved_at_seconds', 0):.2f} s; "
                f"recoveries: {rec})")
        if out.get("error"):
            row("outage problem", out["error"])
    if fo:
        if fo.get("active"):
            row("failover: kill -9 active -> standby active", f"{fo['active_seconds']:.2f} s")
            if "first_check_seconds" in fo:
                row("failover: kill -9 -> first check stored by new active", f"{fo['first_check_seconds']:.2f} s "
                    f"({fo.get('commits_until_first_check', 0):,} PostgreSQL commits meanwhile)")
            if "agents_online_seconds" in fo:
                row("failover: kill -9 -> all agents online at the new active",
                    f"{fo['agents_online_seconds']:.2f} s (agents given both URLs moved by themselves; slowest GET "
                    f"/api/v1/probes meanwhile {fo.get('probes_api_slowest_s', 0):.2f} s, {fo.get('probes_api_failed', 0)} failed)")
        if fo.get("error"):
            row("failover problem", fo["error"])
    rejoin = maybe("rejoin.json")
    if rejoin:
        row("agents restarted with the new URL -> all online", f"{rejoin['seconds']:.2f} s")
    if problems:
        for name, p in problems.items():
            if p["lines"]:
                row(f"log {name}", f"{p['lines']} error/warning lines; top: {p['kinds'][0]['count']}x {p['kinds'][0]['example'][:160]}")
    width = max(len(k) for k, _ in rows) if rows else 0
    for k, v in rows:
        print(f"{k.ljust(width)}  {v}")


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return
    command, argv = sys.argv[1], sys.argv[2:]
    if command == "flip-target":
        flip_target(*argv)
    else:
        {"snapshot": snapshot, "window": window, "monitor-id": monitor_id, "wait-role": wait_role,
         "wait-agents": wait_agents, "sample-ids": sample_ids, "recount": recount, "outage": outage, "failover": failover, "log-problems": log_problems,
         "report": report}[command](argv)


if __name__ == "__main__":
    main()
