#!/usr/bin/env python3
"""The repair fund over HTTP, end to end (docs/domain.md, "Repair fund use"): settings (the
defaults, then new ones from today), first deposits for units in two buildings, interest by
balance split exactly, the unit sub-accounts and those below the top-up share, the three-way
reconciliation; a lift repair for one building proposed, put to its owners, voted (an owner of the
other building refused, an owner of two units counted once, each threshold with its numerator and
denominator), decided, contracted and started; its staged payments checked against the contract
(an advance over the cap refused), each an escrow order that two custodians sign with keys made by
the openssl CLI and that is then executed; accepted at its final cost, the balance paid, settled:
the cost split over that building's units by area, exactly; the retention held until the warranty
ends. An emergency roof repair that skips the vote, its payment order marked emergency. Bad input
refused with a problem+json naming the field and nothing changed; residents and regulators
refused on every write, residents reading projects and votes.

Usage: http_repair.py path/to/trustfund
"""
import datetime
import hashlib
import json
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402

E = "repair"
# (code, area m², owner). Building 1 and building 2; owner-d holds two units of building 2, the
# developer ("dev-co", named in the settings) its two unsold ones.
B1 = [("1-1-101", "90.00", "owner-a"), ("1-1-102", "100.00", "owner-b"),
      ("1-1-201", "110.00", "owner-c")]
B2 = [("2-1-101", "80.00", "owner-d"), ("2-1-102", "95.50", "owner-d"),
      ("2-1-201", "120.25", "owner-e"), ("2-1-202", "70.33", "owner-f"),
      ("2-2-101", "60.00", "dev-co"), ("2-2-102", "88.88", "dev-co"),
      ("2-2-201", "101.01", "owner-g")]
UNITS = B1 + B2
AREA = {code: hs.to_cents(area) for code, area, _ in UNITS}  # hundredths of m²
FIRST = {code: "20000.00" for code, _, _ in UNITS}
FIRST["2-1-202"] = "4000.00"  # small: after the lift is charged it is below the top-up share
RESIDENT_UNIT = "2-1-201"

LIFT_PAYEE = {"name": "Chengdu Lift Co.", "account_no": "6217001234567890",
              "bank_name": "China Construction Bank Chengdu", "bank_code": "105651000017"}
ROOF_PAYEE = {"name": "Quick Roofing Ltd.", "account_no": "6217009876543210",
              "bank_name": "Agricultural Bank of China Chengdu", "bank_code": "103651000012"}


def P(rest=""):
    return hs.estate_path(E, rest)


def RP(ref, rest=""):
    return P("/repair-projects/" + ref + rest)


def V(ref, rest=""):
    return P("/votes/" + ref + rest)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def today():
    return hs.today_utc().isoformat()


def fen(cents):
    sign = "-" if cents < 0 else ""
    return "%s%d.%02d" % (sign, abs(cents) // 100, abs(cents) % 100)


def lr_split(total, shares):
    """The exact split of `total` (fen) over [(key, weight)] by the largest remainder method:
    every part rounded down, the fen left over one each to the largest remainders, ties to the
    smaller key (docs/domain.md, Money). Restated here so the server's split is checked, not
    copied."""
    weight = sum(w for _, w in shares)
    if weight == 0:
        return [0] * len(shares)
    parts = [total * w // weight for _, w in shares]
    rems = [total * w % weight for _, w in shares]
    left = total - sum(parts)
    for i in sorted(range(len(shares)), key=lambda i: (-rems[i], shares[i][0], i))[:left]:
        parts[i] += 1
    return parts


def add_months(d, months):
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(d.day, last))


def dec(text):
    try:
        return Decimal(text)
    except Exception:  # noqa: BLE001
        return None


class Test:
    def __init__(self, results, client, tokens, flow):
        self.r = results
        self.c = client
        self.t = tokens
        self.flow = flow      # hs.EscrowFlow: treasurer prepares/executes, cust-li uploads
        self.votes = []       # every vote made, for the snapshot

    def req(self, method, path, who, body=None, content_type=None, query=None):
        return hs.safe(self.c.request, method, path, body=body, token=self.t.get(who),
                       content_type=content_type, query=query)

    def ok(self, method, path, who, body=None, status=200, what=None):
        """A request that must succeed: its body (raises otherwise, ending the section)."""
        r = self.req(method, path, who, body)
        if r.status != status or not isinstance(r.body, dict):
            raise RuntimeError("%s: wanted %d, %s" % (what or "%s %s" % (method, path), status,
                                                       r.describe()))
        return r.body

    def count(self):
        return hs.entry_count(self.c, self.t["admin"], E)

    def project(self, ref):
        return self.ok("GET", RP(ref), "treasurer")

    def vote(self, ref):
        return self.ok("GET", V(ref), "admin")

    def order(self, order_id):
        return self.ok("GET", P("/orders/" + order_id), "treasurer")

    def entry(self, seq):
        return self.ok("GET", P("/entries/%d" % seq), "treasurer").get("entry", {})

    def subs(self, **query):
        r = self.req("GET", P("/repair-fund/sub-accounts"), "treasurer", query=query or None)
        if r.status != 200:
            raise RuntimeError("sub-accounts: " + r.describe())
        return {u["unit"]: u for u in r.body["units"]}

    def reconciliation(self):
        return self.ok("GET", P("/repair-fund/reconciliation"), "treasurer")

    def world(self):
        """Everything a refused request might have changed: the journal, the settings, the
        sub-accounts, every project (with its events and payments), every vote, every order."""
        orders = self.ok("GET", P("/orders"), "treasurer").get("orders", [])
        return (self.count(),
                json.dumps(self.ok("GET", P("/repair-fund/settings"), "admin"), sort_keys=True),
                json.dumps(self.subs(), sort_keys=True),
                json.dumps(self.ok("GET", P("/repair-projects"), "treasurer"), sort_keys=True),
                tuple(json.dumps(self.vote(v), sort_keys=True) for v in self.votes),
                tuple((o.get("order_id"), o.get("state"), o.get("revision")) for o in orders))

    def refuse(self, desc, method, path, who, status, slug=None, field=None, body=None,
               content_type=None):
        """A refused request: its problem (status, type, field), then nothing changed."""
        before = self.world()
        resp = self.req(method, path, who, body, content_type)
        hs.check_problem(self.r, resp, desc, status, slug=slug, field=field)
        after = self.world()
        changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        names = ["entries", "settings", "sub-accounts", "projects", "votes", "orders"]
        self.r.check(not changed, "  ... and nothing changed",
                     "changed: %s" % [names[i] for i in changed])
        return resp


def main(results, binary):
    env = hs.Environment(binary, "repair")
    env.init()
    env.estate(E, "Repair Court")
    for code, area, owner in UNITS:
        env.unit(E, code, area, owner)
    roles = {"admin": "admin", "treasurer": "treasurer", "pm-wu": "manager",
             "cust-li": "custodian", "cust-wang": "custodian", "supervisor": "supervisor",
             "resident": "resident", "regulator": "regulator"}
    tokens = {}
    for user, role in roles.items():
        env.user(user)
        env.grant(user, role, E, RESIDENT_UNIT if role == "resident" else None)
        tokens[user] = env.api_token(user)
    tokens["nobody"] = None
    kd = os.path.join(env.tmp, "keys")
    keys = {"committee": hs.CustodianKey(kd, "committee", "owners_committee", "Li Wei"),
            "manager": hs.CustodianKey(kd, "manager", "manager", "Wang Fang")}

    server = env.serve()
    c = server.client()
    flow = hs.EscrowFlow(c, E, tokens["treasurer"], tokens["cust-li"], keys["committee"],
                         keys["manager"])
    T = Test(results, c, tokens, flow)
    T.flow_dir = kd

    r = T.req("POST", P("/custodians"), "admin",
              {"custodians": [{"role": "owners_committee", "certificate": keys["committee"].pem},
                              {"role": "manager", "certificate": keys["manager"].pem}]})
    results.equal(r.status, 201, "fixture: the admin registers the two custodians' certificates")
    r = T.req("POST", P("/bank-accounts"), "admin", hs.RF_ACCOUNT)
    results.equal(r.status, 201, "fixture: the admin sets the repair fund's trust bank account")

    for section in (settings, deposits_and_interest, lift_project, emergency_roof, overrun,
                    standalone_votes, outsiders):
        try:
            section(T)
        except Exception as e:  # noqa: BLE001 - a section that cannot go on is a failed check
            import traceback
            traceback.print_exc()
            results.check(False, "section %s ran to its end" % section.__name__,
                          "%s: %s" % (type(e).__name__, e))

    results.equal(server.stop(), 0, "server stops on SIGTERM with exit 0")


# ---- settings -------------------------------------------------------------------------------------

DEFAULTS = {"effective_from": "2000-01-01", "jurisdiction": "CN", "developer_ref": "developer",
            "top_up_share": "0.30", "min_quotes": 3, "advance_cap": "0.30", "retention": "0.03",
            "overrun_share": "0.10", "overrun_min": "10000.00", "warranty_months": 24}


def same_settings(got, want):
    """got (a settings body) has want's values; rates compared as decimals."""
    bad = []
    for k, v in want.items():
        g = got.get(k)
        if k in ("top_up_share", "advance_cap", "retention", "overrun_share"):
            if not isinstance(g, str) or dec(g) != Decimal(v):
                bad.append((k, g, v))
        elif g != v:
            bad.append((k, g, v))
    return bad


def settings(T):
    R = T.r
    r = T.req("GET", P("/repair-fund/settings"), "treasurer")
    bad = same_settings(r.body or {}, DEFAULTS) if r.status == 200 else ["HTTP %s" % r.status]
    R.check(not bad and r.body.get("set_at") == "",
            "GET settings before any: the defaults (CN, 30% top-up, 3 quotes, 30% advance, 3% "
            "retention, overrun 10% and 10000.00, 24 months)", bad or r.describe())
    new = {"effective_from": today(), "developer_ref": "dev-co", "retention": "0.05",
           "warranty_months": "36"}
    r = T.req("POST", P("/repair-fund/settings"), "admin", new)
    want = dict(DEFAULTS, effective_from=today(), developer_ref="dev-co", retention="0.05",
                warranty_months=36)
    bad = same_settings(r.body or {}, want) if r.status == 201 else ["HTTP %s" % r.status]
    R.check(not bad and (r.body or {}).get("set_at"),
            "POST settings from today (developer dev-co, 5% retention, 36 months) -> 201",
            bad or r.describe())
    r = T.req("GET", P("/repair-fund/settings"), "regulator")
    R.check(r.status == 200 and not same_settings(r.body, want),
            "GET settings now: the new ones are in force", r.describe())
    yesterday = hs.day_after(-1)
    r = T.req("GET", P("/repair-fund/settings?on=" + yesterday), "supervisor")
    R.check(r.status == 200 and not same_settings(r.body, DEFAULTS),
            "GET settings?on=yesterday: still the defaults", r.describe())
    T.refuse("POST settings for today again -> 409 settings-exist", "POST",
             P("/repair-fund/settings"), "admin", 409, "settings-exist", "effective_from",
             {"effective_from": today()})
    T.refuse("POST settings from yesterday -> 422 settings-backdated", "POST",
             P("/repair-fund/settings"), "admin", 422, "settings-backdated", "effective_from",
             {"effective_from": yesterday})
    T.refuse("POST settings with min_quotes \"many\" -> 400 naming min_quotes", "POST",
             P("/repair-fund/settings"), "admin", 400, field="min_quotes",
             body={"effective_from": hs.day_after(5), "min_quotes": "many"})
    T.refuse("POST settings with a retention of 1.5 -> 400 naming retention", "POST",
             P("/repair-fund/settings"), "admin", 400, field="retention",
             body={"effective_from": hs.day_after(5), "retention": "1.5"})
    T.refuse("POST settings with an unknown member -> 400 naming it", "POST",
             P("/repair-fund/settings"), "admin", 400, field="colour",
             body={"effective_from": hs.day_after(5), "colour": "blue"})
    T.refuse("POST settings as the treasurer -> 403 (configure_escrow)", "POST",
             P("/repair-fund/settings"), "treasurer", 403,
             body={"effective_from": hs.day_after(6)})


# ---- deposits, interest, sub-accounts, reconciliation ------------------------------------------------

def deposits_and_interest(T):
    R = T.r
    before = T.count()
    body = {"deposits": [{"unit": u, "kind": "first", "amount": FIRST[u], "date": "2026-11-02"}
                         for u, _, _ in B1]
            + [{"unit": u, "kind": "first", "amount": FIRST[u], "date": "2026-11-03"}
               for u, _, _ in B2]}
    r = T.req("POST", P("/repair-fund/deposits"), "treasurer", body)
    seqs = (r.body or {}).get("entry_seqs") if r.status == 201 else None
    R.check(isinstance(seqs, list) and len(seqs) == 2,
            "POST first deposits for the 10 units of buildings 1 and 2 -> 201, one entry per "
            "received date (2)", r.describe())
    R.equal(T.count(), before + 2, "  ... two entries in the journal")
    total = sum(hs.to_cents(a) for a in FIRST.values())
    if isinstance(seqs, list) and len(seqs) == 2:
        e = T.entry(seqs[1])
        postings = sorted((p["account"], p["amount"]) for p in e.get("postings", []))
        want = sorted([("RF.1002", fen(sum(hs.to_cents(FIRST[u]) for u, _, _ in B2)))]
                      + [("RF.3001@" + u, "-" + FIRST[u]) for u, _, _ in B2])
        R.check(e.get("date") == "2026-11-03" and postings == want,
                "  ... building 2's entry: Dr RF.1002 124000.00, Cr each unit's RF.3001@unit",
                e)

    # Refused deposits.
    one = {"unit": "1-1-101", "kind": "top_up", "amount": "1.00", "date": today()}
    T.refuse("a deposit with an unknown member -> 400 naming deposits[0].colour", "POST",
             P("/repair-fund/deposits"), "treasurer", 400, "unknown-member", "deposits[0].colour",
             {"deposits": [dict(one, colour="red")]})
    T.refuse("a second first deposit for 1-1-102 -> 409 deposit-first-twice naming "
             "deposits[1].kind (and the valid deposit before it not written)", "POST",
             P("/repair-fund/deposits"), "treasurer", 409, "deposit-first-twice",
             "deposits[1].kind",
             {"deposits": [one, {"unit": "1-1-102", "kind": "first", "amount": "5.00",
                                 "date": today()}]})
    T.refuse("a deposit for an unknown unit -> 404 unit-unknown naming deposits[0].unit",
             "POST", P("/repair-fund/deposits"), "treasurer", 404, "unit-unknown",
             "deposits[0].unit", {"deposits": [dict(one, unit="9-9-999")]})
    T.refuse("a deposit of kind \"second\" -> 400 naming deposits[0].kind", "POST",
             P("/repair-fund/deposits"), "treasurer", 400, "deposit-kind", "deposits[0].kind",
             {"deposits": [dict(one, kind="second")]})
    T.refuse("a deposit of 0.00 -> 400 naming deposits[0].amount", "POST",
             P("/repair-fund/deposits"), "treasurer", 400, field="deposits[0].amount",
             body={"deposits": [dict(one, amount="0.00")]})
    r = T.req("POST", P("/periods/2026-01/close"), "treasurer", {})
    R.equal(r.status // 100, 2, "period 2026-01 is closed")
    T.refuse("a deposit dated in the closed period 2026-01 -> 422 period-closed naming the "
             "member deposits[0].date", "POST", P("/repair-fund/deposits"), "treasurer", 422,
             "period-closed", "deposits[0].date", {"deposits": [dict(one, date="2026-01-15")]})

    # Interest by balance: 123.45 over the ten balances, exactly.
    r = T.req("POST", P("/repair-fund/interest"), "treasurer",
              {"amount": "123.45", "date": today(), "basis": "balance"})
    codes = sorted(FIRST)
    parts = lr_split(12345, [(u, hs.to_cents(FIRST[u])) for u in codes])
    interest = dict(zip(codes, parts))
    by_unit = {x.get("unit"): x.get("amount") for x in (r.body or {}).get("by_unit", [])}
    R.check(r.status == 201 and r.body.get("amount") == "123.45" and r.body.get("basis") == "balance"
            and isinstance(r.body.get("entry_seq"), int),
            "POST interest 123.45 by balance -> 201", r.describe())
    R.equal(sum(hs.to_cents(a) or 0 for a in by_unit.values()), 12345,
            "  ... its parts sum to the amount, 123.45")
    R.equal(by_unit, {u: fen(c) for u, c in interest.items() if c},
            "  ... each unit's part is its balance's share, largest remainder to the fen")
    if r.status == 201:
        e = T.entry(r.body["entry_seq"])
        R.check(e.get("kind") == "interest"
                and ("RF.1002", "123.45") in [(p["account"], p["amount"]) for p in e["postings"]],
                "  ... an interest entry, Dr RF.1002 123.45", e)
    T.refuse("interest of 0.00 -> 400 naming amount", "POST", P("/repair-fund/interest"),
             "treasurer", 400, field="amount", body={"amount": "0.00"})
    T.refuse("interest by \"volume\" -> 400 naming basis", "POST", P("/repair-fund/interest"),
             "treasurer", 400, "interest-basis", "basis", {"amount": "1.00", "basis": "volume"})
    T.refuse("interest with an unknown member -> 400 naming it", "POST",
             P("/repair-fund/interest"), "treasurer", 400, field="rate",
             body={"amount": "1.00", "rate": "0.01"})

    # Sub-accounts.
    T.interest = interest
    subs = T.subs()
    bad = []
    for code, area, _ in UNITS:
        s = subs.get(code, {})
        want = {"unit": code, "area_m2": area, "first_deposit": FIRST[code], "top_ups": "0.00",
                "charged": "0.00", "balance": fen(hs.to_cents(FIRST[code]) + interest[code]),
                "needs_top_up": False}
        if s != want:
            bad.append((s, want))
    R.check(len(subs) == len(UNITS) and not bad,
            "GET sub-accounts: every unit's first deposit, no charge, balance = deposit + its "
            "interest", bad[:2])
    r = T.req("GET", P("/repair-fund/sub-accounts"), "treasurer", query={"below_top_up": "true"})
    R.check(r.status == 200 and r.body.get("units") == [],
            "GET sub-accounts?below_top_up=true: none yet", r.describe())
    rec = T.reconciliation()
    fund = fen(total + 12345)
    R.check(rec.get("balanced") is True and rec.get("bank") == fund
            and rec.get("sub_accounts") == fund and rec.get("control") == fund
            and rec.get("works_in_progress") == "0.00" and rec.get("retention") == "0.00",
            "reconciliation: bank = control = sub-accounts = %s, balanced" % fund, rec)


# ---- the lift of building 2 ------------------------------------------------------------------------

def lift_body(**over):
    body = {"title": "Lift 2 traction machine", "category": "lift",
            "reason": "The annual inspection found the traction sheave worn",
            "budget": "31000.00",
            "quotes": [{"contractor": "Chengdu Lift Co.", "amount": "30000.00",
                        "document_sha256": sha("quote 1")},
                       {"contractor": "West Lift Services", "amount": "31500.00",
                        "document_sha256": sha("quote 2")},
                       {"contractor": "Sichuan Elevator", "amount": "32800.00",
                        "document_sha256": sha("quote 3")}],
            "chosen_quote": 0, "chosen_reason": "lowest price, 3-year warranty",
            "scope": {"kind": "buildings", "items": ["2"]},
            "documents": [{"name": "inspection report 2026.pdf", "sha256": sha("inspection")}]}
    body.update(over)
    return body


def tally_of(v):
    t = (v or {}).get("tally") or {}
    return t, {x.get("name"): x for x in t.get("thresholds", [])}


def lift_project(T):
    R, t = T.r, T.t
    r = T.req("POST", P("/repair-projects"), "pm-wu", lift_body())
    R.check(r.status == 201 and r.body.get("project") == "RP-0001"
            and r.body.get("state") == "proposed" and r.body.get("emergency") is False
            and r.body.get("approved_budget") == "0.00" and r.body.get("payments") == []
            and r.body.get("scope") == {"kind": "buildings", "items": ["2"]},
            "the manager proposes the lift of building 2 -> 201 RP-0001, proposed", r.describe())
    ref = "RP-0001"

    # Bad proposals: nothing is written.
    path = P("/repair-projects")
    T.refuse("a proposal with an unknown member -> 400 naming colour", "POST", path, "pm-wu", 400,
             "unknown-member", "colour", lift_body(colour="red"))
    T.refuse("a proposal with 2 quotes (3 needed) -> 400 project-quotes naming quotes", "POST",
             path, "pm-wu", 400, "project-quotes", "quotes",
             lift_body(quotes=lift_body()["quotes"][:2]))
    T.refuse("a proposal with scope kind \"street\" -> 400 naming scope.kind", "POST", path, "pm-wu",
             400, "scope-kind", "scope.kind", lift_body(scope={"kind": "street", "items": ["2"]}))
    T.refuse("a proposal for building 9 (no units) -> 400 scope-empty naming scope", "POST", path,
             "pm-wu", 400, "scope-empty", "scope",
             lift_body(scope={"kind": "buildings", "items": ["9"]}))
    T.refuse("a proposal for the whole estate listing items -> 400 naming scope.items", "POST",
             path, "pm-wu", 400, "scope-items", "scope.items",
             lift_body(scope={"kind": "estate", "items": ["1"]}))
    T.refuse("a proposal choosing quote 5 of 3 -> 400 naming chosen_quote", "POST", path, "pm-wu",
             400, field="chosen_quote", body=lift_body(chosen_quote=5))
    T.refuse("a proposal choosing quote true (a boolean is no index) -> 400 member-type naming "
             "chosen_quote", "POST", path, "pm-wu", 400, "member-type", "chosen_quote",
             lift_body(chosen_quote=True))
    T.refuse("a proposal with its title given twice -> 400 duplicate-member naming title", "POST",
             path, "pm-wu", 400, "duplicate-member", "title",
             json.dumps(lift_body())[:-1] + ', "title": "Another lift"}', "application/json")
    T.refuse("a proposal whose chosen quote is above the budget -> 400 naming budget", "POST",
             path, "pm-wu", 400, "project-budget", "budget", lift_body(budget="29999.99"))
    T.refuse("a proposal in category \"pool\" -> 400 naming category", "POST", path, "pm-wu", 400,
             "project-category", "category", lift_body(category="pool"))
    T.refuse("a proposal as a custodian -> 403 (prepare_disbursement)", "POST", path, "cust-li",
             403, body=lift_body())

    # Put to the owners of building 2.
    T.refuse("putting it to a vote closing before it opens -> 400 vote-dates naming closes_on",
             "POST", RP(ref, "/vote"), "cust-li", 400, "vote-dates", "closes_on",
             {"question": "Repair lift 2?", "opens_on": hs.day_after(3),
              "closes_on": hs.day_after(2)})
    T.refuse("putting it to a vote as the manager -> 403 (conduct_vote)", "POST",
             RP(ref, "/vote"), "pm-wu", 403, body={"question": "Repair lift 2?",
                                                "closes_on": hs.day_after(14)})
    closes = hs.day_after(14)
    r = T.req("POST", RP(ref, "/vote"), "cust-li",
              {"question": "Repair lift 2 of building 2 from the repair fund (budget 31000.00)?",
               "closes_on": closes})
    R.check(r.status == 200 and r.body.get("state") == "voting" and r.body.get("vote") == "V-0001",
            "a custodian puts it to the owners of building 2 -> voting, vote V-0001",
            r.describe())
    vref = "V-0001"
    T.votes.append(vref)
    r = T.req("GET", V(vref), "resident")
    v = r.body or {}
    tally, th = tally_of(v)
    R.check(r.status == 200 and v.get("matter") == "use_fund"
            and v.get("rule_set") == "CN-civil-code-2021" and v.get("opened_on") == today()
            and v.get("closes_on") == closes and v.get("closed") is False
            and v.get("scope") == {"kind": "buildings", "items": ["2"]},
            "a resident reads the vote: use_fund, Civil Code 2021 rules, open", r.describe())
    R.check(v.get("voters") == 5 and tally.get("total_headcount") == 5
            and tally.get("total_area") == "615.97",
            "  ... 5 voters for 7 units (owner-d's two units count once, as do the developer's "
            "two), 615.97 m² in scope", tally)
    raw = r.raw.decode("utf-8", "replace")
    R.check(not any(o in raw for o in ("owner-", "dev-co")),
            "  ... and names no owner", raw[:300])

    def ballot(owner, choice, who="cust-li", **extra):
        return T.req("POST", V(vref, "/ballots"), who, dict({"owner": owner, "choice": choice},
                                                            **extra))

    r = ballot("owner-d", "no")
    tally, _ = tally_of(r.body)
    R.check(r.status == 200 and r.body.get("ballots") == 1
            and tally.get("participating_headcount") == 1
            and tally.get("participating_area") == "175.50" and tally.get("no_headcount") == 1,
            "owner-d (two units) votes no: 1 head, 175.50 m² participating", r.describe())
    r = ballot("owner-d", "yes", "cust-wang")
    tally, _ = tally_of(r.body)
    R.check(r.status == 200 and r.body.get("ballots") == 1
            and tally.get("participating_headcount") == 1 and tally.get("yes_headcount") == 1
            and tally.get("yes_area") == "175.50" and tally.get("no_headcount") == 0,
            "owner-d changes to yes: still one ballot, one head", r.describe())
    T.refuse("owner-a (building 1 only) votes -> 422 ballot-not-eligible naming owner", "POST",
             V(vref, "/ballots"), "cust-li", 422, "ballot-not-eligible", "owner",
             {"owner": "owner-a", "choice": "yes"})
    T.refuse("a ballot \"maybe\" -> 400 naming choice", "POST", V(vref, "/ballots"), "cust-li",
             400, field="choice", body={"owner": "owner-e", "choice": "maybe"})
    T.refuse("a ballot with an unknown member -> 400 naming it", "POST", V(vref, "/ballots"),
             "cust-li", 400, field="units", body={"owner": "owner-e", "choice": "yes", "units": 1})
    T.refuse("a ballot dated after the close (%s) -> 422 ballot-date naming the member date"
             % closes, "POST", V(vref, "/ballots"), "cust-li", 422, "ballot-date", "date",
             {"owner": "owner-g", "choice": "yes", "date": hs.day_after(15)})
    T.refuse("a ballot recorded by the treasurer -> 403 (conduct_vote)", "POST",
             V(vref, "/ballots"), "treasurer", 403, body={"owner": "owner-e", "choice": "yes"})
    r = ballot("owner-e", "yes", "admin")
    tally, th = tally_of(r.body)
    p_heads = th.get("participation_headcount", {})
    R.check(r.status == 200 and p_heads.get("numerator") == "2"
            and p_heads.get("denominator") == "5" and p_heads.get("passed") is False
            and tally.get("approved") is False,
            "owner-e votes yes: participation by headcount 2/5 does not pass yet",
            r.describe())
    ballot("owner-f", "no")
    r = ballot("dev-co", "yes", "cust-wang")
    R.equal(r.status, 200, "owner-f votes no, the developer (two unsold units) votes yes")
    r = T.req("GET", V(vref), "supervisor")
    tally, th = tally_of(r.body)
    want = {
        "participation_area": ("514.96", "615.97", "at least 2/3", True),
        "participation_headcount": ("4", "5", "at least 2/3", True),
        "approval_area": ("444.63", "514.96", "more than 1/2", True),
        "approval_headcount": ("3", "4", "more than 1/2", True),
    }
    got = {n: (x.get("numerator"), x.get("denominator"), x.get("required"), x.get("passed"))
           for n, x in th.items()}
    R.equal(got, want, "the tally: participation 514.96/615.97 m² and 4/5 heads (at least 2/3), "
                       "approval 444.63/514.96 m² and 3/4 heads (more than 1/2)")
    R.check(tally.get("approved") is True and tally.get("yes_headcount") == 3
            and tally.get("no_area") == "70.33" and r.body.get("ballots") == 4,
            "  ... approved; 4 ballots, 3 yes, owner-f's 70.33 m² no", tally)

    r = T.req("POST", RP(ref, "/decide"), "admin", {})
    R.check(r.status == 200 and r.body.get("state") == "approved"
            and r.body.get("approved_budget") == "31000.00",
            "decide -> approved, 31000.00 approved", r.describe())
    v = T.vote(vref)
    R.check(v.get("closed") is True and tally_of(v)[0].get("approved") is True,
            "  ... its vote is closed and approved", v)
    T.refuse("a ballot after the vote is closed -> 409 vote-closed", "POST", V(vref, "/ballots"),
             "cust-li", 409, "vote-closed", "vote", {"owner": "owner-g", "choice": "yes"})

    # Contract and works.
    contract = {"contractor": "Chengdu Lift Co.", "payee": LIFT_PAYEE, "price": "30000.00",
                "signed_on": today(), "document_sha256": sha("lift contract")}
    T.refuse("a contract with an unknown member -> 400 naming it", "POST", RP(ref, "/contract"),
             "treasurer", 400, "unknown-member", "penalty", dict(contract, penalty="1.00"))
    T.refuse("a contract whose warranty_months is true -> 400 member-type naming it", "POST",
             RP(ref, "/contract"), "treasurer", 400, "member-type", "warranty_months",
             dict(contract, warranty_months=True))
    T.refuse("a contract price of 41000.01 (over 31000.00 + the 10000.00 margin) -> 422 "
             "contract-over-budget naming price", "POST", RP(ref, "/contract"), "treasurer", 422,
             "contract-over-budget", "price", dict(contract, price="41000.01"))
    T.refuse("a payment before the contract -> 409 project-state", "POST", RP(ref, "/payments"),
             "treasurer", 409, "project-state", body={"stage": "advance", "amount": "1.00"})
    r = T.req("POST", RP(ref, "/contract"), "treasurer", contract)
    ct = (r.body or {}).get("contract") or {}
    R.check(r.status == 200 and r.body.get("state") == "contracted"
            and ct.get("price") == "30000.00" and ct.get("warranty_months") == 36
            and ct.get("payee", {}).get("account_no") == LIFT_PAYEE["account_no"],
            "the contract at 30000.00 -> contracted, warranty 36 months from the settings",
            r.describe())
    r = T.req("POST", RP(ref, "/start"), "pm-wu", {})
    R.check(r.status == 200 and r.body.get("state") == "in_works", "works start -> in_works",
            r.describe())

    # The advance: at most 30% of 30000.00.
    T.refuse("an advance of 9000.01 (over 30% of 30000.00) -> 422 payment-over-limit naming "
             "amount", "POST", RP(ref, "/payments"), "treasurer", 422, "payment-over-limit",
             "amount", {"stage": "advance", "amount": "9000.01"})
    T.refuse("a payment of stage \"deposit\" -> 400 payment-stage naming stage", "POST",
             RP(ref, "/payments"), "treasurer", 400, "payment-stage", "stage",
             {"stage": "deposit", "amount": "1.00"})
    T.refuse("a payment of -5.00 -> 400 naming amount", "POST", RP(ref, "/payments"),
             "treasurer", 400, field="amount", body={"stage": "progress", "amount": "-5.00"})
    r = T.req("POST", RP(ref, "/payments"), "treasurer", {"stage": "advance", "amount": "9000.00"})
    pays = (r.body or {}).get("payments") or []
    R.check(r.status == 200 and len(pays) == 1 and pays[0].get("stage") == "advance"
            and pays[0].get("amount") == "9000.00"
            and str(pays[0].get("order_id", "")).startswith("DO-")
            and pays[0].get("order_state") == "awaiting_signatures"
            and r.body.get("committed") == "9000.00" and r.body.get("paid") == "0.00",
            "an advance of 9000.00 -> an escrow order awaiting signatures in the project's "
            "payments", r.describe())
    oid = pays[0]["order_id"] if pays else None
    o = T.order(oid)
    R.check(o.get("fund") == "RF" and o.get("debit_account") == "RF.1701"
            and o.get("amount") == "9000.00" and o.get("repair_project") == ref
            and vref in o.get("resolution", "") and o.get("emergency_category") == ""
            and (o.get("payee") or {}).get("account_no") == LIFT_PAYEE["account_no"]
            and o.get("state") == "awaiting_signatures",
            "  ... the order: RF, Dr RF.1701, 9000.00 to the contractor, for RP-0001 by vote "
            "V-0001", o)

    # The two custodians sign it, each with their own key (openssl cms), and upload.
    doc = hs.safe(T.c.request, "GET", P("/orders/%s/document" % oid), token=t["cust-li"])
    R.equal(doc.status, 200, "the committee's custodian downloads the order document")
    s1 = T.flow.committee.sign(doc.raw)
    r = T.req("POST", P("/orders/%s/signatures" % oid), "cust-li", s1,
              content_type="application/pkcs7-signature")
    R.check(r.status == 200 and r.body.get("state") != "approved",
            "  ... signs it (openssl cms -sign) and uploads: one signature, not approved yet",
            r.describe())
    T.refuse("executing it with one signature -> refused (409/422)", "POST",
             P("/orders/%s/execute" % oid), "treasurer", (409, 422), body={"date": today()})
    s2 = T.flow.manager.cosign(s1, doc.raw)
    r = T.req("POST", P("/orders/%s/signatures" % oid), "cust-wang", s2,
              content_type="application/pkcs7-signature")
    R.check(r.status == 200 and r.body.get("state") == "approved",
            "the manager's custodian co-signs (openssl cms -resign) and uploads -> approved",
            r.describe())
    ok, out = hs.cms_verify(s2, doc.raw, (keys_pem(T)).encode(), T.flow_dir)
    R.check(ok, "  ... the signature verifies with stock openssl cms -verify", out)
    before = T.count()
    r = T.req("POST", P("/orders/%s/execute" % oid), "treasurer", {"date": today()})
    R.check(r.status == 200 and r.body.get("state") == "executed"
            and isinstance(r.body.get("entry_seq"), int),
            "the treasurer executes it -> executed", r.describe())
    R.equal(T.count(), before + 1, "  ... one entry")
    if r.status == 200:
        e = T.entry(r.body["entry_seq"])
        postings = sorted((p["account"], p["amount"]) for p in e.get("postings", []))
        R.check(e.get("kind") == "repair"
                and postings == [("RF.1002", "-9000.00"), ("RF.1701", "9000.00")],
                "  ... kind repair: Dr RF.1701 (works) 9000.00, Cr RF.1002", e)
    p = T.project(ref)
    R.check(p.get("paid") == "9000.00" and p["payments"][0].get("order_state") == "executed",
            "the project shows the advance paid (order executed)", p.get("payments"))
    rec = T.reconciliation()
    R.check(rec.get("balanced") is True and rec.get("works_in_progress") == "9000.00",
            "reconciliation during the works: 9000.00 in works in progress, balanced", rec)

    # Progress: before acceptance the retention (5% of the price, 1500.00) stays unpaid.
    T.refuse("a progress payment of 19500.01 (30000.00 - 5% retention - 9000.00 committed) -> "
             "422 payment-over-limit", "POST", RP(ref, "/payments"), "treasurer", 422,
             "payment-over-limit", "amount", {"stage": "progress", "amount": "19500.01"})
    T.refuse("the balance before acceptance -> 409 project-state", "POST", RP(ref, "/payments"),
             "treasurer", 409, "project-state", body={"stage": "balance", "amount": "1.00"})
    r = T.req("POST", RP(ref, "/payments"), "pm-wu", {"stage": "progress", "amount": "15000.00"})
    R.equal(r.status, 200, "a progress payment of 15000.00 is requested")
    o = T.flow.pay(r.body["payments"][-1]["order_id"])
    R.equal(o.get("state"), "executed", "  ... signed by both custodians and executed")

    # Acceptance at the final cost.
    T.refuse("settling before acceptance -> 409 project-state", "POST", RP(ref, "/settle"),
             "treasurer", 409, "project-state", body={})
    T.refuse("accepting at a final cost of 0.00 -> 400 naming final_cost", "POST",
             RP(ref, "/accept"), "pm-wu", 400, field="final_cost", body={"final_cost": "0.00"})
    r = T.req("POST", RP(ref, "/accept"), "pm-wu", {"final_cost": "30500.00"})
    warranty_end = add_months(hs.today_utc(), 36).isoformat()
    R.check(r.status == 200 and r.body.get("state") == "accepted"
            and r.body.get("final_cost") == "30500.00" and r.body.get("accepted_on") == today()
            and r.body.get("warranty_end") == warranty_end
            and r.body.get("retention") == "1525.00",
            "accepted at 30500.00 -> warranty to %s, retention 5%% = 1525.00" % warranty_end,
            r.describe())
    T.refuse("settling before the balance is paid -> 422 settle-unpaid", "POST",
             RP(ref, "/settle"), "treasurer", 422, "settle-unpaid", body={})
    T.refuse("a balance of 4975.01 (30500.00 - 1525.00 - 24000.00) -> 422 payment-over-limit",
             "POST", RP(ref, "/payments"), "treasurer", 422, "payment-over-limit", "amount",
             {"stage": "balance", "amount": "4975.01"})
    r = T.req("POST", RP(ref, "/payments"), "treasurer", {"stage": "balance", "amount": "4975.00"})
    R.equal(r.status, 200, "the balance of 4975.00 is requested")
    T.flow.pay(r.body["payments"][-1]["order_id"])
    p = T.project(ref)
    R.check(p.get("paid") == "28975.00" and p.get("committed") == "28975.00"
            and [x.get("order_state") for x in p["payments"]] == ["executed"] * 3,
            "  ... paid: 28975.00 over three executed orders", p.get("payments"))

    # Settlement: the final cost over building 2's units by area, exactly.
    r = T.req("POST", RP(ref, "/settle"), "treasurer", {})
    R.check(r.status == 200 and r.body.get("state") == "warranty"
            and r.body.get("retention_held") == "1525.00"
            and isinstance(r.body.get("settlement_entry_seq"), int),
            "settle -> warranty, 1525.00 retention held", r.describe())
    b2 = sorted(u for u, _, _ in B2)
    parts = dict(zip(b2, lr_split(3050000, [(u, AREA[u]) for u in b2])))
    r = T.req("GET", RP(ref, "/split"), "resident")
    units = (r.body or {}).get("units", [])
    got = {u.get("unit"): (u.get("area_m2"), u.get("amount")) for u in units}
    want = {u: (fen(AREA[u]), fen(parts[u])) for u in b2}
    R.check(r.status == 200 and r.body.get("total") == "30500.00"
            and sum(hs.to_cents(u.get("amount")) or 0 for u in units) == 3050000,
            "GET split (as a resident): the parts sum to exactly 30500.00", r.describe())
    R.equal(got, want, "  ... over building 2's 7 units only, each its area's share, largest "
                       "remainder to the fen")
    if isinstance(p := T.project(ref), dict) and isinstance(p.get("settlement_entry_seq"), int):
        e = T.entry(p["settlement_entry_seq"])
        sums = {}
        for x in e.get("postings", []):
            sums[x["account"]] = sums.get(x["account"], 0) + hs.to_cents(x["amount"])
        want_sums = {"RF.1701": 152500 - 3050000, "RF.2241": -152500}
        want_sums.update({"RF.3001@" + u: c for u, c in parts.items()})
        R.equal(sums, want_sums, "  ... the settlement entry: Dr each unit its share, Cr RF.1701 "
                                 "30500.00; Dr RF.1701 Cr RF.2241 the 1525.00 retention")
    subs = T.subs()
    bad = []
    for code, _, _ in UNITS:
        charged = parts.get(code, 0)
        bal = hs.to_cents(FIRST[code]) + T.interest[code] - charged
        below = bal * 10 < hs.to_cents(FIRST[code]) * 3
        want = (fen(charged), fen(bal), below)
        s = subs.get(code, {})
        if (s.get("charged"), s.get("balance"), s.get("needs_top_up")) != want:
            bad.append((code, s, want))
    R.check(not bad, "sub-accounts: building 2 charged its split, building 1 nothing; "
                     "balances and top-up flags follow", bad[:3])
    below = T.subs(below_top_up="true")
    R.equal(sorted(below), ["2-1-202"],
            "GET sub-accounts?below_top_up=true: 2-1-202 (below 30% of its 4000.00)")
    r = T.req("POST", P("/repair-fund/deposits"), "treasurer",
              {"deposits": [{"unit": "2-1-202", "kind": "top_up", "amount": "1000.00",
                             "date": today()}]})
    R.equal(r.status, 201, "its owner tops it up by 1000.00")
    s = T.subs().get("2-1-202", {})
    R.check(s.get("top_ups") == "1000.00" and s.get("needs_top_up") is False
            and T.subs(below_top_up="true") == {},
            "  ... top_ups 1000.00, no unit below the top-up share now", s)

    # The retention waits for the warranty.
    T.refuse("releasing the retention before the warranty ends (%s) -> 422 "
             "retention-before-warranty-end" % warranty_end, "POST", RP(ref, "/payments"),
             "treasurer", 422, "retention-before-warranty-end", "stage",
             {"stage": "retention", "amount": "1525.00"})
    T.refuse("closing with the retention held -> 422 retention-held", "POST", RP(ref, "/close"),
             "treasurer", 422, "retention-held", body={})
    rec = T.reconciliation()
    bank = hs.to_cents(rec.get("bank"))
    sub = hs.to_cents(rec.get("sub_accounts"))
    R.check(rec.get("balanced") is True and rec.get("retention") == "1525.00"
            and rec.get("works_in_progress") == "0.00" and bank is not None and sub is not None
            and bank == sub + 152500 and rec.get("control") == rec.get("sub_accounts"),
            "reconciliation after settlement: bank = sub-accounts + 1525.00 retention held, "
            "balanced", rec)
    T.reconciled = rec


def keys_pem(T):
    r = T.c.request("GET", P("/custodians.pem"), token=T.t["admin"])
    return r.raw.decode()


# ---- the emergency roof repair ---------------------------------------------------------------------

def roof_body(**over):
    body = {"title": "Roof leak over 1-1-201", "category": "roof",
            "reason": "Water comes through the roof into 1-1-201 after every rain",
            "budget": "8000.00",
            "quotes": [{"contractor": "Quick Roofing Ltd.", "amount": "7800.00",
                        "document_sha256": sha("roof quote")}],
            "chosen_reason": "the only roofer available this week",
            "scope": {"kind": "buildings", "items": ["1"]},
            "emergency_category": "roof_leak",
            "emergency_certificate_sha256": sha("inspection certificate"),
            "emergency_notice_sha256": sha("notice to owners")}
    body.update(over)
    return {k: v for k, v in body.items() if v is not None}


def emergency_roof(T):
    R = T.r
    path = P("/repair-projects")
    T.refuse("one quote without an emergency -> 400 project-quotes naming quotes", "POST", path,
             "pm-wu", 400, "project-quotes", "quotes",
             roof_body(emergency_category=None, emergency_certificate_sha256=None,
                       emergency_notice_sha256=None))
    T.refuse("an emergency without its certificate -> 400 naming emergency_certificate_sha256",
             "POST", path, "pm-wu", 400, "emergency-certificate", "emergency_certificate_sha256",
             roof_body(emergency_certificate_sha256=None))
    T.refuse("an emergency without the notice to owners -> 400 naming emergency_notice_sha256",
             "POST", path, "pm-wu", 400, "emergency-notice", "emergency_notice_sha256",
             roof_body(emergency_notice_sha256=None))
    T.refuse("an emergency of category \"flood\" -> 400 naming emergency_category", "POST",
             path, "pm-wu", 400, "emergency-category", "emergency_category",
             roof_body(emergency_category="flood"))
    r = T.req("POST", path, "pm-wu", roof_body())
    ref = (r.body or {}).get("project")
    R.check(r.status == 201 and ref == "RP-0002" and r.body.get("emergency") is True
            and r.body.get("state") == "proposed"
            and r.body.get("emergency_category") == "roof_leak",
            "an emergency roof repair (roof_leak, one quote, certificate, notice) -> 201 RP-0002",
            r.describe())
    T.refuse("putting an emergency to a vote -> 422 project-emergency", "POST", RP(ref, "/vote"),
             "cust-li", 422, "project-emergency", body={"question": "Roof?",
                                                        "closes_on": hs.day_after(3)})
    T.refuse("deciding it without a vote -> 409 project-state", "POST", RP(ref, "/decide"),
             "admin", 409, "project-state", body={})
    T.refuse("declaring the (voted) lift an emergency -> 409 project-state", "POST",
             RP("RP-0001", "/emergency"), "pm-wu", 409, "project-state", body={})
    r = T.req("POST", RP(ref, "/emergency"), "pm-wu", {"date": today()})
    R.check(r.status == 200 and r.body.get("state") == "emergency"
            and r.body.get("approved_budget") == "8000.00" and "vote" not in r.body
            and any(e.get("event") == "emergency" for e in r.body.get("events", [])),
            "POST emergency -> emergency, 8000.00 approved without a vote", r.describe())
    r = T.req("POST", RP(ref, "/contract"), "treasurer",
              {"contractor": "Quick Roofing Ltd.", "payee": ROOF_PAYEE, "price": "7800.00",
               "signed_on": today(), "document_sha256": sha("roof contract"),
               "warranty_months": 12})
    R.check(r.status == 200 and r.body.get("state") == "contracted", "its contract at 7800.00",
            r.describe())
    r = T.req("POST", RP(ref, "/start"), "treasurer", {"date": today()})
    R.equal((r.body or {}).get("state"), "in_works", "  ... works start")
    r = T.req("POST", RP(ref, "/payments"), "treasurer", {"stage": "advance", "amount": "2340.00"})
    pays = (r.body or {}).get("payments") or []
    R.check(r.status == 200 and len(pays) == 1, "an advance of 2340.00 (30%) is requested",
            r.describe())
    if not pays:
        return
    o = T.order(pays[0]["order_id"])
    vouchers = [v.get("sha256") for v in o.get("vouchers", [])]
    R.check(o.get("emergency_category") == "roof_leak" and o.get("repair_project") == ref
            and "emergency" in o.get("resolution", "")
            and sha("inspection certificate") in vouchers,
            "  ... its order carries emergency_category roof_leak and the certificate as a "
            "voucher", o)
    o = T.flow.pay(o["order_id"])
    e = T.entry(o["entry_seq"]) if isinstance(o.get("entry_seq"), int) else {}
    R.check(o.get("state") == "executed" and "emergency" in e.get("memo", ""),
            "  ... signed, executed; its entry says emergency", e)

    # A second emergency beyond the cap: 10% of the fund in a year (docs/escrow.md).
    rec = T.reconciliation()
    room = (hs.to_cents(rec["bank"]) + 234000) // 10 - 234000
    r = T.req("POST", path, "pm-wu",
              roof_body(title="Facade tiles falling on the path of building 1", category="facade",
                        budget="60000.00", emergency_category="facade",
                        quotes=[{"contractor": "Quick Roofing Ltd.", "amount": "60000.00",
                                 "document_sha256": sha("facade quote")}]))
    big = (r.body or {}).get("project")
    T.ok("POST", RP(big, "/emergency"), "pm-wu", {})
    T.ok("POST", RP(big, "/contract"), "treasurer",
         {"contractor": "Quick Roofing Ltd.", "payee": ROOF_PAYEE, "price": "60000.00",
          "signed_on": today(), "document_sha256": sha("facade contract")})
    T.ok("POST", RP(big, "/start"), "treasurer", {})
    T.refuse("its advance of 18000.00 (30%%, over the %s left of the emergency cap) -> 422 "
             "emergency-cap, and no order is left behind" % fen(room), "POST",
             RP(big, "/payments"), "treasurer", 422, "emergency-cap", "amount",
             {"stage": "advance", "amount": "18000.00"})


# ---- an overrun that needs the owners' new approval ---------------------------------------------------

def overrun(T):
    """A second lift of building 2, accepted at 41000.01: above its 31000.00 budget by more than
    the margin (max(10%, 10000.00) = 10000.00), so the excess waits for a new vote of building 2."""
    R = T.r
    r = T.req("POST", P("/repair-projects"), "pm-wu", lift_body(title="Lift 1 doors and controls"))
    ref = (r.body or {}).get("project")
    R.equal(r.status, 201, "a second lift project for building 2 (budget 31000.00)")
    T.ok("POST", RP(ref, "/vote"), "cust-li",
         {"question": "Repair lift 1 of building 2?", "closes_on": hs.day_after(10)})
    vref = T.project(ref)["vote"]
    T.votes.append(vref)
    for owner, choice in (("owner-d", "yes"), ("owner-e", "yes"), ("dev-co", "yes"),
                          ("owner-f", "no")):
        T.ok("POST", V(vref, "/ballots"), "cust-wang", {"owner": owner, "choice": choice})
    p = T.ok("POST", RP(ref, "/decide"), "admin", {})
    R.equal(p.get("state"), "approved", "  ... approved by building 2 (3 yes of 4 of 5 heads)")
    T.ok("POST", RP(ref, "/contract"), "treasurer",
         {"contractor": "Chengdu Lift Co.", "payee": LIFT_PAYEE, "price": "30000.00",
          "signed_on": today(), "document_sha256": sha("lift 1 contract")})
    T.ok("POST", RP(ref, "/start"), "treasurer", {})
    p = T.ok("POST", RP(ref, "/accept"), "pm-wu", {"final_cost": "41000.01"})
    R.check(p.get("state") == "accepted" and p.get("retention") == "2050.00"
            and any("approval" in e.get("detail", "") for e in p.get("events", [])),
            "accepted at 41000.01 (retention 2050.00); its event says the excess needs approval",
            p)
    T.refuse("a balance of 28950.01 (the approved 31000.00 less the retention) -> 422 "
             "overrun-needs-approval", "POST", RP(ref, "/payments"), "treasurer", 422,
             "overrun-needs-approval", "amount", {"stage": "balance", "amount": "28950.01"})
    T.refuse("settling before the overrun is approved -> 422 overrun-needs-approval", "POST",
             RP(ref, "/settle"), "treasurer", 422, "overrun-needs-approval", body={})
    T.refuse("an overrun approval by the treasurer -> 403 (conduct_vote)", "POST",
             RP(ref, "/overrun-approval"), "treasurer", 403, body={"vote": vref})
    T.refuse("an overrun approval by an unknown vote -> 404 vote-unknown", "POST",
             RP(ref, "/overrun-approval"), "admin", 404, "vote-unknown", body={"vote": "V-9999"})
    base = {"question": "Approve the final cost of 41000.01 for lift 1?", "matter": "use_fund",
            "opens_on": today(), "closes_on": hs.day_after(7)}
    new = T.ok("POST", P("/votes"), "admin",
               dict(base, scope={"kind": "buildings", "items": ["2"]}), 201)["vote"]
    T.votes.append(new)
    T.refuse("an overrun approval by a vote still open -> 422 overrun-vote", "POST",
             RP(ref, "/overrun-approval"), "admin", 422, "overrun-vote", "vote", {"vote": new})
    other = T.ok("POST", P("/votes"), "admin",
                 dict(base, scope={"kind": "buildings", "items": ["1"]}), 201)["vote"]
    T.votes.append(other)
    for owner in ("owner-a", "owner-b", "owner-c"):
        T.ok("POST", V(other, "/ballots"), "cust-li", {"owner": owner, "choice": "yes"})
    T.ok("POST", V(other, "/close"), "admin", {})
    T.refuse("an overrun approval by building 1's passed vote -> 422 overrun-vote-scope", "POST",
             RP(ref, "/overrun-approval"), "admin", 422, "overrun-vote-scope", "vote",
             {"vote": other})
    T.refuse("an overrun approval by the project's own first vote %s (it approved the budget, "
             "not the excess: a new approval is needed) -> 422" % vref, "POST",
             RP(ref, "/overrun-approval"), "admin", 422, field="vote", body={"vote": vref})
    for owner, choice in (("owner-d", "yes"), ("owner-e", "yes"), ("owner-g", "yes"),
                          ("owner-f", "abstain")):
        T.ok("POST", V(new, "/ballots"), "cust-li", {"owner": owner, "choice": choice})
    T.ok("POST", V(new, "/close"), "cust-wang", {})
    r = T.req("POST", RP(ref, "/overrun-approval"), "cust-li", {"vote": new})
    R.check(r.status == 200 and r.body.get("approved_budget") == "41000.01"
            and r.body.get("state") == "accepted",
            "the new vote %s of building 2, passed and closed, approves the overrun -> 41000.01 "
            "approved" % new, r.describe())


# ---- votes of their own ------------------------------------------------------------------------------

def standalone_votes(T):
    R = T.r
    base = {"question": "Renew the property manager's contract for 2027?", "matter": "ordinary",
            "scope": {"kind": "entrances", "items": ["1-1"]}, "opens_on": today(),
            "closes_on": hs.day_after(7), "allow_change": False}
    path = P("/votes")
    T.refuse("a vote closing before it opens -> 400 vote-dates naming closes_on", "POST", path,
             "admin", 400, "vote-dates", "closes_on", dict(base, closes_on=hs.day_after(-1)))
    T.refuse("a vote with an unknown member -> 400 naming it", "POST", path, "admin", 400,
             "unknown-member", "quorum", dict(base, quorum="1/2"))
    T.refuse("a vote on matter \"party\" -> 400 naming matter", "POST", path, "admin", 400,
             field="matter", body=dict(base, matter="party"))
    T.refuse("a vote on scope kind \"street\" -> 400 naming scope.kind", "POST", path, "admin",
             400, "scope-kind", "scope.kind", dict(base, scope={"kind": "street", "items": []}))
    T.refuse("a vote on entrance 7-7 (no units) -> 400 scope-empty", "POST", path, "admin", 400,
             "scope-empty", "scope", dict(base, scope={"kind": "entrances", "items": ["7-7"]}))
    T.refuse("a vote opened by the treasurer -> 403", "POST", path, "treasurer", 403, body=base)
    r = T.req("POST", path, "cust-wang", base)
    ref = (r.body or {}).get("vote")
    R.check(r.status == 201 and r.body.get("voters") == 3 and r.body.get("matter") == "ordinary"
            and r.body.get("allow_change") is False,
            "a custodian opens an ordinary vote of entrance 1-1 -> 201, 3 voters", r.describe())
    if not ref:
        return
    T.votes.append(ref)
    r = T.req("POST", V(ref, "/ballots"), "cust-li", {"owner": "owner-a", "choice": "yes"})
    R.equal(r.status, 200, "owner-a votes yes")
    T.refuse("owner-a again where changes are not allowed -> 409 ballot-recorded", "POST",
             V(ref, "/ballots"), "cust-li", 409, "ballot-recorded", "owner",
             {"owner": "owner-a", "choice": "no"})
    T.refuse("owner-d (building 2) -> 422 ballot-not-eligible", "POST", V(ref, "/ballots"),
             "cust-li", 422, "ballot-not-eligible", "owner", {"owner": "owner-d", "choice": "no"})
    r = T.req("POST", V(ref, "/close"), "admin", {})
    tally, th = tally_of(r.body)
    R.check(r.status == 200 and r.body.get("closed") is True and tally.get("approved") is False
            and th.get("participation_headcount", {}).get("numerator") == "1",
            "closing it with 1 of 3 voters -> closed, not approved (participation)", r.describe())
    T.refuse("a ballot after the close -> 409 vote-closed", "POST", V(ref, "/ballots"),
             "cust-li", 409, "vote-closed", "vote", {"owner": "owner-b", "choice": "yes"})
    T.refuse("closing it again -> 409 vote-closed", "POST", V(ref, "/close"), "admin", 409,
             "vote-closed", body={})
    r = T.req("POST", path, "admin", dict(base, matter="use_fund", opens_on="2020-06-01",
                                          closes_on="2020-06-30"))
    R.check(r.status == 201 and r.body.get("rule_set") == "CN-property-law-2007",
            "a vote opened on 2020-06-01 is judged by the Property Law 2007 rules", r.describe())
    if r.status == 201:
        T.votes.append(r.body["vote"])
    r = T.req("GET", V("V-9999"), "admin")
    hs.check_problem(R, r, "GET an unknown vote -> 404", 404, "vote-unknown")
    r = T.req("GET", RP("RP-9999"), "admin")
    hs.check_problem(R, r, "GET an unknown project -> 404", 404, "project-unknown")


# ---- residents, regulators, no token -----------------------------------------------------------------

def outsiders(T):
    R = T.r
    r = T.req("POST", P("/votes"), "admin",
              {"question": "Paint the bicycle shed?", "matter": "ordinary",
               "scope": {"kind": "estate"}, "opens_on": today(), "closes_on": hs.day_after(9)})
    vref = (r.body or {}).get("vote", "V-0001")
    R.equal(r.status, 201, "an open estate-wide vote for the checks below")
    T.votes.append(vref)
    r = T.req("POST", P("/repair-projects"), "pm-wu",
              lift_body(title="Facade tiles of building 1", category="facade",
                        scope={"kind": "buildings", "items": ["1"]}))
    fresh = (r.body or {}).get("project", "RP-0003")
    R.equal(r.status, 201, "a proposed project for the checks below")
    writes = [
        ("/repair-fund/settings", {"effective_from": hs.day_after(30)}),
        ("/repair-fund/deposits", {"deposits": [{"unit": "1-1-101", "kind": "top_up",
                                                 "amount": "1.00", "date": today()}]}),
        ("/repair-fund/interest", {"amount": "1.00"}),
        ("/votes", {"question": "q?", "matter": "ordinary", "scope": {"kind": "estate"},
                    "opens_on": today(), "closes_on": today()}),
        ("/votes/%s/ballots" % vref, {"owner": "owner-e", "choice": "yes"}),
        ("/votes/%s/close" % vref, {}),
        ("/repair-projects", lift_body()),
        ("/repair-projects/%s/vote" % fresh, {"question": "q?", "closes_on": hs.day_after(3)}),
        ("/repair-projects/RP-0001/decide", {}),
        ("/repair-projects/%s/emergency" % fresh, {}),
        ("/repair-projects/%s/contract" % fresh, {}),
        ("/repair-projects/%s/start" % fresh, {}),
        ("/repair-projects/RP-0002/payments", {"stage": "progress", "amount": "1.00"}),
        ("/repair-projects/RP-0002/accept", {"final_cost": "7800.00"}),
        ("/repair-projects/RP-0001/overrun-approval", {"vote": "V-0001"}),
        ("/repair-projects/RP-0002/settle", {}),
        ("/repair-projects/RP-0001/close", {}),
        ("/orders/%s/signatures" % "DO-000001", {"signature": "AA=="}),
    ]
    for who in ("resident", "regulator", "supervisor", "nobody"):
        before = T.world()
        bad = []
        for rest, body in writes:
            r = T.req("POST", P(rest), who, body)
            want = 401 if who == "nobody" else 403
            errs = hs.problem_errors(r, want)
            if errs:
                bad.append((rest, r.status, errs))
        R.check(not bad, "%s: every repair-fund, vote and project write -> %s (%d routes)"
                % (who, 401 if who == "nobody" else 403, len(writes)), bad[:4])
        R.check(T.world() == before, "  ... and nothing changed")
    for rest in ("/repair-projects", "/repair-projects/RP-0001", "/repair-projects/RP-0002",
                 "/repair-projects/RP-0001/split", "/votes/V-0001", "/votes/" + vref):
        r = T.req("GET", P(rest), "resident")
        R.check(r.status == 200 and isinstance(r.body, dict),
                "resident reads %s (read_estate) -> 200" % rest, r.describe())
    r = T.req("GET", P("/repair-projects"), "resident")
    listed = [x.get("project") for x in (r.body or {}).get("projects", [])]
    R.check(listed[:2] == ["RP-0001", "RP-0002"] and fresh in listed,
            "  ... the project list has the lift, the roof and the new proposal", listed)
    for rest in ("/repair-fund/settings", "/repair-fund/sub-accounts",
                 "/repair-fund/reconciliation"):
        r = T.req("GET", P(rest), "resident")
        hs.check_problem(R, r, "resident: GET %s (read_books) -> 403" % rest, 403)
        r = T.req("GET", P(rest), "regulator")
        R.equal(r.status, 200, "regulator: GET %s (read_books) -> 200" % rest)
    r = T.req("GET", P("/repair-projects"), "nobody")
    hs.check_problem(R, r, "no token: GET repair-projects -> 401", 401)


if __name__ == "__main__":
    hs.run_main(main)
