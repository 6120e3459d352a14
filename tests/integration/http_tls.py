#!/usr/bin/env python3
"""HTTPS with a self-signed certificate, and graceful shutdown on SIGTERM under load: every
request answered 201 is in the books afterwards.

Usage: python3 tests/integration/http_tls.py path/to/trustfund
"""

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402
from http_support import ESTATE, OWN_UNIT  # noqa: E402

ENTRIES = hs.estate_path(ESTATE, "/entries")
WRITERS = 8


def make_cert(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return cert, key


def tls_checks(results, env, server, cert):
    ctx = ssl.create_default_context(cafile=cert)
    results.equal(server.scheme, "https", "serve with --tls-cert/--tls-key announces https://")
    c = server.client(tls_context=ctx)
    r = hs.safe(c.request, "GET", "/healthz")
    results.check(r.status == 200 and (r.body or {}).get("status") == "ok",
                  "GET /healthz over https (trusting the cert, hostname 127.0.0.1 checked) -> 200",
                  r.describe())
    # Same, by name (SAN DNS:localhost).
    r = hs.safe(hs.Client("localhost", server.port, tls_context=ctx).request, "GET", "/healthz")
    results.check(r.status == 200, "GET https://localhost/healthz -> 200", r.describe())

    r = hs.safe(c.request, "POST", ENTRIES, token=env.tokens["treasurer"],
                body=hs.payment("2026-10-03", "12.34", memo="over TLS"))
    results.check(r.status == 201, "an authenticated POST entry over https -> 201", r.describe())
    r = hs.safe(c.request, "GET", hs.estate_path(ESTATE), token=env.tokens["treasurer"])
    results.check(r.status == 200, "an authenticated GET over https -> 200", r.describe())

    untrusting = ssl.create_default_context()  # the system CAs only
    r = hs.safe(server.client(tls_context=untrusting).request, "GET", "/healthz")
    results.check(r.status == 0 and "CERTIFICATE_VERIFY_FAILED" in r.raw.decode(),
                  "a client that does not trust the self-signed cert refuses it", r.describe())

    r = hs.safe(hs.Client("127.0.0.1", server.port, timeout=10).request, "GET", "/healthz")
    results.check(r.status != 200, "plain http to the https port does not get /healthz",
                  r.describe())
    r = hs.safe(c.request, "GET", "/healthz")
    results.check(r.status == 200, "the server still serves https after the plain-http attempt",
                  r.describe())

    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.load_verify_locations(cert)
    try:
        warnings.simplefilter("ignore", DeprecationWarning)
        old.minimum_version = ssl.TLSVersion.TLSv1
        old.maximum_version = ssl.TLSVersion.TLSv1_1
        old.set_ciphers("ALL:@SECLEVEL=0")
        r = hs.safe(server.client(tls_context=old).request, "GET", "/healthz")
        results.check(r.status == 0, "TLS 1.0/1.1 clients are refused", r.describe())
    except (ValueError, ssl.SSLError):
        pass  # this Python cannot even offer TLS 1.1: nothing to check
    tls13 = ssl.create_default_context(cafile=cert)
    tls13.minimum_version = ssl.TLSVersion.TLSv1_3
    r = hs.safe(server.client(tls_context=tls13).request, "GET", "/healthz")
    results.check(r.status == 200, "TLS 1.3 works", r.describe())
    tls12 = ssl.create_default_context(cafile=cert)
    tls12.maximum_version = ssl.TLSVersion.TLSv1_2
    r = hs.safe(server.client(tls_context=tls12).request, "GET", "/healthz")
    results.check(r.status == 200, "TLS 1.2 works", r.describe())

    # A client that connects and never finishes the handshake does not stop others.
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    try:
        r = hs.safe(server.client(tls_context=ctx, timeout=10).request, "GET", "/healthz")
        results.check(r.status == 200, "a stalled TLS handshake does not block other clients",
                      r.describe())
    finally:
        s.close()


def shutdown_under_load(results, env, server, ctx):
    """8 threads post until the server is gone; SIGTERM in the middle."""
    token = env.tokens["treasurer"]
    acked = {}       # idempotency key -> (seq, memo, amount)
    answered = {}    # status -> count
    errors = []
    lock = threading.Lock()
    stop_at = time.time() + 40
    started = threading.Event()

    def worker(t):
        # Half the writers keep their connection alive, half open one per request.
        cl = server.client(tls_context=ctx, keep_alive=(t % 2 == 0), timeout=15)
        i = 0
        refused = 0
        while time.time() < stop_at:
            key = "term-%d-%d" % (t, i)
            amount = "%d.%02d" % (1 + t, i % 100)
            memo = "sigterm %d/%d" % (t, i)
            i += 1
            try:
                r = cl.request("POST", ENTRIES, token=token, headers={"Idempotency-Key": key},
                               body=hs.payment("2026-10-%02d" % (1 + i % 28), amount, OWN_UNIT,
                                               memo))
            except Exception as e:  # noqa: BLE001 - the server going away
                cl.close()
                with lock:
                    errors.append(type(e).__name__)
                refused += 1
                if refused >= 3 and server.proc.poll() is not None:
                    break
                time.sleep(0.05)
                continue
            started.set()
            with lock:
                answered[r.status] = answered.get(r.status, 0) + 1
                if r.status in (200, 201) and isinstance(r.body, dict):
                    acked[key] = (r.body.get("seq"), memo, amount)
        cl.close()

    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(WRITERS)]
    for th in threads:
        th.start()
    started.wait(20)
    time.sleep(2.0)  # let the writers run
    before_term = len(acked)
    t0 = time.time()
    server.proc.send_signal(hs.signal.SIGTERM)
    try:
        rc = server.proc.wait(40)
    except subprocess.TimeoutExpired:
        rc = None
    took = time.time() - t0
    stop_at = 0  # the workers stop too
    for th in threads:
        th.join(30)
    server.stop(5)
    results.check(before_term > 0, "writers were acknowledged before SIGTERM (%d)" % before_term)
    results.equal(rc, 0, "SIGTERM under load: the server exits 0 (in %.1f s)" % took)
    results.check(any("trustfund: stopped" in l for l in server.stdout_lines),
                  "the server prints 'trustfund: stopped'", server.stdout_lines[-3:])
    unexpected = {s: n for s, n in answered.items() if s not in (200, 201, 503)}
    results.check(not unexpected, "answers during shutdown are 201 (or 503), nothing else "
                  "(%s; transport errors %d)" % (answered, len(errors)), unexpected)
    problems = [line for line in server.stderr_text().splitlines() if "internal error" in line]
    results.check(not problems, "no internal errors logged during shutdown", problems[:3])
    return acked


def books_after(results, env, acked, cert):
    p = env.D("log", "verify", "--estate", ESTATE, check=False)
    results.check(p.returncode == 0, "log verify after the shutdown -> OK",
                  (p.stdout + p.stderr).decode(errors="replace")[-400:])
    p = env.D("balances", "--estate", ESTATE, "--period", "2026-10", "--account", "OP.1002",
              "--json", check=False)
    cli_moved = None
    try:
        rows = [b for b in json.loads(p.stdout.decode()).get("balances", [])
                if b.get("account") == "OP.1002"]
        cli_moved = hs.to_cents(rows[0]["closing"]) - hs.to_cents(rows[0]["opening"])
    except (ValueError, IndexError, KeyError, TypeError, AttributeError):
        pass
    server = env.serve("--tls-cert", cert[0], "--tls-key", cert[1], name="server2")
    ctx = ssl.create_default_context(cafile=cert[0])
    c = server.client(tls_context=ctx)
    token = env.tokens["regulator"]
    entries, _, problems = hs.all_entries(c, token, limit=1000)
    results.check(not problems, "the restarted server lists the journal", problems)
    by_seq = {e.get("seq"): e for e in entries}
    lost = [(k, v) for k, v in acked.items() if by_seq.get(v[0], {}).get("memo") != v[1]]
    results.check(acked and not lost, "every one of the %d acknowledged posts is in the books "
                  "with its seq" % len(acked), lost[:5])
    seqs = [e.get("seq") for e in entries]
    results.equal(seqs, list(range(len(entries))), "the journal's seqs are gapless")
    # The books (API and CLI) agree with the listed entries on the month's bank balance.
    total = sum(hs.to_cents(p["amount"]) for e in entries if e.get("period") == "2026-10"
                for p in e.get("postings", []) if p.get("account") == "OP.1002")
    r = c.request("GET", hs.estate_path(ESTATE, "/balances?period=2026-10&account=OP.1002"),
                  token=token)
    rows = [b for b in (r.body or {}).get("balances", []) if b.get("account") == "OP.1002"]
    try:
        got = hs.to_cents(rows[0]["closing"]) - hs.to_cents(rows[0]["opening"])
    except (IndexError, KeyError, TypeError):
        got = None
    results.equal(got, total, "API: OP.1002 moved in 2026-10 by the sum of the listed entries")
    results.equal(cli_moved, total, "CLI balances: OP.1002 moved in 2026-10 by the same sum")
    # Re-sending the acknowledged posts replays them: the keys were made durable too.
    sample = list(acked.items())[:: max(1, len(acked) // 20)]
    replays = []
    for key, (seq, memo, amount) in sample:
        t, i = (int(x) for x in key.split("-")[1:])
        r = hs.safe(c.request, "POST", ENTRIES, token=env.tokens["treasurer"],
                    headers={"Idempotency-Key": key},
                    body=hs.payment("2026-10-%02d" % (1 + (i + 1) % 28), amount, OWN_UNIT, memo))
        replays.append((key, r.status, (r.body or {}).get("seq"), seq))
    bad = [x for x in replays if x[1] != 200 or x[2] != x[3]]
    results.check(replays and not bad, "re-sending %d acknowledged posts after the restart -> 200 "
                  "with their seq" % len(replays), bad[:5])
    results.equal(server.stop(), 0, "the restarted server stops with exit 0")




def main(results, binary):
    if not shutil.which("openssl"):
        results.check(False, "the openssl command is installed")
        return
    env = hs.Environment(binary, "tls")
    env.standard_fixture()
    cert = make_cert(env.tmp)
    server = env.serve("--tls-cert", cert[0], "--tls-key", cert[1])
    tls_checks(results, env, server, cert[0])

    missing = os.path.join(env.tmp, "missing.pem")
    for desc, extra in [("--tls-cert but no --tls-key", ["--tls-cert", cert[0]]),
                        ("a missing certificate file", ["--tls-cert", missing, "--tls-key", cert[1]]),
                        ("the key given as the certificate", ["--tls-cert", cert[1],
                                                             "--tls-key", cert[1]])]:
        try:
            p = env.cli("serve", "--data", env.data, "--listen", "127.0.0.1:0", *extra,
                        check=False, timeout=15)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            rc = "still serving after 15 s"
        results.check(rc != 0, "serve with %s fails to start" % desc, rc)

    acked = shutdown_under_load(results, env, server, ssl.create_default_context(cafile=cert[0]))
    books_after(results, env, acked, cert)


if __name__ == "__main__":
    hs.run_main(main)
