#!/usr/bin/env python3
"""Statements over HTTP (docs/statements.md): a month closed, its manifest.json signed by
both custodians with openssl (cms -sign, then -resign) and uploaded (published only after the
second), every file downloaded and checked against the manifest's SHA-256, `trustfund verify` on
the downloaded directory and on a resident's own proof; the proof and objections of a neighbour's
unit refused to the resident; months close in order and once. Then the quarter's view: refused
while a month waits for its signatures, built once its months are published, signed, published,
downloaded and verified with its months (--month) and an owner's proof.

Usage: python3 tests/integration/http_statements.py path/to/trustfund
"""

import hashlib
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402
from http_support import ESTATE, OWN_UNIT, NEIGHBOUR_UNIT  # noqa: E402

PERIOD = "2026-10"  # the fixture's fee bills; nothing is dated before it


def S(period, rest=""):
    return hs.estate_path(ESTATE, "/statements/" + period + rest)


def download(results, c, token, period, st, manifest, out):
    """Downloads every file of the published statement `st` into `out`, each checked against
    manifest.json and the statement's list; returns the names."""
    os.makedirs(out)
    names = ["manifest.json"] + [f.get("name") for f in st.get("files", [])]
    want = {f.get("name"): f.get("sha256") for f in manifest.get("files", [])}
    for name in names:
        r = c.request("GET", S(period, "/files/" + name), token=token)
        results.check(r.status == 200, "GET %s files/%s -> 200" % (period, name), r.describe())
        with open(os.path.join(out, name), "wb") as f:
            f.write(r.raw)
        sha = hashlib.sha256(r.raw).hexdigest()
        if name in want:
            results.equal(sha, want[name], "  %s: SHA-256 as manifest.json gives it" % name)
        listed = next((f.get("sha256") for f in st.get("files", []) if f.get("name") == name),
                      None)
        if listed:
            results.equal(sha, listed, "  %s: SHA-256 as the statement lists it" % name)
    results.check(set(want) <= set(names), "every file manifest.json names was downloaded",
                  sorted(set(want) - set(names)))
    return names


def publish(results, c, tok, keys, period):
    """Both custodians sign `period`'s manifest.json; returns (statement, manifest)."""
    r = c.request("GET", S(period, "/files/manifest.json"), token=tok["custodian"])
    manifest_bytes = r.raw if r.status == 200 else b"{}"
    first = keys["committee"].sign(manifest_bytes)
    r = c.request("POST", S(period, "/signatures"), body=first,
                  content_type="application/pkcs7-signature", token=tok["custodian"])
    results.check(r.status == 200 and (r.body or {}).get("state") != "published",
                  "%s: the committee's signature -> 200, not yet published" % period,
                  r.describe())
    r = c.request("POST", S(period, "/signatures"),
                  body=keys["manager"].cosign(first, manifest_bytes),
                  content_type="application/pkcs7-signature", token=tok["custodian"])
    st = r.body if r.status == 200 and isinstance(r.body, dict) else {}
    results.check(st.get("state") == "published", "%s: the co-signed file -> published" % period,
                  r.describe())
    return st, json.loads(manifest_bytes.decode("utf-8"))


def verify(results, binary, args, what):
    p = subprocess.run([binary, "verify"] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    results.check(p.returncode == 0, what, (p.stdout + p.stderr).decode(errors="replace")[-2000:])


def main(results, binary):
    env = hs.Environment(binary, "statements")
    env.standard_fixture()
    keys = env.escrow_fixture()
    server = env.serve()
    c = server.client()
    tok = env.tokens
    problems = hs.escrow_books(c, tok["root"], keys, estates=(ESTATE,))
    results.check(not problems, "fixture: custodians and the OP account of %s" % ESTATE, problems)

    # -- close
    r = c.request("POST", S("2026-11", "/close"), body={}, token=tok["treasurer"])
    results.check(400 <= r.status < 500 and r.status not in (401, 403)
                  and "2026-10" in r.raw.decode(errors="replace"),
                  "close 2026-11 before 2026-10 -> refused (months close in order)", r.describe())
    r = c.request("POST", S(PERIOD, "/close"), body={}, token=tok["treasurer"])
    ok = r.status == 201 and isinstance(r.body, dict)
    results.check(ok, "treasurer: POST statements/%s/close -> 201" % PERIOD, r.describe())
    st = r.body if ok else {}
    results.equal(st.get("period"), PERIOD, "the statement names its period")
    results.check(st.get("state") != "published" and st.get("signers") == [],
                  "a closed month awaits its signatures (not published, no signers)", st)
    r = c.request("POST", S(PERIOD, "/close"), body={}, token=tok["treasurer"])
    results.check(400 <= r.status < 500 and r.status not in (401, 403),
                  "closing %s again -> refused (4xx)" % PERIOD, r.describe())
    r = c.request("POST", hs.estate_path(ESTATE, "/entries"), token=tok["treasurer"],
                  body=hs.payment("2026-10-20", "1.00", OWN_UNIT, "after the close"))
    results.check(400 <= r.status < 500, "an entry dated in the closed month -> refused",
                  r.describe())

    # -- manifest, signatures
    r = c.request("GET", S(PERIOD, "/files/manifest.json"), token=tok["custodian"])
    results.check(r.status == 200 and r.raw, "custodian: GET manifest.json -> 200", r.describe())
    manifest_bytes = r.raw
    manifest = json.loads(manifest_bytes.decode("utf-8")) if r.status == 200 else {}
    results.equal(hashlib.sha256(manifest_bytes).hexdigest(), st.get("manifest_sha256"),
                  "manifest.json hashes to the statement's manifest_sha256")
    results.equal(manifest.get("period"), PERIOD, "manifest.json names the period")
    results.equal(manifest.get("estate"), ESTATE, "manifest.json names the estate")

    first = keys["committee"].sign(manifest_bytes)
    both = keys["manager"].cosign(first, manifest_bytes)
    r = c.request("POST", S(PERIOD, "/signatures"), body=first,
                  content_type="application/pkcs7-signature", token=tok["admin"])
    hs.check_problem(results, r, "admin: upload a signature -> 403 (custodians sign)", 403)
    r = c.request("POST", S(PERIOD, "/signatures"), body=first,
                  content_type="application/pkcs7-signature", token=tok["custodian"])
    results.check(r.status == 200 and (r.body or {}).get("state") != "published"
                  and len((r.body or {}).get("signers", [])) == 1,
                  "custodian: upload the committee's signature -> 200, not yet published, "
                  "1 signer", r.describe())
    r = c.request("GET", S(PERIOD, "/files/manifest.p7s"), token=tok["resident"])
    results.check(r.status == 404, "manifest.p7s is not there before the second signature (404)",
                  r.describe())
    r = c.request("POST", S(PERIOD, "/signatures"), body=both,
                  content_type="application/pkcs7-signature", token=tok["custodian"])
    st = r.body if r.status == 200 and isinstance(r.body, dict) else {}
    results.check(st.get("state") == "published",
                  "custodian: upload the co-signed file -> 200, published", r.describe())
    results.equal(sorted(g.get("role") for g in st.get("signers", [])),
                  ["manager", "owners_committee"], "published with both custodians as signers")
    r = c.request("POST", S(PERIOD, "/signatures"), body=both,
                  content_type="application/pkcs7-signature", token=tok["custodian"])
    results.check(r.status == 409, "a signature on a published statement -> 409", r.describe())

    # -- every file downloaded, checked against the manifest
    out = os.path.join(env.tmp, "statement-" + PERIOD)
    names = download(results, c, tok["resident"], PERIOD, st, manifest, out)
    results.check({"statement.json", "statement.html", "entries.csv", "custodians.json",
                   "manifest.p7s", "custodians.pem"} <= set(names),
                  "the published statement lists its files", names)
    with open(os.path.join(out, "custodians.pem"), "rb") as f:
        ok, why = hs.cms_verify(both, manifest_bytes, f.read(), env.tmp)
    results.check(ok, "openssl cms -verify of manifest.p7s with custodians.pem", why)

    # -- trustfund verify
    verify(results, env.binary, [out], "trustfund verify DIR -> exit 0")

    r = c.request("GET", S(PERIOD, "/units/%s/proof" % OWN_UNIT), token=tok["resident"])
    results.check(r.status == 200 and isinstance(r.body, dict),
                  "resident: GET own unit's proof -> 200", r.describe())
    proof = os.path.join(env.tmp, "proof.json")
    with open(proof, "wb") as f:
        f.write(r.raw)
    verify(results, env.binary, [out, "--proof", proof],
           "trustfund verify DIR --proof own proof -> exit 0")
    r = c.request("GET", S(PERIOD, "/units/%s/proof" % NEIGHBOUR_UNIT), token=tok["resident"])
    hs.check_problem(results, r, "resident: GET neighbour's proof -> 403", 403)
    r = c.request("GET", S(PERIOD, "/units/%s/proof" % NEIGHBOUR_UNIT), token=tok["treasurer"])
    results.check(r.status == 200, "treasurer: GET neighbour's proof -> 200", r.describe())

    # -- objections, attestation, answers
    r = c.request("POST", S(PERIOD, "/objections"), token=tok["resident"],
                  body={"unit": OWN_UNIT, "text": "The lift repair looks high"})
    notes = (r.body or {}).get("notes", []) if r.status == 201 else []
    results.check(r.status == 201 and notes and notes[-1].get("kind") == "resident_objection"
                  and notes[-1].get("unit") == OWN_UNIT,
                  "resident: objection for own unit -> 201, a resident_objection note of the unit",
                  r.describe())
    r = c.request("POST", S(PERIOD, "/objections"), token=tok["resident"],
                  body={"unit": NEIGHBOUR_UNIT, "text": "On behalf of my neighbour"})
    hs.check_problem(results, r, "resident: objection for a neighbour's unit -> 403", 403)
    r = c.request("POST", S(PERIOD, "/attestations"), token=tok["supervisor"],
                  body={"kind": "attestation", "text": "Checked against the bank"})
    results.check(r.status == 201, "supervisor: attestation -> 201", r.describe())
    if notes:
        r = c.request("POST", S(PERIOD, "/answers"), token=tok["treasurer"],
                      body={"answers": str(notes[-1].get("id")), "text": "See the quotes"})
        got = (r.body or {}).get("notes", []) if r.status == 201 else []
        results.check(got and got[-1].get("kind") == "answer"
                      and got[-1].get("answers") == notes[-1].get("id"),
                      "treasurer: answer to the objection -> 201, an answer note", r.describe())
    r = c.request("GET", hs.estate_path(ESTATE, "/statements"), token=tok["resident"])
    listed = [s.get("period") for s in (r.body or {}).get("statements", [])]
    results.equal(listed, [PERIOD], "resident: GET statements lists the month")

    # -- the next month closes now (in order)
    r = c.request("POST", S("2026-11", "/close"), body={}, token=tok["treasurer"])
    results.check(r.status == 201, "close 2026-11 after 2026-10 -> 201", r.describe())

    # -- the quarter's view: built from published months only, then signed like a month
    r = c.request("POST", S("2026-Q4", "/view"), body={}, token=tok["treasurer"])
    hs.check_problem(results, r, "view 2026-Q4 while 2026-11 awaits its signatures -> 422", 422)
    results.check("2026-11" in r.raw.decode(errors="replace"),
                  "  the refusal names the month not published", r.describe())
    r = c.request("POST", S("2026-Q4", "/view"), body={}, token=tok["resident"])
    hs.check_problem(results, r, "resident: build a view -> 403", 403)
    r = c.request("POST", S("2026-Q5", "/view"), body={}, token=tok["treasurer"])
    hs.check_problem(results, r, "view 2026-Q5 -> 400 (no such period)", 400)
    month_dirs = [out]
    published = {"2026-11": publish(results, c, tok, keys, "2026-11")}
    r = c.request("POST", S("2026-12", "/close"), body={}, token=tok["treasurer"])
    results.check(r.status == 201, "close 2026-12 -> 201", r.describe())
    published["2026-12"] = publish(results, c, tok, keys, "2026-12")
    for period, (month_st, month_manifest) in sorted(published.items()):
        month_dirs.append(os.path.join(env.tmp, "statement-" + period))
        download(results, c, tok["resident"], period, month_st, month_manifest, month_dirs[-1])

    r = c.request("POST", S("2026-Q4", "/view"), body={}, token=tok["treasurer"])
    view = r.body if r.status == 201 and isinstance(r.body, dict) else {}
    results.check(r.status == 201 and view.get("kind") == "quarter"
                  and view.get("state") != "published",
                  "treasurer: POST statements/2026-Q4/view -> 201, a quarter awaiting signatures",
                  r.describe())
    results.check("entries.csv" not in [f.get("name") for f in view.get("files", [])],
                  "a view has no entries.csv (its months have them)", view.get("files"))
    r = c.request("POST", S("2026-Q4", "/view"), body={}, token=tok["treasurer"])
    hs.check_problem(results, r, "building 2026-Q4 again -> 409", 409)
    view, view_manifest = publish(results, c, tok, keys, "2026-Q4")
    results.equal([m.get("period") for m in view_manifest.get("months", [])],
                  ["2026-10", "2026-11", "2026-12"], "the view's manifest names its months")
    view_dir = os.path.join(env.tmp, "view-2026-Q4")
    download(results, c, tok["resident"], "2026-Q4", view, view_manifest, view_dir)
    verify(results, env.binary, [view_dir], "trustfund verify VIEW_DIR -> exit 0")
    months_args = [a for d in month_dirs for a in ("--month", d)]
    verify(results, env.binary, [view_dir] + months_args,
           "trustfund verify VIEW_DIR --month DIR x3 -> exit 0")
    r = c.request("GET", S("2026-Q4", "/units/%s/proof" % OWN_UNIT), token=tok["resident"])
    results.check(r.status == 200, "resident: GET own unit's proof of the view -> 200",
                  r.describe())
    view_proof = os.path.join(env.tmp, "view-proof.json")
    with open(view_proof, "wb") as f:
        f.write(r.raw)
    verify(results, env.binary, [view_dir, "--proof", view_proof],
           "trustfund verify VIEW_DIR --proof own proof -> exit 0")
    with open(os.path.join(month_dirs[1], "manifest.json"), "ab") as f:
        f.write(b" ")
    p = subprocess.run([env.binary, "verify", view_dir] + months_args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    text = p.stderr.decode(errors="replace")
    results.check(p.returncode == 1 and "FAILED manifest of month 2026-11 is the one the view"
                  in text, "a changed month manifest -> verify fails naming 2026-11 (on stderr)",
                  text[-2000:])
    results.check(p.stdout == b"", "a failed verify prints nothing on standard output",
                  p.stdout.decode(errors="replace")[-2000:])

    results.equal(server.stop(), 0, "server stops on SIGTERM with exit 0")


if __name__ == "__main__":
    hs.run_main(main)
