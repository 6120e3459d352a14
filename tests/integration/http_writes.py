#!/usr/bin/env python3
"""Writes over HTTP: idempotent retries, bad input (problem+json, nothing written), the units CSV
import, closed periods, 16 concurrent writers, inclusion and consistency proofs, login, logout and
lockout, and the access log.

Usage: python3 tests/integration/http_writes.py path/to/trustfund
"""

import http.client
import json
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402
from http_support import ESTATE, OWN_UNIT, NEIGHBOUR_UNIT  # noqa: E402

MAX_BODY = 4096
ENTRIES = hs.estate_path(ESTATE, "/entries")
THREADS, PER_THREAD = 16, 50


def snapshot(c, token):
    s = hs.estate_summary(c, token)
    return s.get("entries"), s.get("merkle_root")


def post(c, token, body, key=None, content_type=None):
    headers = {"Idempotency-Key": key} if key else None
    return hs.safe(c.request, "POST", ENTRIES, body=body, token=token, headers=headers,
                   content_type=content_type)


def chunked_post(port, path, token, payload, content_type="application/json"):
    """A POST without Content-Length (Transfer-Encoding: chunked)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        chunks = [payload[i:i + 1000] for i in range(0, len(payload), 1000)]
        conn.request("POST", path, body=iter(chunks), encode_chunked=True,
                     headers={"Authorization": "Bearer " + token, "Content-Type": content_type,
                              "Transfer-Encoding": "chunked", "Connection": "close"})
        r = conn.getresponse()
        raw = r.read()
        return hs.Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, raw)
    finally:
        conn.close()


# ---- idempotency --------------------------------------------------------------------------------

def idempotency(results, c, tok):
    n0, root0 = snapshot(c, tok)
    body = hs.payment("2026-10-05", "300.00", memo="WeChat pay 1")
    r = post(c, tok, body, key="pay-1")
    ok = results.check(r.status == 201 and isinstance(r.body, dict)
                       and isinstance(r.body.get("seq"), int),
                       "POST entry with Idempotency-Key -> 201 with the entry", r.describe())
    if not ok:
        return
    e = r.body
    seq = e["seq"]
    results.equal(seq, n0, "the new entry's seq is the previous entry count")
    missing = {"seq", "date", "kind", "memo", "actor", "postings", "leaf_hash"} - set(e)
    results.check(not missing, "the entry has seq, date, kind, memo, actor, postings, leaf_hash",
                  missing)
    results.check(e.get("date") == "2026-10-05" and e.get("kind") == "payment"
                  and e.get("memo") == "WeChat pay 1"
                  and e.get("postings") == body["postings"],
                  "the entry records date, kind, memo and postings as sent", e)
    results.check("sun-treasurer" in str(e.get("actor")), "the entry's actor names the caller",
                  e.get("actor"))
    results.check(not e.get("replayed"), "a first post is not marked replayed", e.get("replayed"))
    loc = r.headers.get("location", "")
    results.check(loc.endswith("/api/v1/estates/%s/entries/%d" % (ESTATE, seq)),
                  "Location header names the new entry", loc)
    results.equal(snapshot(c, tok)[0], n0 + 1, "the entry count grew by one")

    r2 = post(c, tok, body, key="pay-1")
    results.check(r2.status == 200 and (r2.body or {}).get("seq") == seq,
                  "same key, same body -> 200 with the same seq", r2.describe())
    results.check((r2.body or {}).get("replayed") is True, "the retry is marked replayed",
                  r2.describe())
    results.check((r2.body or {}).get("leaf_hash") == e.get("leaf_hash"),
                  "the retry returns the recorded entry (same leaf hash)")
    after = snapshot(c, tok)
    results.equal(after[0], n0 + 1, "the retry wrote nothing (count unchanged)")

    other = hs.payment("2026-10-05", "301.00", memo="WeChat pay 1")
    r3 = post(c, tok, other, key="pay-1")
    hs.check_problem(results, r3, "same key, other body -> 409 problem", 409)
    results.equal(snapshot(c, tok), after, "the conflicting retry wrote nothing")

    r4 = c.request("GET", ENTRIES + "/%d" % seq, token=tok)
    got = dict((r4.body or {}).get("entry") or {})
    got.pop("replayed", None)
    want = dict(e)
    want.pop("replayed", None)
    results.equal(got, want, "GET entries/{seq} returns the entry as answered to the POST")
    # The same key in another estate is another key.
    r5 = hs.safe(c.request, "POST", hs.estate_path(hs.OTHER_ESTATE, "/entries"),
                 body=hs.payment("2026-10-05", "300.00", hs.OTHER_UNIT, "WeChat pay 1"),
                 token=TOKENS["root"], headers={"Idempotency-Key": "pay-1"})
    results.check(r5.status == 201, "the same key in another estate is a new entry", r5.describe())


# ---- bad input ----------------------------------------------------------------------------------

def entry_with(**changes):
    e = hs.payment("2026-10-07", "10.00", memo="bad input")
    e.update(changes)
    return e


def bad_input(results, c, tok, port):
    base = snapshot(c, tok)
    P = lambda *pairs: [{"account": a, "amount": m} for a, m in pairs]  # noqa: E731
    cases = [
        # description, body, content type, statuses, field (exact) or None, field substring
        ("malformed JSON", '{"date":', None, (400,), None, None),
        ("JSON that is not an object", "[1,2]", None, (400,), None, None),
        ("an empty body", "", None, (400,), None, None),
        ("amount as a number", entry_with(postings=[{"account": "OP.1002", "amount": 10.0},
                                                    {"account": "OP.1122@" + OWN_UNIT,
                                                     "amount": -10.0}]),
         None, (400,), None, "amount"),
        ("date as a number", entry_with(date=20261007), None, (400,), None, "date"),
        ("postings as a string", entry_with(postings="OP.1002"), None, (400,), None, "postings"),
        ("memo as an object", entry_with(memo={"text": "x"}), None, (400,), None, "memo"),
        ("an unknown member", entry_with(colour="red"), None, (400,), None, "colour"),
        ("no date", {k: v for k, v in entry_with().items() if k != "date"}, None, (400,),
         None, "date"),
        ("no postings", {k: v for k, v in entry_with().items() if k != "postings"}, None, (400,),
         None, "postings"),
        ("one posting only", entry_with(postings=P(("OP.1002", "0.00"))), None, (400, 422),
         None, "postings"),
        ("unbalanced postings", entry_with(postings=P(("OP.1002", "10.00"),
                                                      ("OP.1122@" + OWN_UNIT, "-9.99"))),
         None, (400, 422), None, "postings"),
        ("balanced overall but not per fund", entry_with(kind="transfer", postings=P(
            ("OP.1002", "10.00"), ("PR.1002", "-10.00"))), None, (400, 422), None, "postings"),
        ("an unknown account", entry_with(postings=P(("OP.9999", "1.00"), ("OP.1002", "-1.00"))),
         None, (400, 422), None, "postings"),
        ("a unit that does not exist", entry_with(postings=P(("OP.1002", "1.00"),
                                                             ("OP.1122@9-9-999", "-1.00"))),
         None, (400, 404, 422), None, "postings"),
        ("a control account", entry_with(postings=P(("OP.1122", "1.00"), ("OP.1002", "-1.00"))),
         None, (400, 422), None, "postings"),
        ("three decimals", entry_with(postings=P(("OP.1002", "1.005"),
                                                 ("OP.1122@" + OWN_UNIT, "-1.005"))),
         None, (400,), "postings[0].amount", None),
        ("an amount that is not a number", entry_with(postings=P(("OP.1002", "ten"),
                                                                 ("OP.1122@" + OWN_UNIT, "-10"))),
         None, (400,), "postings[0].amount", None),
        ("an amount beyond the range", entry_with(postings=P(
            ("OP.1002", "99999999999999999.99"), ("OP.1122@" + OWN_UNIT, "-99999999999999999.99"))),
         None, (400, 422), None, "postings"),
        ("a date that does not exist", entry_with(date="2026-13-01"), None, (400,), "date", None),
        ("an unknown kind", entry_with(kind="gift"), None, (400,), "kind", None),
        ("a memo over 1000 characters", entry_with(memo="x" * 1001), None, (400,), "memo", None),
        ("reversal of an entry that does not exist", entry_with(kind="reversal", reverses=999999),
         None, (400, 404, 409, 422), None, None),
        ("wrong Content-Type (text/plain)", json.dumps(entry_with()), "text/plain", (400, 415),
         None, None),
        ("no Content-Type", json.dumps(entry_with()).encode(), None, (400, 415), None, None),
        ("form Content-Type", "date=2026-10-07", "application/x-www-form-urlencoded",
         (400, 415), None, None),
        ("invalid UTF-8 in the memo",
         b'{"date":"2026-10-07","kind":"payment","memo":"\xff\xfe","postings":'
         b'[{"account":"OP.1002","amount":"1.00"},{"account":"OP.1122@1-1-101","amount":"-1.00"}]}',
         "application/json", (400,), None, None),
    ]
    for desc, body, ctype, statuses, field, field_sub in cases:
        if isinstance(body, str) and ctype is None:
            ctype = "application/json"
        r = post(c, tok, body, content_type=ctype)
        hs.check_problem(results, r, "POST entry with %s -> %s problem%s" % (
            desc, "/".join(map(str, statuses)),
            " (field %s)" % (field or field_sub) if (field or field_sub) else ""),
            statuses, field=field, field_contains=field_sub)
        now = snapshot(c, tok)
        results.equal(now, base, "  ... and nothing was written (%s)" % desc)

    r = post(c, tok, entry_with(), key="k" * 201)
    hs.check_problem(results, r, "an Idempotency-Key over 200 characters -> 400", 400)
    results.equal(snapshot(c, tok), base, "  ... and nothing was written (long key)")

    big = entry_with(memo="m" * (10 * 1024))
    r = post(c, tok, big)
    hs.check_problem(results, r, "a 10 KB body with --max-body-bytes %d -> 413 problem" % MAX_BODY,
                     413)
    results.equal(snapshot(c, tok), base, "  ... and nothing was written (413)")
    r = hs.safe(chunked_post, port, ENTRIES, tok, json.dumps(big).encode())
    hs.check_problem(results, r, "a 10 KB chunked body (no Content-Length) -> 413 problem", 413)
    results.equal(snapshot(c, tok), base, "  ... and nothing was written (chunked 413)")
    r = hs.safe(c.request, "POST", ENTRIES, body=b"x" * (10 * 1024), token=None,
                content_type="application/json")
    results.check(r.status in (401, 413), "a 10 KB body without a token -> 401 or 413, no 5xx",
                  r.describe())

    # Just under the limit: many postings, about 3.5 KB, is accepted.
    under = hs.entry("2026-10-08", "payment", [], "under the limit")
    k = 1
    while True:  # as many postings as keep the body between 3.5 KB and the limit
        under["postings"] = ([{"account": "OP.1002", "amount": "1.00"}] * k
                             + [{"account": "OP.1122@" + NEIGHBOUR_UNIT, "amount": "-%d.00" % k}])
        size = len(json.dumps(under).encode())
        if size > 3500:
            break
        k += 1
    r = post(c, tok, under)
    results.check(r.status == 201 and size < MAX_BODY,
                  "a %d-byte entry with %d postings (under --max-body-bytes) -> 201" % (size, k + 1), r.describe())
    r = hs.safe(chunked_post, port, ENTRIES, tok,
                json.dumps(hs.payment("2026-10-08", "2.00", memo="chunked")).encode())
    results.check(r.status == 201, "a small chunked body -> 201", r.describe())
    # Proves that the "nothing was written" checks above could see a write.
    results.equal(snapshot(c, tok)[0], base[0] + 2, "the two good posts show in the entry count")


def strict_json(results, c, tok):
    """The faults a lenient JSON reader lets through are refused, and nothing is written."""
    base = snapshot(c, tok)
    good = entry_with(memo="strict")
    text = json.dumps(good)
    other = [{"account": "OP.1002", "amount": "9.00"},
             {"account": "OP.1122@" + OWN_UNIT, "amount": "-9.00"}]
    cases = [
        # description, body, slug, field
        ("postings given twice", text[:-1] + ', "postings": ' + json.dumps(other) + "}",
         "entry-shape", "postings"),
        ("a memo given twice, spelt once with an escape",
         text[:-1] + ', "m\\u0065mo": "other"}', "entry-shape", "memo"),
        ("reverses as a boolean", json.dumps(entry_with(kind="reversal", reverses=True)),
         "entry-shape", "reverses"),
        ("a memo with U+0085 (a C1 control character)",
         json.dumps(entry_with(memo="one\u0085two")), "memo", "memo"),
        ("a memo with U+009B as raw UTF-8",
         json.dumps(entry_with(memo="one\u009btwo"), ensure_ascii=False).encode(), "memo", "memo"),
        ("an idempotency key with U+0085",
         json.dumps(entry_with(idempotency_key="k\u0085")), "idempotency-key", "idempotency_key"),
    ]
    for desc, body, slug, field in cases:
        r = post(c, tok, body, content_type="application/json")
        hs.check_problem(results, r, "POST entry with %s -> 400 %s naming %s" % (desc, slug, field),
                         400, slug=slug, field=field)
        results.equal(snapshot(c, tok), base, "  ... and nothing was written (%s)" % desc)


# ---- units CSV import ---------------------------------------------------------------------------

def unit_codes(c, tok):
    r = c.request("GET", hs.estate_path(ESTATE, "/units"), token=tok)
    if r.status != 200:
        raise RuntimeError("GET units: " + r.describe())
    return {u["code"]: u for u in r.body["units"]}


def csv_import(results, c, tok):
    imp = hs.estate_path(ESTATE, "/units/import")
    before = unit_codes(c, tok)
    lines = [
        "code,kind,area_m2,owner_ref",          # 1
        "5-1-101,residential,80.00,o-a",        # 2 good
        "5-1-102,residential,80.005,o-b",       # 3 area: three decimals
        "5-1-103,castle,80.00,o-c",             # 4 kind unknown
        OWN_UNIT + ",residential,80.00,o-d",    # 5 code exists already
        "5-1-104,residential,80.00",            # 6 a column short
        "5-1-105,parking,12.50,o-e",            # 7 good
        "5-1-106,residential,-3.00,o-f",        # 8 area negative
        "5-1-101,residential,80.00,o-g",        # 9 code twice in the file
    ]
    bad_fields = {3: "area_m2", 4: "kind", 5: "code", 6: None, 8: "area_m2", 9: "code"}
    r = hs.safe(c.request, "POST", imp, body="\n".join(lines) + "\n", token=tok,
                content_type="text/csv")
    hs.check_problem(results, r, "CSV import with bad rows -> 400 problem", 400)
    errors = (r.body or {}).get("errors") if isinstance(r.body, dict) else None
    results.check(isinstance(errors, list) and errors,
                  "the problem lists errors [{line, field, detail}]", r.describe())
    errors = errors if isinstance(errors, list) else []
    got_lines = sorted({e.get("line") for e in errors if isinstance(e, dict)})
    results.equal(got_lines, sorted(bad_fields), "an error for every bad row, by line number "
                  "(header = line 1), none for good rows")
    by_line = {}
    for e in errors:
        if isinstance(e, dict):
            by_line.setdefault(e.get("line"), []).append(e)
    for line, field in sorted(bad_fields.items()):
        es = by_line.get(line, [])
        results.check(es and all(isinstance(e.get("detail"), str) and e["detail"] for e in es),
                      "  line %d has an error with a detail" % line, es)
        if field:
            results.check(any(e.get("field") == field for e in es),
                          "  line %d names field %s" % (line, field), es)
    results.equal(unit_codes(c, tok), before, "a failed import adds no unit (not even good rows)")

    r = hs.safe(c.request, "POST", imp, body="code,area\n5-1-201,80.00\n", token=tok,
                content_type="text/csv")
    hs.check_problem(results, r, "CSV import with a wrong header -> 400 problem", 400)
    r = hs.safe(c.request, "POST", imp, body="code,kind,area_m2,owner_ref\n5-1-202,residential,1.00,o\n",
                token=tok, content_type="application/json")
    hs.check_problem(results, r, "CSV import sent as application/json -> 400/415 problem",
                     (400, 415))
    results.equal(unit_codes(c, tok), before, "  ... and neither added a unit")

    r = hs.safe(c.request, "POST", imp, body="code,kind,area_m2,owner_ref\n%s,residential,1.00,o\n"
                % OWN_UNIT, token=tok, content_type="text/csv")
    hs.check_problem(results, r, "CSV import of an existing unit -> 4xx problem", (400, 409))
    results.check(isinstance((r.body or {}).get("errors"), list)
                  and any(e.get("line") == 2 and e.get("field") == "code"
                          for e in r.body["errors"] if isinstance(e, dict)),
                  "  ... naming line 2, field code", r.describe())
    good = ("code,kind,area_m2,owner_ref\n5-2-101,residential,80.00,o-1\n"
            "5-2-102,commercial,45.10,o-2\n5-2-103,parking,12.5,o-3\n")
    r = hs.safe(c.request, "POST", imp, body=good, token=tok, content_type="text/csv")
    results.check(r.status == 201 and (r.body or {}).get("imported") == 3,
                  "a good CSV import -> 201 {imported: 3}", r.describe())
    after = unit_codes(c, tok)
    got = {k: (after[k].get("kind"), after[k].get("area_m2")) for k in after if k.startswith("5-2-")}
    results.equal(got, {"5-2-101": ("residential", "80.00"), "5-2-102": ("commercial", "45.10"),
                        "5-2-103": ("parking", "12.50")}, "the imported units are listed")
    results.equal(set(after) - set(before), {"5-2-101", "5-2-102", "5-2-103"},
                  "exactly the imported units were added")
    r = c.request("POST", ENTRIES, token=TOKENS["treasurer"], body=hs.entry(
        "2026-10-09", "fee_bill", [("OP.1122@5-2-101", "168.00"), ("OP.6001", "-168.00")],
        "bill an imported unit"))
    results.check(r.status == 201, "an imported unit's sub-accounts can be posted to",
                  r.describe())
    r = hs.safe(c.request, "POST", imp, token=tok, content_type="text/csv",
                body="code,kind,area_m2,owner_ref\r\n5-2-104,residential,70.00,o-4\r\n")
    results.check(r.status == 201 and (r.body or {}).get("imported") == 1,
                  "a CSV import with CRLF line ends (RFC 4180) -> 201 {imported: 1}", r.describe())
    r = c.request("POST", hs.estate_path(ESTATE, "/units"), token=tok,
                  body={"code": "5-3-101", "kind": "residential", "area_m2": "99.99",
                        "owner_ref": "o-5"})
    results.check(r.status == 201, "POST one unit -> 201", r.describe())
    r = c.request("POST", hs.estate_path(ESTATE, "/units"), token=tok,
                  body={"code": "5-3-101", "kind": "residential", "area_m2": "99.99",
                        "owner_ref": "o-5"})
    hs.check_problem(results, r, "POST the same unit again -> 409 problem", 409)
    r = c.request("POST", hs.estate_path(ESTATE, "/units"), token=tok,
                  body={"code": "5-3-102", "kind": "residential", "area_m2": "1.234",
                        "owner_ref": "o-6"})
    hs.check_problem(results, r, "POST a unit with a bad area -> 400 problem (field area_m2)",
                     400, field="area_m2")


# ---- closed periods -----------------------------------------------------------------------------

def periods(results, c, tok):
    P = lambda p: hs.estate_path(ESTATE, "/periods/%s/close" % p)  # noqa: E731
    r = c.request("POST", P("2026-09"), token=tok, body={})
    results.check(r.status == 200, "POST periods/2026-09/close -> 200", r.describe())
    base = snapshot(c, tok)
    r = post(c, tok, hs.payment("2026-09-30", "5.00", memo="late"))
    hs.check_problem(results, r, "posting into the closed period -> 422 problem", 422)
    results.equal(snapshot(c, tok), base, "  ... and nothing was written")
    r = post(c, tok, hs.payment("2026-09-30", "5.00", memo="late keyed"), key="late-1")
    hs.check_problem(results, r, "posting into the closed period with an Idempotency-Key -> 422",
                     422)
    r = post(c, tok, hs.payment("2026-10-10", "5.00", memo="on time"))
    results.check(r.status == 201, "posting into the next, open period -> 201", r.describe())
    r = c.request("POST", P("2026-09"), token=tok, body={})
    hs.check_problem(results, r, "closing 2026-09 again -> 409 problem", 409)
    for bad in ["2026-13", "2026-9", "latest"]:
        r = c.request("POST", P(bad), token=tok, body={})
        hs.check_problem(results, r, "closing period %r -> 400 problem" % bad, 400)


# ---- concurrent writers -------------------------------------------------------------------------

def cents(t, i):
    return 100 + t * PER_THREAD + i


def money(c):
    return "%d.%02d" % (c // 100, c % 100)


def conc_body(t, i):
    return hs.payment("2026-11-%02d" % (1 + (t * PER_THREAD + i) % 28), money(cents(t, i)),
                      memo="concurrent %d/%d" % (t, i))


def run_writers(server, token, outcome):
    """16 threads x 50 posts; outcome[(t, i)] = (status, seq, retried, error)."""
    def worker(t):
        cl = server.client(keep_alive=True)
        for i in range(PER_THREAD):
            body, key = conc_body(t, i), "conc-%d-%d" % (t, i)
            retried, last = False, None
            for attempt in range(3):
                try:
                    r = cl.request("POST", ENTRIES, body=body, token=token,
                                   headers={"Idempotency-Key": key})
                    outcome[(t, i)] = (r.status, (r.body or {}).get("seq"), retried, None
                                       if r.status in (200, 201) else r.describe())
                    break
                except Exception as e:  # noqa: BLE001 - reconnect and retry (same key)
                    retried, last = True, "%s: %s" % (type(e).__name__, e)
                    cl.close()
            else:
                outcome[(t, i)] = (0, None, retried, last)
        cl.close()

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    start = time.time()
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    return time.time() - start


def concurrency(results, c, server):
    tok = TOKENS["treasurer"]
    n0 = snapshot(c, tok)[0]
    r = c.request("GET", hs.estate_path(ESTATE, "/balances?period=2026-11&account=OP.1002"),
                  token=tok)
    results.check(r.status == 200, "balances of 2026-11 before the writers", r.describe())
    outcome = {}
    took = run_writers(server, tok, outcome)
    total = THREADS * PER_THREAD
    good = [k for k, v in outcome.items() if v[0] == 201 or (v[0] == 200 and v[2])]
    bad = [(k, v) for k, v in outcome.items() if k not in good]
    results.check(len(good) == total, "%d threads x %d posts with unique keys: all acknowledged "
                  "201 (%.1f s)" % (THREADS, PER_THREAD, took), bad[:5])
    retried = sum(1 for v in outcome.values() if v[2])
    results.check(retried == 0, "no writer needed a transport retry", retried)
    seqs = [v[1] for v in outcome.values() if isinstance(v[1], int)]
    results.check(len(seqs) == total and len(set(seqs)) == total, "all %d seqs are distinct" % total,
                  "%d seqs, %d distinct" % (len(seqs), len(set(seqs))))
    results.equal(sorted(seqs), list(range(n0, n0 + total)),
                  "the seqs are gapless, following the previous count")
    results.equal(snapshot(c, tok)[0], n0 + total, "exactly %d new entries" % total)

    entries, pages, problems = hs.all_entries(c, tok, limit=100, after=n0 - 1)
    results.check(not problems, "paging the new entries with limit=100 and next", problems)
    results.equal(len(entries), total, "listing after=%d finds the %d new entries (%d pages)"
                  % (n0 - 1, total, pages))
    want_memo = {v[1]: "concurrent %d/%d" % k for k, v in outcome.items()}
    wrong = [e.get("seq") for e in entries if want_memo.get(e.get("seq")) != e.get("memo")]
    results.check(entries and not wrong, "each listed entry is the one its writer was told",
                  wrong[:5])
    results.check([e.get("seq") for e in entries] == sorted(e.get("seq") for e in entries),
                  "the listing is in seq order")

    total_cents = sum(cents(t, i) for t in range(THREADS) for i in range(PER_THREAD))
    r = c.request("GET", hs.estate_path(ESTATE, "/balances?period=2026-11&account=OP.1002"),
                  token=tok)
    rows = [b for b in (r.body or {}).get("balances", []) if b.get("account") == "OP.1002"]
    row = rows[0] if rows else {}
    results.equal(row.get("debit"), money(total_cents),
                  "OP.1002's debits in 2026-11 equal the sum of the posted amounts")
    results.equal(row.get("credit"), "0.00", "OP.1002 has no credits in 2026-11")
    try:
        moved = hs.to_cents(row.get("closing")) - hs.to_cents(row.get("opening"))
    except (TypeError, ValueError):
        moved = None
    results.equal(moved, total_cents, "OP.1002's closing - opening equals the sum")
    results.check(row.get("currency") in (None, "CNY") and row.get("fund") in (None, "OP"),
                  "balance rows carry fund OP and currency CNY", row)
    r = c.request("GET", hs.estate_path(ESTATE, "/balances?as_of=2026-11-30&account=OP.1002"),
                  token=tok)
    rows = [b for b in (r.body or {}).get("balances", []) if b.get("account") == "OP.1002"]
    results.check(r.status == 200 and (r.body or {}).get("as_of") == "2026-11-30" and rows,
                  "balances?as_of=2026-11-30&account=OP.1002 -> 200 with the row", r.describe())

    replay = {}
    took = run_writers(server, tok, replay)
    same = [k for k in outcome if replay.get(k, (None, None))[:2] == (200, outcome[k][1])]
    results.check(len(same) == total, "re-sending all %d -> 200 with the first seq (%.1f s)"
                  % (total, took), [(k, replay.get(k)) for k in outcome if k not in same][:5])
    results.equal(snapshot(c, tok)[0], n0 + total, "the re-sent posts wrote nothing")




# ---- proofs -------------------------------------------------------------------------------------

def proofs(results, c, tok):
    count = snapshot(c, tok)[0]
    results.check(count >= 800, "the journal has the concurrent writers' entries (%d)" % count)
    for seq in sorted(x for x in {0, 1, count // 2, count - 2, count - 1} if 0 <= x < count):
        r = c.request("GET", ENTRIES + "/%d" % seq, token=tok)
        if not results.check(r.status == 200 and isinstance(r.body, dict),
                             "GET entries/%d -> 200" % seq, r.describe()):
            continue
        e, p = r.body.get("entry") or {}, r.body.get("inclusion_proof") or {}
        results.equal(e.get("seq"), seq, "  entry %d: seq" % seq)
        leaf = hs.unhex(e.get("leaf_hash", ""))
        results.check(leaf == hs.leaf_hash(hs.canonical_entry_bytes(e)),
                      "  entry %d: leaf_hash = SHA-256(0x00 || RFC 8785 bytes)" % seq)
        path = [hs.unhex(x) for x in p.get("path", [])] if isinstance(p.get("path"), list) else None
        root = hs.unhex(p.get("root", ""))
        size = p.get("tree_size")
        ok = (leaf and root and isinstance(size, int) and path is not None
              and None not in path and hs.verify_inclusion(seq, size, leaf, path, root))
        results.check(ok, "  entry %d: the inclusion proof verifies (RFC 9162) against root of "
                      "size %s" % (seq, size), p)
        if ok and path:
            forged = list(path)
            forged[0] = bytes(32)
            results.check(not hs.verify_inclusion(seq, size, leaf, forged, root),
                          "  entry %d: a forged path does not verify" % seq)
        r2 = c.request("GET", hs.estate_path(ESTATE, "/log/root?size=%s" % size), token=tok)
        results.check(r2.status == 200 and (r2.body or {}).get("root") == p.get("root")
                      and (r2.body or {}).get("tree_size") == size,
                      "  entry %d: log/root?size=%s is the proof's root" % (seq, size),
                      r2.describe())
    r = c.request("GET", ENTRIES + "/%d" % (count + 1000), token=tok)
    hs.check_problem(results, r, "GET an entry that does not exist -> 404 problem", 404)
    r = c.request("GET", hs.estate_path(ESTATE, "/log/root"), token=tok)
    results.check(r.status == 200 and (r.body or {}).get("tree_size") == count,
                  "log/root is the whole journal", r.describe())
    pairs = [(1, count), (count // 2, count), (3, count // 2), (count, count), (8, count),
             (512, 1024)]
    for a, b in [(a, b) for a, b in pairs if 1 <= a <= b <= count]:
        r = c.request("GET", hs.estate_path(ESTATE, "/log/consistency?from=%d&to=%d" % (a, b)),
                      token=tok)
        body = r.body or {}
        proof = [hs.unhex(x) for x in body.get("proof", [])]
        ok = (r.status == 200 and body.get("old_size") == a and body.get("new_size") == b
              and None not in proof
              and hs.verify_consistency(a, b, hs.unhex(body.get("old_root", "")),
                                        hs.unhex(body.get("new_root", "")), proof))
        results.check(ok, "consistency proof %d -> %d verifies (RFC 9162)" % (a, b), r.describe())
        r2 = c.request("GET", hs.estate_path(ESTATE, "/log/root?size=%d" % a), token=tok)
        results.check(r2.status == 200 and (r2.body or {}).get("root") == body.get("old_root"),
                      "  its old_root is log/root?size=%d" % a)
    r = c.request("GET", hs.estate_path(ESTATE, "/log/consistency?from=%d&to=%d"
                                        % (count, count + 5)), token=tok)
    hs.check_problem(results, r, "a consistency proof beyond the journal -> 400 problem", 400)
    r = c.request("GET", hs.estate_path(ESTATE, "/log/consistency"), token=tok)
    hs.check_problem(results, r, "a consistency proof without from -> 400 problem", 400)


# ---- login --------------------------------------------------------------------------------------

def login(results, c, env):
    S = "/api/v1/sessions"
    pw = env.passwords["sun-treasurer"]
    r = c.request("POST", S, body={"username": "sun-treasurer", "password": pw})
    body = r.body or {}
    tok = body.get("token", "")
    ok = results.check(r.status == 201 and re.fullmatch(r"tfs_[0-9a-f]{64}", str(tok)),
                       "login with the right password -> 201 with a tfs_ token", r.describe())
    results.check(body.get("username") == "sun-treasurer" and "expires_at" in body,
                  "login answers username and expires_at", body)
    SESSION_TOKENS.append(tok)
    if ok:
        r = c.request("GET", "/api/v1/sessions/current", token=tok)
        results.check(r.status == 200 and (r.body or {}).get("username") == "sun-treasurer",
                      "the session token works: sessions/current names the user", r.describe())
        r = c.request("GET", hs.estate_path(ESTATE), token=tok)
        results.check(r.status == 200, "the session token works on an estate route", r.describe())
        r = c.request("DELETE", "/api/v1/sessions/current", token=tok)
        results.check(r.status == 204 and not r.raw, "logout -> 204, no body", r.describe())
        for path in ["/api/v1/sessions/current", hs.estate_path(ESTATE)]:
            r = c.request("GET", path, token=tok)
            hs.check_problem(results, r, "after logout the token gets 401 on GET %s" % path, 401)
        r = c.request("DELETE", "/api/v1/sessions/current", token=tok)
        hs.check_problem(results, r, "logging out twice -> 401", 401)

    r_wrong = c.request("POST", S, body={"username": "sun-manager",
                                         "password": "not the password at all"})
    hs.check_problem(results, r_wrong, "wrong password -> 401 problem (unauthenticated)", 401,
                     slug="unauthenticated")
    r_unknown = c.request("POST", S, body={"username": "nobody-here",
                                           "password": "not the password at all"})
    hs.check_problem(results, r_unknown, "unknown user -> 401 problem (unauthenticated)", 401,
                     slug="unauthenticated")
    results.check(r_wrong.body == r_unknown.body,
                  "wrong password and unknown user get the very same problem",
                  "%s vs %s" % (r_wrong.raw, r_unknown.raw))
    r = c.request("POST", S, body='{"username":', content_type="application/json")
    hs.check_problem(results, r, "malformed login JSON -> 400 problem", 400)
    r = c.request("POST", S, body={"username": "sun-manager"})
    hs.check_problem(results, r, "login without a password -> 400 problem (field password)", 400,
                     field="password")

    for i in range(5):
        r = c.request("POST", S, body={"username": "locky", "password": "wrong password %d" % i})
        hs.check_problem(results, r, "locky: wrong password #%d -> 401" % (i + 1), 401)
    r = c.request("POST", S, body={"username": "locky", "password": env.passwords["locky"]})
    hs.check_problem(results, r, "locky: after 5 failures the right password -> 429 "
                     "(too-many-attempts)", 429, slug="too-many-attempts")
    results.check("token" not in (r.body or {}), "  ... and no token is given")
    r = c.request("POST", S, body={"username": "sun-custodian",
                                   "password": env.passwords["sun-custodian"]})
    results.check(r.status == 201, "another user from the same address can still log in",
                  r.describe())
    SESSION_TOKENS.append((r.body or {}).get("token", ""))


# ---- access log ---------------------------------------------------------------------------------

def access_log(results, env, server, log_path):
    try:
        with open(log_path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError as e:
        results.check(False, "the access log file exists", str(e))
        return
    lines = [l for l in text.splitlines() if l.strip()]
    parsed, bad = [], []
    for l in lines:
        try:
            parsed.append(json.loads(l))
        except ValueError:
            bad.append(l)
    results.check(lines and not bad, "the access log has %d lines, each JSON" % len(lines), bad[:3])
    results.check(parsed and all(isinstance(p, dict) and "route" in p and "status" in p
                                 for p in parsed),
                  "every access log line has route and status", parsed[:2])
    seen = {(p.get("route"), p.get("status")) for p in parsed if isinstance(p, dict)}
    fivexx = [p for p in parsed if isinstance(p, dict) and isinstance(p.get("status"), int)
              and p["status"] >= 500]
    results.check(not fivexx, "no request of this file was answered 5xx (access log)", fivexx[:3])
    pattern = "/api/v1/estates/{estate}/entries"
    for status in (201, 200, 409, 400, 413, 422):
        results.check(any(r == pattern or st == 413 for r, st in seen if st == status),
                      "the access log records POST entries answered %d" % status)
    results.check(("/api/v1/sessions", 429) in seen, "the access log records the 429 login")
    leaked_paths = [p for p in parsed if ESTATE in str(p.get("route", ""))]
    results.check(not leaked_paths, "access log routes are patterns, not paths", leaked_paths[:2])
    secrets = [t for t in list(TOKENS.values()) + SESSION_TOKENS if t]
    secrets += list(env.passwords.values()) + ["not the password at all", "wrong password 0"]
    others = text + "\n".join(server.stdout_lines) + server.stderr_text()
    leaks = sorted({s[:8] + "..." for s in secrets if s in others})
    results.check(not leaks, "no token or password text in the access log or server output "
                  "(%d secrets checked)" % len(secrets), leaks)
    results.check("Bearer" not in text, "no Authorization header text in the access log")


# ---- main ---------------------------------------------------------------------------------------

TOKENS = {}
SESSION_TOKENS = []


def main(results, binary):
    env = hs.Environment(binary, "writes")
    env.standard_fixture()
    env.user("locky", "Locked out", password="locky's own password")
    env.grant("locky", "treasurer", ESTATE)
    TOKENS.update(env.tokens)
    log_path = os.path.join(env.tmp, "access.log")
    server = env.serve("--max-body-bytes", str(MAX_BODY), "--access-log", log_path)
    c = server.client()
    tok = TOKENS["treasurer"]

    idempotency(results, c, tok)
    bad_input(results, c, tok, server.port)
    strict_json(results, c, tok)
    csv_import(results, c, TOKENS["manager"])
    periods(results, c, tok)
    login(results, c, env)
    concurrency(results, c, server)
    proofs(results, c, TOKENS["regulator"])

    rc = server.stop()
    results.equal(rc, 0, "server stops on SIGTERM with exit 0")
    results.check(any("trustfund: stopped" in l for l in server.stdout_lines),
                  "server prints 'trustfund: stopped'", server.stdout_lines[-3:])
    access_log(results, env, server, log_path)
    p = env.D("log", "verify", "--estate", ESTATE, check=False)
    results.check(p.returncode == 0, "trustfund log verify after all the writes -> OK",
                  (p.stdout + p.stderr).decode(errors="replace")[-500:])


if __name__ == "__main__":
    hs.run_main(main)
