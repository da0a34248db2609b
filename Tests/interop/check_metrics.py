#!/usr/bin/env python3
"""Reads a Prometheus text exposition (0.0.4) the way Prometheus's own client library does, plus the checks it
leaves out: every line a HELP, TYPE or well-formed sample; each family's samples together after its TYPE; histogram
buckets ascending and cumulative, ending at +Inf equal to _count.

Usage: check_metrics.py FILE. Prints {"types": {family: type}, "samples": [...]} as JSON; exit 0 when the text is
accepted, 1 when not (problems on stderr), 2 when prometheus_client is missing.
"""
import json
import re
import sys

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError as error:
    print(f"prometheus_client is not installed: {error}", file=sys.stderr)
    sys.exit(2)

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
VALUE = r"[-+]?(?:[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|Inf|NaN)"
SAMPLE = re.compile(rf"^({NAME})(?:\{{({LABEL}(?:,{LABEL})*)\}})? ({VALUE})$")
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count")}


def line_problems(text):
    problems, current, typed = [], None, set()
    if not text.endswith("\n"):
        problems.append("the text does not end with a newline")
    for number, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("# HELP "):
            continue
        if line.startswith("# TYPE "):
            parts = line.split(" ")
            if len(parts) != 4 or parts[3] not in ("counter", "gauge", "histogram", "summary", "untyped"):
                problems.append(f"line {number}: bad TYPE line {line!r}")
                continue
            if parts[2] in typed:
                problems.append(f"line {number}: second TYPE for {parts[2]}")
            current = (parts[2], parts[3])
            typed.add(parts[2])
            continue
        match = SAMPLE.match(line)
        if not match:
            problems.append(f"line {number}: not a sample: {line!r}")
            continue
        name = match.group(1)
        allowed = {current[0] + suffix for suffix in SUFFIXES.get(current[1], ("",))} if current else set()
        if name not in allowed:
            problems.append(f"line {number}: {name} is not part of the family typed before it ({current})")
    return problems


def histogram_problems(family):
    problems, series = [], {}
    for sample in family.samples:
        key = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
        entry = series.setdefault(key, {"buckets": [], "count": None})
        if sample.name.endswith("_bucket"):
            entry["buckets"].append((float(sample.labels["le"]), sample.value))
        elif sample.name.endswith("_count"):
            entry["count"] = sample.value
    for key, entry in series.items():
        bounds = [bound for bound, _ in entry["buckets"]]
        counts = [count for _, count in entry["buckets"]]
        if not bounds or bounds[-1] != float("inf"):
            problems.append(f"{family.name}{dict(key)}: no +Inf bucket last")
        if bounds != sorted(bounds) or counts != sorted(counts):
            problems.append(f"{family.name}{dict(key)}: buckets not ascending and cumulative")
        if counts and counts[-1] != entry["count"]:
            problems.append(f"{family.name}{dict(key)}: +Inf bucket {counts[-1]} != _count {entry['count']}")
    return problems


def main(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    problems = line_problems(text)
    types, samples = {}, []
    try:
        for family in text_string_to_metric_families(text):
            types[family.name] = family.type
            if family.type == "histogram":
                problems += histogram_problems(family)
            samples += [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]
    except ValueError as error:
        problems.append(f"prometheus_client refused the text: {error}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(json.dumps({"types": types, "samples": samples}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
