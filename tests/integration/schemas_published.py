#!/usr/bin/env python3
"""The JSON Schemas of reports/schemas/ describe the files trustfund publishes.

A small demo estate (60 units, 4 months, so a closed quarter) is made in a temporary data
directory. Its last month is left open and published here after a remuneration accrual and an
owners' vote, so that every part of a statement is present in some file. Every statement and a
resident proof of each are exported with the CLI, and every statement.json, manifest.json, proof
file and the leaf inside each proof is validated against its schema, as are the statements 0.1.0
published (tests/fixtures/published-2026/). Each schema is strict: a file with a member it does
not name, or a number where an amount string belongs, fails.

Usage: schemas_published.py path/to/trustfund
Needs Debian's python3-jsonschema (ops/setup installs it), for draft 2020-12.
"""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("schemas_published: python3-jsonschema is missing (ops/setup installs it)")
    sys.exit(1)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SCHEMAS = os.path.join(ROOT, "reports", "schemas")
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "published-2026")
ESTATE = "sunrise-garden"

passes = 0
failures = 0


def check(condition, what):
    global passes, failures
    if condition:
        passes += 1
    else:
        failures += 1
        print("FAILED " + what)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def schema(name, variant=None):
    """The schema reports/schemas/<name>.schema.json, or its $defs/<variant> alone."""
    whole = load(os.path.join(SCHEMAS, name + ".schema.json"))
    if variant is None:
        return whole
    return {"$schema": whole["$schema"], "$defs": whole["$defs"], "$ref": "#/$defs/" + variant}


def errors(doc, against):
    validator = jsonschema.Draft202012Validator(against)
    return [e.message for e in validator.iter_errors(doc)]


def valid(doc, against, what):
    found = errors(doc, against)
    check(not found, what + " is valid" + ("" if not found else ": " + found[0][:300]))


def invalid(doc, against, what):
    check(bool(errors(doc, against)), what + " is refused")


def run(tf, *args):
    result = subprocess.run([tf, *args], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        print(result.stdout + result.stderr)
    check(result.returncode == 0, "trustfund " + " ".join(args[:2]))
    return result


def next_month(month):
    year, number = int(month[:4]), int(month[5:])
    return "%04d-%02d" % (year + number // 12, number % 12 + 1)


def publish_with_remuneration_and_vote(tf, work, data, month):
    """Accrues the open month's remuneration, puts a repair project to a vote that closes in
    the month, then closes the month and publishes it with both demo custodians' signatures."""
    estate = ["--data", data, "--estate", ESTATE]
    run(tf, "fees", "remuneration", "terms", *estate, "--from", month,
        "--basis", "percent_of_collected", "--rate", "0.08")
    run(tf, "fees", "remuneration", "accrue", *estate, "--month", month)
    quote = {"contractor": "Lift Co", "amount": "29000.00", "document_sha256": "ab" * 32}
    project = {"title": "Lift machines, building 1", "category": "lift", "reason": "worn",
               "budget": "30000.00", "quotes": [quote, dict(quote, contractor="B"),
                                                dict(quote, contractor="C")],
               "chosen_quote": 0, "chosen_reason": "the cheapest",
               "scope": {"kind": "buildings", "items": ["1"]}}
    project_file = os.path.join(work, "project.json")
    with open(project_file, "w", encoding="utf-8") as f:
        json.dump(project, f)
    ref = run(tf, "repair", "propose", *estate, "--file", project_file).stdout.split()[1].rstrip(":")
    run(tf, "repair", "vote", *estate, "--project", ref, "--question", "Replace the lift machines?",
        "--opens", month + "-01", "--closes", month + "-20")
    run(tf, "repair", "decide", *estate, "--project", ref)
    run(tf, "close", *estate, "--period", month)
    manifest = os.path.join(work, "manifest-" + month + ".json")
    run(tf, "statement", "manifest", *estate, "--period", month, "--out", manifest)
    keys = os.path.join(data, "demo-custodians")
    signatures = []
    for who, passphrase in (("committee", "sunrise-demo-committee"),
                            ("manager", "sunrise-demo-manager")):
        passphrase_file = os.path.join(work, who + ".pass")
        with open(passphrase_file, "w", encoding="utf-8") as f:
            f.write(passphrase)
        signature = os.path.join(work, who + ".p7s")
        key = ["--key", os.path.join(keys, who + ".key"), "--cert", os.path.join(keys, who + ".pem"),
               "--in", manifest, "--out", signature, "--passphrase-file", passphrase_file]
        if signatures:
            run(tf, "custodian", "cosign", *key, "--signature", signatures[-1])
        else:
            run(tf, "custodian", "sign", *key)
        signatures.append(signature)
    run(tf, "statement", "attach", *estate, "--period", month, "--signature", signatures[-1])


def check_statement_dir(directory, view, label):
    kind = "view" if view else "month"
    valid(load(os.path.join(directory, "statement.json")), schema("statement", kind + "_statement"),
          label + " statement.json")
    valid(load(os.path.join(directory, "statement.json")), schema("statement"),
          label + " statement.json (either kind)")
    valid(load(os.path.join(directory, "manifest.json")), schema("manifest", kind + "_manifest"),
          label + " manifest.json")


def check_proof(path, view, label):
    proof = load(path)
    valid(proof, schema("resident-proof"), label + " proof")
    leaf = json.loads(proof["leaf"])
    valid(leaf, schema("resident-leaf", "view_leaf" if view else "month_leaf"), label + " leaf")


def check_strictness(statement, manifest, proof):
    """An extra member, or a number where an amount belongs, fails each schema."""
    extra = copy.deepcopy(statement)
    extra["approved"] = True
    invalid(extra, schema("statement"), "a statement with an extra member")
    nested = copy.deepcopy(statement)
    nested["funds"][0]["note"] = "x"
    invalid(nested, schema("statement"), "a statement with an extra member in a fund")
    number = copy.deepcopy(statement)
    number["funds"][0]["bank_closing"] = 500177.05
    invalid(number, schema("statement"), "a statement with a number for an amount")
    whole = copy.deepcopy(statement)
    whole["receipts"]["fees"]["total"] = 15181
    invalid(whole, schema("statement"), "a statement with an integer for an amount")
    short = copy.deepcopy(statement)
    short["receipts"]["interest"] = "2337.6"
    invalid(short, schema("statement"), "a statement with an amount of one decimal")
    hexdigits = copy.deepcopy(manifest)
    hexdigits["residents"]["root"] = hexdigits["residents"]["root"].upper()
    invalid(hexdigits, schema("manifest"), "a manifest with an upper-case digest")
    more = copy.deepcopy(manifest)
    more["signed_by"] = []
    invalid(more, schema("manifest"), "a manifest with an extra member")
    leaf = json.loads(proof["leaf"])
    leaf["paid"] = 210.18
    invalid(leaf, schema("resident-leaf"), "a leaf with a number for an amount")
    leaf = json.loads(proof["leaf"])
    leaf["owner"] = "Li Wei"
    invalid(leaf, schema("resident-leaf"), "a leaf with an owner's name")
    truncated = copy.deepcopy(proof)
    truncated["proof"][0] = truncated["proof"][0][:63]
    invalid(truncated, schema("resident-proof"), "a proof with a short digest")


def main():
    if len(sys.argv) != 2:
        print("usage: schemas_published.py path/to/trustfund")
        return 2
    tf = sys.argv[1]
    for name in ("statement", "manifest", "resident-leaf", "resident-proof"):
        jsonschema.Draft202012Validator.check_schema(schema(name))
        check(True, name + ".schema.json is a draft 2020-12 schema")

    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "data")
        run(tf, "init", "--data", data, "--dev")
        run(tf, "demo", "--data", data, "--units", "60", "--months", "4", "--open-months", "1")
        estate = ["--data", data, "--estate", ESTATE]

        def published():
            listed = run(tf, "statement", "list", *estate).stdout.split("\n")
            return [line.split("\t")[0] for line in listed if "\tpublished\t" in line]

        def is_month(period):
            return len(period) == 7 and period[4] == "-" and period[5:].isdigit()

        last_month = next_month(max(p for p in published() if is_month(p)))
        publish_with_remuneration_and_vote(tf, work, data, last_month)
        periods = published()
        months = [p for p in periods if is_month(p)]
        views = [p for p in periods if p not in months]
        check(len(months) == 4 and len(views) >= 1, "the demo publishes four months and a view")
        exported = {}
        for period in periods:
            view = period in views
            out = os.path.join(work, period)
            run(tf, "statement", "export", *estate, "--period", period, "--out", out)
            check_statement_dir(out, view, "exported " + period)
            proof = os.path.join(work, "proof-" + period + ".json")
            run(tf, "statement", "proof", *estate, "--period", period, "--unit", "1-1-0101",
                "--out", proof)
            check_proof(proof, view, "exported " + period)
            exported[period] = out
        last = months[-1]
        statement = load(os.path.join(exported[last], "statement.json"))
        check(last == last_month and statement["remuneration"] is not None,
              "the month published here has its remuneration")
        check(len(statement["repair_fund"]["votes"]) == 1, "the month published here has a vote")
        check_strictness(load(os.path.join(exported[last], "statement.json")),
                         load(os.path.join(exported[last], "manifest.json")),
                         load(os.path.join(work, "proof-" + last + ".json")))

    for directory in sorted(glob.glob(os.path.join(FIXTURES, "2026-*"))):
        period = os.path.basename(directory)
        check_statement_dir(directory, "-Q" in period, "published " + period)
    for path in sorted(glob.glob(os.path.join(FIXTURES, "proof-*.json"))):
        check_proof(path, "-Q" in path, "published " + os.path.basename(path))

    print("schemas_published: %d passed, %d failed" % (passes, failures))
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
