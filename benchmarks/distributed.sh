#!/usr/bin/env bash
# distributed.sh — the distributed deployment on one machine: two `serve` replicas on one PostgreSQL,
# three agents (regions eu, us, ap), N monitors of a local nginx, measured end to end.
#
# Usage: benchmarks/distributed.sh [options]
#   --monitors N         monitors of nginx (default 10000)
#   --interval D         their interval (default 10s: 10,000 monitors = 1,000 checks/s)
#   --warmup S           seconds after the agents are online before measuring (default 20)
#   --window S           seconds of the steady window (default 60)
#   --flip-interval D    interval of the one monitor of the flip target (default 5s)
#   --after-failover S   seconds of each window after the failover (default 20)
#   --agents-one-server  give the agents only replica A's URL even when `agent` takes several --server
#                        (then they are restarted with B's URL after the failover, as for older agents)
#   --json               print one JSON object instead of the table
#   --keep               keep the temp dir (configs, logs, step JSON)
#   -h, --help
# Env: TRUSTMONITOR (binary; default: swift build -c release --product trustmonitor), BUILD_TIMEOUT (1800),
#      TOTAL_TIMEOUT (1800: the whole run after the build), POSTGRES_BIN (/usr/lib/postgresql/15/bin).
#
# What it starts (all on 127.0.0.1, free ports, stopped on exit, even on Ctrl-C or TERM):
#   a throwaway PostgreSQL (scripts/postgres), a private nginx (one worker, `return 200 "ok"`), a flip target
#   (Python: 200 until a flag file exists, then 503), replica A and replica B (`serve`, same config and
#   database, different ports), and three agents (given A's URL first, B's too when `agent` takes several).
# What it measures, in order:
#   1. steady window: checks/s stored in `observations` per probe (and per interval-long slice), check start
#      -> row stored per probe (max(id) sampled every 0.5 s), lease wait (GET /api/v1/probes),
#      pg_stat_database deltas, WAL, DB growth, CPU and RSS of every process, CPU of all postgres processes;
#   2. outage: flag file created -> open incident for the flip monitor (polled every 100 ms), and who
#      confirmed it; flag removed -> incident resolved;
#   3. failover: kill -9 replica A -> replica B's /healthz says active; the first check B stores. When
#      `agent --help` shows that --server repeats (replicas), the agents were given both URLs: time from the
#      kill until all three are online at B, then checks/s. Otherwise (or with --agents-one-server): checks/s
#      with the agents still on A's URL, then the agents restarted with B's URL: time until all three are
#      online, and checks/s again.
# Problems (error/warning lines in the logs) are counted per log and shown in the summary.
set -euo pipefail

MONITORS=10000
INTERVAL=10s
WARMUP=20
WINDOW=60
FLIP_INTERVAL=5s
AFTER_FAILOVER=20
ONE_SERVER=0
JSON=0
KEEP=0
while (( $# )); do
    case "$1" in
        --monitors) MONITORS="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --window) WINDOW="$2"; shift 2 ;;
        --flip-interval) FLIP_INTERVAL="$2"; shift 2 ;;
        --after-failover) AFTER_FAILOVER="$2"; shift 2 ;;
        --agents-one-server) ONE_SERVER=1; shift ;;
        --json) JSON=1; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done
for v in MONITORS WARMUP WINDOW AFTER_FAILOVER; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "--${v,,} must be a positive integer, got '${!v}'" >&2; exit 2; }
done
[[ "$INTERVAL" =~ ^[1-9][0-9]*s$ && "$FLIP_INTERVAL" =~ ^[1-9][0-9]*s$ ]] \
    || { echo "--interval and --flip-interval take whole seconds, e.g. 10s" >&2; exit 2; }
BUILD_TIMEOUT="${BUILD_TIMEOUT:-1800}"
TOTAL_TIMEOUT="${TOTAL_TIMEOUT:-1800}"
PG_BIN="${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
PSQL="$PG_BIN/psql"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
HELPER="$SCRIPT_DIR/distributed-helper.py"
STARTED=$SECONDS

log() { echo "[distributed $(( SECONDS - STARTED ))s] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || die "python3 is required"
# The interpreter itself, not a wrapper such as a pyenv shim: $! must be the process that serves or samples.
PY="$(python3 -c 'import sys; print(sys.executable)')"
command -v curl >/dev/null 2>&1 || die "curl is required"
[[ -x "$PSQL" ]] || die "$PSQL not found (Debian: postgresql-15; or set POSTGRES_BIN)"
CHILD=""
# helper ARGS — the Python helper, in the background and waited for, so that INT/TERM reach the traps at once
# (bash defers traps while a foreground child runs); nap S is sleep the same way.
helper() {
    "$PY" "$HELPER" "$@" &
    CHILD=$!
    local rc=0
    wait "$CHILD" || rc=$?
    CHILD=""
    return "$rc"
}
nap() { sleep "$1" & CHILD=$!; wait "$CHILD"; CHILD=""; }

# ---------------------------------------------------------------- cleanup
TMP="$(mktemp -d /tmp/distributed.XXXXXX)"
PGDIR="$(mktemp -d /tmp/distributed-pg.XXXXXX)"   # its own mktemp: as root, the cluster's owner must reach it
PG_STARTED=0
PIDS=()       # everything long-lived started here, stopped in reverse order
WATCHDOG=""
# forget PID — after a process of ours was stopped and reaped, so that cleanup never signals a reused PID.
forget() {
    local keep=() p
    for p in "${PIDS[@]}"; do [[ "$p" == "$1" ]] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -n "$WATCHDOG" ]] && kill "$WATCHDOG" 2>/dev/null || true
    [[ -n "$CHILD" ]] && kill "$CHILD" 2>/dev/null || true
    local i pid
    for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do kill "${PIDS[i]}" 2>/dev/null || true; done
    for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do
        pid=${PIDS[i]}
        for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done   # agents: 10 s grace
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ "$PG_STARTED" == 1 ]]; then
        if [[ "$KEEP" == 1 ]]; then cp "$PGDIR/server.log" "$TMP/postgres.log" 2>/dev/null || true; fi
        "$REPO_ROOT/scripts/postgres" stop "$PGDIR" >/dev/null 2>&1 || log "scripts/postgres stop $PGDIR failed"
    fi
    rm -rf "$PGDIR" 2>/dev/null || true
    if [[ "$KEEP" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- binary
if [[ -n "${TRUSTMONITOR:-}" ]]; then
    BIN="$TRUSTMONITOR"
else
    log "building the release binary (swift build -c release --product trustmonitor)"
    (cd "$REPO_ROOT" && timeout "$BUILD_TIMEOUT" swift build -c release --product trustmonitor >"$TMP/build.log" 2>&1) \
        || { tail -n 30 "$TMP/build.log" >&2; die "swift build failed"; }
    BIN="$(cd "$REPO_ROOT" && swift build -c release --show-bin-path)/trustmonitor"
fi
[[ -x "$BIN" ]] || die "no binary at $BIN"
# A private copy: others may rebuild .build while this runs, and processes started later (agents) must run
# the same binary as the first ones.
cp "$BIN" "$TMP/trustmonitor"
BIN_SOURCE="$BIN"; BIN="$TMP/trustmonitor"
BIN_SHA="$(sha256sum "$BIN" | cut -c1-12)"
# Agents that take several --server URLs (replicas) follow a failover themselves; older ones take one.
MULTI_SERVER=0
"$BIN" agent --help 2>&1 | grep -qF -- '--server <server> ...' && MULTI_SERVER=1
if [[ "$ONE_SERVER" == 1 && "$MULTI_SERVER" == 1 ]]; then
    log "--agents-one-server: the agents could take both URLs, but get only replica A's"
    MULTI_SERVER=0
fi

# The whole run after the build is bounded too: the watchdog TERMs this script (the trap cleans up).
(
    trap 'kill "$nap_pid" 2>/dev/null; exit 0' TERM
    sleep "$TOTAL_TIMEOUT" & nap_pid=$!
    wait "$nap_pid"
    echo "[distributed] TOTAL_TIMEOUT ($TOTAL_TIMEOUT s) reached; stopping" >&2
    kill -TERM $$
) &
WATCHDOG=$!

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
# wait_http URL SECONDS — until URL answers 2xx, bounded.
wait_http() {
    local i
    for (( i = 0; i < $2 * 10; i++ )); do
        curl -sf -o /dev/null --max-time 1 "$1" && return 0
        sleep 0.1
    done
    return 1
}
# alive PID NAME LOG — die with the log's tail if a process we started has exited.
alive() { kill -0 "$1" 2>/dev/null || { tail -n 30 "$3" >&2 2>/dev/null || true; die "$2 exited"; }; }

# ---------------------------------------------------------------- PostgreSQL
log "starting PostgreSQL (scripts/postgres start $PGDIR)"
PG_STARTED=1
PG_ADMIN_URL="$("$REPO_ROOT/scripts/postgres" start "$PGDIR")" || die "scripts/postgres start failed"
timeout 30 "$PSQL" -Xq -d "$PG_ADMIN_URL" -c 'CREATE DATABASE trustmonitor' || die "CREATE DATABASE failed"
PG_URL="${PG_ADMIN_URL%/postgres}/trustmonitor"
PG_VERSION="$(timeout 10 "$PSQL" -XAtq -d "$PG_URL" -c 'SHOW server_version' | awk '{print $1}')"
log "PostgreSQL $PG_VERSION at $PG_URL (fsync off, as scripts/postgres configures it)"

# ---------------------------------------------------------------- targets
NGINX_BIN="$(command -v nginx || true)"
[[ -z "$NGINX_BIN" && -x /usr/sbin/nginx ]] && NGINX_BIN=/usr/sbin/nginx
TARGET_PORT="$(free_port)"
if [[ -n "$NGINX_BIN" ]]; then
    NGINX_VERSION="$("$NGINX_BIN" -v 2>&1 | sed -n 's#.*nginx/\([^ ]*\).*#\1#p')"
    mkdir -p "$TMP/nginx"
    cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$TARGET_PORT backlog=4096;
        location / {
            default_type text/plain;
            return 200 "ok";
        }
    }
}
EOF
    "$NGINX_BIN" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' \
        >"$TMP/nginx/stdout.log" 2>&1 &
    PIDS+=($!); NGINX_PID=$!
    TARGET_KIND="nginx $NGINX_VERSION (1 worker)"
else
    # Without nginx: the helper's threaded Python server, far slower than nginx (well under 1,000 fresh
    # connections/s on 2 cores), so the numbers then measure the target as much as ours; the log says so.
    log "WARNING: nginx not found; falling back to the Python flip target (never flipped) as the bulk target"
    "$PY" "$HELPER" flip-target "$TARGET_PORT" "$TMP/never-exists" >"$TMP/bulk-target.log" 2>&1 &
    PIDS+=($!); NGINX_PID=$!
    TARGET_KIND="python http.server (nginx missing)"
fi
TARGET="http://127.0.0.1:$TARGET_PORT/"
wait_http "$TARGET" 10 || die "the target did not come up on $TARGET"
[[ "$(curl -s --max-time 2 "$TARGET")" == ok ]] || die "$TARGET did not answer 'ok'"

FLIP_PORT="$(free_port)"
FLAG="$TMP/flip-down"
"$PY" "$HELPER" flip-target "$FLIP_PORT" "$FLAG" >"$TMP/flip-target.log" 2>&1 &
PIDS+=($!); FLIP_PID=$!
wait_http "http://127.0.0.1:$FLIP_PORT/" 10 || die "the flip target did not come up"
log "targets: $TARGET_KIND on $TARGET; flip target on http://127.0.0.1:$FLIP_PORT/"

# ---------------------------------------------------------------- config
PORT_A="$(free_port)"; PORT_B="$(free_port)"
while [[ "$PORT_B" == "$PORT_A" ]]; do PORT_B="$(free_port)"; done
CFG="$TMP/trustmonitor.yaml"
{
    echo "# benchmarks/distributed.sh: $MONITORS monitors of $TARGET every $INTERVAL, one flip monitor"
    echo "server: {listen: \"127.0.0.1:\${TM_PORT}\", data_dir: \"$TMP/server-data\", region: home}"
    echo "storage: {postgres: \"$PG_URL\"}"
    echo "monitors:"
    echo "  - name: flip"
    echo "    url: http://127.0.0.1:$FLIP_PORT/"
    echo "    interval: $FLIP_INTERVAL"
    echo "    timeout: 2s"
    echo "    verify: {probes: 2, quorum: 2, within: 20s}"
    awk -v n="$MONITORS" -v url="$TARGET" -v iv="$INTERVAL" 'BEGIN {
        for (i = 1; i <= n; i++) printf "  - {name: m%05d, url: \"%s\", interval: %s}\n", i, url, iv }'
} >"$CFG"
TM_PORT="$PORT_A" timeout 120 "$BIN" validate "$CFG" >"$TMP/validate.log" 2>&1 \
    || { head -n 30 "$TMP/validate.log" >&2; die "trustmonitor validate refused the generated config"; }

# ---------------------------------------------------------------- replicas
URL_A="http://127.0.0.1:$PORT_A"; URL_B="http://127.0.0.1:$PORT_B"
# The API token the replicas keep on their first start and the helper sends (GET /api/v1/... needs read).
TRUSTMONITOR_ADMIN_TOKEN="tm_$("$PY" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="))')"
export TRUSTMONITOR_ADMIN_TOKEN
log "starting replica A on $URL_A"
TM_PORT="$PORT_A" "$BIN" serve --config "$CFG" >"$TMP/serve-a.log" 2>&1 &
PIDS+=($!); PID_A=$!
helper wait-role --url "$URL_A" --role active --timeout 300 || { alive "$PID_A" "replica A" "$TMP/serve-a.log"; die "replica A did not become active"; }
log "replica A is active; starting replica B on $URL_B"
TM_PORT="$PORT_B" "$BIN" serve --config "$CFG" >"$TMP/serve-b.log" 2>&1 &
PIDS+=($!); PID_B=$!
helper wait-role --url "$URL_B" --role standby --timeout 120 || { alive "$PID_B" "replica B" "$TMP/serve-b.log"; die "replica B did not stand by"; }
log "replica B stands by"

# ---------------------------------------------------------------- agents
REGIONS=(eu us ap)
declare -A TOKEN AGENT_PID
for r in "${REGIONS[@]}"; do
    TM_PORT="$PORT_A" timeout 60 "$BIN" probes add "$r-1" --region "$r" --config "$CFG" >"$TMP/probe-$r.txt" 2>&1 \
        || { cat "$TMP/probe-$r.txt" >&2; die "probes add $r-1 failed"; }
    TOKEN[$r]="$(awk '$1 == "token" { print $2 }' "$TMP/probe-$r.txt")"
    [[ -n "${TOKEN[$r]}" ]] || { cat "$TMP/probe-$r.txt" >&2; die "no token in the output of probes add $r-1"; }
done
# start_agent REGION LOG SERVER... — the agent's data dir stays the same, so a restart keeps its key.
start_agent() {
    local region=$1 logfile=$2 url servers=()
    shift 2
    for url in "$@"; do servers+=(--server "$url"); done
    TRUSTMONITOR_AGENT_TOKEN="${TOKEN[$region]}" "$BIN" agent "${servers[@]}" --region "$region" \
        --data-dir "$TMP/agent-$region" >>"$logfile" 2>&1 &
    PIDS+=($!); AGENT_PID[$region]=$!
}
if [[ "$MULTI_SERVER" == 1 ]]; then
    AGENT_SERVERS=("$URL_A" "$URL_B")
    log "agents take several --server URLs: each gets --server $URL_A --server $URL_B"
else
    AGENT_SERVERS=("$URL_A")
    log "agents take one --server: each gets $URL_A (they will be restarted with B's URL after the failover)"
fi
for r in "${REGIONS[@]}"; do start_agent "$r" "$TMP/agent-$r.log" "${AGENT_SERVERS[@]}"; done
helper wait-agents --api "$URL_A" --count 3 --timeout 60 >/dev/null \
    || { for r in "${REGIONS[@]}"; do tail -n 5 "$TMP/agent-$r.log" >&2; done; die "the agents did not come online"; }
log "agents eu-1, us-1, ap-1 online at replica A (binary $BIN_SHA, copied from $BIN_SOURCE)"
FLIP_ID="$(helper monitor-id --api "$URL_A" --name flip)" || die "no monitor 'flip' in the API"

# ---------------------------------------------------------------- steady window
PG_POSTMASTER_DIR="$PGDIR/data"
snap() {   # snap OUT API — a snapshot of every process, postgres, the API and the logs
    local args=(--pg "$PG_URL" --psql "$PSQL" --pgdata "$PG_POSTMASTER_DIR" --api "$2"
                --pid "serve-b=$PID_B" --tree "nginx=$NGINX_PID")
    [[ -n "$PID_A" ]] && args+=(--pid "serve-a=$PID_A")
    local r
    for r in "${REGIONS[@]}"; do args+=(--pid "agent-$r=${AGENT_PID[$r]}"); done
    for f in serve-a serve-b agent-eu agent-us agent-ap; do args+=(--log "$f=$TMP/$f.log"); done
    helper snapshot "$1" "${args[@]}"
}
CORES="$(nproc)"
INTERVAL_S="${INTERVAL%s}"
python3 - "$TMP/params.json" <<EOF
import json, sys
json.dump({"monitors": $MONITORS, "interval": "$INTERVAL", "flip_interval": "$FLIP_INTERVAL",
           "target_per_second": $MONITORS / $INTERVAL_S, "warmup_s": $WARMUP, "window_s": $WINDOW,
           "after_failover_s": $AFTER_FAILOVER, "nginx": "$TARGET_KIND", "postgres": "$PG_VERSION",
           "cores": $CORES, "cpu": """$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)""",
           "date": "$(date -u +%Y-%m-%d)", "binary_sha256_12": "$BIN_SHA", "agents_multi_server": $MULTI_SERVER == 1}, open(sys.argv[1], "w"), indent=1)
EOF
log "warm-up ${WARMUP}s"
nap "$WARMUP"
for p in "$PID_A" "$PID_B" "${AGENT_PID[@]}"; do alive "$p" "process $p" /dev/null; done
# sampler_start NAME / sampler_stop — max(observations.id) every 0.5 s, to time when each row was stored.
SAMPLER=""
sampler_start() {
    "$PY" "$HELPER" sample-ids "$TMP/ids-$1.txt" --pg "$PG_URL" --psql "$PSQL" --every 0.5 --max-seconds 900 &
    SAMPLER=$!; PIDS+=("$SAMPLER")
}
sampler_stop() { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; forget "$SAMPLER"; SAMPLER=""; }
# measure NAME API SECONDS — snapshots around SECONDS, then the window's numbers (after 5 s for late writes).
measure() {
    sampler_start "$1"
    snap "$TMP/snap-$1-0.json" "$2"
    nap "$3"
    snap "$TMP/snap-$1-1.json" "$2"
    nap 5   # results of checks started just before the window's end are still being posted and written
    sampler_stop
    helper window "$TMP/$1.json" --pg "$PG_URL" --psql "$PSQL" --before "$TMP/snap-$1-0.json" \
        --after "$TMP/snap-$1-1.json" --exclude-monitor "$FLIP_ID" --bucket-s "$INTERVAL_S" \
        --id-samples "$TMP/ids-$1.txt" --label "$1"
}
log "steady window ${WINDOW}s"
measure steady "$URL_A" "$WINDOW"
log "steady: $(python3 -c 'import json,sys; w=json.load(open(sys.argv[1])); print("%.1f checks/s" % w["checks_per_second"])' "$TMP/steady.json")"

# ---------------------------------------------------------------- outage -> incident
log "outage: the flip target now answers 503"
helper outage "$TMP/outage.json" --api "$URL_A" --monitor "$FLIP_ID" --flag "$FLAG" --timeout 120
rm -f "$FLAG"

# ---------------------------------------------------------------- failover
snap "$TMP/snap-pre-failover.json" "$URL_A"
log "failover: kill -9 replica A (pid $PID_A)"
# (stderr of this step to a file: bash would report the killed job as "Killed" on it)
FAILOVER_AGENTS=0
[[ "$MULTI_SERVER" == 1 ]] && FAILOVER_AGENTS=3   # they know B's URL: time until all are online there too
{ helper failover "$TMP/failover.json" --kill "$PID_A" --standby "$URL_B" --pg "$PG_URL" --psql "$PSQL" \
    --agents "$FAILOVER_AGENTS" --timeout 120 2>"$TMP/failover.err"; } 2>/dev/null || { cat "$TMP/failover.err" >&2; die "the failover step failed"; }
{ wait "$PID_A"; } 2>/dev/null || true   # (no "Killed" job report)
forget "$PID_A"; PID_A=""
python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); sys.exit(0 if f.get("active") else 1)' "$TMP/failover.json" \
    || die "replica B did not take over: $(cat "$TMP/failover.json")"
log "failover: $(python3 -c 'import json,sys; print({k: (round(v, 2) if isinstance(v, float) else v) for k, v in json.load(open(sys.argv[1])).items()})' "$TMP/failover.json")"
if [[ "$MULTI_SERVER" == 1 ]]; then
    nap 10
    measure after-failover "$URL_B" "$AFTER_FAILOVER"
    snap "$TMP/snap-end.json" "$URL_B"
    WINDOWS=(steady after-failover)
else
    # The agents still point at A (`agent` takes one --server): measure what B does alone.
    nap 10   # B's schedule settles
    measure after-failover "$URL_B" "$AFTER_FAILOVER"
    snap "$TMP/snap-agents-dead-url.json" "$URL_B"

    log "restarting the agents with the new active replica's URL ($URL_B)"
    for r in "${REGIONS[@]}"; do kill "${AGENT_PID[$r]}" 2>/dev/null || true; done
    for r in "${REGIONS[@]}"; do
        for _ in $(seq 150); do kill -0 "${AGENT_PID[$r]}" 2>/dev/null || break; sleep 0.1; done
        kill -9 "${AGENT_PID[$r]}" 2>/dev/null || true
        wait "${AGENT_PID[$r]}" 2>/dev/null || true
        forget "${AGENT_PID[$r]}"
    done
    REJOIN_FROM_MS="$(date +%s%3N)"
    for r in "${REGIONS[@]}"; do echo "---- restarted with --server $URL_B" >>"$TMP/agent-$r.log"; start_agent "$r" "$TMP/agent-$r.log" "$URL_B"; done
    REJOIN_S="$(helper wait-agents --api "$URL_B" --count 3 --timeout 60 --since-ms "$REJOIN_FROM_MS")" \
        || die "the agents did not come online at replica B"
    echo "{\"seconds\": $REJOIN_S, \"how\": \"agents restarted with B's URL\"}" >"$TMP/rejoin.json"
    nap 10
    measure rejoined "$URL_B" "$AFTER_FAILOVER"
    snap "$TMP/snap-end.json" "$URL_B"
    WINDOWS=(steady after-failover rejoined)
fi
for w in "${WINDOWS[@]}"; do helper recount "$TMP/$w.json" --pg "$PG_URL" --psql "$PSQL"; done

# ---------------------------------------------------------------- logs
# Problems up to the failover (nothing should be there), and after it (agents on A's URL complain, expected).
python3 - "$TMP" <<'EOF' >"$TMP/log-args.txt"
import json, sys
d = sys.argv[1]
pre = json.load(open(f"{d}/snap-pre-failover.json"))["logs"]
end = json.load(open(f"{d}/snap-end.json"))["logs"]
for name in pre:
    print(f"--log\n{name} (start to failover)={d}/{name}.log:0:{pre[name]}")
    print(f"--log\n{name} (after failover)={d}/{name}.log:{pre[name]}:{end[name]}")
EOF
mapfile -t LOG_ARGS <"$TMP/log-args.txt"
helper log-problems "$TMP/log-problems.json" "${LOG_ARGS[@]}"

log "done in $(( SECONDS - STARTED )) s"
if [[ "$JSON" == 1 ]]; then helper report "$TMP" --json; else helper report "$TMP"; fi
