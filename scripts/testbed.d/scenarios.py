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

from testbed_client import POLL, Failed, Testbed, check, say, wait_for, when

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
    down_primaries = [r for r in tb.results(monitor_id, begin)
                      if r["probe"] == probe and r["role"] == "primary" and r["observation"]["verdict"] == "down"
                      and when(r["observation"]["started_at"]) <= end]
    check(dropped and dropped[0] > 0, f"the cut dropped no packets (counters {dropped}): {region} never tried B")
    check(down_primaries, f"{probe} made no failing scheduled check of B during the cut")
    check(len(from_region) == len(down_primaries),
          f"{len(down_primaries)} failing scheduled checks of B by {probe}, but {len(from_region)} suppressed "
          f"episodes started by them")
    for episode in from_region:
        ups = [v for v in episode["verifications"] if v["observation"]["verdict"] == "up"]
        check(ups, f"suppressed episode {episode['id']} has no look that saw B up")
    codes = sorted({e["failure"]["code"] for e in from_region})
    summary = (f"0 incidents; {len(from_region)} suppressed episodes from {probe}'s {len(down_primaries)} failing "
               f"checks ({', '.join(codes)}), {len(episodes)} suppressed in all; {dropped[0]} packets dropped")
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
    pid = tb.agent_pid(VICTIM)
    os.kill(pid, signal.SIGKILL)
    killed_at = time.time()
    say(name, f"SIGKILLed {agent['probe']} (pid {pid}) {killed_at - hit['t']:.2f}s into its check of D")
    check(killed_at - hit["t"] < D_DELAY, f"the kill came {killed_at - hit['t']:.2f}s after the request, "
                                          f"after D had answered ({D_DELAY}s): not mid-job")
    # Until the server can hand the dead agent nothing more (its parked lease call ends, it goes offline), and
    # the last such job's lease has expired and the job has run elsewhere; then a few more checks.
    time.sleep(max(OFFLINE_AFTER, LEASE_WAIT) + LEASE + 2 * INTERVAL)
    window_start = killed_at - 3 * INTERVAL
    worst_gaps = {}
    for monitor in watched:
        starts = [(when(r["observation"]["started_at"]), r["probe"])
                  for r in tb.results(ids[monitor], window_start)]
        sequence = ", ".join(f"{probe} {at - killed_at:+.1f}s" for at, probe in starts)
        say(name, f"checks of {monitor} (start, relative to the kill): {sequence}")
        check(any(at <= hit["t"] for at, _ in starts), f"no check of {monitor} in the {3 * INTERVAL:.0f}s before the kill")
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

    restarted_at = time.time()
    with open(os.devnull, "w") as log:
        process = subprocess.Popen([agent["start"]], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                   start_new_session=True)
    with open(agent["pid_file"], "w") as file:
        file.write(f"{process.pid}\n")

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
    selected = sys.argv[2:] or ["outage", "cut", "loss", "agent-kill"]
    monitors = {"outage": "outage-A", "cut": "cut-B", "loss": "loss-C", "agent-kill": "agent-kill-D"}
    tb.control("/state", target="D", delay=D_DELAY)
    ids = warm_up(tb, [monitors[s] for s in selected])
    say("testbed", f"warm; running {', '.join(selected)} concurrently")
    runners = {
        "outage": lambda: outage(tb, ids),
        "cut": lambda: cut(tb, ids),
        "loss": lambda: loss(tb, ids),
        "agent-kill": lambda: agent_kill(tb, ids, "outage" in selected),
    }
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
        ok, text = outcomes[scenario][:2]
        say(scenario, ("passed: " if ok else "FAILED: ") + text.splitlines()[0])

    threads = [threading.Thread(target=run, args=(s,), daemon=True) for s in selected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(flush=True)
    for scenario in selected:
        ok, text, numbers, took = outcomes[scenario]
        print(f"{'PASS' if ok else 'FAIL'}  {scenario:<10}  ({took:.0f}s) {text}", flush=True)
    numbers = outcomes.get("outage", (False, "", {}))[2]
    if "outage_to_incident_s" in numbers:
        print(f"MEASURED  outage -> confirmed incident in the API: {numbers['outage_to_incident_s']:.1f}s = "
              f"{numbers['outage_to_first_check_s']:.1f}s until the next scheduled check (0 to {INTERVAL:.0f}s, the "
              f"interval) + {numbers['first_check_to_confirmation_s']:.1f}s to confirm (check, 1s recheck_delay, "
              f"re-checks in other regions) + API poll ({POLL}s)", flush=True)
    sys.exit(0 if all(o[0] for o in outcomes.values()) else 1)


if __name__ == "__main__":
    main()
