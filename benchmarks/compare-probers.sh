#!/usr/bin/env bash
# compare-probers.sh — our prober vs Prometheus blackbox_exporter, same target, same run.
#
# Usage: benchmarks/compare-probers.sh [--markdown] [--markdown-header] [--help]
#   --markdown         print one markdown table row (for docs/benchmarks.md) instead of the table
#   --markdown-header  print the header of that markdown table and exit
#
# Starts a private nginx (tiny 200 at /) and a private blackbox_exporter on free
# 127.0.0.1 ports, then measures, one after the other:
#   1. ceiling:  wrk straight at nginx with "Connection: close" (fresh TCP per request)
#   2. blackbox: wrk at blackbox_exporter's /probe?module=http_2xx&target=<nginx>
#                (every request = one full HTTP probe of nginx on a fresh connection)
#   3. ours:     trustmonitor bench probe --url <nginx> --concurrency C --count N --json
# and prints a table (or, with --markdown, one markdown table row for docs/benchmarks.md).
#
# Env vars (defaults in brackets):
#   DURATION [10]          seconds of the blackbox wrk run
#   CEILING_DURATION [5]   seconds of the nginx ceiling wrk run
#   CONCURRENCY [64]       wrk connections against blackbox, and our --concurrency
#   THREADS [2]            wrk threads
#   COUNT [150000]         our --count
#   OURS_TIMEOUT [300]     hard limit, seconds, on our run
#   BUILD_TIMEOUT [1800]   hard limit, seconds, on the swift build
#   NGINX_WORKERS [1]      nginx worker_processes
#   TRUSTMONITOR [built]   path of the trustmonitor binary; unset = `swift build -c release
#                          --product trustmonitor` in the repo root, then its --show-bin-path
#   KEEP_TMP [0]           1 = keep the temp dir (configs, logs, raw outputs)
#   SKIP_INSTALL [0]       1 = never run apt-get, fail if a tool is missing
#   VERIFY_TARGET [1]      0 = skip the check that nginx saw >= `checks` requests on as many
#                          connections during our run (only for testing with a fake binary)
#
# Exit status: 0 only if every step worked, every blackbox probe reported
# probe_success 1, and our run reported failures == 0 and checks == COUNT, with
# nginx (stub_status) having seen that many requests on as many connections.
# All traffic stays on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail

MARKDOWN=0
for arg in "$@"; do
    case "$arg" in
        --markdown) MARKDOWN=1 ;;
        --markdown-header)
            echo "| date | machine | nginx ceiling req/s | blackbox probes/s | ours checks/s | ours/blackbox | ours p50 / p99 ms | blackbox p50 / p99 ms | CPU s per 1,000: ours / blackbox | ours failures | parameters |"
            echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|"
            exit 0 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

DURATION="${DURATION:-10}"
CEILING_DURATION="${CEILING_DURATION:-5}"
CONCURRENCY="${CONCURRENCY:-64}"
THREADS="${THREADS:-2}"
COUNT="${COUNT:-150000}"
OURS_TIMEOUT="${OURS_TIMEOUT:-300}"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-1800}"
NGINX_WORKERS="${NGINX_WORKERS:-1}"
KEEP_TMP="${KEEP_TMP:-0}"
SKIP_INSTALL="${SKIP_INSTALL:-0}"
VERIFY_TARGET="${VERIFY_TARGET:-1}"

for v in DURATION CEILING_DURATION CONCURRENCY THREADS COUNT OURS_TIMEOUT BUILD_TIMEOUT; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive integer, got '${!v}'" >&2; exit 2; }
done
# wrk needs at least one connection per thread.
(( CONCURRENCY >= THREADS )) || THREADS="$CONCURRENCY"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

log() { echo "[compare-probers] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- cleanup
TMP="$(mktemp -d /tmp/compare-probers.XXXXXX)"
PIDS=()     # long-lived servers started here (nginx master, blackbox_exporter)
CHILD=""    # the foreground step running now (a `timeout ...` process), if any
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local pid
    # `timeout` passes the TERM on to the command it runs.
    [[ -n "$CHILD" ]] && { kill "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; }
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        # Give each up to ~5 s to go, then force it.
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ "$KEEP_TMP" == 1 ]]; then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# step CMD... — run a step in the background and wait for it, so that INT/TERM
# reach the traps at once (bash defers traps while a foreground child runs).
step() {
    "$@" &
    CHILD=$!
    local rc=0
    wait "$CHILD" || rc=$?
    CHILD=""
    return "$rc"
}

# ---------------------------------------------------------------- install
BLACKBOX_BIN=""
find_blackbox() {
    BLACKBOX_BIN="$(dpkg -L prometheus-blackbox-exporter 2>/dev/null | grep -E '/bin/prometheus-blackbox-exporter$' | head -n1 || true)"
    [[ -n "$BLACKBOX_BIN" && -x "$BLACKBOX_BIN" ]]
}
need_install() {
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || return 0
    command -v wrk >/dev/null 2>&1 || return 0
    find_blackbox || return 0
    command -v curl >/dev/null 2>&1 || return 0
    return 1
}
if need_install; then
    [[ "$SKIP_INSTALL" == 1 ]] && die "nginx, wrk, curl or prometheus-blackbox-exporter missing and SKIP_INSTALL=1"
    SUDO=""
    (( EUID == 0 )) || SUDO="sudo"
    log "installing nginx prometheus-blackbox-exporter wrk curl (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # apt-get update only if the package lists are missing or the install fails without it.
    if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
        timeout 300 $SUDO apt-get update -qq >"$TMP/apt.log" 2>&1 || { cat "$TMP/apt.log" >&2; die "apt-get update failed"; }
    fi
    if ! timeout 600 $SUDO apt-get install -y -qq nginx prometheus-blackbox-exporter wrk curl >>"$TMP/apt.log" 2>&1; then
        timeout 300 $SUDO apt-get update -qq >>"$TMP/apt.log" 2>&1 || { cat "$TMP/apt.log" >&2; die "apt-get update failed"; }
        timeout 600 $SUDO apt-get install -y -qq nginx prometheus-blackbox-exporter wrk curl >>"$TMP/apt.log" 2>&1 \
            || { tail -n 30 "$TMP/apt.log" >&2; die "apt-get install failed"; }
    fi
    find_blackbox || die "prometheus-blackbox-exporter binary not found via dpkg -L"
fi
command -v python3 >/dev/null 2>&1 || die "python3 is required (JSON parsing, free ports)"
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
BLACKBOX_VERSION="$("$BLACKBOX_BIN" --version 2>&1 | sed -n 's/^blackbox_exporter, version \([^ ]*\).*/\1/p' | head -n1)"
NGINX_VERSION="$("$NGINX_BIN" -v 2>&1 | sed -n 's#.*nginx/\([^ ]*\).*#\1#p')"

# ---------------------------------------------------------------- helpers
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
# wait_http URL SECONDS — poll until URL answers (any HTTP status), bounded.
wait_http() {
    local url="$1" secs="$2" i
    for (( i = 0; i < secs * 10; i++ )); do
        curl -s -o /dev/null --max-time 1 "$url" && return 0
        sleep 0.1
    done
    return 1
}
# wrk_rate OUTFILE — Requests/sec from a wrk output; fails if wrk saw errors (non-2xx, socket errors).
wrk_rate() {
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"^Requests/sec:\s*([0-9.]+)", text, re.M)
if not m:
    sys.exit("no Requests/sec line in wrk output")
bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errs = []
if bad and int(bad.group(1)) > 0:
    errs.append(f"non-2xx/3xx responses: {bad.group(1)}")
# 'read' errors are counted by wrk when the server closes after the response
# (Connection: close); they are expected for the ceiling run and ignored.
if sock and (int(sock.group(1)) or int(sock.group(3)) or int(sock.group(4))):
    errs.append(f"socket errors connect {sock.group(1)} write {sock.group(3)} timeout {sock.group(4)}")
if errs:
    print("; ".join(errs), file=sys.stderr)
    sys.exit(1)
print(f"{float(m.group(1)):.0f}")
PY
}

CPU_MODEL="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
[[ -n "$CPU_MODEL" ]] || CPU_MODEL="unknown"
NPROC="$(nproc)"
DATE_UTC="$(date -u +%Y-%m-%d)"
# Share of CPU time busy over the last second, whole machine (0-100).
cpu_busy_pct() {
    local a b
    read -r -a a < /proc/stat; sleep 1; read -r -a b < /proc/stat
    local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
    echo $(( total > 0 ? 100 - 100 * idle / total : 0 ))
}
# quiet_check STEP — warn when something else is using the CPU right before a step.
quiet_check() {
    local busy
    busy="$(cpu_busy_pct)"
    if (( busy > 10 )); then
        log "WARNING: the CPU was ${busy}% busy just before the $1 step: something else is running, numbers will be low"
        WARNINGS+=("CPU ${busy}% busy before $1")
    fi
}
WARNINGS=()

# ---------------------------------------------------------------- our binary
# Built before anything is measured, so the compiler never competes with a run.
if [[ -z "${TRUSTMONITOR:-}" ]]; then
    command -v swift >/dev/null 2>&1 || die "swift not found and TRUSTMONITOR not set"
    log "building trustmonitor (swift build -c release --product trustmonitor) in $REPO_ROOT"
    step timeout "$BUILD_TIMEOUT" swift build --package-path "$REPO_ROOT" -c release --product trustmonitor \
        >"$TMP/swift-build.log" 2>&1 || { tail -n 40 "$TMP/swift-build.log" >&2; die "swift build failed"; }
    BIN_PATH="$(timeout 120 swift build --package-path "$REPO_ROOT" -c release --show-bin-path)" || die "swift build --show-bin-path failed"
    TRUSTMONITOR="$BIN_PATH/trustmonitor"
fi
[[ -x "$TRUSTMONITOR" ]] || die "TRUSTMONITOR=$TRUSTMONITOR is not an executable"

# ---------------------------------------------------------------- nginx
NGINX_PORT="$(free_port)"
mkdir -p "$TMP/nginx"
# worker_processes: 1 by default. On 2 cores nginx shares the machine with the
# load generator and the prober under test; one worker caps the target at one
# core in every step, so it cannot crowd out the prober by spreading over both.
# Measured here: 1 vs auto gave the same fresh-connection ceiling within noise
# (18-26k req/s either way), and at ~2.5k blackbox probes/s one worker uses
# ~0.15 core; at ~12k checks/s, ~0.65 core.
# Keep-alive stays at nginx's default: whether a probe opens a fresh connection
# is the prober's doing, and /nginx_status (accepts vs requests) checks it.
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
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
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location = / {
            default_type text/plain;
            return 200 'ok';
        }
        location = /nginx_status { stub_status; }
    }
}
EOF
"$NGINX_BIN" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' >"$TMP/nginx/stdout.log" 2>&1 &
PIDS+=($!)
TARGET="http://127.0.0.1:$NGINX_PORT/"
wait_http "$TARGET" 10 || { cat "$TMP/nginx/stdout.log" "$TMP/nginx/error.log" >&2 2>/dev/null || true; die "nginx did not come up on $TARGET"; }
[[ "$(curl -s --max-time 2 "$TARGET")" == ok ]] || die "nginx at $TARGET did not answer 'ok'"
log "nginx $NGINX_VERSION on $TARGET (worker_processes $NGINX_WORKERS)"
# nginx_counts — "accepts requests" so far; the status request itself adds 1 to each.
nginx_counts() {
    curl -s --max-time 5 "http://127.0.0.1:$NGINX_PORT/nginx_status" | awk 'NR == 3 { print $1, $3 }'
}
# target_delta BEFORE_ACCEPTS BEFORE_REQUESTS — sets T_CONNS and T_REQS: the
# connections and requests nginx saw since, minus the status requests.
target_delta() {
    local a r
    read -r a r < <(nginx_counts) || die "could not read nginx stub_status"
    T_CONNS=$(( a - $1 - 1 ))
    T_REQS=$(( r - $2 - 1 ))
}

# ---------------------------------------------------------------- blackbox_exporter
BB_PORT="$(free_port)"
while [[ "$BB_PORT" == "$NGINX_PORT" ]]; do BB_PORT="$(free_port)"; done
cat >"$TMP/blackbox.yml" <<'EOF'
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
EOF
"$BLACKBOX_BIN" --config.file="$TMP/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" \
    --log.level=warn >"$TMP/blackbox.log" 2>&1 &
PIDS+=($!)
BB_URL="http://127.0.0.1:$BB_PORT/probe?module=http_2xx&target=$TARGET"
wait_http "http://127.0.0.1:$BB_PORT/metrics" 10 || { cat "$TMP/blackbox.log" >&2; die "blackbox_exporter did not come up on port $BB_PORT"; }
curl -s --max-time 10 "$BB_URL" >"$TMP/probe.txt" || die "probe request to blackbox_exporter failed"
grep -qx 'probe_success 1' "$TMP/probe.txt" || { cat "$TMP/probe.txt" >&2; die "blackbox probe of $TARGET did not report probe_success 1"; }
log "blackbox_exporter $BLACKBOX_VERSION on 127.0.0.1:$BB_PORT, one probe: probe_success 1"

# ---------------------------------------------------------------- 1. ceiling
quiet_check ceiling
log "ceiling: wrk -t$THREADS -c$CONCURRENCY -d${CEILING_DURATION}s -H 'Connection: close' $TARGET"
step timeout $(( CEILING_DURATION + 30 )) wrk -t"$THREADS" -c"$CONCURRENCY" -d"${CEILING_DURATION}s" \
    -H 'Connection: close' "$TARGET" >"$TMP/wrk-ceiling.txt" 2>&1 \
    || { cat "$TMP/wrk-ceiling.txt" >&2; die "wrk against nginx failed"; }
CEILING_RPS="$(wrk_rate "$TMP/wrk-ceiling.txt")" || { cat "$TMP/wrk-ceiling.txt" >&2; die "wrk against nginx: errors"; }
log "ceiling: $CEILING_RPS req/s"
sleep 2

# ---------------------------------------------------------------- 2. blackbox
# wrk only sees HTTP 200 from the exporter: a failed probe is still a 200 with
# "probe_success 0" in the body. This Lua script counts bodies with and without
# "probe_success 1" across all wrk threads and prints the totals at the end.
cat >"$TMP/probe-check.lua" <<'EOF_LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; failed = 0 end
function response(status, headers, body)
    if status == 200 and string.find(body, "\nprobe_success 1\n", 1, true) then
        ok = ok + 1
    else
        failed = failed + 1
    end
end
function done(summary, latency, requests)
    local o, f = 0, 0
    for _, t in ipairs(threads) do o = o + t:get("ok"); f = f + t:get("failed") end
    io.write(string.format("probes_ok %d\nprobes_failed %d\n", o, f))
end
EOF_LUA
CLK_TCK="$(getconf CLK_TCK)"
# cpu_ticks PID — utime+stime of a process (all its threads), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
BB_PID="${PIDS[-1]}"
BB_TICKS0="$(cpu_ticks "$BB_PID")"
read -r A0 R0 < <(nginx_counts) || die "could not read nginx stub_status"
quiet_check blackbox
log "blackbox: wrk -t$THREADS -c$CONCURRENCY -d${DURATION}s --latency -s probe-check.lua '$BB_URL'"
step timeout $(( DURATION + 30 )) wrk -t"$THREADS" -c"$CONCURRENCY" -d"${DURATION}s" --timeout 10s --latency \
    -s "$TMP/probe-check.lua" "$BB_URL" >"$TMP/wrk-blackbox.txt" 2>&1 \
    || { cat "$TMP/wrk-blackbox.txt" >&2; die "wrk against blackbox_exporter failed"; }
BB_TICKS1="$(cpu_ticks "$BB_PID")"
target_delta "$A0" "$R0"; BB_T_CONNS=$T_CONNS; BB_T_REQS=$T_REQS
BB_RPS="$(wrk_rate "$TMP/wrk-blackbox.txt")" || { cat "$TMP/wrk-blackbox.txt" >&2; die "wrk against blackbox_exporter: errors"; }
read -r BB_OK BB_FAILED BB_P50 BB_P99 BB_CPU_PER_1000 < <(python3 - "$TMP/wrk-blackbox.txt" \
    "$(( BB_TICKS1 - BB_TICKS0 ))" "$CLK_TCK" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
ticks, hz = int(sys.argv[2]), int(sys.argv[3])
ok = int(re.search(r"^probes_ok (\d+)", text, re.M).group(1))
failed = int(re.search(r"^probes_failed (\d+)", text, re.M).group(1))
def ms(pct):
    m = re.search(rf"^\s+{pct}%\s+([0-9.]+)(us|ms|s)\s*$", text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
total = ok + failed
cpu_per_1000 = (ticks / hz) / total * 1000 if total else float("nan")
print(ok, failed, f"{ms(50):.2f}", f"{ms(99):.2f}", f"{cpu_per_1000:.3f}")
PY
) || die "could not parse the blackbox wrk output"
(( BB_OK > 0 )) || die "blackbox: no successful probe during the load run"
(( BB_T_REQS >= BB_OK )) || die "blackbox: wrk counted $BB_OK successful probes but nginx saw only $BB_T_REQS requests"
(( BB_T_CONNS >= BB_T_REQS )) || log "NOTE: blackbox reused connections: nginx saw $BB_T_REQS requests on $BB_T_CONNS connections"
(( BB_FAILED == 0 )) || die "blackbox: $BB_FAILED of $(( BB_OK + BB_FAILED )) probes had no 'probe_success 1' (see KEEP_TMP=1 $TMP/wrk-blackbox.txt)"
log "blackbox: $BB_RPS probes/s, $BB_OK ok / $BB_FAILED failed, nginx saw $BB_T_REQS requests on $BB_T_CONNS connections, p50 ${BB_P50} ms p99 ${BB_P99} ms, ${BB_CPU_PER_1000} CPU s per 1,000 probes"
sleep 2

# ---------------------------------------------------------------- 3. ours
log "ours: $TRUSTMONITOR bench probe --url $TARGET --concurrency $CONCURRENCY --count $COUNT --json"
quiet_check ours
read -r A0 R0 < <(nginx_counts) || die "could not read nginx stub_status"
OURS_RC=0
step timeout "$OURS_TIMEOUT" "$TRUSTMONITOR" bench probe --url "$TARGET" --concurrency "$CONCURRENCY" \
    --count "$COUNT" --json >"$TMP/ours.json" 2>"$TMP/ours.stderr" || OURS_RC=$?
if (( OURS_RC != 0 )); then
    cat "$TMP/ours.stderr" >&2
    (( OURS_RC == 124 )) && die "our run exceeded OURS_TIMEOUT=${OURS_TIMEOUT}s"
    die "our run exited $OURS_RC"
fi
target_delta "$A0" "$R0"; OURS_T_CONNS=$T_CONNS; OURS_T_REQS=$T_REQS

# ---------------------------------------------------------------- report
if (( ${#WARNINGS[@]} > 0 )); then
    log "NOTE: numbers taken on a busy machine (${WARNINGS[*]}); rerun when it is idle"
fi
python3 - "$TMP/ours.json" "$MARKDOWN" "$CEILING_RPS" "$BB_RPS" "$COUNT" "$CONCURRENCY" \
    "$DURATION" "$THREADS" "$CPU_MODEL" "$NPROC" "$DATE_UTC" "$BLACKBOX_VERSION" "$NGINX_VERSION" \
    "$BB_P50" "$BB_P99" "$BB_CPU_PER_1000" "$CEILING_DURATION" "$OURS_T_CONNS" "$OURS_T_REQS" \
    "$VERIFY_TARGET" <<'PY'
import json, sys
(path, markdown, ceiling, bb, count, conc, dur, threads, cpu, nproc, date, bbver,
 nginxver, bb_p50, bb_p99, bb_cpu, ceil_dur, t_conns, t_reqs, verify) = sys.argv[1:]
t_conns, t_reqs = int(t_conns), int(t_reqs)
raw = open(path).read().strip()
try:
    ours = json.loads(raw)
except json.JSONDecodeError as e:
    sys.exit(f"our output is not one JSON object ({e}): {raw[:300]!r}")
if not isinstance(ours, dict):
    sys.exit(f"our output is JSON but not an object: {raw[:300]!r}")
need = ["checks", "failures", "seconds", "checks_per_second", "p50_ms", "p99_ms",
        "cpu_seconds", "cpu_seconds_per_1000"]
missing = [k for k in need if k not in ours]
if missing:
    sys.exit(f"our JSON lacks {', '.join(missing)}: {raw[:300]!r}")
for k in need:
    if not isinstance(ours[k], (int, float)) or isinstance(ours[k], bool):
        sys.exit(f"our JSON field {k} is not a number: {ours[k]!r}")
ceiling, bb = float(ceiling), float(bb)
rate = float(ours["checks_per_second"])
ratio = rate / bb if bb > 0 else float("nan")
fails = int(ours["failures"])
checks = int(ours["checks"])
host = f"{nproc} x {cpu}"
if markdown == "1":
    # Columns: | date | machine | nginx ceiling req/s | blackbox probes/s | ours checks/s | ours/blackbox |
    #          ours p50/p99 ms | blackbox p50/p99 ms | CPU s per 1,000: ours / blackbox | ours failures | parameters |
    print(f"| {date} | {host} | {ceiling:,.0f} | {bb:,.0f} | {rate:,.0f} | {ratio:.2f}x | "
          f"{ours['p50_ms']:.2f} / {ours['p99_ms']:.2f} | {float(bb_p50):.2f} / {float(bb_p99):.2f} | "
          f"{ours['cpu_seconds_per_1000']:.3f} / {float(bb_cpu):.3f} | {fails} of {checks} | "
          f"c={conc}; blackbox_exporter {bbver}, wrk -t{threads} -d{dur}s; ours n={count}; nginx {nginxver} |")
else:
    rows = [
        ("date (UTC)", date),
        ("machine", f"{host} (nproc {nproc})"),
        ("nginx ceiling, Connection: close", f"{ceiling:,.0f} req/s  (nginx {nginxver}, wrk -t{threads} -c{conc} -d{ceil_dur}s)"),
        (f"blackbox_exporter {bbver}", f"{bb:,.0f} probes/s  (wrk -t{threads} -c{conc} -d{dur}s)"),
        ("ours (trustmonitor bench probe)", f"{rate:,.0f} checks/s  (--concurrency {conc} --count {count}, {float(ours['seconds']):.1f} s)"),
        ("ours / blackbox", f"{ratio:.2f}x"),
        ("p50 / p99, ours", f"{ours['p50_ms']:.2f} ms / {ours['p99_ms']:.2f} ms"),
        ("p50 / p99, blackbox (as wrk sees)", f"{float(bb_p50):.2f} ms / {float(bb_p99):.2f} ms"),
        ("CPU s per 1,000, ours", f"{ours['cpu_seconds_per_1000']:.3f}  ({ours['cpu_seconds']:.2f} s total)"),
        ("CPU s per 1,000, blackbox", f"{float(bb_cpu):.3f}  (exporter process only, not wrk)"),
        ("ours failures", f"{fails} of {checks}"),
        ("target saw, during ours", f"{t_reqs:,} requests on {t_conns:,} connections"),
    ]
    w = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{w}}  {v}")
if fails > 0:
    print(f"FAIL: our run reported {fails} failures", file=sys.stderr)
    sys.exit(1)
if checks != int(count):
    print(f"FAIL: our run reported {checks} checks, expected {count}", file=sys.stderr)
    sys.exit(1)
if verify == "1":
    if t_reqs < checks:
        print(f"FAIL: our run reported {checks} checks but nginx saw only {t_reqs} requests", file=sys.stderr)
        sys.exit(1)
    if t_conns < t_reqs:
        print(f"FAIL: our run reused connections: nginx saw {t_reqs} requests on {t_conns} connections "
              "(every check must open a fresh connection)", file=sys.stderr)
        sys.exit(1)
PY
