#!/usr/bin/env python3
"""The testbed's scenarios, run concurrently on one testbed, each on its own target and monitor.

Run by scripts/testbed inside the tm-server namespace: `scenarios.py TESTBED.json [SCENARIO...]`. Every
assertion goes through the server's JSON API (and the targets' control server); every wait is bounded.
Prints one PASS or FAIL line per scenario; exit 0 when all passed. Standard library only.
"""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import traceback

from testbed_client import POLL, START, Failed, Testbed, check, say, wait_for, when

# The testbed's config (scripts/testbed, write_config) and the server's constants these bounds rest on.
INTERVAL = 5.0  # every monitor's interval
WITHIN = 10.0  # verify.within: how long verification may take
BUDGET = 5.0  # every monitor's check budget: 2 attempts x 2s + 1s backoff (A-C), 1 attempt x 5s (D)
LEASE = BUDGET + 10.0  # a lease lasts the check's budget plus RemoteProbes.leaseSlack (10 s)
D_DELAY = 2.5  # D answers after this long, so a check of D is in flight for that long
SWEEP_TOLERANCE = 1.5  # the server sweeps expired leases every 0.5 s, then dispatches (slack for a busy 2-core VM)
OFFLINE_AFTER = 30.0  # RemoteProbes.offlineAfter: an agent silent this long gets no more jobs
LEASE_WAIT = 20.0  # AgentConfiguration.leaseWait: how long an agent's lease call may be parked on the server
VICTIM = "ap"  # the agent killed in agent-kill (eu and us have the cut and the loss)
LOCK_RETRY = 1.0  # ActiveReplicaService: a standby tries the replica lock every second
TAKEOVER_BOUND = 10.0  # replica-kill: the standby must say it is active within this long of the kill
AGENTS_ONLINE_BOUND = 10.0  # replica-kill: every agent registered (online) at the new active replica within this
AGENTS_BACK_BOUND = 4 * INTERVAL + LEASE  # ... and each with a result accepted there (rotation over 4 regions)
CHECKPOINT_EVERY = 15.0  # how often the checkpoint keeper saves the active replica's checkpoint

def hold_and_watch(tb, scenario, monitor_id, seconds):
    """Waits `seconds`, failing at once if the monitor gets an incident meanwhile."""
    end = time.time() + seconds
    while time.time() < end:
        incidents = tb.incidents(monitor_id)
        check(not incidents, f"false incident during the fault: {json.dumps(incidents)[:600]}")
        time.sleep(min(5.0, max(0.0, end - time.time())))
        if int(end - time.time()) % 60 < 5:
            say(scenario, f"{max(0, end - time.time()):.0f}s of the fault left")


# 1. The target goes down: exactly one incident, confirmed by at least two regions, opened within an interval
# plus the verification window, and resolved once after recovery.
def outage(tb, ids):
    name, monitor_id = "outage", ids["outage-A"]
    try:
        check(not tb.incidents(monitor_id), "an incident exists before the outage")
        time.sleep(random.uniform(0, INTERVAL))  # the outage may begin anywhere in the check schedule
        down_at = time.time()
        tb.control("/state", target="A", up=0)
        say(name, "target A down (503)")
        seen = wait_for("the incident", INTERVAL + WITHIN + 15, lambda: tb.incidents(monitor_id))
        seen_at = time.time()
        incident = seen[0]
        confirmed_at = max(when(v["observation"]["finished_at"]) for v in incident["verifications"])
        first_look = when(incident["verifications"][0]["observation"]["started_at"])
        failing = [v for v in incident["verifications"] if v["observation"]["verdict"] == "down"]
        regions = sorted({v.get("region") or "?" for v in failing})
        looks = ", ".join("%s (%s)" % (v["probe"], v.get("region")) for v in failing)
        say(name, f"incident {incident['id']} seen {seen_at - down_at:.1f}s after the outage; failing looks: {looks}")
        check(seen_at - down_at <= INTERVAL + WITHIN,
              f"incident seen {seen_at - down_at:.1f}s after the outage: more than interval + within "
              f"({INTERVAL + WITHIN:.0f}s)")
        check(len(regions) >= 2, f"confirmed by {len(regions)} region(s) {regions}; need at least 2")
        # Stay down a few more intervals: further failing checks must not open a second incident.
        time.sleep(max(0.0, seen_at + 3 * INTERVAL - time.time()))
        up_at = time.time()
        tb.control("/state", target="A", up=1)
        say(name, "target A up again")

        def resolved():
            current = tb.incidents(monitor_id)
            return [i for i in current if i["state"] == "resolved"] and current
        wait_for("the incident's resolution", INTERVAL + WITHIN + 15, resolved)
        resolved_seen = time.time() - up_at
        check(resolved_seen <= INTERVAL + WITHIN,
              f"resolution seen {resolved_seen:.1f}s after recovery: more than interval + within")
        time.sleep(3 * INTERVAL)  # healthy checks afterwards must change nothing
        final = tb.incidents(monitor_id)
        check(len(final) == 1, f"{len(final)} incidents for the outage, expected exactly 1: "
                               f"{[(i['id'], i['state']) for i in final]}")
        incident = final[0]
        check(incident["state"] == "resolved" and incident["resolved_at"], "the incident is not resolved")
        check(when(incident["resolved_at"]) >= up_at - 1.0, "resolved before the target came back")
        recovered = [v for v in incident["recoveries"] if v["observation"]["verdict"] == "up"]
        check(len(recovered) >= 2, f"resolved on {len(recovered)} successful look(s); recover.quorum is 2")
        check(tb.monitor(monitor_id)["state"] == "up", "the monitor is not up after recovery")
        summary = (f"1 incident, confirmed by {len(regions)} regions ({', '.join(regions)}); "
                   f"outage -> incident in API {seen_at - down_at:.1f}s (first failing check began "
                   f"{first_look - down_at:.1f}s after the outage, confirmed {confirmed_at - first_look:.1f}s later); "
                   f"resolved {resolved_seen:.1f}s after recovery")
        return summary, {"outage_to_incident_s": seen_at - down_at, "outage_to_first_check_s": first_look - down_at,
                         "first_check_to_confirmation_s": confirmed_at - first_look,
                         "recovery_to_resolution_s": resolved_seen}
    finally:
        tb.control("/state", target="A", up=1)
        tb.outage_done.set()


def settle_after_fault(tb, scenario):
    """After a fault ends, episodes begun during it may still be verifying: let them be decided."""
    say(scenario, "fault removed; waiting for episodes begun during it to be decided")
    time.sleep(INTERVAL + WITHIN + 2)


def suppressed_during(tb, monitor_id, begin):
    return [e for e in tb.suppressed(monitor_id) if when(e["started_at"]) >= begin - 1]


def no_up_evidence(episode, results):
    """What the API shows of a suppressed episode with no look that saw the target up: how long after its
    failing check it was decided, against `within` (a timeout with nothing in hand comes `within` later; one
    decided at once was not decided by its own timer), its reason, and the verification looks stored meanwhile."""
    primary = episode["verifications"][0]
    finished = when(primary["observation"]["finished_at"])
    after = when(episode["decided_at"]) - finished
    looks = [r for r in results if r["role"] == "verification" and r["probe"] != primary["probe"]
             and finished <= when(r["observation"]["started_at"]) <= finished + 1 + WITHIN]
    seen = ", ".join(f"{r['probe']} {r['observation']['verdict']} "
                     f"+{when(r['observation']['started_at']) - finished:.1f}s" for r in looks) or "none"
    timing = ("before its own timer could fire: not a timeout" if after < WITHIN - 1
              else "when its verification window ran out")
    return (f"{primary['probe']}'s check finished {primary['observation']['finished_at']}; decided {after:.2f}s "
            f"later ({timing}; within {WITHIN:.0f}s); reason {episode['reason']!r}; verification looks of the "
            f"target stored in that window: {seen}")


# 2. One region's path to the target cut, the target up: zero incidents, the region's failures suppressed.
def cut(tb, ids):
    name, monitor_id, region = "cut", ids["cut-B"], "eu"
    probe = tb.agents[region]["probe"]
    begin = time.time()
    tb.nft(region, "add", "rule", "inet", "testbed", "out", "ip", "daddr", tb.targets["B"], "counter", "drop")
    say(name, f"{region}'s path to B ({tb.targets['B']}) cut for {tb.hold:.0f}s")
    try:
        hold_and_watch(tb, name, monitor_id, tb.hold)
        dropped = tb.nft_counters(region)
    finally:
        tb.nft(region, "flush", "chain", "inet", "testbed", "out")
    end = time.time()
    settle_after_fault(tb, name)
    incidents = tb.incidents(monitor_id)
    check(not incidents, f"{len(incidents)} incident(s) for a target that was up: {json.dumps(incidents)[:600]}")
    episodes = suppressed_during(tb, monitor_id, begin)
    from_region = [e for e in episodes if e["verifications"][0]["probe"] == probe]
    results = tb.results(monitor_id, begin)
    down_primaries = [r for r in results
                      if r["probe"] == probe and r["role"] == "primary" and r["observation"]["verdict"] == "down"
                      and when(r["observation"]["started_at"]) <= end]
    check(dropped and dropped[0] > 0, f"the cut dropped no packets (counters {dropped}): {region} never tried B")
    check(down_primaries, f"{probe} made no failing scheduled check of B during the cut")
    # Each failing scheduled check must have become a suppressed episode (matched by the check's start time).
    # The one exception: a check stored by the active replica that replica-kill then killed before the
    # episode was decided (unfinished verifications die with their replica, README "Replicas").
    started = {round(when(e["verifications"][0]["observation"]["started_at"]), 3) for e in from_region}
    unmatched = [r for r in down_primaries if round(when(r["observation"]["started_at"]), 3) not in started]
    window = tb.kill_window

    def lost_in_kill(result):
        finished = when(result["observation"]["finished_at"])
        return window is not None and window[0] - WITHIN - 2 <= finished <= window[1] + 2
    excused = [r for r in unmatched if lost_in_kill(r)]
    unexplained = [r for r in unmatched if not lost_in_kill(r)]
    check(not unexplained,
          f"{len(down_primaries)} failing scheduled checks of B by {probe}, {len(from_region)} suppressed episodes "
          f"started by them; no episode for the checks begun at "
          f"{', '.join(r['observation']['started_at'] for r in unexplained)}")
    check(len(from_region) <= len(down_primaries),
          f"{len(from_region)} suppressed episodes started by {probe}, more than its {len(down_primaries)} failing "
          f"scheduled checks of B")
    # No exception for the replica kill here: a stored episode was decided by a live replica, and every
    # verification of an eu check goes to other regions, which reach B. One with no look that saw B up is a
    # product fault whichever way it came about; the message says which.
    for episode in from_region:
        ups = [v for v in episode["verifications"] if v["observation"]["verdict"] == "up"]
        check(ups, f"suppressed episode {episode['id']} has no look that saw B up: "
                   f"{no_up_evidence(episode, results)}")
    codes = sorted({e["failure"]["code"] for e in from_region})
    excuse = (f" ({len(excused)} more whose verification was under way on the killed replica)" if excused else "")
    summary = (f"0 incidents; {len(from_region)} suppressed episodes from {probe}'s {len(down_primaries)} failing "
               f"checks{excuse} ({', '.join(codes)}), {len(episodes)} suppressed in all; {dropped[0]} packets dropped")
    return summary, {"suppressed": len(episodes), "failing_checks_in_cut_region": len(down_primaries)}


# 3. One region dropping 30% of its packets to the target, the target up: zero incidents.
def loss(tb, ids):
    name, monitor_id, region = "loss", ids["loss-C"], "us"
    probe = tb.agents[region]["probe"]
    address = tb.targets["C"]
    begin = time.time()
    tb.nft(region, "add", "rule", "inet", "testbed", "out", "ip", "daddr", address, "counter")
    tb.nft(region, "add", "rule", "inet", "testbed", "out", "ip", "daddr", address,
           "numgen", "random", "mod", "100", "<", "30", "counter", "drop")
    say(name, f"{region} drops 30% of its packets to C ({address}) for {tb.hold:.0f}s")
    try:
        hold_and_watch(tb, name, monitor_id, tb.hold)
        counters = tb.nft_counters(region)
    finally:
        tb.nft(region, "flush", "chain", "inet", "testbed", "out")
    end = time.time()
    settle_after_fault(tb, name)
    incidents = tb.incidents(monitor_id)
    check(not incidents, f"{len(incidents)} incident(s) for a target that was up: {json.dumps(incidents)[:600]}")
    checks = [r for r in tb.results(monitor_id, begin)
              if r["probe"] == probe and when(r["observation"]["started_at"]) <= end]
    check(checks, f"{probe} made no check of C during the loss: the scenario tested nothing")
    total, dropped = (counters + [0, 0])[:2]
    check(dropped > 0, f"no packet was dropped (counters {counters})")
    down = sum(1 for r in checks if r["observation"]["verdict"] == "down")
    episodes = suppressed_during(tb, monitor_id, begin)
    summary = (f"0 incidents; {probe} dropped {dropped} of {total} packets to C ({100 * dropped / max(total, 1):.0f}%), "
               f"{len(checks)} checks by {probe} ({down} down), {len(episodes)} suppressed episodes")
    return summary, {"dropped_packets": dropped, "packets": total, "suppressed": len(episodes)}


# 4. An agent SIGKILLed while its check is in flight: the job is re-run elsewhere once its lease expires, and
# every healthy monitor keeps being checked with no gap longer than an interval plus the lease time (jobs
# handed to the dead agent before the server stops counting it as online expire the same way).
def agent_kill(tb, ids, outage_selected):
    name = "agent-kill"
    agent = tb.agents[VICTIM]
    # D, and A once its outage is over: healthy monitors, so only the kill can delay their checks.
    watched = ["agent-kill-D"] + (["outage-A"] if outage_selected else [])
    if outage_selected:
        say(name, "waiting for the outage scenario to finish (its verification needs every region)")
        wait_for("the outage scenario", 240, tb.outage_done.is_set, interval=1)
    bound = INTERVAL + LEASE + SWEEP_TOLERANCE
    after = tb.control("/hits", target="D")["seq"]

    def victim_hit():
        found = [h for h in tb.control("/hits", target="D", after=after)["hits"] if h["src"] == agent["address"]]
        return found[0] if found else None
    hit = wait_for(f"{agent['probe']} to check D", 90, victim_hit, interval=0.1)
    restarted = []

    def restart():
        """The killed agent back (also when a check below failed: later scenarios need every agent)."""
        if restarted:
            return
        restarted.append(time.time())
        with open(os.devnull, "w") as log:
            process = subprocess.Popen([agent["start"]], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       start_new_session=True)
        with open(agent["pid_file"], "w") as file:
            file.write(f"{process.pid}\n")

    pid = tb.agent_pid(VICTIM)
    os.kill(pid, signal.SIGKILL)
    killed_at = time.time()
    try:
        say(name, f"SIGKILLed {agent['probe']} (pid {pid}) {killed_at - hit['t']:.2f}s into its check of D")
        check(killed_at - hit["t"] < D_DELAY, f"the kill came {killed_at - hit['t']:.2f}s after the request, "
                                              f"after D had answered ({D_DELAY}s): not mid-job")
        # Until the server can hand the dead agent nothing more (its parked lease call ends, it goes offline),
        # and the last such job's lease has expired and the job has run elsewhere; then a few more checks.
        time.sleep(max(OFFLINE_AFTER, LEASE_WAIT) + LEASE + 2 * INTERVAL)
        window_start = killed_at - 3 * INTERVAL
        worst_gaps = {}
        for monitor in watched:
            starts = [(when(r["observation"]["started_at"]), r["probe"])
                      for r in tb.results(ids[monitor], window_start)]
            sequence = ", ".join(f"{probe} {at - killed_at:+.1f}s" for at, probe in starts)
            say(name, f"checks of {monitor} (start, relative to the kill): {sequence}")
            check(any(at <= hit["t"] for at, _ in starts),
                  f"no check of {monitor} in the {3 * INTERVAL:.0f}s before the kill")
            check(any(at > killed_at for at, _ in starts), f"{monitor} was not checked at all after the kill")
            times = [window_start] + [at for at, _ in starts] + [time.time()]
            worst_gaps[monitor] = max(b - a for a, b in zip(times, times[1:]))
            check(worst_gaps[monitor] <= bound,
                  f"{monitor} went {worst_gaps[monitor]:.1f}s without a check: more than interval + lease "
                  f"({INTERVAL + LEASE:.0f}s) + {SWEEP_TOLERANCE}s")
            opened = [i for i in tb.incidents(ids[monitor]) if when(i["opened_at"]) >= window_start]
            check(not opened, f"an incident for {monitor}, which was up throughout: {json.dumps(opened)[:600]}")
        # The killed check itself: D's next check ran elsewhere once its lease expired.
        rerun_at, rerun_by = next((at, probe) for at, probe in
                                  ((when(r["observation"]["started_at"]), r["probe"])
                                   for r in tb.results(ids["agent-kill-D"], killed_at)) if at > killed_at)
        check(rerun_by != agent["probe"], "the first check of D after the kill is by the killed agent")
        check(rerun_at - hit["t"] <= LEASE + SWEEP_TOLERANCE,
              f"the killed check of D ran again {rerun_at - hit['t']:.1f}s after it began: more than the lease "
              f"({LEASE:.0f}s) + {SWEEP_TOLERANCE}s")
    finally:
        restart()
    restarted_at = restarted[0]

    def back():
        probe = tb.probes().get(agent["probe"], {})
        last = probe.get("last_result")
        return probe.get("state") == "online" and last and when(last) > restarted_at
    wait_for(f"{agent['probe']} to run checks again after its restart", OFFLINE_AFTER + 30, back, interval=1)
    gaps = ", ".join(f"{m} {g:.1f}s" for m, g in worst_gaps.items())
    summary = (f"{agent['probe']} killed {killed_at - hit['t']:.2f}s into its check of D; that check ran again on "
               f"{rerun_by} {rerun_at - hit['t']:.1f}s after it began (lease {LEASE:.0f}s); longest time without a "
               f"check: {gaps} (bound {bound:.1f}s); restarted, checking again after {time.time() - restarted_at:.0f}s")
    return summary, {"rerun_after_s": rerun_at - hit["t"], "longest_gaps_s": worst_gaps}


def observation_key(result):
    """An observation's identity in the API (results carry no id): who looked, in which role, when."""
    return (result["probe"], result["role"], result["observation"]["started_at"])


def all_incidents(tb):
    return {i["id"]: i for i in tb.api("/api/v1/incidents", limit=1000)["incidents"]}


def all_suppressed(tb):
    return {e["id"]: e for e in tb.api("/api/v1/suppressed", limit=1000)["suppressed"]}


def log_key(tb):
    result = subprocess.run([tb.bin, "keys", "show", "--data-dir", tb.data_dir], capture_output=True, text=True,
                            timeout=30)
    keys = dict(line.split(None, 1) for line in result.stdout.splitlines() if line.strip())
    check("log" in keys, f"trustmonitor keys show printed no log key: {result.stdout} {result.stderr}")
    return keys["log"].strip()


def keep_checkpoint(tb, note, size, label):
    path = os.path.join(tb.checkpoints_dir, f"{size:08d}-{label}.checkpoint")
    with open(path, "w") as file:
        file.write(note)
    return path


def checkpoint_keeper(tb, stop):
    """Keeps the active replica's checkpoint every CHECKPOINT_EVERY seconds when the log grew, like an auditor
    would: the final ledger audit proves the log still extends every one of them (it only grew, across the
    replica kill too)."""
    kept = set()
    while not stop.wait(CHECKPOINT_EVERY):
        try:
            replica = tb.active()
            if replica is None:
                continue
            note, size = tb.checkpoint(replica)
            if size not in kept:
                kept.add(size)
                keep_checkpoint(tb, note, size, "kept")
        except Exception:  # a replica killed mid-request: the next round tries again
            pass


# 5. The active server replica SIGKILLed: the standby takes over within a bound, the agents move to it and checks
# go on; an outage after the takeover gets exactly one incident, opened and resolved by the new active replica;
# nothing stored before the kill is lost and the log only grew; the killed replica comes back as a standby.
def replica_kill(tb, ids, waits):
    name, monitor_id = "replica-kill", ids["replica-kill-E"]
    for what, event in waits:
        say(name, f"waiting for the {what} scenario to finish (a replica kill would disturb its timing bounds)")
        wait_for(f"the {what} scenario", 400, event.is_set, interval=1)
    old = tb.active()
    check(old is not None, "no replica is active before the kill: " +
          ", ".join(f"{r['name']} {tb.role(r)}" for r in tb.replicas))
    new = next(r for r in tb.replicas if r is not old)
    check(tb.role(new) == "standby", f"{new['name']} is {tb.role(new)!r}, not standing by")
    agents = sorted(a["probe"] for a in tb.agents.values())

    def all_online():
        probes = tb.probes()
        return all(probes.get(n, {}).get("state") == "online" for n in agents)
    wait_for(f"every agent online at {old['name']} before the kill", 60, all_online, interval=1)
    check(not tb.incidents(monitor_id), "an incident for E before its outage")
    since = START - 60
    check(tb.results(monitor_id, time.time() - 3 * INTERVAL), f"E was not checked in the {3 * INTERVAL:.0f}s before "
                                                                  f"the kill")

    # What is recorded before the kill; a little more may be recorded before the kill lands (before <= after).
    time.sleep(random.uniform(0, INTERVAL))  # the kill may land anywhere in the check schedule
    incidents_before = all_incidents(tb)
    suppressed_before = all_suppressed(tb)
    results_before = tb.results(monitor_id, since)
    check(len(results_before) < 1000, "E has 1000 observations or more: the API's limit would hide some")
    note, size_before = tb.checkpoint(old)
    kept = keep_checkpoint(tb, note, size_before, "before-replica-kill")
    with open(old["pid_file"]) as file:
        pid = int(file.read().strip())
    os.kill(pid, signal.SIGKILL)
    killed_at = time.time()
    say(name, f"SIGKILLed the active replica, {old['name']} (pid {pid}); before: {len(incidents_before)} incidents, "
              f"{len(suppressed_before)} suppressed episodes, {len(results_before)} observations of E, log size "
              f"{size_before}")

    wait_for(f"{new['name']} to say it is active", TAKEOVER_BOUND, lambda: tb.role(new) == "active", interval=0.05)
    takeover_at = time.time()
    takeover = takeover_at - killed_at
    tb.kill_window = (killed_at, takeover_at)
    say(name, f"{new['name']} active {takeover:.2f}s after the kill")
    check(tb.role(old) is None, f"{old['name']} still answers after SIGKILL")

    # Online: registered again there (they move on at once on connection refused; on PostgreSQL the standby serves
    # agents from the shared queue already, on SQLite it answers 503 until the takeover).
    # Posting: each has had a job there and its result was accepted; a region gets a monitor's check on that
    # monitor's turn in the rotation over the regions, so the last region's first job may come intervals later.
    wait_for(f"every agent online at {new['name']}", AGENTS_ONLINE_BOUND, all_online, interval=0.1)
    agents_online = time.time() - takeover_at

    def all_posting():
        probes = tb.probes()
        return all(probes.get(n, {}).get("state") == "online" and probes[n].get("last_result") for n in agents)
    wait_for(f"every agent posting results at {new['name']}", AGENTS_BACK_BOUND, all_posting, interval=0.25)
    agents_back = time.time() - takeover_at
    say(name, f"agents {', '.join(agents)} online at {new['name']} {agents_online:.1f}s after the takeover, "
              f"each with a result accepted there after {agents_back:.1f}s")

    def checked_since(monitor, at):
        return [r for r in tb.results(ids[monitor], at - INTERVAL) if when(r["observation"]["started_at"]) >= at]
    # A check stored with a start after the kill ran on the surviving replica or an agent (the old one is gone);
    # it may start before /healthz says active (on PostgreSQL the standby's probes check all along).
    first = wait_for("a check of E after the kill", INTERVAL + LEASE,
                     lambda: checked_since("replica-kill-E", killed_at))
    first_after = when(first[0]["observation"]["started_at"]) - killed_at
    for monitor in ids:
        wait_for(f"a check of {monitor} after the kill", takeover + INTERVAL + LEASE + SWEEP_TOLERANCE,
                 lambda: checked_since(monitor, killed_at))
    # The longest time E went without a check, from 3 intervals before the kill until a lease after the takeover.
    time.sleep(max(0.0, takeover_at + LEASE + INTERVAL - time.time()))
    window_start = killed_at - 3 * INTERVAL
    starts = [when(r["observation"]["started_at"]) for r in tb.results(monitor_id, window_start)]
    times = [window_start] + starts + [time.time()]
    gap = max(b - a for a, b in zip(times, times[1:]))
    bound = INTERVAL + takeover + LEASE + SWEEP_TOLERANCE
    say(name, "checks of E (start, relative to the kill): " +
              ", ".join(f"{r['probe']} {when(r['observation']['started_at']) - killed_at:+.1f}s"
                        for r in tb.results(monitor_id, window_start)))
    check(gap <= bound, f"E went {gap:.1f}s without a check across the kill: more than interval + takeover + lease "
                        f"({bound:.1f}s)")

    # Checking and alerting go on: E's outage, decided by the new active replica.
    time.sleep(random.uniform(0, INTERVAL))  # the outage may begin anywhere in E's check schedule
    try:
        down_at = time.time()
        tb.control("/state", target="E", up=0)
        say(name, "target E down (503)")
        seen = wait_for("E's incident", INTERVAL + WITHIN + 15, lambda: tb.incidents(monitor_id))
        seen_at = time.time()
        incident = seen[0]
        failing = [v for v in incident["verifications"] if v["observation"]["verdict"] == "down"]
        regions = sorted({v.get("region") or "?" for v in failing})
        check(seen_at - down_at <= INTERVAL + WITHIN,
              f"E's incident seen {seen_at - down_at:.1f}s after the outage: more than interval + within")
        check(when(incident["opened_at"]) > takeover_at, "E's incident was opened before the takeover")
        check(len(regions) >= 2, f"E's incident confirmed by {len(regions)} region(s) {regions}; need at least 2")
        check(tb.role(new) == "active", f"{new['name']} is no longer active")
        time.sleep(2 * INTERVAL)
        up_at = time.time()
        tb.control("/state", target="E", up=1)

        def resolved():
            current = tb.incidents(monitor_id)
            return [i for i in current if i["state"] == "resolved"] and current
        wait_for("E's incident resolved", INTERVAL + WITHIN + 15, resolved)
        resolved_seen = time.time() - up_at
    finally:
        tb.control("/state", target="E", up=1)
    time.sleep(2 * INTERVAL)  # healthy checks afterwards must change nothing
    final = tb.incidents(monitor_id)
    check(len(final) == 1, f"{len(final)} incidents for E's outage, expected exactly 1: "
                           f"{[(i['id'], i['state']) for i in final]}")
    check(final[0]["state"] == "resolved" and when(final[0]["resolved_at"]) >= up_at - 1.0,
          "E's incident is not resolved after E came back")
    recovered = [v for v in final[0]["recoveries"] if v["observation"]["verdict"] == "up"]
    check(len(recovered) >= 2, f"E's incident resolved on {len(recovered)} successful look(s); recover.quorum is 2")
    check(resolved_seen <= INTERVAL + WITHIN,
          f"E's resolution seen {resolved_seen:.1f}s after recovery: more than interval + within")

    # Nothing recorded before the kill is lost.
    incidents_after = all_incidents(tb)
    lost = [i for i in incidents_before if i not in incidents_after]
    check(not lost, f"incidents recorded before the kill are gone: {lost}")
    for key, before in incidents_before.items():
        after = incidents_after[key]
        if before["state"] == "resolved":
            check(after["state"] == "resolved" and after["resolved_at"] == before["resolved_at"]
                  and after["opened_at"] == before["opened_at"], f"incident {key} changed after the kill")
    suppressed_after = all_suppressed(tb)
    lost = [e for e in suppressed_before if e not in suppressed_after]
    check(not lost, f"suppressed episodes recorded before the kill are gone: {lost}")
    results_after = {observation_key(r) for r in tb.results(monitor_id, since)}
    lost = [k for k in map(observation_key, results_before) if k not in results_after]
    check(not lost, f"{len(lost)} of E's {len(results_before)} observations from before the kill are gone: {lost[:5]}")
    note, size_after = tb.checkpoint(new)
    check(size_after > size_before, f"the log has {size_after} entries after E's incident, {size_before} before")
    keep_checkpoint(tb, note, size_after, "after-replica-kill")
    audit = subprocess.run([tb.bin, "verify", "ledger", "--url", new["api"], "--log-key", log_key(tb),
                            "--checkpoint", kept], capture_output=True, text=True, timeout=120)
    check(audit.returncode == 0, f"verify ledger --url {new['api']} --checkpoint <kept before the kill> failed "
                                 f"(exit {audit.returncode}): {audit.stdout} {audit.stderr}")
    verdict = (audit.stdout.strip().splitlines() or ["?"])[-1]

    # A supervisor restarts the killed replica: it must stand by, the new active one stays active.
    restarted_at = time.time()
    with open(os.devnull, "w") as devnull:
        process = subprocess.Popen([old["start"]], stdin=subprocess.DEVNULL, stdout=devnull, stderr=devnull,
                                   start_new_session=True)
    with open(old["pid_file"], "w") as file:
        file.write(f"{process.pid}\n")
    wait_for(f"{old['name']} back, standing by", 60, lambda: tb.role(old) == "standby", interval=0.5)
    back_after = time.time() - restarted_at
    check(tb.role(new) == "active", f"{new['name']} is not active after {old['name']} came back")
    served = tb.replica_api(old, "/api/v1/incidents", monitor=monitor_id, limit=1000)["incidents"]
    check([i["id"] for i in served] == [final[0]["id"]], f"{old['name']} (standby) does not serve E's incident")

    summary = (f"{old['name']} (active) SIGKILLed; {new['name']} active after {takeover:.2f}s (bound "
               f"{TAKEOVER_BOUND:.0f}s); agents online there {agents_online:.1f}s later, each with a result accepted "
               f"after {agents_back:.1f}s; first check of E {first_after:.1f}s after the kill, longest gap {gap:.1f}s "
               f"(bound {bound:.1f}s); E's outage -> 1 incident in {seen_at - down_at:.1f}s ({len(regions)} regions: "
               f"{', '.join(regions)}), resolved "
               f"{resolved_seen:.1f}s after recovery; kept all {len(incidents_before)} incidents, "
               f"{len(suppressed_before)} suppressed episodes and {len(results_before)} observations of E from before; "
               f"log {size_before} -> {size_after} entries, pre-kill checkpoint consistent ({verdict}); "
               f"{old['name']} restarted, standby after {back_after:.1f}s")
    return summary, {"takeover_s": takeover, "agents_online_s": agents_online, "agents_back_s": agents_back,
                     "first_check_after_kill_s": first_after, "gap_s": gap, "incident_s": seen_at - down_at,
                     "resolution_s": resolved_seen, "restart_standby_s": back_after}


def warm_up(tb, monitors):
    say("testbed", "waiting for the agents to register and every monitor to be up")
    names = {a["probe"] for a in tb.agents.values()}

    def online():
        probes = tb.probes()
        return all(probes.get(n, {}).get("state") == "online" for n in names)
    wait_for("every agent online", 60, online, interval=1)
    ids = tb.monitor_ids()
    wait_for("every monitor up", 60,
             lambda: all(tb.monitor(ids[m])["state"] == "up" for m in monitors), interval=1)
    return ids


def main():
    with open(sys.argv[1]) as file:
        tb = Testbed(json.load(file))
    selected = sys.argv[2:] or ["outage", "cut", "loss", "agent-kill", "replica-kill"]
    monitors = {"outage": "outage-A", "cut": "cut-B", "loss": "loss-C", "agent-kill": "agent-kill-D",
                "replica-kill": "replica-kill-E"}
    tb.control("/state", target="D", delay=D_DELAY)
    ids = warm_up(tb, [monitors[s] for s in selected])
    say("testbed", f"warm; running {', '.join(selected)} concurrently")
    runners = {
        "outage": lambda: outage(tb, ids),
        "cut": lambda: cut(tb, ids),
        "loss": lambda: loss(tb, ids),
        "agent-kill": lambda: agent_kill(tb, ids, "outage" in selected),
        # After the outage and the agent kill (a takeover would break their timing bounds), during the cut and
        # the loss (which allow for it).
        "replica-kill": lambda: replica_kill(tb, ids, [(w, e) for w, e in (("outage", tb.outage_done),
                                                                             ("agent-kill", tb.agent_kill_done))
                                                         if w in selected]),
    }
    keeper_stop = threading.Event()
    threading.Thread(target=checkpoint_keeper, args=(tb, keeper_stop), daemon=True).start()
    outcomes = {}

    def run(scenario):
        began = time.time()
        try:
            summary, numbers = runners[scenario]()
            outcomes[scenario] = (True, summary, numbers, time.time() - began)
        except Failed as failure:
            outcomes[scenario] = (False, str(failure), {}, time.time() - began)
        except Exception:
            outcomes[scenario] = (False, "error: " + traceback.format_exc(), {}, time.time() - began)
        finally:
            if scenario == "outage":
                tb.outage_done.set()
            if scenario == "agent-kill":
                tb.agent_kill_done.set()
        ok, text = outcomes[scenario][:2]
        say(scenario, ("passed: " if ok else "FAILED: ") + text.splitlines()[0])

    threads = [threading.Thread(target=run, args=(s,), daemon=True) for s in selected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keeper_stop.set()
    print(flush=True)
    for scenario in selected:
        ok, text, numbers, took = outcomes[scenario]
        print(f"{'PASS' if ok else 'FAIL'}  {scenario:<12}  ({took:.0f}s) {text}", flush=True)
    numbers = outcomes.get("outage", (False, "", {}))[2]
    if "outage_to_incident_s" in numbers:
        print(f"MEASURED  outage -> confirmed incident in the API: {numbers['outage_to_incident_s']:.1f}s = "
              f"{numbers['outage_to_first_check_s']:.1f}s until the next scheduled check (0 to {INTERVAL:.0f}s, the "
              f"interval) + {numbers['first_check_to_confirmation_s']:.1f}s to confirm (check, 1s recheck_delay, "
              f"re-checks in other regions) + API poll ({POLL}s)", flush=True)
    numbers = outcomes.get("replica-kill", (False, "", {}))[2]
    if "takeover_s" in numbers:
        print(f"MEASURED  active replica SIGKILLed -> standby active: {numbers['takeover_s']:.2f}s (it tries the lock "
              f"every {LOCK_RETRY:.0f}s; API poll 0.05s); every agent online there +{numbers['agents_online_s']:.1f}s, "
              f"each with a result accepted +{numbers['agents_back_s']:.1f}s; first check of E "
              f"{numbers['first_check_after_kill_s']:.1f}s after the kill, longest gap {numbers['gap_s']:.1f}s",
              flush=True)
    sys.exit(0 if all(o[0] for o in outcomes.values()) else 1)


if __name__ == "__main__":
    main()
