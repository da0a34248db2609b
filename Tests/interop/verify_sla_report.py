"""Checks a TrustMonitor SLA report bundle (`trustmonitor report sla --format json`) with libraries we did not write.

Usage: verify_sla_report.py BUNDLE.json

- securesystemslib (DSSE): the report envelope verifies with the bundle's report key (an SSlibKey built from its
  vkey), its payload type is application/vnd.trustmonitor.sla+json, and it does not verify with the log key.
- tlog-scales (C2SP signed notes, RFC 9162 proofs): the checkpoint verifies with the log key, and every entry's
  inclusion proof leads to its root.
Prints `PASS <id>: ...` or `FAIL <id>: ...`; exits 0 when every check passed, 1 when one failed, 2 when the
libraries are missing or the file is unusable.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys

try:
    from securesystemslib import dsse
    from securesystemslib.signer import SSlibKey
    from tlog_scales.signing import Vkey
    from tlog_scales.tlog import Checkpoint, InclusionProof
except ImportError as error:  # pragma: no cover - environment problem
    print(f"verify_sla_report.py: the independent verifiers are not installed ({error}); see requirements.txt",
          file=sys.stderr)
    sys.exit(2)

PAYLOAD_TYPE = "application/vnd.trustmonitor.sla+json"


def sslib_key(vkey: Vkey) -> SSlibKey:
    return SSlibKey(f"{vkey.name}+{vkey.key_id:08x}", "ed25519", "ed25519", {"public": vkey.pubkey.hex()})


def main() -> int:
    try:
        bundle = json.load(open(sys.argv[1]))
        log_vkey = Vkey.from_string(bundle["keys"]["log"])
        report_vkey = Vkey.from_string(bundle["keys"]["report"])
    except Exception as error:
        print(f"verify_sla_report.py: unusable bundle: {error}", file=sys.stderr)
        return 2
    failures = 0

    def check(name, function):
        nonlocal failures
        try:
            print(f"PASS {name}: {function()}", flush=True)
        except Exception as error:
            failures += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)

    def envelope():
        env = dsse.Envelope.from_dict(bundle["report"])
        if env.payload_type != PAYLOAD_TYPE:
            raise ValueError(f"payload type {env.payload_type}")
        accepted = env.verify([sslib_key(report_vkey)], 1)
        report = json.loads(env.payload)
        if report["format"] != "trustmonitor.sla/v1" or report["monitor"]["id"] != bundle["monitor"]:
            raise ValueError("the payload is not this monitor's SLA report")
        try:
            dsse.Envelope.from_dict(bundle["report"]).verify([sslib_key(log_vkey)], 1)
        except Exception:
            pass
        else:
            raise AssertionError("the envelope also verified with the log key")
        return (f"securesystemslib dsse.Envelope.verify accepted {list(accepted)}; uptime "
                f"{report['figures'].get('uptime_percent')}%")

    def proofs():
        checkpoint = Checkpoint.from_text(bundle["checkpoint"])
        checkpoint.verify(log_vkey)  # raises when no signature by the log key verifies
        for item in bundle["entries"]:
            leaf = hashlib.sha256(b"\x00" + item["entry"].encode()).digest()
            InclusionProof(item["seq"], checkpoint.size, [base64.b64decode(h) for h in item["proof"]]).check(
                leaf, checkpoint.root_hash)
        return f"checkpoint {checkpoint.size} signed by the log key; {len(bundle['entries'])} inclusion proofs hold"

    check("dsse-envelope", envelope)
    check("ledger-proofs", proofs)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
