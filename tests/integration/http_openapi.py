#!/usr/bin/env python3
"""docs/openapi.yaml against the running server: the served document is the file, every
documented route is served, and GET /api/v1/routes lists exactly the documented routes.

Usage: python3 tests/integration/http_openapi.py path/to/trustfund
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402
from http_support import ESTATE, OWN_UNIT  # noqa: E402

PATH_LINE = re.compile(r"^  (/\S+):$")
METHOD_LINE = re.compile(r"^    (get|post|put|delete|patch):")

# The routes of API v1 as the service's brief lists them ({} = any parameter name).
BRIEF_ROUTES = {
    ("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/api/v1/openapi.yaml"),
    ("GET", "/api/v1/routes"),
    ("POST", "/api/v1/sessions"), ("GET", "/api/v1/sessions/current"),
    ("DELETE", "/api/v1/sessions/current"),
    ("GET", "/api/v1/estates"), ("POST", "/api/v1/estates"),
    ("GET", "/api/v1/estates/{}"),
    ("GET", "/api/v1/estates/{}/units"), ("POST", "/api/v1/estates/{}/units"),
    ("POST", "/api/v1/estates/{}/units/import"), ("GET", "/api/v1/estates/{}/units/{}"),
    ("GET", "/api/v1/estates/{}/accounts"), ("GET", "/api/v1/estates/{}/balances"),
    ("POST", "/api/v1/estates/{}/entries"), ("GET", "/api/v1/estates/{}/entries"),
    ("GET", "/api/v1/estates/{}/entries/{}"),
    ("GET", "/api/v1/estates/{}/log/root"), ("GET", "/api/v1/estates/{}/log/consistency"),
    ("POST", "/api/v1/estates/{}/periods/{}/close"),
    ("GET", "/api/v1/estates/{}/actions"),
}

SAMPLES = {"estate": ESTATE, "unit": OWN_UNIT, "seq": "0", "period": "2020-01"}


def parse_document(text):
    """(method, path) pairs of the paths section; and lines that look wrong."""
    routes, current, oddities, in_paths = [], None, [], False
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"^\S", line):
            in_paths = line.rstrip() == "paths:"
            current = None
            continue
        if not in_paths:
            continue
        m = PATH_LINE.match(line)
        if m:
            current = m.group(1)
            continue
        if re.match(r"^  \S", line):
            oddities.append("line %d: %r is not a path" % (number, line))
            current = None
            continue
        m = METHOD_LINE.match(line)
        if m:
            if current is None:
                oddities.append("line %d: a method outside a path" % number)
            else:
                routes.append((m.group(1).upper(), current))
    return routes, oddities


def normal(path):
    return re.sub(r"\{[^}]*\}", "{}", path)


def concrete(path):
    return re.sub(r"\{([^}]*)\}", lambda m: SAMPLES.get(m.group(1), "sample"), path)


# Acts the policy keeps personal to someone other than an admin (docs/access.md): a custodian's
# signature or refusal, the supervisor's attestation, a resident's objection for their own unit.
ADMIN_REFUSED = ("/orders/{order}/signatures", "/orders/{order}/reject",
                 "/statements/{period}/signatures", "/statements/{period}/attestations",
                 "/statements/{period}/objections")


def probe(c, method, path, token):
    body = {} if method in ("POST", "PUT", "PATCH") else None
    if path.endswith("/statements/{period}/objections"):
        # The unit decides who may object: with it the policy answers, not the body's checks.
        body = {"unit": SAMPLES["unit"], "text": "probe"}
    return hs.safe(c.request, method, concrete(path), body=body, token=token)


def served(r):
    """True unless routing itself refused: 404 no-such-route, 405, no answer, or a 5xx."""
    if r.status == 0 or r.status >= 500 or r.status == 405:
        return False
    return not (r.status == 404 and hs.problem_slug(r) == "no-such-route")


def main(results, binary):
    doc_path = os.path.join(hs.repo_root(), "docs", "openapi.yaml")
    with open(doc_path, "rb") as f:
        doc_bytes = f.read()
    doc_routes, oddities = parse_document(doc_bytes.decode("utf-8"))
    doc_set = set(doc_routes)
    results.check(doc_routes and not oddities, "docs/openapi.yaml: %d routes under paths:"
                  % len(doc_routes), oddities[:5])
    results.equal(len(doc_routes), len(doc_set), "docs/openapi.yaml lists no route twice")
    missing = sorted(BRIEF_ROUTES - {(m, normal(p)) for m, p in doc_set})
    results.check(not missing, "docs/openapi.yaml documents every route of API v1", missing)

    env = hs.Environment(binary, "openapi")
    env.standard_fixture()
    server = env.serve()
    c = server.client()
    root = env.tokens["root"]

    r = hs.safe(c.request, "GET", "/api/v1/openapi.yaml")
    results.check(r.status == 200, "GET /api/v1/openapi.yaml without a token -> 200", r.describe())
    results.check(r.raw == doc_bytes, "the served document is docs/openapi.yaml byte for byte",
                  "%d bytes served, %d in the file" % (len(r.raw), len(doc_bytes)))
    ctype = r.headers.get("content-type", "")
    results.check("yaml" in ctype or "openapi" in ctype,
                  "the document is served as YAML (%s)" % ctype)

    r = hs.safe(c.request, "GET", "/healthz")
    results.check(r.status == 200 and r.body == {"status": "ok"},
                  "GET /healthz without a token -> 200 {\"status\":\"ok\"}", r.describe())

    r = hs.safe(c.request, "GET", "/api/v1/routes")
    ok = results.check(r.status == 200 and isinstance((r.body or {}).get("routes"), list),
                       "GET /api/v1/routes without a token -> 200 {routes: [...]}", r.describe())
    listed = set()
    if ok:
        bad = [x for x in r.body["routes"]
               if not (isinstance(x, dict) and isinstance(x.get("method"), str)
                       and isinstance(x.get("path"), str))]
        results.check(not bad, "every listed route has method and path", bad[:3])
        listed = {(x["method"].upper(), x["path"]) for x in r.body["routes"] if x not in bad}
        results.equal(len(r.body["routes"]), len(listed), "the route list has no duplicates")
    undocumented = sorted(listed - doc_set)
    unserved = sorted(doc_set - listed)
    results.check(not undocumented, "every route the server lists is in docs/openapi.yaml",
                  "served, not documented: %s" % undocumented)
    results.check(not unserved, "every route of docs/openapi.yaml is in the server's list",
                  "documented, not listed: %s" % unserved)

    # Probe each documented and each listed route on the running server.
    login = c.request("POST", "/api/v1/sessions",
                      body={"username": "root", "password": env.passwords["root"]})
    session = (login.body or {}).get("token") if login.status == 201 else None
    for method, path in sorted(doc_set | listed, key=lambda x: (x[1], x[0])):
        token = root
        if method == "DELETE" and path == "/api/v1/sessions/current":
            token = session or root
        r = probe(c, method, path, token)
        where = "documented" if (method, path) in doc_set else "listed only"
        results.check(served(r), "%s %s (%s) is served: not no-such-route, 405 or 5xx (got %s)"
                      % (method, concrete(path), where, r.status), r.describe())
        if path.endswith(ADMIN_REFUSED):
            # Not an admin's act: no admin may sign or refuse for a custodian, attest for the
            # supervisor or object for a resident (docs/access.md).
            results.check(r.status == 403, "  ... and refused to the installation admin (%s)"
                          % path.rsplit("/", 1)[-1], r.describe())
        else:
            results.check(r.status not in (401, 403),
                          "  ... and the installation admin is not refused", r.describe())

    # The probes above can tell: an unknown path and a wrong method are told apart.
    r = c.request("GET", "/api/v1/no-such-thing", token=root)
    hs.check_problem(results, r, "GET an unknown path -> 404 problem no-such-route", 404,
                     slug="no-such-route")
    r = c.request("PUT", "/healthz")
    hs.check_problem(results, r, "PUT /healthz -> 405 problem", 405)
    r = c.request("DELETE", hs.estate_path(ESTATE, "/entries/0"), token=root)
    hs.check_problem(results, r, "DELETE an entry -> 405 problem (the journal is append-only)",
                     405)

    r = hs.safe(c.request, "GET", "/metrics")
    text = r.raw.decode("utf-8", "replace")
    results.check(r.status == 200 and "trustfund_http_requests_total" in text,
                  "GET /metrics without a token -> 200 with trustfund_http_requests_total",
                  r.describe())
    results.check(r.headers.get("content-type", "").startswith("text/plain"),
                  "metrics are text/plain (Prometheus exposition)", r.headers.get("content-type"))
    results.check(re.search(r'^trustfund_http_requests_total\{[^}]*route="/healthz"[^}]*\} [0-9.e+]+$',
                            text, re.M) is not None,
                  "metrics count requests by route (route=\"/healthz\")",
                  [l for l in text.splitlines() if "requests_total" in l][:5])
    results.check(re.search(r'^trustfund_http_requests_total\{[^}]*route="/api/v1/estates/\{estate\}'
                            r'/entries"[^}]*\}', text, re.M) is not None,
                  "metrics use route patterns, not paths, as labels")

    results.equal(server.stop(), 0, "server stops on SIGTERM with exit 0")


if __name__ == "__main__":
    hs.run_main(main)
