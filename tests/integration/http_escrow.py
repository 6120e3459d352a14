#!/usr/bin/env python3
"""Dual-key escrow over HTTP, end to end (docs/escrow.md): custodian keys and certificates made
with the openssl CLI and registered by the admin, the OP trust bank account, money put in OP;
an order prepared, submitted, signed by the committee's custodian, co-signed by the manager's
(`openssl cms -sign` / `-resign`, uploaded as DER and as JSON base64), checked with stock
`openssl cms -verify` against custodians.pem, executed: its journal entry, the balances and both
bank files (ISO 20022 pain.001.001.09 parsed with xml.etree, and the CSV). Then every refusal,
each a problem+json with its status, type and field, and nothing changed: one signature is not
enough, a stranger, a supervisor, the same custodian twice, another order's signature, an
amended order's old signature, a resolution missing, funds short, malformed bodies, a rejected
order, residents and regulators; the repair fund's emergency cap; a custodian change signed by the
outgoing custodians, after which the old set's signatures no longer count.

Usage: http_escrow.py path/to/trustfund
"""
import csv
import hashlib
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402

E = "escrow"
ESTATE_NAME = "Test Court"
UNIT = "1-1-101"
PAIN = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
NS = {"p": PAIN}


def P(rest=""):
    return hs.estate_path(E, rest)


def O(order_id, rest=""):
    return P("/orders/" + order_id + rest)


def canonical(obj):
    """RFC 8785 for what the tests compare: ASCII keys, strings and integers only."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def pem_fingerprints(pem_text):
    """SHA-256 of each certificate's DER in a PEM bundle."""
    return [hashlib.sha256(der).hexdigest() for der in hs.pem_der(pem_text)]


class Test:
    def __init__(self, results, env, client, tokens, keys):
        self.r = results
        self.env = env
        self.c = client
        self.t = tokens
        self.k = keys
        self.keys_dir = os.path.join(env.tmp, "keys")

    # -- requests
    def req(self, method, path, who, body=None, content_type=None):
        return hs.safe(self.c.request, method, path, body=body, token=self.t.get(who),
                       content_type=content_type)

    def count(self):
        return hs.entry_count(self.c, self.t["admin"], E)

    def order(self, order_id):
        r = self.c.request("GET", O(order_id), token=self.t["treasurer"])
        if r.status != 200 or not isinstance(r.body, dict):
            raise RuntimeError("cannot read order %s: %s" % (order_id, r.describe()))
        return r.body

    def snapshot(self, order_id):
        o = self.order(order_id)
        return (o.get("state"), o.get("revision"), tuple(s.get("key_id") for s in o["signers"]),
                len(o.get("events", [])), o.get("canonical_sha256"))

    def order_ids(self):
        r = self.c.request("GET", P("/orders"), token=self.t["admin"], query={"limit": "1000"})
        return [o["order_id"] for o in r.body["orders"]]

    def problem(self, resp, desc, status, slug=None, field=None):
        return hs.check_problem(self.r, resp, desc, status, slug=slug, field=field)

    def refuse(self, desc, method, path, who, status, slug=None, field=None, body=None,
               content_type=None, order_id=None):
        """A refused request: its problem, then the order (if any) and the journal unchanged."""
        before_entries = self.count()
        before = self.snapshot(order_id) if order_id else None
        resp = self.req(method, path, who, body, content_type)
        self.problem(resp, desc, status, slug, field)
        after = self.snapshot(order_id) if order_id else None
        after_entries = self.count()
        self.r.check(before == after and before_entries == after_entries,
                     "  ... and nothing changed (order %s, %d entries)"
                     % (before[0] if before else "-", after_entries),
                     "order %r -> %r, entries %d -> %d" % (before, after, before_entries,
                                                          after_entries))
        return resp

    # -- orders
    def create(self, who="treasurer", **fields):
        r = self.req("POST", P("/orders"), who, hs.order_body(**fields))
        if r.status != 201:
            raise RuntimeError("create an order: " + r.describe())
        return r.body["order_id"]

    def submit(self, order_id, who="treasurer"):
        r = self.req("POST", O(order_id, "/submit"), who, {})
        if r.status != 200:
            raise RuntimeError("submit %s: %s" % (order_id, r.describe()))
        return r.body

    def document(self, order_id):
        r = self.req("GET", O(order_id, "/document"), "treasurer")
        if r.status != 200:
            raise RuntimeError("document of %s: %s" % (order_id, r.describe()))
        return r.raw

    def upload(self, order_id, der, who="cust-li"):
        return self.req("POST", O(order_id, "/signatures"), who, der,
                        content_type="application/pkcs7-signature")

    def submitted(self, **fields):
        order_id = self.create(**fields)
        self.submit(order_id)
        return order_id, self.document(order_id)

    def approved(self, **fields):
        order_id, doc = self.submitted(**fields)
        s1 = self.k["committee"].sign(doc)
        r1 = self.upload(order_id, s1, "cust-li")
        s2 = self.k["manager"].cosign(s1, doc)
        r2 = self.upload(order_id, s2, "cust-wang")
        if r1.status != 200 or r2.status != 200 or r2.body.get("state") != "approved":
            raise RuntimeError("approve %s: %s / %s" % (order_id, r1.describe(), r2.describe()))
        return order_id, doc, s2

    def balance(self, account):
        r = self.c.request("GET", P("/balances"), token=self.t["treasurer"],
                           query={"as_of": hs.today_utc().isoformat(), "account": account})
        rows = [b for b in (r.body or {}).get("balances", []) if b.get("account") == account]
        return rows[0].get("closing") if rows else None

    def verify(self, der, content, pem):
        return hs.cms_verify(der, content, pem, self.keys_dir)


def main(results, binary):
    env = hs.Environment(binary, "escrow")
    env.init()
    env.estate(E, ESTATE_NAME)
    env.unit(E, UNIT, "100.00", "owner-a")
    roles = {"admin": "admin", "treasurer": "treasurer", "pm-wu": "manager", "cust-li": "custodian",
             "cust-wang": "custodian", "supervisor": "supervisor", "resident": "resident",
             "regulator": "regulator"}
    tokens = {}
    for user, role in roles.items():
        env.user(user)
        env.grant(user, role, E, UNIT if role == "resident" else None)
        tokens[user] = env.api_token(user)
    tokens["nobody"] = None

    kd = os.path.join(env.tmp, "keys")
    K = hs.CustodianKey
    keys = {
        "committee": K(kd, "committee", "owners_committee", "Li Wei"),
        "manager": K(kd, "manager", "manager", "Wang Fang"),
        "supervisor": K(kd, "supervisor", "supervisor", "Zhao Min", org="Trust Supervisor"),
        "stranger": K(kd, "stranger", "owners_committee", "Stranger", org="Elsewhere"),
        "new-committee": K(kd, "new-committee", "owners_committee", "Chen Jie"),
    }
    # The committee custodian's key again, in another certificate: still the same custodian.
    keys["committee-again"] = K(kd, "committee-again", "owners_committee", "Li Wei (reissued)",
                                same_key_as=keys["committee"])
    keys["committee-as-manager"] = K(kd, "committee-as-manager", "manager", "Li Wei",
                                     same_key_as=keys["committee"])

    server = env.serve()
    c = server.client()
    T = Test(results, env, c, tokens, keys)

    before_registration(T)
    registration(T)
    bank_accounts_and_policy(T)
    r = c.request("POST", P("/entries"), token=tokens["treasurer"],
                  body=hs.entry(hs.today_utc().isoformat(), "opening",
                                [("OP.1002", "100000.00"), ("OP.3101", "-100000.00")],
                                "OP trust account opening balance"))
    results.check(r.status == 201, "100000.00 put in OP (Dr OP.1002, Cr OP.3101)", r.describe())
    results.equal(T.balance("OP.1002"), "100000.00", "OP.1002 holds 100000.00")

    a = happy_path(T)
    replay_across_orders(T, a)
    amended_order(T)
    resolution_threshold(T)
    insufficient_funds(T)
    malformed_bodies(T)
    reject_and_cancel(T)
    outsiders_refused(T)
    listing(T)
    public_revenue_bank_file(T)
    repair_fund(T)
    custodian_change(T)
    audit_trail(T)

    rc = server.stop()
    results.equal(rc, 0, "server stops on SIGTERM with exit 0")
    p = env.D("log", "verify", "--estate", E, check=False)
    out = p.stdout.decode(errors="replace")
    results.check(p.returncode == 0 and "OK:" in out,
                  "log verify: the books and the action log recompute",
                  out + p.stderr.decode(errors="replace"))


# ---- before the custodians are registered -------------------------------------------------------

def before_registration(T):
    r = T.req("GET", P("/custodians"), "resident")
    T.r.check(r.status == 200 and (r.body or {}).get("sets") == [],
              "GET custodians before registration -> 200 {sets: []}", r.describe())
    r = T.req("GET", P("/custodians.pem"), "admin")
    T.problem(r, "GET custodians.pem before registration -> 404 custodians-unregistered", 404,
              "custodians-unregistered")
    r = T.req("POST", P("/orders"), "treasurer", hs.order_body(amount="10.00"))
    T.problem(r, "an order before custodians are registered -> 404 custodians-unregistered", 404,
              "custodians-unregistered")
    T.r.equal(T.order_ids(), [], "  ... and no order was created")


# ---- the custodian set ---------------------------------------------------------------------------

def custodians_body(*pairs):
    return {"custodians": [{"role": role, "certificate": key.pem if hasattr(key, "pem") else key}
                           for role, key in pairs]}


def registration(T):
    k = T.k
    good = custodians_body(("owners_committee", k["committee"]), ("manager", k["manager"]),
                           ("supervisor", k["supervisor"]))
    for who, status in [("treasurer", 403), ("pm-wu", 403), ("cust-li", 403), ("supervisor", 403),
                        ("resident", 403), ("regulator", 403), ("nobody", 401)]:
        r = T.req("POST", P("/custodians"), who, good)
        T.problem(r, "register custodians as %s -> %d" % (who, status), status)
    rsa_dir = T.keys_dir
    hs.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes",
               "-keyout", os.path.join(rsa_dir, "rsa.key.pem"),
               "-out", os.path.join(rsa_dir, "rsa.pem"), "-days", "30",
               "-subj", "/C=CN/O=Test Court/OU=manager/CN=RSA Person")
    with open(os.path.join(rsa_dir, "rsa.pem")) as f:
        rsa_pem = f.read()
    bad = [
        ("one custodian only", custodians_body(("owners_committee", k["committee"])),
         "custodians-count", "custodians"),
        ("no manager (committee and supervisor)",
         custodians_body(("owners_committee", k["committee"]), ("supervisor", k["supervisor"])),
         "custodians-count", "custodians"),
        ("two committee custodians",
         custodians_body(("owners_committee", k["committee"]),
                         ("owners_committee", k["new-committee"])),
         "custodians-role-twice", "custodians[1].role"),
        ("the manager's certificate (OU=manager) as the committee's",
         custodians_body(("owners_committee", k["manager"]), ("manager", k["committee"])),
         "certificate-role", "custodians[0].certificate"),
        ("one key for both custodians",
         custodians_body(("owners_committee", k["committee"]),
                         ("manager", k["committee-as-manager"])),
         "custodians-same-key", "custodians[1].certificate"),
        ("a certificate that is not one",
         custodians_body(("owners_committee", k["committee"]), ("manager", "not a certificate")),
         "certificate", "custodians[1].certificate"),
        ("an RSA certificate",
         custodians_body(("owners_committee", k["committee"]), ("manager", rsa_pem)),
         "key-type", "custodians[1].certificate"),
        ("an unknown role",
         custodians_body(("treasurer", k["committee"]), ("manager", k["manager"])),
         "custodian-role", "custodians[0].role"),
        ("an unknown member", dict(good, note="x"), "unknown-member", "note"),
        ("an unknown member of a custodian",
         {"custodians": [dict(good["custodians"][0], name="Li"), good["custodians"][1]]},
         "unknown-member", "custodians[0].name"),
        ("custodians not an array", {"custodians": "committee.pem"}, "member-type", "custodians"),
    ]
    for desc, body, slug, field in bad:
        r = T.req("POST", P("/custodians"), "admin", body)
        T.problem(r, "register custodians with %s -> 400 %s (%s)" % (desc, slug, field), 400,
                  slug, field)
    r = T.req("POST", P("/custodians"), "admin", json.dumps(good), content_type="text/plain")
    T.problem(r, "register custodians as text/plain -> 400", 400)
    r = T.req("GET", P("/custodians"), "admin")
    T.r.equal((r.body or {}).get("sets"), [], "  ... and none of them registered anything")

    r = T.req("POST", P("/custodians"), "admin", good)
    ok = T.r.check(r.status == 201 and (r.body or {}).get("version") == 1,
                   "the admin registers committee, manager and supervisor -> 201, set 1",
                   r.describe())
    if ok:
        got = [(x.get("role"), x.get("key_id"), x.get("certificate_sha256"))
               for x in r.body.get("custodians", [])]
        want = [(role, k[n].key_id, k[n].fingerprint) for role, n in
                [("owners_committee", "committee"), ("manager", "manager"),
                 ("supervisor", "supervisor")]]
        T.r.equal(got, want, "  ... roles, key ids (SHA-256 of the SPKI) and certificate "
                             "SHA-256s are the keys' own")
        subj = [x.get("subject", "") for x in r.body["custodians"]]
        T.r.check("CN=Li Wei" in subj[0] and "OU=owners_committee" in subj[0],
                  "  ... subjects in RFC 2253 form", subj)
    r = T.req("POST", P("/custodians"), "admin",
              custodians_body(("owners_committee", k["new-committee"]), ("manager", k["manager"])))
    T.problem(r, "registering a second first set -> 409 custodians-registered", 409,
              "custodians-registered")
    r = T.req("GET", P("/custodians"), "resident")
    T.r.check(r.status == 200 and r.body.get("current_version") == 1
              and len(r.body.get("sets", [])) == 1,
              "GET custodians (a resident: read_estate) -> set 1 in force", r.describe())
    r = T.req("GET", P("/custodians.pem"), "regulator")
    T.pem = r.raw
    T.r.check(r.status == 200 and r.content_type.startswith("application/x-pem-file"),
              "GET custodians.pem -> 200 application/x-pem-file", r.describe())
    T.r.equal(sorted(pem_fingerprints(r.raw.decode("ascii", "replace"))),
              sorted(k[n].fingerprint for n in ("committee", "manager", "supervisor")),
              "  ... the three certificates of the set in force")


# ---- bank accounts and the payment policy --------------------------------------------------------

def bank_accounts_and_policy(T):
    acct = dict(hs.OP_ACCOUNT)
    for who, status in [("treasurer", 403), ("cust-li", 403), ("regulator", 403),
                        ("nobody", 401)]:
        r = T.req("POST", P("/bank-accounts"), who, acct)
        T.problem(r, "set the OP bank account as %s -> %d" % (who, status), status)
    for desc, body, field in [
            ("an account number of 2 digits", dict(acct, account_no="12"), "account_no"),
            ("a bank code of 5 digits", dict(acct, bank_code="12345"), "bank_code"),
            ("an unknown fund", dict(acct, fund="XX"), "fund"),
            ("no holder", {k: v for k, v in acct.items() if k != "holder_name"}, "holder_name"),
            ("an unknown member", dict(acct, iban="CN00"), "iban")]:
        r = T.req("POST", P("/bank-accounts"), "admin", body)
        T.problem(r, "a bank account with %s -> 400 (%s)" % (desc, field), 400, field=field)
    r = T.req("GET", P("/bank-accounts"), "admin")
    T.r.equal((r.body or {}).get("bank_accounts"), [], "  ... and no account was set")
    r = T.req("POST", P("/bank-accounts"), "admin", acct)
    T.r.check(r.status == 201 and r.body == acct, "the admin sets the OP trust account -> 201",
              r.describe())
    # policy.h: "CNAPS bank code, 12 digits, or empty" (as a payee's bank_code may be "").
    pr = {"fund": "PR", "holder_name": "Test Court public revenue", "account_no": "62220001",
          "bank_name": "Chengdu Rural Bank", "bank_code": ""}
    r = T.req("POST", P("/bank-accounts"), "admin", pr)
    T.r.check(r.status == 201 and r.body == pr,
              "a PR bank account with an empty bank_code -> 201", r.describe())
    if r.status != 201:
        r = T.req("POST", P("/bank-accounts"), "admin",
                  {k: v for k, v in pr.items() if k != "bank_code"})
        T.r.check(r.status == 201 and r.body == pr,
                  "a PR bank account without a bank_code -> 201 (bank_code \"\")", r.describe())
    r = T.req("GET", P("/bank-accounts"), "regulator")
    T.r.check(r.status == 200 and acct in r.body.get("bank_accounts", []),
              "GET bank-accounts (a regulator: read_books) lists it", r.describe())
    r = T.req("GET", P("/bank-accounts"), "resident")
    T.problem(r, "GET bank-accounts as a resident -> 403", 403)

    r = T.req("GET", P("/escrow-policy"), "treasurer")
    f = (r.body or {}).get("in_force", {})
    T.r.check(r.status == 200 and f.get("resolution_threshold") == "50000.00"
              and f.get("floor_operating") == "0.00" and f.get("max_validity_days") == 90
              and r.body.get("history") == [],
              "GET escrow-policy: the defaults (50000.00 threshold, no floors, 90 days)",
              r.describe())
    r = T.req("GET", P("/escrow-policy"), "resident")
    T.problem(r, "GET escrow-policy as a resident -> 403", 403)
    r = T.req("POST", P("/escrow-policy"), "treasurer", {"effective_from": hs.day_after(200)})
    T.problem(r, "set a policy as the treasurer -> 403", 403)
    r = T.req("POST", P("/escrow-policy"), "admin", {"effective_from": hs.day_after(-1)})
    T.problem(r, "a policy dated yesterday -> 422 policy-backdated", 422, "policy-backdated")
    r = T.req("POST", P("/escrow-policy"), "admin",
              {"effective_from": hs.day_after(200), "resolution_threshold": "ten"})
    T.problem(r, "a policy with a bad threshold -> 400 (resolution_threshold)", 400,
              field="resolution_threshold")
    r = T.req("POST", P("/escrow-policy"), "admin",
              {"effective_from": hs.day_after(200), "colour": "red"})
    T.problem(r, "a policy with an unknown member -> 400", 400, field="colour")
    future = {"effective_from": hs.day_after(200), "resolution_threshold": "60000.00"}
    r = T.req("POST", P("/escrow-policy"), "admin", future)
    T.r.check(r.status == 201 and r.body.get("resolution_threshold") == "60000.00"
              and r.body.get("effective_from") == future["effective_from"],
              "the admin adds a policy taking effect in 200 days -> 201", r.describe())
    r = T.req("POST", P("/escrow-policy"), "admin", future)
    T.problem(r, "a second policy of the same date -> 409 policy-exists", 409, "policy-exists")
    r = T.req("GET", P("/escrow-policy"), "regulator")
    T.r.check(r.status == 200 and r.body["in_force"]["resolution_threshold"] == "50000.00"
              and [p["effective_from"] for p in r.body["history"]] == [future["effective_from"]],
              "  ... the defaults stay in force until then; the history keeps it", r.describe())


# ---- an order from draft to bank file ------------------------------------------------------------

def happy_path(T):
    k, R = T.k, T.r
    body = hs.order_body(amount="12000.00")
    r = T.req("POST", P("/orders"), "treasurer", body)
    ok = R.check(r.status == 201 and (r.body or {}).get("state") == "draft",
                 "the treasurer prepares an order of 12000.00 -> 201 draft", r.describe())
    if not ok:
        raise RuntimeError("cannot go on without an order")
    a = r.body["order_id"]
    R.equal(a, "DO-000001", "  ... the first order is DO-000001")
    R.check(r.headers.get("location", "").endswith("/api/v1/estates/%s/orders/%s" % (E, a)),
            "  ... Location names it", r.headers.get("location"))
    R.check(r.body.get("revision") == 1 and r.body.get("custodian_set_version") == 1
            and r.body.get("signers") == [] and r.body.get("amount") == "12000.00"
            and r.body.get("payee", {}).get("account_no") == hs.PAYEE["account_no"]
            and r.body.get("vouchers") == body["vouchers"]
            and "treasurer" in r.body.get("created_by", ""),
            "  ... revision 1, custodian set 1, no signers, the fields as given", r.describe())

    r = T.req("GET", O(a, "/document"), "regulator")
    doc = r.raw
    R.check(r.status == 200 and doc, "GET the order's document (a regulator) -> 200", r.describe())
    try:
        d = json.loads(doc.decode("utf-8"))
    except ValueError:
        d = {}
    R.check(d.get("format") == "trustfund-disbursement-order/1" and d.get("estate") == E
            and d.get("order_id") == a and d.get("revision") == 1 and d.get("currency") == "CNY"
            and d.get("custodian_set_version") == 1 and d.get("amount") == "12000.00"
            and d.get("payee") == dict(hs.PAYEE) and d.get("debit_account") == "OP.6601.02",
            "  ... the document names format, estate, order, revision, currency, set and fields",
            doc)
    R.equal(doc, canonical(d), "  ... and is RFC 8785 canonical JSON")
    R.equal(hashlib.sha256(doc).hexdigest(), T.order(a).get("canonical_sha256"),
            "  ... its SHA-256 is the order's canonical_sha256")
    R.check(a + ".json" in r.headers.get("content-disposition", ""),
            "  ... as an attachment named %s.json" % a, r.headers.get("content-disposition"))
    r = T.req("GET", O(a, "/document"), "resident")
    T.problem(r, "GET the document as a resident -> 403", 403)

    T.refuse("a signature uploaded to a draft -> 409 order-state", "POST", O(a, "/signatures"),
             "cust-li", 409, "order-state", body=k["committee"].sign(doc),
             content_type="application/pkcs7-signature", order_id=a)
    for who in ("cust-li", "resident", "regulator", "supervisor"):
        T.refuse("submit as %s -> 403" % who, "POST", O(a, "/submit"), who, 403, body={},
                 order_id=a)
    r = T.req("POST", O(a, "/submit"), "treasurer", {})
    R.check(r.status == 200 and r.body.get("state") == "awaiting_signatures",
            "the treasurer submits it -> 200 awaiting_signatures", r.describe())
    R.equal(T.document(a), doc, "  ... the document is unchanged by submitting")
    T.refuse("submit it twice -> 409 order-state", "POST", O(a, "/submit"), "treasurer", 409,
             "order-state", body={}, order_id=a)
    T.refuse("execute with no signature -> 409 order-state", "POST", O(a, "/execute"),
             "treasurer", 409, "order-state", body={"date": hs.today_utc().isoformat()},
             order_id=a)
    r = T.req("GET", O(a, "/signature"), "treasurer")
    T.problem(r, "GET the signature before any -> 404 signature-none", 404, "signature-none")

    # The committee's custodian signs on their own computer and uploads the DER.
    s1 = k["committee"].sign(doc)
    r = T.upload(a, s1, "cust-li")
    signers = (r.body or {}).get("signers", [])
    R.check(r.status == 200 and r.body.get("state") == "awaiting_signatures"
            and [(s.get("role"), s.get("key_id")) for s in signers]
            == [("owners_committee", k["committee"].key_id)],
            "the committee's signature (application/pkcs7-signature) -> 200, still "
            "awaiting_signatures with one signer", r.describe())
    R.check(signers and "Li Wei" in signers[0].get("subject", "")
            and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                             signers[0].get("signing_time", "")),
            "  ... the signer's subject and signing time", signers)
    r = T.req("GET", O(a, "/signature"), "regulator")
    R.check(r.status == 200 and r.raw == s1
            and r.content_type.startswith("application/pkcs7-signature"),
            "GET the signature in force -> the uploaded DER", r.describe())
    ok, out = T.verify(s1, doc, T.pem)
    R.check(ok, "openssl cms -verify accepts the single-signer file with custodians.pem", out)
    T.refuse("  ... yet executing with that one signature -> 409 order-state", "POST",
             O(a, "/execute"), "treasurer", 409, "order-state",
             body={"date": hs.today_utc().isoformat()}, order_id=a)

    r = T.upload(a, s1, "cust-li")
    R.check(r.status == 200 and r.body.get("state") == "awaiting_signatures"
            and len(r.body.get("signers", [])) == 1,
            "the same custodian's signature uploaded twice does not approve (one signer)",
            r.describe())
    # Two SignerInfos by one key: crypto/cms.h's signature-duplicate-signer (custodians.h's
    # signature-same-custodian would say the same of two keys of one custodian).
    T.refuse("the committee's key twice in one file (a re-issued certificate) -> 422 "
             "signature-duplicate-signer", "POST", O(a, "/signatures"), "cust-li", 422,
             "signature-duplicate-signer", "signature", k["committee-again"].cosign(s1, doc),
             "application/pkcs7-signature", a)
    T.refuse("the committee's key twice in one file (same certificate) -> 422 "
             "signature-duplicate-signer", "POST", O(a, "/signatures"), "cust-li", 422,
             "signature-duplicate-signer", "signature",
             k["committee"].cosign(s1, doc, nocerts=True), "application/pkcs7-signature", a)
    T.refuse("a stranger's co-signature -> 422 signature-unknown-signer", "POST",
             O(a, "/signatures"), "cust-wang", 422, "signature-unknown-signer", "signature",
             k["stranger"].cosign(s1, doc), "application/pkcs7-signature", a)
    T.refuse("a stranger's signature alone -> 422 signature-unknown-signer", "POST",
             O(a, "/signatures"), "cust-wang", 422, "signature-unknown-signer", "signature",
             k["stranger"].sign(doc), "application/pkcs7-signature", a)
    T.refuse("the supervisor's co-signature -> 422 signature-supervisor", "POST",
             O(a, "/signatures"), "cust-wang", 422, "signature-supervisor", "signature",
             k["supervisor"].cosign(s1, doc), "application/pkcs7-signature", a)
    T.refuse("the manager's signature made without the committee's -> 422 "
             "signature-drops-signer", "POST", O(a, "/signatures"), "cust-wang", 422,
             "signature-drops-signer", "signature", k["manager"].sign(doc),
             "application/pkcs7-signature", a)
    T.refuse("a signature over other bytes -> 422 signature-invalid", "POST",
             O(a, "/signatures"), "cust-wang", 422, "signature-invalid", "signature",
             k["manager"].cosign(k["committee"].sign(doc + b" "), doc + b" "),
             "application/pkcs7-signature", a)
    broken = bytearray(k["manager"].cosign(s1, doc))
    broken[-1] ^= 0x01  # the last byte of the last ECDSA signature value
    T.refuse("a co-signature with a flipped signature bit -> 422 signature-invalid", "POST",
             O(a, "/signatures"), "cust-wang", 422, "signature-invalid", "signature",
             bytes(broken), "application/pkcs7-signature", a)
    T.refuse("DER that is no CMS -> 400 signature-malformed", "POST", O(a, "/signatures"),
             "cust-wang", 400, "signature-malformed", "signature", b"\x30\x03\x02\x01\x01",
             "application/pkcs7-signature", a)
    T.refuse("an empty signature body -> 400", "POST", O(a, "/signatures"), "cust-wang", 400,
             body=b"", content_type="application/pkcs7-signature", order_id=a)
    T.refuse("JSON with base64 garbage -> 400 signature-base64", "POST", O(a, "/signatures"),
             "cust-wang", 400, "signature-base64", "signature", {"signature": "!!not base64!!"},
             order_id=a)
    T.refuse("JSON with base64 of garbage bytes -> 400 signature-malformed", "POST",
             O(a, "/signatures"), "cust-wang", 400, "signature-malformed", "signature",
             {"signature": hs.b64(b"these are not DER bytes")}, order_id=a)
    T.refuse("JSON with an unknown member -> 400", "POST", O(a, "/signatures"), "cust-wang", 400,
             field="p7s", body={"signature": hs.b64(s1), "p7s": "x"}, order_id=a)
    T.refuse("JSON with a number for a signature -> 400", "POST", O(a, "/signatures"),
             "cust-wang", 400, field="signature", body={"signature": 12}, order_id=a)
    T.refuse("a signature uploaded by the treasurer -> 403", "POST", O(a, "/signatures"),
             "treasurer", 403, body=k["manager"].cosign(s1, doc),
             content_type="application/pkcs7-signature", order_id=a)
    T.refuse("a signature uploaded by the admin -> 403 (admins never sign)", "POST",
             O(a, "/signatures"), "admin", 403, body=k["manager"].cosign(s1, doc),
             content_type="application/pkcs7-signature", order_id=a)

    # The manager's custodian fetches the file in force and co-signs it (JSON base64 upload).
    r = T.req("GET", O(a, "/signature"), "cust-wang")
    s2 = k["manager"].cosign(r.raw, doc)
    r = T.req("POST", O(a, "/signatures"), "cust-wang", {"signature": hs.b64(s2)})
    # Signers come in SignerInfo order; DER sorts a SET OF, so that is not upload order.
    got = sorted((s.get("role"), s.get("key_id")) for s in (r.body or {}).get("signers", []))
    R.check(r.status == 200 and r.body.get("state") == "approved"
            and got == sorted([("owners_committee", k["committee"].key_id),
                               ("manager", k["manager"].key_id)]),
            "the manager's co-signature (JSON {signature: base64}) -> 200 approved with two "
            "signers", "HTTP %s, state %r, signers %r" % (r.status, (r.body or {}).get("state"),
                                                         got))
    events = [e.get("event") for e in T.order(a).get("events", [])]
    R.equal(events, ["created", "submitted", "signed", "signed", "signed", "approved"],
            "  ... its events: created, submitted, signed x3, approved")
    r = T.req("GET", P("/custodians.pem"), "cust-wang")
    ok, out = T.verify(s2, doc, r.raw)
    R.check(ok, "openssl cms -verify accepts the two-signer file with custodians.pem", out)
    ok, _ = T.verify(s2, T.document(a).replace(b"12000.00", b"12900.00"), r.raw)
    R.check(not ok, "  ... and refuses it over changed bytes")
    T.refuse("a signature for an approved order -> 409 order-state", "POST",
             O(a, "/signatures"), "cust-wang", 409, "order-state", body=s2,
             content_type="application/pkcs7-signature", order_id=a)
    T.refuse("amending an approved order -> 409 order-state", "PUT", O(a), "treasurer", 409,
             "order-state", body=hs.order_body(amount="1.00"), order_id=a)
    for who, status in [("resident", 403), ("regulator", 403), ("cust-li", 403),
                        ("supervisor", 403), ("nobody", 401)]:
        T.refuse("execute as %s -> %d" % (who, status), "POST", O(a, "/execute"), who, status,
                 body={"date": hs.today_utc().isoformat()}, order_id=a)
    T.refuse("execute with a bad date -> 400 (date)", "POST", O(a, "/execute"), "treasurer", 400,
             field="date", body={"date": "2026-13-01"}, order_id=a)
    T.refuse("execute with an unknown member -> 400", "POST", O(a, "/execute"), "treasurer", 400,
             field="when", body={"when": "today"}, order_id=a)
    T.refuse("execute after the expiry date -> 422 order-expired", "POST", O(a, "/execute"),
             "treasurer", 422, "order-expired", "date", body={"date": hs.day_after(31)},
             order_id=a)

    entries = T.count()
    today = hs.today_utc().isoformat()
    r = T.req("POST", O(a, "/execute"), "treasurer", {"date": today})
    o = r.body or {}
    files = {f.get("name"): f for f in o.get("bank_files", [])}
    R.check(r.status == 200 and o.get("state") == "executed" and isinstance(o.get("entry_seq"), int)
            and o.get("executed_on") == today
            and set(files) == {a + ".pain.001.xml", a + ".csv"},
            "the treasurer executes it -> 200 executed, with entry_seq and two bank files",
            r.describe())
    R.equal(T.count(), entries + 1, "  ... one entry posted")
    if o.get("entry_seq") is None:
        return a
    r = T.req("GET", P("/entries/%d" % o["entry_seq"]), "regulator")
    e = (r.body or {}).get("entry", {})
    postings = sorted((p.get("account"), p.get("amount")) for p in e.get("postings", []))
    R.check(r.status == 200 and e.get("kind") == "expense" and e.get("date") == today
            and postings == [("OP.1002", "-12000.00"), ("OP.6601.02", "12000.00")]
            and a in e.get("memo", ""),
            "  ... the entry: expense, Dr OP.6601.02 12000.00, Cr OP.1002, memo names %s" % a,
            r.describe())
    R.equal(T.balance("OP.1002"), "88000.00", "  ... OP.1002 holds 88000.00")
    R.equal(T.balance("OP.6601.02"), "12000.00", "  ... OP.6601.02 shows 12000.00")

    # The bank files.
    r = T.req("GET", O(a, "/bank-files/%s.pain.001.xml" % a), "regulator")
    R.check(r.status == 200 and r.content_type.startswith("application/xml"),
            "GET %s.pain.001.xml -> 200 application/xml" % a, r.describe())
    R.equal(hashlib.sha256(r.raw).hexdigest(), files[a + ".pain.001.xml"].get("sha256"),
            "  ... its SHA-256 is the one the order lists")
    msg_id = check_pain001(T, r.raw, a, "12000.00", today)
    r = T.req("GET", O(a, "/bank-files/%s.csv" % a), "treasurer")
    R.check(r.status == 200 and r.content_type.startswith("text/csv"),
            "GET %s.csv -> 200 text/csv" % a, r.describe())
    R.equal(hashlib.sha256(r.raw).hexdigest(), files[a + ".csv"].get("sha256"),
            "  ... its SHA-256 is the one the order lists")
    rows = list(csv.reader(io.StringIO(r.raw.decode("utf-8"), newline="")))
    header = ["message_id", "execution_date", "debtor_account", "debtor_bank_code",
              "creditor_name", "creditor_account", "creditor_bank", "creditor_bank_code",
              "amount", "currency", "end_to_end_id", "remittance"]
    R.check(len(rows) == 2 and rows[0] == header, "  ... a header (as bank_file.h) and one row",
            rows)
    if len(rows) == 2 and len(rows[1]) == len(header):
        row = dict(zip(header, rows[1]))
        R.equal(row, {"message_id": msg_id, "execution_date": today,
                      "debtor_account": hs.OP_ACCOUNT["account_no"],
                      "debtor_bank_code": hs.OP_ACCOUNT["bank_code"],
                      "creditor_name": hs.PAYEE["name"],
                      "creditor_account": hs.PAYEE["account_no"],
                      "creditor_bank": hs.PAYEE["bank_name"],
                      "creditor_bank_code": hs.PAYEE["bank_code"], "amount": "12000.00",
                      "currency": "CNY", "end_to_end_id": a,
                      "remittance": hs.order_body()["purpose"]},
                "  ... the row: the same payment as the XML")
    r = T.req("GET", O(a, "/bank-files/%s.pain.001.xml" % a), "resident")
    T.problem(r, "GET a bank file as a resident -> 403", 403)
    r = T.req("GET", O(a, "/bank-files/DO-999999.csv"), "treasurer")
    T.problem(r, "GET a bank file the order does not have -> 404 bank-file-unknown", 404,
              "bank-file-unknown")

    T.refuse("execute it again -> 409 order-state", "POST", O(a, "/execute"), "treasurer", 409,
             "order-state", body={"date": today}, order_id=a)
    T.refuse("cancel an executed order -> 409 order-state", "POST", O(a, "/cancel"), "treasurer",
             409, "order-state", body={"reason": "too late"}, order_id=a)
    T.refuse("reject an executed order -> 409 order-state", "POST", O(a, "/reject"), "cust-li",
             409, "order-state", body={"reason": "too late"}, order_id=a)
    T.refuse("amend an executed order -> 409 order-state", "PUT", O(a), "treasurer", 409,
             "order-state", body=hs.order_body(), order_id=a)
    r = T.req("GET", O("DO-424242"), "treasurer")
    T.problem(r, "GET an unknown order -> 404 order-unknown", 404, "order-unknown")
    r = T.req("POST", O("DO-424242", "/submit"), "treasurer", {})
    T.problem(r, "submit an unknown order -> 404 order-unknown", 404, "order-unknown")
    return a


def check_pain001(T, raw, order_id, amount, date):
    R = T.r
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        R.check(False, "  ... the pain.001 file parses as XML", str(e))
        return None
    R.equal(root.tag, "{%s}Document" % PAIN, "  ... a Document of namespace %s" % PAIN)

    def text(path, node=root):
        el = node.find(path, NS)
        return el.text if el is not None else None

    g = "p:CstmrCdtTrfInitn/p:GrpHdr/"
    msg_id = text(g + "p:MsgId")
    R.check(msg_id and len(msg_id) <= 35, "  ... GrpHdr/MsgId of 1-35 characters", msg_id)
    R.check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
                         text(g + "p:CreDtTm") or ""),
            "  ... GrpHdr/CreDtTm an ISO date-time", text(g + "p:CreDtTm"))
    R.equal((text(g + "p:NbOfTxs"), text(g + "p:CtrlSum"), text(g + "p:InitgPty/p:Nm")),
            ("1", amount, ESTATE_NAME), "  ... GrpHdr: NbOfTxs 1, CtrlSum %s, initiator" % amount)
    infs = root.findall("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    R.equal(len(infs), 1, "  ... one PmtInf")
    if not infs:
        return msg_id
    pi = infs[0]
    R.equal((text("p:PmtMtd", pi), text("p:NbOfTxs", pi), text("p:CtrlSum", pi),
             text("p:ReqdExctnDt/p:Dt", pi)), ("TRF", "1", amount, date),
            "  ... PmtInf: TRF, NbOfTxs 1, CtrlSum, ReqdExctnDt/Dt the execution date")
    R.equal((text("p:Dbtr/p:Nm", pi), text("p:DbtrAcct/p:Id/p:Othr/p:Id", pi),
             text("p:DbtrAcct/p:Ccy", pi),
             text("p:DbtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", pi),
             text("p:DbtrAgt/p:FinInstnId/p:ClrSysMmbId/p:ClrSysId/p:Cd", pi)),
            (hs.OP_ACCOUNT["holder_name"], hs.OP_ACCOUNT["account_no"], "CNY",
             hs.OP_ACCOUNT["bank_code"], "CNAPS"),
            "  ... the debtor: the OP trust account, its bank by CNAPS code")
    txs = pi.findall("p:CdtTrfTxInf", NS)
    R.equal(len(txs), 1, "  ... one CdtTrfTxInf")
    if not txs:
        return msg_id
    tx = txs[0]
    amt = tx.find("p:Amt/p:InstdAmt", NS)
    R.check(amt is not None and amt.text == amount and amt.get("Ccy") == "CNY",
            "  ... InstdAmt %s, Ccy CNY" % amount,
            None if amt is None else (amt.text, amt.attrib))
    R.equal(text("p:PmtId/p:EndToEndId", tx), order_id, "  ... EndToEndId is the order id")
    R.equal((text("p:Cdtr/p:Nm", tx), text("p:CdtrAcct/p:Id/p:Othr/p:Id", tx),
             text("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", tx),
             text("p:CdtrAgt/p:FinInstnId/p:Nm", tx)),
            (hs.PAYEE["name"], hs.PAYEE["account_no"], hs.PAYEE["bank_code"],
             hs.PAYEE["bank_name"]), "  ... the creditor: the payee's name, account and bank")
    R.equal(text("p:RmtInf/p:Ustrd", tx), hs.order_body()["purpose"],
            "  ... RmtInf/Ustrd is the purpose")
    return msg_id


# ---- refusals ------------------------------------------------------------------------------------

def replay_across_orders(T, a):
    k = T.k
    b, doc_b = T.submitted(amount="12000.00")
    doc_a = T.document(a)
    T.r.check(doc_a != doc_b, "order %s with the same fields as %s has other bytes (its id)"
              % (b, a))
    s1_a = k["committee"].sign(doc_a)
    T.refuse("order %s's committee signature uploaded to %s -> 422 signature-invalid" % (a, b),
             "POST", O(b, "/signatures"), "cust-li", 422, "signature-invalid", "signature",
             s1_a, "application/pkcs7-signature", b)
    T.refuse("order %s's two-signer file uploaded to %s -> 422 signature-invalid" % (a, b),
             "POST", O(b, "/signatures"), "cust-wang", 422, "signature-invalid", "signature",
             k["manager"].cosign(s1_a, doc_a), "application/pkcs7-signature", b)


def amended_order(T):
    k, R = T.k, T.r
    o, doc1 = T.submitted(amount="3000.00")
    s1 = k["committee"].sign(doc1)
    R.equal(T.upload(o, s1).status, 200, "order %s submitted and signed by the committee" % o)
    T.refuse("amending with an unknown member -> 400 unknown-member", "PUT", O(o), "treasurer",
             400, "unknown-member", "colour", body=dict(hs.order_body(), colour="red"),
             order_id=o)
    T.refuse("amending as a resident -> 403", "PUT", O(o), "resident", 403,
             body=hs.order_body(amount="2900.00"), order_id=o)
    T.refuse("amending as a custodian -> 403", "PUT", O(o), "cust-li", 403,
             body=hs.order_body(amount="2900.00"), order_id=o)
    r = T.req("PUT", O("DO-424242"), "treasurer", hs.order_body())
    T.problem(r, "amending an unknown order -> 404 order-unknown", 404, "order-unknown")
    r = T.req("PUT", O(o), "treasurer", hs.order_body(amount="2900.00"))
    R.check(r.status == 200 and r.body.get("revision") == 2 and r.body.get("state") == "draft"
            and r.body.get("signers") == [] and r.body.get("amount") == "2900.00",
            "the treasurer amends it (PUT) -> 200 revision 2, back in draft, no signers",
            r.describe())
    R.check("amended" in [e.get("event") for e in (r.body or {}).get("events", [])],
            "  ... an 'amended' event")
    r = T.req("GET", O(o, "/signature"), "treasurer")
    T.problem(r, "  ... GET its signature -> 404 signature-none (revision 2 has none)", 404,
              "signature-none")
    T.submit(o)
    doc2 = T.document(o)
    d2 = json.loads(doc2)
    R.check(d2.get("revision") == 2 and d2.get("amount") == "2900.00",
            "resubmitted: the document is revision 2 with the new amount", doc2)
    T.refuse("revision 1's signature on the amended order -> 422 signature-invalid", "POST",
             O(o, "/signatures"), "cust-li", 422, "signature-invalid", "signature", s1,
             "application/pkcs7-signature", o)
    T.refuse("revision 1's signature co-signed -> 422 signature-invalid", "POST",
             O(o, "/signatures"), "cust-wang", 422, "signature-invalid", "signature",
             k["manager"].cosign(s1, doc1), "application/pkcs7-signature", o)
    n1 = k["committee"].sign(doc2)
    T.upload(o, n1)
    r = T.upload(o, k["manager"].cosign(n1, doc2), "cust-wang")
    R.check(r.status == 200 and r.body.get("state") == "approved",
            "signatures over revision 2 approve it", r.describe())


def resolution_threshold(T):
    R = T.r
    d = T.create(amount="50000.01")
    T.refuse("submit 50000.01 without a resolution -> 422 resolution-required", "POST",
             O(d, "/submit"), "treasurer", 422, "resolution-required", "resolution", body={},
             order_id=d)
    r = T.req("PUT", O(d), "treasurer",
              hs.order_body(amount="50000.01", resolution="Owners' meeting 2026-11, item 3"))
    R.equal(r.status, 200, "  ... amended to name the owners' resolution")
    r = T.req("POST", O(d, "/submit"), "treasurer", {})
    R.check(r.status == 200 and r.body.get("state") == "awaiting_signatures",
            "  ... then it is submitted", r.describe())
    d2 = T.create(amount="50000.00")
    r = T.req("POST", O(d2, "/submit"), "pm-wu", {})
    R.check(r.status == 200 and r.body.get("state") == "awaiting_signatures",
            "exactly 50000.00 needs no resolution (submitted by the manager's user)",
            r.describe())
    r = T.req("POST", O(d2, "/cancel"), "treasurer", {"reason": "test over"})
    R.equal(r.status, 200, "  ... cancelled again")
    r = T.req("POST", O(d, "/cancel"), "treasurer", {"reason": "test over"})
    R.equal(r.status, 200, "  ... and so is the 50000.01 one")


def insufficient_funds(T):
    R = T.r
    held = T.balance("OP.1002")
    o, _, _ = T.approved(amount="90000.00", resolution="Owners' meeting 2026-11, item 4")
    T.refuse("executing 90000.00 when OP holds %s -> 422 fund-insufficient" % held, "POST",
             O(o, "/execute"), "treasurer", 422, "fund-insufficient", "amount",
             body={"date": hs.today_utc().isoformat()}, order_id=o)
    R.equal(T.balance("OP.1002"), held, "  ... OP.1002 still holds %s" % held)
    r = T.req("POST", O(o, "/cancel"), "treasurer", {"reason": "not enough money"})
    R.check(r.status == 200 and r.body.get("state") == "cancelled",
            "  ... the treasurer cancels it -> cancelled", r.describe())


def malformed_bodies(T):
    before_orders, before_entries = T.order_ids(), T.count()
    base = hs.order_body(amount="100.00")

    def with_payee(**kw):
        return dict(base, payee=dict(base["payee"], **kw))

    def without(name):
        return {k: v for k, v in base.items() if k != name}

    cases = [
        ("an unknown member", dict(base, colour="red"), "unknown-member", "colour"),
        ("an unknown payee member", with_payee(iban="CN00"), "unknown-member", "payee.iban"),
        ("an amount with a comma", dict(base, amount="12,000.00"), None, "amount"),
        ("a negative amount", dict(base, amount="-5.00"), None, "amount"),
        ("a zero amount", dict(base, amount="0.00"), None, "amount"),
        ("an amount of three decimals", dict(base, amount="1.001"), None, "amount"),
        ("an amount as a number", dict(base, amount=100), "member-type", "amount"),
        ("a voucher hash in upper case", dict(base, vouchers=[{"name": "inv.pdf",
                                                               "sha256": "AB" * 32}]),
         "voucher-sha256", "vouchers[0].sha256"),
        ("a short voucher hash", dict(base, vouchers=[{"name": "inv.pdf", "sha256": "abc"}]),
         "voucher-sha256", "vouchers[0].sha256"),
        ("a voucher hash with a non-hex digit",
         dict(base, vouchers=[{"name": "inv.pdf", "sha256": "g" * 64}]),
         "voucher-sha256", "vouchers[0].sha256"),
        ("no vouchers", dict(base, vouchers=[]), None, "vouchers"),
        ("21 vouchers", dict(base, vouchers=base["vouchers"] * 21), None, "vouchers"),
        ("no expiry", without("expires_on"), "missing-member", "expires_on"),
        ("an expiry of yesterday", dict(base, expires_on=hs.day_after(-1)), "order-expiry",
         "expires_on"),
        ("an expiry in 91 days", dict(base, expires_on=hs.day_after(91)), "order-expiry",
         "expires_on"),
        ("an expiry that is no date", dict(base, expires_on="2026-02-30"), None, "expires_on"),
        ("an unknown fund", dict(base, fund="XX"), "fund", "fund"),
        ("a debit account of another fund", dict(base, debit_account="PR.6601"),
         "order-debit-fund", "debit_account"),
        ("an income account to debit", dict(base, debit_account="OP.6001"),
         "order-debit-account", "debit_account"),
        ("the bank account itself to debit", dict(base, debit_account="OP.1002"),
         "order-debit-account", "debit_account"),
        ("a control account to debit", dict(base, debit_account="OP.6601"), None,
         "debit_account"),
        ("an unknown account to debit", dict(base, debit_account="OP.9999"), None,
         "debit_account"),
        ("an emergency of the operating fund", dict(base, emergency_category="roof_leak"),
         "emergency-fund", "emergency_category"),
        ("an unknown emergency", dict(base, fund="RF", debit_account="RF.2202",
                                      emergency_category="flood"),
         "emergency-category", "emergency_category"),
        ("a payee account of 2 digits", with_payee(account_no="12"), None, "payee.account_no"),
        ("a payee bank code of 3 digits", with_payee(bank_code="123"), None, "payee.bank_code"),
        ("no payee name", {**base, "payee": {k: v for k, v in base["payee"].items()
                                             if k != "name"}}, "missing-member", "payee.name"),
        ("an empty purpose", dict(base, purpose=""), None, "purpose"),
        ("a purpose of two lines", dict(base, purpose="line one\nline two"), None, "purpose"),
        ("a payee that is a string", dict(base, payee="Chengdu Lift"), "member-type", "payee"),
    ]
    for desc, body, slug, field in cases:
        r = T.req("POST", P("/orders"), "treasurer", body)
        T.problem(r, "an order with %s -> 400 (%s)" % (desc, field), 400, slug, field)
    for desc, raw, ctype in [("JSON that does not parse", "{\"amount\": ", "application/json"),
                             ("a JSON array", "[]", "application/json"),
                             ("a text/plain body", json.dumps(base), "text/plain")]:
        r = T.req("POST", P("/orders"), "treasurer", raw, content_type=ctype)
        T.problem(r, "an order as %s -> 400" % desc, 400)
    T.r.check(T.order_ids() == before_orders and T.count() == before_entries,
              "  ... none of these bodies created an order or an entry")


def reject_and_cancel(T):
    k, R = T.k, T.r
    o, doc = T.submitted(amount="700.00")
    T.upload(o, k["committee"].sign(doc))
    T.refuse("reject as the treasurer -> 403 (sign is the custodians')", "POST", O(o, "/reject"),
             "treasurer", 403, body={"reason": "no"}, order_id=o)
    T.refuse("reject as the admin -> 403", "POST", O(o, "/reject"), "admin", 403,
             body={"reason": "no"}, order_id=o)
    T.refuse("reject without a reason -> 400 (reason)", "POST", O(o, "/reject"), "cust-wang",
             400, field="reason", body={}, order_id=o)
    T.refuse("reject with an empty reason -> 400 (reason)", "POST", O(o, "/reject"), "cust-wang",
             400, field="reason", body={"reason": ""}, order_id=o)
    r = T.req("POST", O(o, "/reject"), "cust-wang", {"reason": "the invoice is not for us"})
    R.check(r.status == 200 and r.body.get("state") == "rejected"
            and any(e.get("event") == "rejected" and e.get("detail") == "the invoice is not for us"
                    for e in r.body.get("events", [])),
            "the manager's custodian rejects %s -> 200 rejected, the reason in its events" % o,
            r.describe())
    s2 = k["manager"].cosign(k["committee"].sign(doc), doc)
    for desc, method, rest, who, body, ctype in [
            ("a signature", "POST", "/signatures", "cust-wang", s2, "application/pkcs7-signature"),
            ("submit", "POST", "/submit", "treasurer", {}, None),
            ("execute", "POST", "/execute", "treasurer", {"date": hs.today_utc().isoformat()},
             None),
            ("amend", "PUT", "", "treasurer", hs.order_body(amount="700.00"), None),
            ("cancel", "POST", "/cancel", "treasurer", {"reason": "x"}, None),
            ("reject again", "POST", "/reject", "cust-li", {"reason": "x"}, None)]:
        T.refuse("rejected, then %s -> 409 order-state" % desc, method, O(o, rest), who, 409,
                 "order-state", body=body, content_type=ctype, order_id=o)

    g = T.create(amount="800.00")
    T.refuse("cancel as a custodian -> 403", "POST", O(g, "/cancel"), "cust-li", 403,
             body={"reason": "no"}, order_id=g)
    T.refuse("cancel without a reason -> 400", "POST", O(g, "/cancel"), "treasurer", 400,
             field="reason", body={}, order_id=g)
    r = T.req("POST", O(g, "/cancel"), "treasurer", {"reason": "prepared twice"})
    R.check(r.status == 200 and r.body.get("state") == "cancelled",
            "the treasurer cancels draft %s -> cancelled" % g, r.describe())
    for desc, method, rest, who, body in [
            ("submit", "POST", "/submit", "treasurer", {}),
            ("amend", "PUT", "", "treasurer", hs.order_body(amount="800.00")),
            ("reject", "POST", "/reject", "cust-li", {"reason": "x"}),
            ("cancel again", "POST", "/cancel", "treasurer", {"reason": "x"})]:
        T.refuse("cancelled, then %s -> 409 order-state" % desc, method, O(g, rest), who, 409,
                 "order-state", body=body, order_id=g)


def outsiders_refused(T):
    """Residents, regulators and supervisors write nothing of escrow; nor does anyone without a
    token. Each target is valid, so that only the caller is wrong."""
    k, R = T.k, T.r
    draft = T.create(amount="50.00")
    waiting, doc = T.submitted(amount="60.00")
    approved, _, _ = T.approved(amount="70.00")
    s1 = k["committee"].sign(doc)
    orders_before = T.order_ids()
    custodians = custodians_body(("owners_committee", k["new-committee"]),
                                 ("manager", k["manager"]))
    change_doc = T.req("POST", P("/custodians/change-document"), "admin",
                       dict(custodians, reason="outsiders")).raw
    change = dict(custodians, reason="outsiders", signature=hs.b64(
        k["manager"].cosign(k["committee"].sign(change_doc), change_doc)))
    for who, status in [("resident", 403), ("regulator", 403), ("supervisor", 403),
                        ("nobody", 401)]:
        for desc, method, path, body, ctype, order_id in [
                ("create an order", "POST", P("/orders"), hs.order_body(), None, None),
                ("amend", "PUT", O(draft), hs.order_body(amount="51.00"), None, draft),
                ("submit", "POST", O(draft, "/submit"), {}, None, draft),
                ("cancel", "POST", O(draft, "/cancel"), {"reason": "x"}, None, draft),
                ("upload a signature", "POST", O(waiting, "/signatures"), s1,
                 "application/pkcs7-signature", waiting),
                ("reject", "POST", O(waiting, "/reject"), {"reason": "x"}, None, waiting),
                ("execute", "POST", O(approved, "/execute"),
                 {"date": hs.today_utc().isoformat()}, None, approved),
                ("register custodians", "POST", P("/custodians"), custodians, None, None),
                ("get a change document", "POST", P("/custodians/change-document"),
                 dict(custodians, reason="x"), None, None),
                ("change custodians (signed by both)", "POST", P("/custodians/changes"), change,
                 None, None),
                ("set a bank account", "POST", P("/bank-accounts"), hs.OP_ACCOUNT, None, None),
                ("set a policy", "POST", P("/escrow-policy"),
                 {"effective_from": hs.day_after(300)}, None, None)]:
            r = T.req(method, path, who, body, ctype)
            T.problem(r, "%s: %s -> %d" % (who, desc, status), status)
    # Authorization comes before the body is read: a caller who may not act learns nothing
    # about what a valid body would be (every other handler of the API authorizes first).
    for who, status in [("resident", 403), ("nobody", 401)]:
        for desc, method, path, body in [
                ("amend with an empty body", "PUT", O(draft), {}),
                ("upload a signature with an unknown member", "POST", O(waiting, "/signatures"),
                 {"p7s": "x"}),
                ("reject without a reason", "POST", O(waiting, "/reject"), {}),
                ("cancel without a reason", "POST", O(draft, "/cancel"), {}),
                ("execute with a bad date", "POST", O(approved, "/execute"), {"date": "soon"})]:
            r = T.req(method, path, who, body)
            T.problem(r, "%s: %s -> %d, not 400" % (who, desc, status), status)
    R.equal([T.snapshot(o)[0] for o in (draft, waiting, approved)],
            ["draft", "awaiting_signatures", "approved"], "  ... the three orders are as they were")
    R.equal(T.order_ids(), orders_before, "  ... and no order was created")
    r = T.req("GET", P("/custodians"), "admin")
    R.equal((r.body or {}).get("current_version"), 1, "  ... and set 1 is still in force")
    r = T.req("GET", P("/orders"), "resident")
    T.problem(r, "a resident cannot list orders (read_books) -> 403", 403)
    r = T.req("GET", O(draft), "resident")
    T.problem(r, "a resident cannot read an order -> 403", 403)
    r = T.req("GET", O(draft), "regulator")
    R.equal(r.status, 200, "a regulator reads an order")
    # The manager's user (prepare_disbursement) executes the approved one.
    r = T.req("POST", O(approved, "/execute"), "pm-wu", {"date": hs.today_utc().isoformat()})
    R.check(r.status == 200 and r.body.get("state") == "executed",
            "the manager's user executes an approved order -> 200 executed", r.describe())
    for o in (draft, waiting):
        T.req("POST", O(o, "/cancel"), "treasurer", {"reason": "test over"})


def listing(T):
    R = T.r
    r = T.req("GET", P("/orders"), "regulator", None)
    all_ids = [o.get("order_id") for o in (r.body or {}).get("orders", [])]
    R.check(r.status == 200 and all_ids and all_ids == sorted(all_ids),
            "GET orders lists them by number (%d)" % len(all_ids), r.describe())
    r = T.c.request("GET", P("/orders"), token=T.t["regulator"], query={"state": "executed"})
    states = {o.get("state") for o in (r.body or {}).get("orders", [])}
    R.check(r.status == 200 and states == {"executed"} and "DO-000001" in
            [o.get("order_id") for o in r.body["orders"]],
            "GET orders?state=executed lists only executed ones", r.describe())
    r = T.c.request("GET", P("/orders"), token=T.t["regulator"], query={"limit": "2"})
    page = [o.get("order_id") for o in (r.body or {}).get("orders", [])]
    R.check(r.status == 200 and page == all_ids[:2] and r.body.get("next_after") == 2,
            "GET orders?limit=2: the first two and next_after 2", r.describe())
    r = T.c.request("GET", P("/orders"), token=T.t["regulator"],
                    query={"limit": "2", "after": "2"})
    R.equal([o.get("order_id") for o in (r.body or {}).get("orders", [])], all_ids[2:4],
            "GET orders?after=2&limit=2: the next two")
    r = T.c.request("GET", P("/orders"), token=T.t["regulator"], query={"state": "paid"})
    T.problem(r, "GET orders?state=paid -> 400", 400)
    r = T.c.request("GET", P("/orders"), token=T.t["regulator"], query={"limit": "0"})
    T.problem(r, "GET orders?limit=0 -> 400", 400)


def public_revenue_bank_file(T):
    """A PR order to a payee whose bank has no CNAPS code (nor has the PR account's), with XML and
    CSV special characters in the name and a purpose of 150 Chinese characters."""
    R = T.r
    today = hs.today_utc().isoformat()
    r = T.req("POST", P("/entries"), "treasurer",
              hs.entry(today, "opening", [("PR.1002", "5000.00"), ("PR.3101", "-5000.00")],
                       "PR opening"))
    R.equal(r.status, 201, "5000.00 put in PR")
    payee = {"name": 'Li & Sons "Cleaning", <Chengdu>', "account_no": "ABCD1234",
             "bank_name": "Chengdu Rural Bank", "bank_code": ""}
    purpose = ("停车场保洁及照明费用" * 15)[:150]   # 150 characters, 450 bytes
    o, _, _ = T.approved(amount="300.00", fund="PR", debit_account="PR.6601", payee=payee,
                         purpose=purpose)
    r = T.req("POST", O(o, "/execute"), "treasurer", {"date": today})
    R.check(r.status == 200 and r.body.get("state") == "executed", "a PR order executes",
            r.describe())
    seq = (r.body or {}).get("entry_seq")
    e = (T.req("GET", P("/entries/%s" % seq), "treasurer").body or {}).get("entry", {})
    R.check(e.get("kind") == "expense" and sorted((p["account"], p["amount"]) for p in
                                                   e.get("postings", []))
            == [("PR.1002", "-300.00"), ("PR.6601", "300.00")],
            "  ... entry: expense, Dr PR.6601 Cr PR.1002 300.00", e)
    r = T.req("GET", O(o, "/bank-files/%s.pain.001.xml" % o), "treasurer")
    try:
        root = ET.fromstring(r.raw)
    except ET.ParseError as err:
        R.check(False, "  ... its pain.001 file parses as XML", str(err))
        return
    tx = root.find("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", NS)
    pi = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    R.equal(tx.findtext("p:Cdtr/p:Nm", None, NS), payee["name"],
            "  ... the payee's name with & \" < > escaped and read back")
    R.equal(tx.findtext("p:RmtInf/p:Ustrd", None, NS), purpose[:140],
            "  ... Ustrd is the purpose cut to 140 whole characters")
    for who, agent in (("creditor", tx.find("p:CdtrAgt/p:FinInstnId", NS)),
                       ("debtor", pi.find("p:DbtrAgt/p:FinInstnId", NS))):
        R.check(agent is not None and agent.find("p:ClrSysMmbId", NS) is None
                and agent.findtext("p:Othr/p:Id", None, NS) == "NOTPROVIDED",
                "  ... the %s's bank without a CNAPS code: Othr/Id NOTPROVIDED" % who,
                None if agent is None else ET.tostring(agent))
    r = T.req("GET", O(o, "/bank-files/%s.csv" % o), "treasurer")
    rows = list(csv.reader(io.StringIO(r.raw.decode("utf-8"), newline="")))
    R.check(len(rows) == 2 and len(rows[1]) == 12 and rows[1][4] == payee["name"]
            and rows[1][11] == purpose[:140] and rows[1][3] == "" and rows[1][7] == "",
            "  ... the CSV quotes the name (RFC 4180) and cuts the remittance alike", rows)


def repair_fund(T):
    """The repair fund: its bank account is needed at submit, emergency use skips the resolution
    but stays within the cap (10% of the fund), a payable is paid at most in full."""
    k, R = T.k, T.r
    today = hs.today_utc().isoformat()
    for e in (hs.entry(today, "opening", [("RF.1002", "100000.00"),
                                          ("RF.3001@" + UNIT, "-100000.00")], "RF opening"),
              hs.entry(today, "repair", [("RF.1701", "20000.00"), ("RF.2202", "-20000.00")],
                       "Roof works invoiced")):
        r = T.req("POST", P("/entries"), "treasurer", e)
        R.equal(r.status, 201, "RF: %s" % e["memo"])
    rf = dict(fund="RF", debit_account="RF.2202", purpose="Roof leak above 1-1-1501")
    o = T.create(amount="5000.00", emergency_category="roof_leak", **rf)
    T.refuse("submit an RF order before the RF bank account is set -> 422 bank-account-missing",
             "POST", O(o, "/submit"), "treasurer", 422, "bank-account-missing", "fund", body={},
             order_id=o)
    acct = dict(hs.OP_ACCOUNT, fund="RF", holder_name="Test Court repair fund",
                account_no="4402202009100099999")
    r = T.req("POST", P("/bank-accounts"), "admin", acct)
    R.equal(r.status, 201, "the admin sets the RF trust account")
    r = T.req("POST", O(o, "/submit"), "treasurer", {})
    R.check(r.status == 200 and r.body.get("state") == "awaiting_signatures",
            "an emergency (roof_leak) RF order of 5000.00 is submitted", r.describe())
    big = T.create(amount="15000.00", emergency_category="lift_fault", **rf)
    T.refuse("an emergency order of 15000.00 (over 10% of 100000.00) -> 422 emergency-cap",
             "POST", O(big, "/submit"), "treasurer", 422, "emergency-cap", "amount", body={},
             order_id=big)
    over = T.create(amount="25000.00", **rf)
    T.refuse("paying 25000.00 of a payable of 20000.00 -> 422 order-exceeds-payable", "POST",
             O(over, "/submit"), "treasurer", 422, "order-exceeds-payable", "amount", body={},
             order_id=over)
    # Payments for repair works (Dr RF.1701, a retention release Dr RF.2241) come from their
    # repair project, which checks them against its contract (escrow/project_orders.h).
    for debit, extra in (("RF.1701", {}), ("RF.2241", {}),
                         ("RF.2202", {"repair_project": "RP-2026-01"})):
        before = T.order_ids()
        r = T.req("POST", P("/orders"), "treasurer",
                  hs.order_body(amount="1000.00", fund="RF", debit_account=debit, **extra))
        T.problem(r, "a plain RF order debiting %s%s -> 422 order-repair-project"
                  % (debit, " for a repair project" if extra else ""), 422,
                  "order-repair-project", "debit_account")
        R.equal(T.order_ids(), before, "  ... and no order was created")
    doc = T.document(o)
    s1 = k["committee"].sign(doc)
    T.upload(o, s1)
    T.upload(o, k["manager"].cosign(s1, doc), "cust-wang")
    r = T.req("POST", O(o, "/execute"), "treasurer", {"date": today})
    seq = (r.body or {}).get("entry_seq")
    R.check(r.status == 200 and r.body.get("state") == "executed",
            "the emergency order executes", r.describe())
    if isinstance(seq, int):
        e = T.req("GET", P("/entries/%d" % seq), "treasurer").body or {}
        e = e.get("entry", {})
        postings = sorted((p.get("account"), p.get("amount")) for p in e.get("postings", []))
        R.check(e.get("kind") == "repair" and "emergency: roof_leak" in e.get("memo", "")
                and postings == [("RF.1002", "-5000.00"), ("RF.2202", "5000.00")],
                "  ... entry kind repair, Dr RF.2202 Cr RF.1002 5000.00, its memo says emergency",
                e)
    R.equal(T.balance("RF.1002"), "95000.00", "  ... RF.1002 holds 95000.00")
    # 10% of (95000.00 + 5000.00 used this year) = 10000.00; 5000.00 left.
    again = T.create(amount="5000.01", emergency_category="water_pump", **rf)
    T.refuse("another emergency of 5000.01 (5000.00 left of the cap) -> 422 emergency-cap",
             "POST", O(again, "/submit"), "treasurer", 422, "emergency-cap", "amount", body={},
             order_id=again)
    ok = T.create(amount="5000.00", emergency_category="water_pump", **rf)
    r = T.req("POST", O(ok, "/submit"), "treasurer", {})
    R.equal(r.status, 200, "  ... and one of exactly 5000.00 is submitted")
    for x in (big, over, again, ok):
        T.req("POST", O(x, "/cancel"), "treasurer", {"reason": "test over"})


def custodian_change(T):
    """A new committee custodian, by a change document the outgoing custodians sign; afterwards
    the old set's signatures are refused and orders of the old set cannot proceed."""
    k, R = T.k, T.r
    waiting, doc_w = T.submitted(amount="40.00")
    T.upload(waiting, k["committee"].sign(doc_w))
    signed, _, _ = T.approved(amount="41.00")
    new_set = custodians_body(("owners_committee", k["new-committee"]), ("manager", k["manager"]))
    reason = "committee re-elected 2026-11-20"
    body = dict(new_set, reason=reason)
    r = T.req("POST", P("/custodians/change-document"), "treasurer", body)
    T.problem(r, "a change document as the treasurer -> 403", 403)
    r = T.req("POST", P("/custodians/change-document"), "admin", dict(new_set, reason=""))
    T.problem(r, "a change document without a reason -> 400 (reason)", 400, field="reason")
    r = T.req("POST", P("/custodians/change-document"), "admin", body)
    doc = r.raw
    try:
        d = json.loads(doc)
    except ValueError:
        d = {}
    R.check(r.status == 200 and d.get("format") == "trustfund-custodian-change/1"
            and d.get("estate") == E and d.get("from_version") == 1 and d.get("to_version") == 2
            and d.get("reason") == reason
            and [(x.get("role"), x.get("key_id"), x.get("certificate_sha256"))
                 for x in d.get("custodians", [])]
            == [("owners_committee", k["new-committee"].key_id, k["new-committee"].fingerprint),
                ("manager", k["manager"].key_id, k["manager"].fingerprint)],
            "the admin gets the change document: set 1 -> 2, the new custodians' keys",
            r.describe())
    R.equal(doc, canonical(d), "  ... canonical JSON")

    def change(desc, signature, status, slug, field="signature", who="admin"):
        r = T.req("POST", P("/custodians/changes"), who,
                  dict(new_set, reason=reason, signature=hs.b64(signature)))
        T.problem(r, desc, status, slug, field)
        cur = T.req("GET", P("/custodians"), "admin").body or {}
        R.equal(cur.get("current_version"), 1, "  ... set 1 is still in force")

    s_old = k["committee"].sign(doc)
    change("a change signed by the outgoing committee only -> 422 signature-incomplete", s_old,
           422, "signature-incomplete")
    change("a change signed by the incoming committee and the manager -> 422 "
           "signature-unknown-signer", k["manager"].cosign(k["new-committee"].sign(doc), doc),
           422, "signature-unknown-signer")
    change("a change signed by the supervisor and the manager -> 422 signature-supervisor",
           k["manager"].cosign(k["supervisor"].sign(doc), doc), 422, "signature-supervisor")
    change("a change signed over another reason -> 422 signature-invalid",
           k["manager"].cosign(k["committee"].sign(doc.replace(b"re-elected", b"dissolved")),
                               doc.replace(b"re-elected", b"dissolved")),
           422, "signature-invalid")
    both = k["manager"].cosign(s_old, doc)
    change("the signed change posted by the treasurer -> 403", both, 403, None, None,
           "treasurer")
    r = T.req("POST", P("/custodians/changes"), "admin",
              dict(new_set, reason=reason, signature="%%%"))
    T.problem(r, "a change with base64 garbage -> 400 signature-base64", 400, "signature-base64",
              "signature")
    r = T.req("POST", P("/custodians/changes"), "admin",
              dict(new_set, reason=reason, signature=hs.b64(both)))
    R.check(r.status == 201 and r.body.get("version") == 2
            and r.body.get("change_document") == d,
            "the change signed by both outgoing custodians -> 201 set 2 with its document",
            r.describe())
    r = T.req("GET", P("/custodians"), "resident")
    R.check(r.status == 200 and r.body.get("current_version") == 2
            and [s.get("version") for s in r.body.get("sets", [])] == [1, 2],
            "GET custodians: both sets kept, set 2 in force", r.describe())
    r = T.req("GET", P("/custodians.pem"), "treasurer")
    R.equal(sorted(pem_fingerprints(r.raw.decode("ascii", "replace"))),
            sorted([k["new-committee"].fingerprint, k["manager"].fingerprint]),
            "custodians.pem: the new set's certificates")

    T.refuse("co-signing an order submitted under set 1 -> 422 custodian-set-changed", "POST",
             O(waiting, "/signatures"), "cust-wang", 422, "custodian-set-changed", "signature",
             k["manager"].cosign(k["committee"].sign(doc_w), doc_w),
             "application/pkcs7-signature", waiting)
    T.refuse("executing an order approved under set 1 -> 422 custodian-set-changed", "POST",
             O(signed, "/execute"), "treasurer", 422, "custodian-set-changed",
             body={"date": hs.today_utc().isoformat()}, order_id=signed)
    fresh, doc = T.submitted(amount="42.00")
    R.equal(json.loads(doc).get("custodian_set_version"), 2,
            "an order submitted now is for set 2")
    T.refuse("the replaced committee custodian's signature -> 422 signature-revoked-custodian",
             "POST", O(fresh, "/signatures"), "cust-li", 422, "signature-revoked-custodian",
             "signature", k["committee"].sign(doc), "application/pkcs7-signature", fresh)
    n1 = k["new-committee"].sign(doc)
    T.upload(fresh, n1)
    r = T.upload(fresh, k["manager"].cosign(n1, doc), "cust-wang")
    R.check(r.status == 200 and r.body.get("state") == "approved",
            "the new committee's and the manager's signatures approve it", r.describe())
    r = T.req("POST", O(fresh, "/execute"), "treasurer", {"date": hs.today_utc().isoformat()})
    R.check(r.status == 200 and r.body.get("state") == "executed", "  ... and it executes",
            r.describe())
    # An order of set 1 is amended (a new revision, for set 2) and then goes through.
    r = T.req("PUT", O(waiting), "treasurer", hs.order_body(amount="40.00"))
    R.check(r.status == 200 and r.body.get("custodian_set_version") == 2,
            "amending the set-1 order makes it an order of set 2", r.describe())


def audit_trail(T):
    r = T.c.request("GET", P("/actions"), token=T.t["admin"], query={"limit": "1000"})
    names = {a.get("action") for a in (r.body or {}).get("actions", [])}
    want = {"register_custodians", "set_bank_account", "set_escrow_policy", "create_order",
            "amend_order", "submit_order", "sign_order", "reject_order", "cancel_order",
            "execute_order", "change_custodians"}
    T.r.check(r.status == 200 and want <= names,
              "the action log records every escrow write", sorted(want - names))
    r = T.c.request("GET", P("/actions"), token=T.t["treasurer"])
    T.problem(r, "the treasurer cannot read the action log (read_audit) -> 403", 403)


if __name__ == "__main__":
    hs.run_main(main)
