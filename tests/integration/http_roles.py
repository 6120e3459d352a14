#!/usr/bin/env python3
"""The role matrix of the HTTP API: every route x every role (and no token, bad tokens, a user of
another estate) against the policy table of docs/access.md, restated in http_support.POLICY.

Usage: python3 tests/integration/http_roles.py path/to/trustfund
"""

import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402
from http_support import ESTATE, OTHER_ESTATE, OWN_UNIT, NEIGHBOUR_UNIT, OTHER_UNIT  # noqa: E402

ROLE_CALLERS = ["root"] + hs.ROLES + ["outsider"]        # callers with a valid API token
BAD_TOKENS = {
    "no token": None,
    "garbage token": "not-a-token",
    "unknown API token": "tft_" + "0" * 64,
    "unknown session token": "tfs_" + "f" * 64,
}

_counter = itertools.count(1)


def n():
    return next(_counter)


def unit_body(_estate):
    i = n()
    return {"code": "9-%d-%03d" % (i // 1000, i % 1000), "kind": "residential",
            "area_m2": "66.60", "owner_ref": "owner-matrix"}


def import_body(_estate):
    i = n()
    return ("code,kind,area_m2,owner_ref\n8-%d-%03d,residential,50.00,owner-csv\n"
            % (i // 1000, i % 1000))


def entry_body(estate):
    unit = OWN_UNIT if estate == ESTATE else OTHER_UNIT
    return hs.payment("2026-10-15", "1.00", unit, "matrix payment %d" % n())


def schedule_body(_estate):
    i = n()  # a month of its own, far ahead of any bill
    return {"unit_kind": "parking", "effective_from": "%04d-%02d" % (2100 + i // 12, i % 12 + 1),
            "basis": "fixed", "fixed_per_unit_month": "80.00"}


def fee_payment_body(estate):
    # Paid for a unit whose balance no other check reads (the resident's own is checked below).
    unit = NEIGHBOUR_UNIT if estate == ESTATE else OTHER_UNIT
    return {"unit": unit, "amount": "1.00", "channel": "wechat_pay",
            "reference": "matrix-%d" % n(), "date": "2026-10-20"}


def payments_csv_body(estate):
    unit = NEIGHBOUR_UNIT if estate == ESTATE else OTHER_UNIT
    return "unit,amount,reference,date,channel\n%s,1.00,matrix-csv-%d,2026-10-21,alipay\n" % (
        unit, n())


def accrual_body(_estate):
    i = n()  # a month of its own, under the fixture's fixed terms
    return {"month": "%04d-%02d" % (2050 + i // 12, i % 12 + 1)}


def revenue_body(_estate):
    return {"class": "parking", "amount": "1.00", "date": "2026-10-03", "memo": "matrix %d" % n()}


def revenue_cost_body(_estate):
    return {"amount": "0.10", "date": "2026-10-04", "payee": "Matrix attendant",
            "voucher_no": "m-%d" % n(), "voucher_sha256": "a" * 64}


def transfer_body(_estate):
    i = n()  # a month of its own, with nothing to move: a transfer of 0.00
    month = "%04d-%02d" % (2060 + i // 12, i % 12 + 1)
    return {"from": month, "to": month, "share": "0.5"}


def estate_body(_estate):
    i = n()
    return {"id": "matrix-%d" % i, "name": "Matrix estate %d" % i}


def close_path(estate):
    i = n()
    return hs.estate_path(estate, "/periods/%04d-%02d/close" % (2000 + i // 12, i % 12 + 1))


class Route:
    def __init__(self, method, path, action, unit=None, body=None, content_type=None,
                 write=False, estate=None):
        self.method = method
        self.path = path          # a string or a function of the estate
        self.action = action      # a POLICY action, or public / authenticated / create_estate
        self.unit = unit
        self.body = body          # None or a function of the estate
        self.content_type = content_type
        self.write = write
        self.estate = estate

    def name(self):
        return "%s %s" % (self.method, self.path if isinstance(self.path, str) else "(generated)")


def estate_routes(e):
    """The routes of one estate."""
    u_own = OWN_UNIT if e == ESTATE else OTHER_UNIT
    P = lambda rest="": hs.estate_path(e, rest)  # noqa: E731
    routes = [
        Route("GET", P(), "read_estate"),
        Route("GET", P("/units"), "read_estate"),
        Route("POST", P("/units"), "manage_units", body=unit_body, write=True),
        Route("POST", P("/units/import"), "manage_units", body=import_body,
              content_type="text/csv", write=True),
        Route("GET", P("/units/" + u_own), "read_unit", unit=u_own),
        Route("GET", P("/accounts"), "read_estate"),           # the chart is public to the estate
        Route("GET", P("/accounts?units=true"), "read_books"),  # every unit's sub-account is not
        Route("GET", P("/balances?period=2026-10"), "read_books"),
        Route("GET", P("/balances?as_of=2026-10-31&account=OP.1002"), "read_books"),
        Route("POST", P("/entries"), "write_journal", body=entry_body, write=True),
        Route("GET", P("/entries?limit=5"), "read_books"),
        Route("GET", P("/entries/0"), "read_books"),
        Route("GET", P("/log/root"), "read_estate"),
        Route("GET", P("/log/consistency?from=1"), "read_estate"),
        Route("POST", lambda est=e: close_path(est), "close_period", write=True),
        Route("GET", P("/actions?limit=10"), "read_audit"),
        # fee collection
        Route("GET", P("/fee-schedules"), "read_estate"),
        Route("POST", P("/fee-schedules"), "write_journal", body=schedule_body, write=True),
        Route("POST", P("/billing-runs"), "write_journal", body=lambda _e: {"month": "2026-09"},
              write=True),
        Route("POST", P("/payments"), "write_journal", body=fee_payment_body, write=True),
        Route("POST", P("/payments/import"), "write_journal", body=payments_csv_body,
              content_type="text/csv", write=True),
        # receipt 1 is the fixture's payment for the neighbour (or the other estate's unit)
        Route("GET", P("/receipts/1"), "read_unit",
              unit=NEIGHBOUR_UNIT if e == ESTATE else OTHER_UNIT),
        Route("GET", P("/arrears"), "read_books"),
        Route("GET", P("/collection-rate?month=2026-10"), "read_estate"),
        Route("GET", P("/units/" + u_own + "/account"), "read_unit", unit=u_own),
        Route("GET", P("/remuneration-accruals"), "read_estate"),
        Route("POST", P("/remuneration-accruals"), "write_journal", body=accrual_body, write=True),
        Route("GET", P("/public-revenue?from=2026-01&to=2026-12"), "read_estate"),
        Route("POST", P("/public-revenue"), "write_journal", body=revenue_body, write=True),
        Route("POST", P("/public-revenue/costs"), "write_journal", body=revenue_cost_body,
              write=True),
        Route("POST", P("/public-revenue/transfers"), "write_journal", body=transfer_body,
              write=True),
    ]
    if e == ESTATE:
        routes.insert(5, Route("GET", P("/units/" + NEIGHBOUR_UNIT), "read_unit",
                               unit=NEIGHBOUR_UNIT))
    for r in routes:
        r.estate = e
    return routes


GLOBAL_ROUTES = [
    Route("GET", "/healthz", "public"),
    Route("GET", "/metrics", "public"),
    Route("GET", "/api/v1/openapi.yaml", "public"),
    Route("GET", "/api/v1/routes", "public"),
    Route("GET", "/api/v1/sessions/current", "authenticated"),
    Route("GET", "/api/v1/estates", "authenticated"),
    Route("POST", "/api/v1/estates", "create_estate", body=estate_body, write=True),
]


def role_allows(role, action, unit):
    rule = hs.POLICY[action][role]
    return rule == "Y" or (rule == "own" and unit == OWN_UNIT)


def expectation(caller, route):
    """'allow', 401 or 403, from the policy table alone."""
    authenticated = caller in ROLE_CALLERS
    if route.action == "public":
        return "allow"
    if not authenticated:
        return 401
    if route.action == "authenticated":
        return "allow"
    if route.action == "create_estate":
        return "allow" if caller == "root" else 403
    if caller == "root":  # admin on '*'
        return "allow" if role_allows("admin", route.action, route.unit) else 403
    if caller == "outsider":  # admin of OTHER_ESTATE only
        if route.estate == OTHER_ESTATE and role_allows("admin", route.action, route.unit):
            return "allow"
        return 403
    if route.estate != ESTATE:  # every role user holds a grant in ESTATE only
        return 403
    return "allow" if role_allows(caller, route.action, route.unit) else 403


def send(client, route, token):
    path = route.path if isinstance(route.path, str) else route.path()
    body = route.body(route.estate) if route.body else None
    if route.method == "POST" and body is None:
        body = {}  # e.g. close: an empty JSON object
    return path, hs.safe(client.request, route.method, path, body=body, token=token,
                         content_type=route.content_type)


def main(results, binary):
    env = hs.Environment(binary, "roles")
    env.standard_fixture()
    for estate in (ESTATE, OTHER_ESTATE):  # remuneration terms, so that accruals can be made
        env.D("fees", "remuneration", "terms", "--estate", estate, "--from", "2000-01",
              "--basis", "fixed", "--fixed", "10.00")
    server = env.serve()
    c = server.client()
    tokens = dict(env.tokens)
    callers = [(name, tokens[name]) for name in ROLE_CALLERS] + list(BAD_TOKENS.items())

    # One fee payment per estate before the matrix, so that receipt 1 exists in both.
    for estate, token in ((ESTATE, tokens["root"]), (OTHER_ESTATE, tokens["root"])):
        r = c.request("POST", hs.estate_path(estate, "/payments"), body=fee_payment_body(estate),
                      token=token)
        results.check(r.status == 201, "fixture: a fee payment in %s -> 201" % estate, r.describe())
    routes = GLOBAL_ROUTES + estate_routes(ESTATE) + estate_routes(OTHER_ESTATE)
    outcomes = {}  # (caller, route index) -> (expected, status)
    for ri, route in enumerate(routes):
        for caller, token in callers:
            if route.action == "public" and caller in BAD_TOKENS and token is not None:
                continue  # what a public route does with a bad token is not specified
            want = expectation(caller, route)
            path, r = send(c, route, token)
            outcomes[(caller, ri)] = (want, r.status)
            desc = "%s %s as %s -> %s" % (route.method, path, caller,
                                          "allowed (2xx)" if want == "allow" else want)
            if want == "allow":
                results.check(200 <= r.status < 300, desc, r.describe())
            else:
                errs = hs.problem_errors(r, want)
                results.check(not errs, desc, "; ".join(errs) + " | " + r.describe())

    # -- summaries the brief asks for explicitly
    reg_writes = [(routes[ri], st) for (caller, ri), (_, st) in outcomes.items()
                  if caller == "regulator" and routes[ri].write]
    results.check(reg_writes and all(st == 403 for _, st in reg_writes),
                  "regulator: 403 on every write route (%d)" % len(reg_writes),
                  [(r.name(), st) for r, st in reg_writes if st != 403])
    other = [(routes[ri], st) for (caller, ri), (_, st) in outcomes.items()
             if caller in hs.ROLES and routes[ri].estate == OTHER_ESTATE]
    results.check(other and all(st == 403 for _, st in other),
                  "every role of %s: 403 on every %s route (%d requests)"
                  % (ESTATE, OTHER_ESTATE, len(other)),
                  [(r.name(), st) for r, st in other if st != 403][:10])
    outsider = [(routes[ri], st) for (caller, ri), (_, st) in outcomes.items()
                if caller == "outsider" and routes[ri].estate == ESTATE]
    results.check(outsider and all(st == 403 for _, st in outsider),
                  "admin of %s only: 403 on every %s route (%d)" % (OTHER_ESTATE, ESTATE,
                                                                    len(outsider)),
                  [(r.name(), st) for r, st in outsider if st != 403])
    fivexx = [(caller, routes[ri].name(), st) for (caller, ri), (_, st) in outcomes.items()
              if st >= 500 or st == 0]
    results.check(not fivexx, "no request of the matrix got a 5xx or no answer", fivexx[:10])

    # -- resident: own unit yes, neighbour no (with content)
    r = c.request("GET", hs.estate_path(ESTATE, "/units/" + OWN_UNIT + "?as_of=2026-10-31"),
                  token=tokens["resident"])
    ok = (r.status == 200 and isinstance(r.body, dict)
          and (r.body.get("unit") or {}).get("code") == OWN_UNIT
          and r.body.get("as_of") == "2026-10-31" and isinstance(r.body.get("accounts"), list))
    results.check(ok, "resident: GET own unit %s -> 200 {unit, as_of, accounts}" % OWN_UNIT,
                  r.describe())
    if ok:
        bal = {a.get("account"): a.get("balance") for a in r.body["accounts"]}
        # Billed 210.02; each payment the matrix posted (1.00 to this unit, dated 2026-10-15)
        # reduces it.
        paid = sum(1 for (who, ri), (_, st) in outcomes.items()
                   if routes[ri].estate == ESTATE and routes[ri].method == "POST"
                   and "/entries" in routes[ri].name() and 200 <= st < 300)
        want = "%d.%02d" % divmod(21002 - 100 * paid, 100)
        results.equal(bal.get("OP.1122@" + OWN_UNIT), want,
                      "resident: own unit's fee receivable as of 2026-10-31 is the billed 210.02 "
                      "less the %d payments of 1.00 the matrix posted" % paid)
        results.check(all({"account", "name_zh", "name_en", "balance"} <= set(a)
                          for a in r.body["accounts"]),
                      "resident: unit accounts carry account, name_zh, name_en, balance",
                      r.body["accounts"])
    r = c.request("GET", hs.estate_path(ESTATE, "/units/" + NEIGHBOUR_UNIT),
                  token=tokens["resident"])
    hs.check_problem(results, r, "resident: GET neighbour's unit %s -> 403" % NEIGHBOUR_UNIT, 403)
    r = c.request("GET", hs.estate_path(ESTATE, "/units"), token=tokens["resident"])
    codes = [u.get("code") for u in (r.body or {}).get("units", [])] if r.status == 200 else None
    results.equal(codes, [OWN_UNIT], "resident: GET units lists only their own unit")
    for role in ["admin", "treasurer", "custodian", "supervisor", "regulator"]:
        r = c.request("GET", hs.estate_path(ESTATE, "/units"), token=tokens[role])
        codes = {u.get("code") for u in (r.body or {}).get("units", [])} if r.status == 200 else set()
        results.check({OWN_UNIT, NEIGHBOUR_UNIT} <= codes,
                      "%s: GET units lists every unit" % role, r.describe())
        if role in ("custodian", "supervisor", "regulator"):
            leaked = [u for u in (r.body or {}).get("units", []) if "owner_ref" in u]
            results.check(r.status == 200 and not leaked,
                          "%s: units carry no owner_ref (personal data)" % role, leaked[:3])
        if role == "admin":
            units = (r.body or {}).get("units", [])
            results.check(r.status == 200 and units and all("owner_ref" in u for u in units),
                          "admin: units carry owner_ref", r.describe())

    # -- what each caller sees in GET /api/v1/estates
    for caller, want in [("treasurer", {ESTATE}), ("resident", {ESTATE}),
                         ("regulator", {ESTATE}), ("outsider", {OTHER_ESTATE})]:
        r = c.request("GET", "/api/v1/estates", token=tokens[caller])
        got = {x.get("id") for x in (r.body or {}).get("estates", [])} if r.status == 200 else None
        results.equal(got, want, "%s: GET /api/v1/estates lists only %s" % (caller, sorted(want)))
    r = c.request("GET", "/api/v1/estates", token=tokens["root"])
    items = (r.body or {}).get("estates", []) if r.status == 200 else []
    got = {x.get("id") for x in items}
    results.check({ESTATE, OTHER_ESTATE} <= got and any(i.startswith("matrix-") for i in got),
                  "installation admin: GET /api/v1/estates lists every estate (also new ones)",
                  sorted(got))
    results.check(items and all({"id", "name", "created_at"} <= set(x) for x in items),
                  "estates carry id, name, created_at", items[:2])

    # -- unknown estate for an allowed caller -> 404
    for method, rest, body in [("GET", "", None), ("GET", "/units", None),
                               ("GET", "/entries", None), ("GET", "/log/root", None),
                               ("POST", "/entries", hs.payment("2026-10-15", "1.00"))]:
        r = c.request(method, hs.estate_path("no-such-estate", rest), body=body,
                      token=tokens["root"])
        hs.check_problem(results, r, "installation admin: %s %s of an unknown estate -> 404"
                         % (method, rest or "/"), 404)

    # -- who am I
    r = c.request("GET", "/api/v1/sessions/current", token=tokens["resident"])
    results.check(r.status == 200 and (r.body or {}).get("username") == "sun-resident"
                  and isinstance((r.body or {}).get("grants"), list) and r.body["grants"],
                  "resident: GET sessions/current names them and lists their grant", r.describe())
    grant_text = str((r.body or {}).get("grants"))
    results.check("resident" in grant_text and ESTATE in grant_text and OWN_UNIT in grant_text,
                  "resident's grant names role, estate and unit", grant_text)

    # -- a session token follows the same policy as an API token
    r = c.request("POST", "/api/v1/sessions",
                  body={"username": "sun-treasurer", "password": env.passwords["sun-treasurer"]})
    session = (r.body or {}).get("token") if r.status == 201 else None
    results.check(bool(session), "treasurer logs in -> 201 with a session token", r.describe())
    if session:
        r = c.request("POST", hs.estate_path(ESTATE, "/entries"), token=session,
                      body=hs.payment("2026-10-16", "2.00", memo="via session"))
        results.check(r.status == 201, "treasurer's session token: POST entry -> 201",
                      r.describe())
        r = c.request("GET", hs.estate_path(ESTATE, "/actions"), token=session)
        hs.check_problem(results, r, "treasurer's session token: GET actions -> 403", 403)
        r = c.request("GET", hs.estate_path(OTHER_ESTATE), token=session)
        hs.check_problem(results, r, "treasurer's session token: GET %s -> 403" % OTHER_ESTATE,
                         403)

    # -- logging out with an API token does not revoke it (docs/access.md)
    r = hs.safe(c.request, "DELETE", "/api/v1/sessions/current", token=tokens["custodian"])
    results.check(r.status != 0 and r.status < 500,
                  "DELETE sessions/current with an API token: answered, no 5xx", r.describe())
    r = c.request("GET", hs.estate_path(ESTATE), token=tokens["custodian"])
    results.check(r.status == 200, "the API token still works after DELETE sessions/current",
                  r.describe())
    r = c.request("DELETE", "/api/v1/sessions/current")
    hs.check_problem(results, r, "DELETE sessions/current without a token -> 401", 401)
    r = c.request("GET", hs.estate_path(ESTATE), headers={"Authorization": "Basic c3VuOnN1bg=="})
    hs.check_problem(results, r, "Basic authorization instead of Bearer -> 401", 401)

    # -- the audit trail: writes, unit-detail reads and a regulator's reads are recorded
    audit_checks(results, c, tokens, routes, outcomes)

    rc = server.stop()
    results.equal(rc, 0, "server stops on SIGTERM with exit 0")


def audit_checks(results, c, tokens, routes, outcomes):
    actions, problems, after = [], [], None
    chain_ok, last = None, None
    for _ in range(1000):
        q = {"limit": "500", "verify": "true"}
        if after is not None:
            q["after"] = str(after)
        r = c.request("GET", hs.estate_path(ESTATE, "/actions"), token=tokens["supervisor"],
                      query=q)
        last = r
        if r.status != 200 or not isinstance(r.body, dict):
            problems.append(r.describe())
            break
        page = r.body.get("actions", [])
        chain_ok = r.body.get("chain_ok") if chain_ok in (None, True) else chain_ok
        actions.extend(page)
        if len(page) < 500:
            break
        after = page[-1].get("seq")
    results.check(not problems and actions, "supervisor: GET actions pages through the trail",
                  problems or (last.describe() if last else None))
    results.check(chain_ok is True, "actions: chain_ok is true",
                  last.describe() if last else None)
    need = {"seq", "at", "actor", "remote", "action", "target", "hash"}
    bad = [a for a in actions if not need <= set(a)]
    results.check(actions and not bad, "every action has seq, at, actor, remote, action, target, hash",
                  bad[:2])
    seqs = [a.get("seq") for a in actions]
    results.check(seqs == sorted(set(seqs)), "action seqs are distinct and ascending", seqs[:20])

    def by(user):
        return [a for a in actions if user in str(a.get("actor", ""))]

    # Writes that succeeded in ESTATE, per caller: each should have left an action by them.
    for caller in ["admin", "treasurer", "manager"]:
        user = "sun-" + caller
        wrote = sum(1 for (who, ri), (_, st) in outcomes.items()
                    if who == caller and routes[ri].write and routes[ri].estate == ESTATE
                    and 200 <= st < 300)
        recorded = by(user)
        results.check(wrote == 0 or len(recorded) >= wrote,
                      "%s's %d writes are in the action log (%d actions by them)"
                      % (caller, wrote, len(recorded)))
    reads = sum(1 for (who, ri), (_, st) in outcomes.items()
                if who == "regulator" and routes[ri].estate == ESTATE and routes[ri].method == "GET"
                and 200 <= st < 300)
    recorded = by("sun-regulator")
    results.check(reads > 0 and len(recorded) >= reads,
                  "regulator's %d successful reads are in the action log (%d actions by them)"
                  % (reads, len(recorded)))
    unit_reads = [a for a in by("sun-resident") if OWN_UNIT in str(a.get("target", ""))]
    results.check(unit_reads, "the resident's unit-detail read of %s is in the action log"
                  % OWN_UNIT, [a for a in by("sun-resident")][:3])
    units_added = [a for a in actions if "9-" in str(a.get("target", ""))]
    results.check(units_added, "units added over the API are in the action log")
    remote_ok = by("sun-") and all(a.get("remote") in ("127.0.0.1", "::ffff:127.0.0.1", "::1")
                                   for a in by("sun-"))
    results.check(remote_ok, "actions record the remote address (127.0.0.1)",
                  [a.get("remote") for a in by("sun-")][:5])


if __name__ == "__main__":
    hs.run_main(main)
