#!/usr/bin/env python3
"""Checks TrustMonitor ledger artefacts with tools we did not write.

Usage: verify_ledger.py DIR
       verify_ledger.py witness DIR

The `witness` subcommand (also chosen when DIR's manifest says `"kind": "witness"`, which is how
WitnessInteropLedgerTests.swift runs it through the shared harness) checks a C2SP tlog-witness exchange instead:
add-checkpoint request bodies, witness response bodies and the cosigned checkpoints (see WitnessVerifier).

DIR is written by Tests/TrustMonitorLedgerTests/InteropLedgerTests.swift: `manifest.json` names everything else
(vkeys, signed checkpoints, entries, proofs, tlog-tiles directories, a DSSE envelope). Every check prints
`PASS <id>: ...` or `FAIL <id>: ...` on stdout; the exit status is 0 only when every check passed, 1 when one
failed, 2 when the verifiers are not installed or DIR is unusable.

Independent libraries: tlog-scales (C2SP signed notes, checkpoints, cosignatures, RFC 9162 proofs, tlog-tiles
reader and CLI) and securesystemslib (DSSE). tlog-scales 0.0.3 trusts the key ID written in a vkey and
`VkeySet.verify` only logs a known key's bad signature; the checks marked "own" below cover those gaps with
code of this script (hashlib + the `cryptography` Ed25519 verifier the library itself uses).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

try:
    from tlog_scales import tiles as tl_tiles
    from tlog_scales.backend import LocalBackend
    from tlog_scales.reader import TilesReader
    from tlog_scales.signing import VkeySet, Vkey
    from tlog_scales.tlog import Checkpoint, ConsistencyProof, InclusionProof
    from securesystemslib import dsse
    from securesystemslib.signer import SSlibKey
except ImportError as error:  # pragma: no cover - environment problem, not a ledger problem
    print(
        f"verify_ledger.py: the independent verifiers are not installed for {sys.executable} ({error}).\n"
        "Run scripts/test (it installs Tests/interop/requirements.txt into .build-py/ and exports\n"
        "TRUSTMONITOR_INTEROP_PYTHON), or: pip install -r Tests/interop/requirements.txt",
        file=sys.stderr,
    )
    sys.exit(2)

# tlog-scales logs (and otherwise ignores) bad signatures by known keys; keep those warnings visible but short.
logging.basicConfig(level=logging.WARNING, format="tlog-scales: %(message)s", stream=sys.stderr)

SIG_TYPE_ED25519 = 0x01
SIG_TYPE_COSIGNATURE_V1 = 0x04
CLI_TIMEOUT_SECONDS = 60


class CheckFailed(Exception):
    pass


def b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf_hash(entry: bytes) -> bytes:
    return sha256(b"\x00" + entry)  # RFC 6962, computed here rather than by the code under test


def require(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def own_key_id(name: str, sig_type: int, public_key: bytes) -> int:
    """C2SP signed-note key ID: first 4 bytes of SHA-256(name || 0x0A || type || public key), big-endian."""
    return int.from_bytes(sha256(name.encode() + b"\x0a" + bytes([sig_type]) + public_key)[:4], "big")


def parse_vkey(text: str, expected_type: int) -> Vkey:
    """Parses with tlog-scales, then checks what it does not: the key ID, type byte and key length."""
    vkey = Vkey.from_string(text.strip())
    require(vkey.sig_type == expected_type, f"{vkey.name}: type byte {vkey.sig_type:#04x}, want {expected_type:#04x}")
    require(len(vkey.pubkey) == 32, f"{vkey.name}: {len(vkey.pubkey)}-byte public key, want 32")
    # Library: a Vkey built without an ID derives it; its serialization must reproduce our vkey string exactly.
    derived = Vkey(vkey.name, None, vkey.sig_type, vkey.pubkey)
    require(derived.serialize() == text.strip(),
            f"{vkey.name}: tlog-scales derives vkey {derived.serialize()!r}, we wrote {text.strip()!r}")
    # Own: recompute the ID with hashlib.
    ours = own_key_id(vkey.name, vkey.sig_type, vkey.pubkey)
    require(ours == vkey.key_id, f"{vkey.name}: vkey key ID {vkey.key_id:08x}, SHA-256 gives {ours:08x}")
    return vkey


class Verifier:
    def __init__(self, directory: Path):
        self.dir = directory
        self.manifest = json.loads((directory / "manifest.json").read_text())
        self.failures: list[str] = []
        self.log_vkey: Vkey | None = None
        self.witness_vkeys: list[Vkey] = []
        self.checkpoints: dict[int, Checkpoint] = {}

    def run(self, check_id: str, function) -> None:
        try:
            detail = function()
        except CheckFailed as error:
            self.fail(check_id, str(error))
        except Exception as error:  # a library rejecting the artefact raises its own exception types
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            self.fail(check_id, f"{type(error).__name__} from the verifier: {detail}")
        else:
            print(f"PASS {check_id}: {detail}", flush=True)

    def fail(self, check_id: str, message: str) -> None:
        self.failures.append(check_id)
        print(f"FAIL {check_id}: {message}", flush=True)

    # (own + library) vkeys: tlog-scales parses them; the key IDs are recomputed here.
    def check_vkeys(self) -> str:
        m = self.manifest
        self.log_vkey = parse_vkey(m["log_vkey"], SIG_TYPE_ED25519)
        require(self.log_vkey.name == m["origin"], f"log key name {self.log_vkey.name} is not the origin {m['origin']}")
        self.witness_vkeys = [parse_vkey(v, SIG_TYPE_COSIGNATURE_V1) for v in m["witness_vkeys"]]
        parse_vkey(m["dsse"]["report_vkey"], SIG_TYPE_ED25519)
        for tiles in m["tiles"]:
            parse_vkey(tiles["vkey"], SIG_TYPE_ED25519)
        # Self-test of the own check: a vkey whose ID was altered must be caught (tlog-scales accepts it).
        name, key_id, rest = m["log_vkey"].split("+", 2)
        forged = f"{name}+{int(key_id, 16) ^ 1:08x}+{rest}"
        Vkey.from_string(forged)  # the library parses it without complaint ...
        try:
            parse_vkey(forged, SIG_TYPE_ED25519)
        except CheckFailed:
            pass
        else:
            raise CheckFailed("a vkey with a wrong key ID was not detected")
        count = 2 + len(self.witness_vkeys) + len(m["tiles"])
        return f"{count} vkeys parsed by tlog-scales Vkey.from_string; key IDs recomputed (own SHA-256) and match"

    def load_checkpoint(self, entry: dict) -> tuple[str, Checkpoint]:
        text = (self.dir / entry["file"]).read_text(encoding="utf-8")
        cp = Checkpoint.from_text(text)
        # Own strictness: the note must be exactly what tlog-scales would write for this checkpoint.
        require(cp.serialize() == text, f"{entry['file']}: not byte-identical to tlog-scales' serialization")
        require(cp.origin == self.manifest["origin"], f"{entry['file']}: origin {cp.origin}")
        require(cp.size == entry["size"], f"{entry['file']}: size {cp.size}, want {entry['size']}")
        require(len(cp.root_hash) == 32, f"{entry['file']}: root hash is {len(cp.root_hash)} bytes")
        return text, cp

    # (a) log signature with tlog-scales Checkpoint.verify.
    def check_log_signatures(self) -> str:
        require(self.log_vkey is not None, "log vkey did not parse")
        for entry in self.manifest["checkpoints"]:
            _, cp = self.load_checkpoint(entry)
            cp.verify(self.log_vkey)  # raises cryptography InvalidSignature or RuntimeError
            self.checkpoints[cp.size] = cp
        sizes = ", ".join(str(s) for s in sorted(self.checkpoints))
        return f"checkpoints at sizes {sizes} verify with the log vkey (tlog-scales Checkpoint.from_text + verify)"

    # (b) cosignatures with tlog-scales VkeySet, plus the own strict pass it lacks.
    def check_cosignatures(self) -> str:
        require(self.log_vkey is not None and self.witness_vkeys, "vkeys did not parse")
        keys = VkeySet(self.log_vkey, *self.witness_vkeys)
        known = {(v.name, v.key_id): v for v in [self.log_vkey, *self.witness_vkeys]}
        for entry in self.manifest["checkpoints"]:
            _, cp = self.load_checkpoint(entry)
            valid = keys.verify(cp.signatures, cp)  # library: logs (and drops) a known key's bad signature
            # Own: a known key whose signature fails rejects the note (VkeySet only logs it).
            for sig in cp.signatures:
                vkey = known.get((sig.name, sig.key_id))
                if vkey is None:
                    continue
                want_len = 64 if vkey.sig_type == SIG_TYPE_ED25519 else 72
                require(len(sig.payload) == want_len,
                        f"size {cp.size}: {sig.name} signature is {len(sig.payload)} bytes, want {want_len}")
                try:
                    vkey.get_verifier().verify_note(sig, cp)
                except Exception as error:
                    raise CheckFailed(f"size {cp.size}: known key {sig.name}+{sig.key_id:08x} has a bad "
                                      f"signature ({type(error).__name__}); tlog-scales only logged it")
                if vkey.sig_type == SIG_TYPE_COSIGNATURE_V1:
                    timestamp = int.from_bytes(sig.payload[:8], "big")
                    require(timestamp == entry["cosign_timestamp"],
                            f"size {cp.size}: {sig.name} cosigned at {timestamp}, want {entry['cosign_timestamp']}")
            names = {vkey.name for vkey, _ in valid}
            want = {self.log_vkey.name, *entry["cosigners"]}
            require(names == want, f"size {cp.size}: VkeySet accepted {sorted(names)}, want {sorted(want)}")
        return (f"{len(self.witness_vkeys)} witness cosignatures (cosignature/v1) + log signature accepted by "
                "tlog-scales VkeySet.verify; strict own pass: every known key's signature verifies")

    # (own) a tampered checkpoint must not verify (guards against a verifier that accepts everything).
    def check_tamper_rejected(self) -> str:
        require(bool(self.checkpoints), "no checkpoint verified")
        cp = self.checkpoints[max(self.checkpoints)]
        text = cp.serialize()
        lines = text.split("\n")
        lines[1] = str(cp.size + 1)
        forged = Checkpoint.from_text("\n".join(lines))
        try:
            forged.verify(self.log_vkey)
        except Exception:
            pass
        else:
            raise CheckFailed("a checkpoint with a changed tree size verified")
        lines = text.split("\n")
        root = bytearray(cp.root_hash)
        root[0] ^= 0x01
        lines[2] = base64.b64encode(bytes(root)).decode()
        forged = Checkpoint.from_text("\n".join(lines))
        signing_log = logging.getLogger("tlog_scales.signing")
        signing_log.disabled = True  # the failures below are expected; keep stderr for real problems
        try:
            accepted = VkeySet(self.log_vkey, *self.witness_vkeys).verify(forged.signatures, forged)
        finally:
            signing_log.disabled = False
        require(not accepted, f"a checkpoint with a changed root kept {len(accepted)} valid signatures")
        return "checkpoint with changed size or root hash rejected by tlog-scales (verify raises; VkeySet accepts none)"

    def entries(self) -> list[bytes]:
        return [b64(e) for e in self.manifest["entries"]]

    # (c) inclusion proofs, roots taken from the verified signed checkpoints.
    def check_inclusion(self) -> str:
        entries = self.entries()
        proofs = self.manifest["inclusion_proofs"]
        require(len(proofs) >= 3, "fewer than 3 inclusion proofs")
        for p in proofs:
            cp = self.checkpoints.get(p["size"])
            require(cp is not None, f"no verified checkpoint of size {p['size']}")
            proof = InclusionProof(p["index"], p["size"], [b64(h) for h in p["hashes"]])
            try:
                proof.check(leaf_hash(entries[p["index"]]), cp.root_hash)
            except Exception as error:
                raise CheckFailed(f"entry {p['index']} in size {p['size']}: {error}")
            # Sanity: the same proof must not prove a different leaf.
            try:
                proof.check(leaf_hash(entries[p["index"]] + b" "), cp.root_hash)
            except Exception:
                pass
            else:
                raise CheckFailed(f"proof for {p['index']} also proved a different entry")
        shown = ", ".join(f"{p['index']}@{p['size']}" for p in proofs)
        return f"{len(proofs)} inclusion proofs ({shown}) verified by tlog-scales InclusionProof.check"

    # (d) consistency proof between the two signed checkpoints.
    def check_consistency(self) -> str:
        c = self.manifest["consistency_proof"]
        old, new = self.checkpoints.get(c["old_size"]), self.checkpoints.get(c["new_size"])
        require(old is not None and new is not None, "checkpoints of the proof's sizes did not verify")
        proof = ConsistencyProof(c["old_size"], c["new_size"], [b64(h) for h in c["hashes"]])
        proof.check(old.root_hash, new.root_hash)
        try:
            proof.check(new.root_hash, old.root_hash)
        except Exception:
            pass
        else:
            raise CheckFailed("the consistency proof also accepted swapped roots")
        return (f"consistency {c['old_size']} -> {c['new_size']} between the signed checkpoints verified by "
                "tlog-scales ConsistencyProof.check")

    def cli(self) -> list[str]:
        script = Path(sys.executable).parent / "tlog-tiles"
        if script.exists():
            return [str(script)]
        return [sys.executable, "-m", "tlog_scales.cli"]

    # (e) tlog-tiles directories read by the tlog-tiles CLI and the library's tiles reader.
    def check_tiles(self) -> str:
        entries_by_dir = {}
        checked = []
        for tiles in self.manifest["tiles"]:
            directory = (self.dir / tiles["dir"]).resolve()
            vkey = Vkey.from_string(tiles["vkey"])
            cp = Checkpoint.from_text((directory / "checkpoint").read_text(encoding="utf-8"))
            cp.verify(vkey)  # the CLI does not check the checkpoint's signature; do it here
            require(cp.size == tiles["size"], f"{tiles['dir']}: checkpoint size {cp.size}, want {tiles['size']}")
            # Library reader: recompute the root from the hash tiles alone.
            reader = TilesReader(LocalBackend(directory))
            reader.get_checkpoint()
            root = reader.calculate_root_hash()
            require(root == cp.root_hash, f"{tiles['dir']}: hash tiles give root {root.hex()}, "
                                          f"checkpoint has {cp.root_hash.hex()}")
            expected = [b64(e) for e in tiles["entries"]] if "entries" in tiles else self.entries()
            entries_by_dir[tiles["dir"]] = expected
            for index in tiles["indexes"]:
                run = subprocess.run(
                    [*self.cli(), "get-leaf", "--check", str(directory), str(index)],
                    capture_output=True, timeout=CLI_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
                )
                if run.returncode != 0:
                    last = run.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["(no output)"]
                    raise CheckFailed(f"tlog-tiles get-leaf --check {tiles['dir']} {index} exited "
                                      f"{run.returncode}: {last[0]}")
                require(run.stdout == expected[index],
                        f"tlog-tiles get-leaf {tiles['dir']} {index} printed {run.stdout[:60]!r}..., "
                        f"not the entry we logged")
                checked.append(f"{tiles['dir']}#{index}")
        return (f"tlog-tiles get-leaf --check accepted {', '.join(checked)} (bytes equal the logged entries); "
                "tlog-scales TilesReader recomputed each checkpoint's root from the hash tiles")

    # (e, paths) our TilePath strings equal tlog-scales' tile_path for the same coordinates.
    def check_tile_paths(self) -> str:
        cases = self.manifest["tile_paths"]
        for case in cases:
            width = case["width"]
            level = -1 if case["kind"] == "entries" else case["level"]
            theirs = "/".join(tl_tiles.tile_path(level, case["index"], 0 if width == 256 else width))
            require(theirs == case["path"], f"tlog-scales path {theirs!r}, ours {case['path']!r}")
        return f"{len(cases)} tile paths equal tlog-scales tiles.tile_path"

    # (f) DSSE with securesystemslib.
    def check_dsse(self) -> str:
        d = self.manifest["dsse"]
        report = Vkey.from_string(d["report_vkey"])
        keyid = f"{report.name}+{report.key_id:08x}"
        envelope_json = json.loads((self.dir / d["file"]).read_text())
        require([s.get("keyid") for s in envelope_json["signatures"]] == [keyid],
                f"envelope keyids {[s.get('keyid') for s in envelope_json['signatures']]}, want [{keyid!r}]")
        key = SSlibKey(keyid, "ed25519", "ed25519", {"public": report.pubkey.hex()})
        envelope = dsse.Envelope.from_dict(json.loads((self.dir / d["file"]).read_text()))
        require(envelope.payload_type == d["payload_type"], f"payload type {envelope.payload_type}")
        accepted = envelope.verify([key], 1)
        require(list(accepted) == [keyid], f"securesystemslib accepted {list(accepted)}")
        json.loads(envelope.payload)  # the payload is the incident report's JSON
        # The log key under the report key's ID must not verify it (the keys are separate).
        log_as_report = SSlibKey(keyid, "ed25519", "ed25519", {"public": self.log_vkey.pubkey.hex()})
        try:
            dsse.Envelope.from_dict(json.loads((self.dir / d["file"]).read_text())).verify([log_as_report], 1)
        except Exception:
            pass
        else:
            raise CheckFailed("the envelope also verified with the log key")
        return (f"DSSE envelope ({envelope.payload_type}, {len(envelope.payload)} bytes) verified by "
                f"securesystemslib dsse.Envelope.verify with SSlibKey {keyid}")


ADD_CHECKPOINT_MAX_PROOF_LINES = 63


def parse_add_checkpoint(body: str) -> tuple[int, list[bytes], str]:
    """Own parser of a C2SP tlog-witness add-checkpoint body: `old <size>`, proof lines, an empty line, a note."""
    head, separator, note = body.partition("\n\n")
    require(separator == "\n\n", "no empty line between the proof and the checkpoint")
    lines = head.split("\n")
    old = re.fullmatch(r"old (0|[1-9][0-9]*)", lines[0])
    require(old is not None, f"first line {lines[0]!r} is not 'old <size>' in canonical decimal")
    require(len(lines) - 1 <= ADD_CHECKPOINT_MAX_PROOF_LINES, f"{len(lines) - 1} proof lines, at most 63 allowed")
    proof = []
    for line in lines[1:]:
        digest = b64(line)
        require(len(digest) == 32 and base64.b64encode(digest).decode() == line,
                f"proof line {line!r} is not canonical base64 of 32 bytes")
        proof.append(digest)
    return int(old.group(1)), proof, note


class WitnessVerifier(Verifier):
    """A tlog-witness exchange written by WitnessInteropLedgerTests.swift: our witness's answers to our log.

    The manifest has `origin`, `log_vkey`, `witness_vkeys`, `checkpoints` (as for the ledger: the served notes,
    log signature plus cosignatures, each with its cosign time and cosigners), `requests` (add-checkpoint bodies
    the log sent: file, old_size, size) and `responses` (200 bodies: file, witness, size, cosign_timestamp).
    The checkpoint checks are the ledger's; the request and response checks are below.
    """

    # (own + library) the log and witness vkeys; a witness manifest has no DSSE or tiles keys.
    def check_witness_vkeys(self) -> str:
        m = self.manifest
        self.log_vkey = parse_vkey(m["log_vkey"], SIG_TYPE_ED25519)
        require(self.log_vkey.name == m["origin"], f"log key name {self.log_vkey.name} is not the origin")
        self.witness_vkeys = [parse_vkey(v, SIG_TYPE_COSIGNATURE_V1) for v in m["witness_vkeys"]]
        labels = {(v.name, v.key_id) for v in self.witness_vkeys}
        require(len(labels) == len(self.witness_vkeys), "two witness vkeys share a name and key ID")
        return (f"log vkey and {len(self.witness_vkeys)} witness vkeys (type 0x04) parsed by tlog-scales; "
                "key IDs recomputed (own SHA-256) and match")

    # (own parser + library proof check) the add-checkpoint bodies the log sent.
    def check_witness_requests(self) -> str:
        require(self.log_vkey is not None, "log vkey did not parse")
        shown = []
        for entry in self.manifest["requests"]:
            body = (self.dir / entry["file"]).read_bytes().decode("utf-8")
            old_size, proof, note = parse_add_checkpoint(body)
            require(old_size == entry["old_size"], f"{entry['file']}: old {old_size}, want {entry['old_size']}")
            cp = Checkpoint.from_text(note)
            require(cp.serialize() == note, f"{entry['file']}: note not byte-identical to tlog-scales' form")
            cp.verify(self.log_vkey)
            require(cp.origin == self.manifest["origin"] and cp.size == entry["size"],
                    f"{entry['file']}: checkpoint {cp.origin} {cp.size}, want size {entry['size']}")
            if old_size == 0:
                require(not proof, f"{entry['file']}: a proof from size 0 must be empty (tlog-witness)")
                shown.append(f"0 -> {cp.size} (empty proof)")
                continue
            old = self.checkpoints.get(old_size)
            require(old is not None, f"{entry['file']}: no verified checkpoint of the old size {old_size}")
            ConsistencyProof(old_size, cp.size, proof).check(old.root_hash, cp.root_hash)
            wrong_root = bytes([old.root_hash[0] ^ 0x01]) + old.root_hash[1:]
            try:
                ConsistencyProof(old_size, cp.size, proof).check(wrong_root, cp.root_hash)
            except Exception:
                pass
            else:
                raise CheckFailed(f"{entry['file']}: the proof also accepted another old root")
            shown.append(f"{old_size} -> {cp.size} ({len(proof)} proof lines)")
        return (f"add-checkpoint bodies {', '.join(shown)} parsed per tlog-witness (own parser); notes verified "
                "with the log vkey and proofs against the signed old checkpoints by tlog-scales ConsistencyProof")

    # (library + own strict pass) the witnesses' 200 bodies, appended to the checkpoint as the spec suggests.
    def check_witness_responses(self) -> str:
        by_name = {v.name: v for v in self.witness_vkeys}
        for entry in self.manifest["responses"]:
            body = (self.dir / entry["file"]).read_bytes().decode("utf-8")
            require(body.endswith("\n") and all(line.startswith("\u2014 ") for line in body.splitlines()),
                    f"{entry['file']}: not a sequence of note signature lines")
            cp = self.checkpoints.get(entry["size"])
            vkey = by_name.get(entry["witness"])
            require(cp is not None and vkey is not None, f"{entry['file']}: unknown checkpoint or witness")
            joined = Checkpoint.from_text(cp.serialize_body() + "\n" + body)
            valid = VkeySet(vkey).verify(joined.signatures, joined)
            require({v.name for v, _ in valid} == {vkey.name},
                    f"{entry['file']}: VkeySet accepted {sorted(v.name for v, _ in valid)}, want [{vkey.name}]")
            for sig in joined.signatures:
                if not vkey.match(sig):
                    continue
                try:
                    vkey.get_verifier().verify_note(sig, joined)
                except Exception as error:
                    raise CheckFailed(f"{entry['file']}: bad cosignature ({type(error).__name__})")
                timestamp = int.from_bytes(sig.payload[:8], "big")
                require(timestamp == entry["cosign_timestamp"],
                        f"{entry['file']}: cosigned at {timestamp}, want {entry['cosign_timestamp']}")
        return (f"{len(self.manifest['responses'])} witness response bodies, appended to their checkpoints, "
                "accepted by tlog-scales VkeySet.verify with the witness's vkey; strict own pass agrees")


def run_witness(directory: Path) -> int:
    try:
        verifier = WitnessVerifier(directory)
    except (OSError, ValueError) as error:
        print(f"verify_ledger.py: cannot read {directory}/manifest.json: {error}", file=sys.stderr)
        return 2
    verifier.run("witness-vkeys", verifier.check_witness_vkeys)
    verifier.run("checkpoint-log-signature", verifier.check_log_signatures)
    verifier.run("checkpoint-cosignatures", verifier.check_cosignatures)
    verifier.run("checkpoint-tamper-rejected", verifier.check_tamper_rejected)
    verifier.run("witness-requests", verifier.check_witness_requests)
    verifier.run("witness-responses", verifier.check_witness_responses)
    if verifier.failures:
        print(f"verify_ledger.py witness: {len(verifier.failures)} check(s) failed: {', '.join(verifier.failures)}",
              file=sys.stderr)
        return 1
    print("verify_ledger.py witness: all checks passed", file=sys.stderr)
    return 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "witness":
        return run_witness(Path(sys.argv[2]))
    if len(sys.argv) != 2:
        print("usage: verify_ledger.py [witness] DIR", file=sys.stderr)
        return 2
    directory = Path(sys.argv[1])
    try:
        verifier = Verifier(directory)
    except (OSError, ValueError) as error:
        print(f"verify_ledger.py: cannot read {directory}/manifest.json: {error}", file=sys.stderr)
        return 2
    if verifier.manifest.get("kind") == "witness":  # the shared Swift harness passes only DIR
        return run_witness(directory)
    verifier.run("vkey-key-ids", verifier.check_vkeys)
    verifier.run("checkpoint-log-signature", verifier.check_log_signatures)
    verifier.run("checkpoint-cosignatures", verifier.check_cosignatures)
    verifier.run("checkpoint-tamper-rejected", verifier.check_tamper_rejected)
    verifier.run("inclusion-proofs", verifier.check_inclusion)
    verifier.run("consistency-proof", verifier.check_consistency)
    verifier.run("tiles-cli", verifier.check_tiles)
    verifier.run("tile-paths", verifier.check_tile_paths)
    verifier.run("dsse-envelope", verifier.check_dsse)
    if verifier.failures:
        print(f"verify_ledger.py: {len(verifier.failures)} check(s) failed: {', '.join(verifier.failures)}",
              file=sys.stderr)
        return 1
    print("verify_ledger.py: all checks passed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
