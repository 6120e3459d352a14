"""Shared helpers of the HTTP integration tests (tests/integration/http_*.py).

Each test file is run by CTest as `python3 tests/integration/http_X.py /abs/path/to/trustfund`.
It builds a fresh data directory with the real binary's CLI (estates, units, one user per role
with an API token), starts `trustfund serve` on a free port, drives it over HTTP and prints one
line per check ("ok - ..." / "not ok - ..."), then `N passed, M failed`; the exit status is
non-zero when any check failed. Only the Python standard library is used.
"""

import atexit
import base64
import datetime
import hashlib
import http.client
import itertools
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PROBLEM_PREFIX = "urn:trustfund:problem:"
DEFAULT_PASSWORD = "correct horse battery"

# Every role of docs/access.md, in the order of the policy table.
ROLES = ["admin", "treasurer", "manager", "custodian", "supervisor", "resident", "regulator"]

# The policy (docs/access.md, restated here on purpose: the tests must not copy the server).
# "own" = a resident, for their own unit only.
POLICY = {
    "read_estate":   {"admin": "Y", "treasurer": "Y", "manager": "Y", "custodian": "Y",
                      "supervisor": "Y", "resident": "Y", "regulator": "Y"},
    "read_unit":     {"admin": "Y", "treasurer": "Y", "manager": "Y", "custodian": "Y",
                      "supervisor": "Y", "resident": "own", "regulator": "Y"},
    "read_books":    {"admin": "Y", "treasurer": "Y", "manager": "Y", "custodian": "Y",
                      "supervisor": "Y", "resident": "-", "regulator": "Y"},
    "read_audit":    {"admin": "Y", "treasurer": "-", "manager": "-", "custodian": "Y",
                      "supervisor": "Y", "resident": "-", "regulator": "Y"},
    "write_journal": {"admin": "Y", "treasurer": "Y", "manager": "Y", "custodian": "-",
                      "supervisor": "-", "resident": "-", "regulator": "-"},
    "close_period":  {"admin": "Y", "treasurer": "Y", "manager": "-", "custodian": "-",
                      "supervisor": "-", "resident": "-", "regulator": "-"},
    "manage_units":  {"admin": "Y", "treasurer": "-", "manager": "Y", "custodian": "-",
                      "supervisor": "-", "resident": "-", "regulator": "-"},
    # Escrow (docs/escrow.md): money leaves a trust account only by a disbursement order that the
    # treasurer prepares and two custodians sign. Admins configure escrow but never sign.
    "prepare_disbursement": {"admin": "Y", "treasurer": "Y", "manager": "Y", "custodian": "-",
                             "supervisor": "-", "resident": "-", "regulator": "-"},
    "sign":          {"admin": "-", "treasurer": "-", "manager": "-", "custodian": "Y",
                      "supervisor": "-", "resident": "-", "regulator": "-"},
    "configure_escrow": {"admin": "Y", "treasurer": "-", "manager": "-", "custodian": "-",
                         "supervisor": "-", "resident": "-", "regulator": "-"},
    # The repair fund (docs/domain.md, Repair fund use): owners' votes are conducted (opened,
    # ballots recorded, closed, a project put to the vote and decided) by admins and custodians;
    # the repair settings come under configure_escrow.
    "conduct_vote":  {"admin": "Y", "treasurer": "-", "manager": "-", "custodian": "Y",
                      "supervisor": "-", "resident": "-", "regulator": "-"},
    # Monthly statements (docs/statements.md): the supervisor attests or objects (not an admin:
    # the attestation is the supervisor's own act); a resident objects for their own unit.
    "attest_statement": {"admin": "-", "treasurer": "-", "manager": "-", "custodian": "-",
                         "supervisor": "Y", "resident": "-", "regulator": "-"},
    "object_statement": {"admin": "-", "treasurer": "-", "manager": "-", "custodian": "-",
                         "supervisor": "-", "resident": "own", "regulator": "-"},
}

ESTATE = "sunrise"
OTHER_ESTATE = "moonlake"
OWN_UNIT = "1-1-101"        # the resident's unit
NEIGHBOUR_UNIT = "1-1-102"  # another unit of the same estate
OTHER_UNIT = "2-1-101"      # a unit of the other estate


# ---- results -----------------------------------------------------------------------------------

class Results:
    """Counts checks and prints TAP-like lines."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []
        self._lock = threading.Lock()

    def check(self, condition, description, detail=None):
        with self._lock:
            if condition:
                self.passed += 1
                print("ok - " + description, flush=True)
            else:
                self.failed += 1
                self.failures.append((description, detail))
                line = "not ok - " + description
                if detail:
                    line += "  # " + one_line(detail)
                print(line, flush=True)
        return bool(condition)

    def equal(self, got, want, description):
        return self.check(got == want, description,
                          None if got == want else "got %r, wanted %r" % (got, want))

    def report(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 else 1


def one_line(text, limit=600):
    text = str(text).replace("\n", "\\n")
    return text if len(text) <= limit else text[:limit] + "..."


# ---- HTTP --------------------------------------------------------------------------------------

class Resp:
    """One HTTP response: status, headers (lower-case names), body (parsed JSON or None), raw.

    Unpacks as (status, headers, body) too."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.body = None
        ctype = headers.get("content-type", "")
        if "json" in ctype and raw:
            try:
                self.body = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                self.body = None

    def __iter__(self):
        return iter((self.status, self.headers, self.body))

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    def describe(self):
        return "HTTP %s %s %s" % (self.status, self.content_type,
                                  one_line(self.raw.decode("utf-8", "replace"), 400))


class Client:
    """HTTP(S) client of one server. request() opens a connection per call unless keep_alive."""

    def __init__(self, host, port, tls_context=None, timeout=30.0, keep_alive=False):
        self.host = host
        self.port = port
        self.tls_context = tls_context
        self.timeout = timeout
        self.keep_alive = keep_alive
        self._conn = None

    def _connect(self):
        if self.tls_context is not None:
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                               context=self.tls_context)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def close(self):
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass
            self._conn = None

    def request(self, method, path, body=None, token=None, headers=None, content_type=None,
                query=None):
        """body: dict/list -> JSON; str/bytes -> sent as is. Returns a Resp."""
        hdrs = {}
        if token is not None:
            hdrs["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            if isinstance(body, (dict, list)):
                data = json.dumps(body).encode("utf-8")
                hdrs["Content-Type"] = "application/json"
            elif isinstance(body, str):
                data = body.encode("utf-8")
            else:
                data = body
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        if headers:
            hdrs.update(headers)
        if query:
            path = path + ("&" if "?" in path else "?") + urllib.parse.urlencode(query)
        if not self.keep_alive:
            hdrs.setdefault("Connection", "close")
            conn = self._connect()
            try:
                conn.request(method, path, body=data, headers=hdrs)
                r = conn.getresponse()
                raw = r.read()
                return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, raw)
            finally:
                conn.close()
        if self._conn is None:
            self._conn = self._connect()
        try:
            self._conn.request(method, path, body=data, headers=hdrs)
            r = self._conn.getresponse()
            raw = r.read()
            resp = Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, raw)
            if r.will_close:
                self.close()
            return resp
        except Exception:
            self.close()
            raise


def is_problem(resp):
    return (resp.content_type.split(";")[0].strip() == "application/problem+json"
            and isinstance(resp.body, dict))


def problem_slug(resp):
    if not isinstance(resp.body, dict):
        return None
    t = resp.body.get("type")
    if isinstance(t, str) and t.startswith(PROBLEM_PREFIX):
        return t[len(PROBLEM_PREFIX):]
    return None


def problem_errors(resp, status=None, slug=None, field=None, field_contains=None):
    """What is wrong with resp as an RFC 9457 problem of this API (empty list: nothing)."""
    errs = []
    statuses = status if isinstance(status, (tuple, list, set)) else (status,)
    if status is not None and resp.status not in statuses:
        errs.append("status %s, wanted %s" % (resp.status, "/".join(map(str, statuses))))
    if not is_problem(resp):
        errs.append("not application/problem+json JSON (content-type %r)" % resp.content_type)
        return errs
    b = resp.body
    if not (isinstance(b.get("type"), str) and b["type"].startswith(PROBLEM_PREFIX)
            and len(b["type"]) > len(PROBLEM_PREFIX)):
        errs.append("type %r is not %s<slug>" % (b.get("type"), PROBLEM_PREFIX))
    if not isinstance(b.get("title"), str) or not b.get("title"):
        errs.append("no title")
    if b.get("status") != resp.status:
        errs.append("member status %r differs from HTTP %s" % (b.get("status"), resp.status))
    if not isinstance(b.get("detail"), str) or not b.get("detail"):
        errs.append("no detail")
    if slug is not None:
        slugs = slug if isinstance(slug, (tuple, list, set)) else (slug,)
        if problem_slug(resp) not in slugs:
            errs.append("type %r, wanted slug %s" % (b.get("type"), "/".join(slugs)))
    if field is not None:
        fields = field if isinstance(field, (tuple, list, set)) else (field,)
        if b.get("field") not in fields:
            errs.append("field %r, wanted %s" % (b.get("field"), "/".join(fields)))
    if field_contains is not None:
        f = b.get("field")
        if not isinstance(f, str) or field_contains not in f:
            errs.append("field %r does not name %r" % (f, field_contains))
    return errs


def check_problem(results, resp, description, status=None, slug=None, field=None,
                  field_contains=None):
    errs = problem_errors(resp, status, slug, field, field_contains)
    return results.check(not errs, description,
                         "; ".join(errs) + " | " + resp.describe() if errs else None)


def safe(fn, *args, **kwargs):
    """Calls fn; on an exception returns a Resp with status 0 whose raw text is the exception."""
    try:
        return fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - any transport failure is a test result
        return Resp(0, {}, ("%s: %s" % (type(e).__name__, e)).encode())


# ---- the binary, data directory, server ---------------------------------------------------------

class Environment:
    """A temporary directory with a data directory built by the CLI, and the servers on it."""

    def __init__(self, binary, name="http"):
        self.binary = os.path.abspath(binary)
        if not os.access(self.binary, os.X_OK):
            raise SystemExit("not an executable: %s" % self.binary)
        self.tmp = tempfile.mkdtemp(prefix="trustfund-%s-" % name)
        self.data = os.path.join(self.tmp, "data")
        self.tokens = {}      # caller name -> API token
        self.passwords = {}   # username -> password
        self.servers = []
        self._help_cache = {}
        atexit.register(self.cleanup)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            try:
                signal.signal(sig, self._on_signal)
            except (ValueError, OSError):
                pass

    def _on_signal(self, signum, _frame):
        self.cleanup()
        os._exit(128 + signum)

    def cleanup(self):
        for s in list(self.servers):
            s.kill()
        self.servers = []
        if self.tmp and os.path.isdir(self.tmp):
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- CLI --
    def cli(self, *args, stdin=None, check=True, timeout=60):
        argv = [self.binary] + list(args)
        p = subprocess.run(argv, input=(stdin.encode() if isinstance(stdin, str) else stdin),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        if check and p.returncode != 0:
            raise RuntimeError("%s failed (exit %d): %s %s" % (
                " ".join(argv), p.returncode, p.stdout.decode(errors="replace"),
                p.stderr.decode(errors="replace")))
        return p

    def help_text(self, *command):
        key = tuple(command)
        if key not in self._help_cache:
            p = self.cli(*command, "--help", check=False)
            self._help_cache[key] = (p.stdout + p.stderr).decode(errors="replace")
        return self._help_cache[key]

    def D(self, *args, **kw):
        """A CLI command on this data directory."""
        return self.cli(*(list(args) + ["--data", self.data]), **kw)

    def init(self):
        self.D("init", "--dev")

    def estate(self, estate_id, name):
        self.D("estate", "create", "--id", estate_id, "--name", name)

    def unit(self, estate_id, code, area="89.37", owner=None, kind=None):
        args = ["unit", "add", "--estate", estate_id, "--code", code, "--area", area,
                "--owner", owner or ("owner-" + code)]
        if kind:
            args += ["--kind", kind]
        self.D(*args)

    def post(self, estate_id, entry):
        return self.D("post", "--estate", estate_id, json.dumps(entry))

    def user(self, username, display=None, password=DEFAULT_PASSWORD):
        # The display-name option is --display-name in docs/access.md (--name in older notes).
        opt = "--display-name" if "--display-name" in self.help_text("user", "add") else "--name"
        self.D("user", "add", "--username", username, opt, display or username,
               stdin=password + "\n")
        self.passwords[username] = password

    def grant(self, username, role, estate_id, unit=None):
        args = ["user", "grant", "--username", username, "--role", role, "--estate", estate_id]
        if unit:
            args += ["--unit", unit]
        self.D(*args)

    def api_token(self, username, label="tests"):
        p = self.D("token", "create", "--username", username, "--label", label)
        m = re.search(r"\btft_[0-9a-f]{64}\b", p.stdout.decode())
        if not m:
            raise RuntimeError("token create printed no tft_ token: %r" % p.stdout)
        return m.group(0)

    def standard_fixture(self):
        """Estates sunrise (units 1-1-101, 1-1-102, one entry) and moonlake (unit 2-1-101, one
        entry); a user per role in sunrise (resident bound to 1-1-101), the installation admin
        'root' (admin on '*') and 'outsider' (admin of moonlake only), each with an API token in
        self.tokens under the role name / 'root' / 'outsider'."""
        self.init()
        self.estate(ESTATE, "Sunrise Garden")
        self.estate(OTHER_ESTATE, "Moon Lake")
        self.unit(ESTATE, OWN_UNIT, "89.37", "owner-1")
        self.unit(ESTATE, NEIGHBOUR_UNIT, "120.50", "owner-2")
        self.unit(OTHER_ESTATE, OTHER_UNIT, "75.00", "owner-3")
        self.post(ESTATE, entry("2026-10-01", "fee_bill", [("OP.1122@" + OWN_UNIT, "210.02"),
                                                           ("OP.6001", "-210.02")], "Fee 2026-10"))
        self.post(OTHER_ESTATE, entry("2026-10-01", "fee_bill",
                                      [("OP.1122@" + OTHER_UNIT, "100.00"),
                                       ("OP.6001", "-100.00")], "Fee 2026-10"))
        self.user("root", "Installation admin")
        self.grant("root", "admin", "*")
        self.tokens["root"] = self.api_token("root")
        for role in ROLES:
            username = "sun-" + role
            self.user(username, "Sunrise " + role)
            self.grant(username, role, ESTATE, OWN_UNIT if role == "resident" else None)
            self.tokens[role] = self.api_token(username)
        self.user("outsider", "Admin of Moon Lake")
        self.grant("outsider", "admin", OTHER_ESTATE)
        self.tokens["outsider"] = self.api_token("outsider")

    def escrow_fixture(self):
        """Before the server starts, what escrow needs beyond the standard fixture: the custodian
        keys of its estates (an owners' committee and a manager custodian, made with openssl;
        returned as {"committee": CustodianKey, "manager": CustodianKey}, also self.keys) and a
        custodian user 'moon-custodian' of OTHER_ESTATE (token under that name), since only
        custodians upload signatures. Then, with the server up, escrow_books()."""
        keys_dir = os.path.join(self.tmp, "keys")
        self.keys = {
            "committee": CustodianKey(keys_dir, "committee", "owners_committee", "Li Wei"),
            "manager": CustodianKey(keys_dir, "manager", "manager", "Wang Fang"),
        }
        self.user("moon-custodian", "Custodian of Moon Lake")
        self.grant("moon-custodian", "custodian", OTHER_ESTATE)
        self.tokens["moon-custodian"] = self.api_token("moon-custodian")
        return self.keys

    def serve(self, *extra, name="server", timeout=30.0):
        s = Server(self, list(extra), name)
        self.servers.append(s)
        s.start(timeout)
        return s


SERVE_LINE = re.compile(r"trustfund serving .* on (https?)://([^\s:]+|\[[^\]]+\]):(\d+) ")


class Server:
    """A `trustfund serve` process; stdout is collected by a thread, stderr goes to a file."""

    def __init__(self, env, extra, name):
        self.env = env
        self.extra = extra
        self.name = name
        self.proc = None
        self.port = None
        self.scheme = None
        self.stdout_lines = []
        self.stderr_path = os.path.join(env.tmp, name + ".stderr")
        self._ready = threading.Event()
        self._reader = None

    def start(self, timeout):
        argv = [self.env.binary, "serve", "--data", self.env.data, "--listen", "127.0.0.1:0"]
        argv += self.extra
        self._stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=self._stderr, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(timeout) or self.port is None:
            rc = self.proc.poll()
            self.kill()
            raise RuntimeError("server did not start (exit %s); stdout %r; stderr %s" % (
                rc, self.stdout_lines, one_line(self.stderr_text(), 2000)))

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.stdout_lines.append(line)
            m = SERVE_LINE.search(line)
            if m and self.port is None:
                self.scheme, self.port = m.group(1), int(m.group(3))
                self._ready.set()
        self._ready.set()

    def stderr_text(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def client(self, tls_context=None, **kw):
        return Client("127.0.0.1", self.port, tls_context=tls_context, **kw)

    def stop(self, timeout=30.0):
        """SIGTERM, wait; returns the exit status (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        if self._reader:
            self._reader.join(5)
        rc = self.proc.returncode
        self._close()
        return rc

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.kill()
                self.proc.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        self._close()

    def _close(self):
        if self in self.env.servers:
            self.env.servers.remove(self)
        try:
            self._stderr.close()
        except (AttributeError, OSError):
            pass


# ---- escrow: custodian keys made and used with the openssl command-line tool ---------------------

def openssl(*args, stdin=None, check=True):
    """Runs the openssl CLI; returns the CompletedProcess (stdout, stderr as bytes)."""
    argv = ["openssl"] + [str(a) for a in args]
    p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (" ".join(argv), p.returncode,
                                                        p.stderr.decode(errors="replace")))
    return p


_tmp_serial = itertools.count(1)


def pem_der(pem_text):
    """The DER of each certificate of a PEM text."""
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----",
                        pem_text, re.S)
    return [base64.b64decode("".join(b.split())) for b in blocks]


def _der_element(buf, i):
    """(start of content, end) of the DER element at buf[i]."""
    n = buf[i + 1]
    if n < 0x80:
        return i + 2, i + 2 + n
    k = n & 0x7F
    length = int.from_bytes(buf[i + 2:i + 2 + k], "big")
    return i + 2 + k, i + 2 + k + length


def certificate_spki(der):
    """The SubjectPublicKeyInfo DER of an X.509 certificate (RFC 5280 4.1): the seventh element of
    tbsCertificate, counting the optional [0] version."""
    start, _ = _der_element(der, 0)         # Certificate
    i, end = _der_element(der, start)       # tbsCertificate
    if der[i] == 0xA0:                      # [0] EXPLICIT version
        i = _der_element(der, i)[1]
    for _ in range(5):                      # serialNumber, signature, issuer, validity, subject
        i = _der_element(der, i)[1]
    return der[i:_der_element(der, i)[1]]


class CustodianKey:
    """An ECDSA P-256 key and its self-signed certificate, made with the openssl CLI as a custodian
    makes them on their own computer; signs detached CMS with `openssl cms`. With same_key_as, a
    new certificate (another subject) for that custodian's key: the same custodian to the service,
    which knows custodians by the SHA-256 of their public key."""

    def __init__(self, directory, name, ou, cn, org="Test Court", days=30, same_key_as=None):
        os.makedirs(directory, exist_ok=True)
        self.dir = directory
        self.name = name
        self.role = ou
        self.cert_path = os.path.join(directory, name + ".pem")
        subj = "/C=CN/O=%s/OU=%s/CN=%s" % (org, ou, cn)
        if same_key_as is None:
            self.key_path = os.path.join(directory, name + ".key.pem")
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", self.key_path, "-out", self.cert_path, "-days", days,
                    "-subj", subj)
        else:
            self.key_path = same_key_as.key_path
            openssl("req", "-x509", "-new", "-key", self.key_path, "-out", self.cert_path,
                    "-days", days, "-subj", subj)
        with open(self.cert_path, "r", encoding="ascii") as f:
            self.pem = f.read()
        der = pem_der(self.pem)[0]
        self.fingerprint = hashlib.sha256(der).hexdigest()   # certificate_sha256
        self.key_id = hashlib.sha256(certificate_spki(der)).hexdigest()  # SHA-256 of the SPKI

    def _path(self, suffix):
        return os.path.join(self.dir, "tmp-%d%s" % (next(_tmp_serial), suffix))

    def sign(self, content):
        """A detached CMS SignedData (DER) over `content` (bytes) with one signer: this key."""
        doc, out = self._path(".json"), self._path(".p7s")
        with open(doc, "wb") as f:
            f.write(content)
        try:
            openssl("cms", "-sign", "-binary", "-in", doc, "-signer", self.cert_path,
                    "-inkey", self.key_path, "-outform", "DER", "-md", "sha256", "-out", out)
            with open(out, "rb") as f:
                return f.read()
        finally:
            for p in (doc, out):
                if os.path.exists(p):
                    os.remove(p)

    def cosign(self, der, content, nocerts=False):
        """`der` with a SignerInfo of this key added (openssl cms -resign over the detached
        content). nocerts: do not add the certificate (it is in the SignedData already)."""
        doc, sig, out = self._path(".json"), self._path(".p7s"), self._path(".p7s")
        with open(doc, "wb") as f:
            f.write(content)
        with open(sig, "wb") as f:
            f.write(der)
        try:
            openssl("cms", "-resign", "-binary", "-inform", "DER", "-in", sig, "-content", doc,
                    "-signer", self.cert_path, "-inkey", self.key_path, "-outform", "DER",
                    "-md", "sha256", "-out", out, *(["-nocerts"] if nocerts else []))
            with open(out, "rb") as f:
                return f.read()
        finally:
            for p in (doc, sig, out):
                if os.path.exists(p):
                    os.remove(p)


def cms_verify(der, content, ca_pem, directory):
    """`openssl cms -verify` of the detached `der` over `content` with the certificates `ca_pem`
    as -CAfile (as docs/escrow.md tells anyone to check). Returns (ok, openssl's output)."""
    paths = [os.path.join(directory, "verify-%d%s" % (next(_tmp_serial), s))
             for s in (".p7s", ".json", ".pem")]
    for p, data in zip(paths, (der, content, ca_pem)):
        with open(p, "wb") as f:
            f.write(data)
    try:
        r = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", paths[0],
                    "-content", paths[1], "-CAfile", paths[2], "-purpose", "any",
                    "-out", os.devnull, check=False)
        return r.returncode == 0, (r.stdout + r.stderr).decode(errors="replace")
    finally:
        for p in paths:
            os.remove(p)


def b64(data):
    return base64.b64encode(data).decode("ascii")


def today_utc():
    return datetime.datetime.now(datetime.timezone.utc).date()


def day_after(days):
    """today (UTC, as the server counts) + days, YYYY-MM-DD."""
    return (today_utc() + datetime.timedelta(days=days)).isoformat()


# The trust bank account of the operating fund in escrow fixtures.
OP_ACCOUNT = {"fund": "OP", "holder_name": "Sunrise Garden OP trust account",
              "account_no": "4402202009100012345", "bank_name": "ICBC Chengdu Hi-Tech",
              "bank_code": "102651020016"}

# The trust bank account of the repair fund (needed before any repair payment order is submitted).
RF_ACCOUNT = {"fund": "RF", "holder_name": "Sunrise Garden repair fund trust account",
              "account_no": "4402202009100067890", "bank_name": "ICBC Chengdu Hi-Tech",
              "bank_code": "102651020016"}

PAYEE = {"name": "Chengdu Lift Services Co.", "account_no": "6222020200112233445",
         "bank_name": "China Construction Bank Chengdu", "bank_code": "105651000016"}


def order_body(amount="1.00", fund="OP", debit_account="OP.6601.02", expires_in=30, **extra):
    """A valid OrderInput (docs/openapi.yaml): `amount` from `fund` to PAYEE."""
    body = {"amount": amount, "fund": fund, "payee": dict(PAYEE), "debit_account": debit_account,
            "budget_line": "2026 common equipment maintenance",
            "purpose": "Lift maintenance, November 2026",
            "vouchers": [{"name": "invoice 2026-0412.pdf",
                          "sha256": hashlib.sha256(b"invoice 2026-0412").hexdigest()}],
            "expires_on": day_after(expires_in)}
    body.update(extra)
    return body


def escrow_books(client, token, keys, estates=(ESTATE, OTHER_ESTATE)):
    """Over HTTP, as `token` (an admin of the estates): in each estate registers `keys` as the
    custodian set (committee, manager), sets the OP trust account (OP_ACCOUNT) and puts
    100000.00 in OP (Dr OP.1002, Cr OP.3101, dated today). Returns what went wrong (a list)."""
    problems = []
    for estate_id in estates:
        for rest, body in [
                ("/custodians", {"custodians": [
                    {"role": "owners_committee", "certificate": keys["committee"].pem},
                    {"role": "manager", "certificate": keys["manager"].pem}]}),
                ("/bank-accounts", OP_ACCOUNT),
                ("/entries", entry(today_utc().isoformat(), "opening",
                                   [("OP.1002", "100000.00"), ("OP.3101", "-100000.00")],
                                   "Operating trust account, opening balance"))]:
            r = safe(client.request, "POST", estate_path(estate_id, rest), body=body, token=token)
            if r.status != 201:
                problems.append("POST %s%s: %s" % (estate_id, rest, r.describe()))
    return problems


class EscrowFlow:
    """Takes orders of one estate through their states over HTTP: `preparer` (a token with
    prepare_disbursement) creates, submits and executes; `signer` (a custodian user's token)
    uploads the signatures that `committee` and `manager` (CustodianKeys) make. Raises
    RuntimeError when the server does not answer as expected."""

    def __init__(self, client, estate, preparer, signer, committee, manager):
        self.c = client
        self.estate = estate
        self.preparer = preparer
        self.signer = signer
        self.committee = committee
        self.manager = manager

    def path(self, order_id="", rest=""):
        return estate_path(self.estate, "/orders" + ("/" + order_id if order_id else "") + rest)

    def _expect(self, r, status, what):
        if r.status != status:
            raise RuntimeError("%s: wanted %d, %s" % (what, status, r.describe()))
        return r

    def draft(self, **order):
        r = self.c.request("POST", self.path(), body=order_body(**order), token=self.preparer)
        return self._expect(r, 201, "create an order").body["order_id"]

    def document(self, order_id):
        r = self.c.request("GET", self.path(order_id, "/document"), token=self.preparer)
        return self._expect(r, 200, "GET the document of " + order_id).raw

    def submitted(self, **order):
        """A fresh order awaiting signatures: (order id, its document bytes)."""
        order_id = self.draft(**order)
        r = self.c.request("POST", self.path(order_id, "/submit"), body={}, token=self.preparer)
        self._expect(r, 200, "submit " + order_id)
        return order_id, self.document(order_id)

    def upload(self, order_id, der):
        r = self.c.request("POST", self.path(order_id, "/signatures"), body=der,
                           content_type="application/pkcs7-signature", token=self.signer)
        return self._expect(r, 200, "upload a signature of " + order_id)

    def approve(self, order_id):
        """Signs an order awaiting signatures (committee, then manager co-signs) and uploads both,
        whoever made it (e.g. a repair project's staged payment): (document, the two-signer DER)."""
        doc = self.document(order_id)
        first = self.committee.sign(doc)
        self.upload(order_id, first)
        both = self.manager.cosign(first, doc)
        r = self.upload(order_id, both)
        if r.body.get("state") != "approved":
            raise RuntimeError("%s is not approved after both signatures: %s"
                               % (order_id, r.describe()))
        return doc, both

    def execute(self, order_id, date=None):
        """Executes an approved order; returns the order."""
        r = self.c.request("POST", self.path(order_id, "/execute"),
                           body={"date": date or today_utc().isoformat()}, token=self.preparer)
        return self._expect(r, 200, "execute " + order_id).body

    def pay(self, order_id, date=None):
        """approve() then execute(): the order, executed."""
        self.approve(order_id)
        return self.execute(order_id, date)

    def approved(self, **order):
        """A fresh order signed by both custodians: (order id, document, the two-signer DER)."""
        order_id, _ = self.submitted(**order)
        doc, both = self.approve(order_id)
        return order_id, doc, both

    def executed(self, date=None, **order):
        order_id, _, _ = self.approved(**order)
        return self.execute(order_id, date)


# ---- books helpers -----------------------------------------------------------------------------

def entry(date, kind, postings, memo=""):
    """A journal entry body; postings as (account, amount) pairs."""
    return {"date": date, "kind": kind, "memo": memo,
            "postings": [{"account": a, "amount": amt} for a, amt in postings]}


def payment(date, amount, unit=OWN_UNIT, memo="payment"):
    """Money received into the operating bank account from a unit's fee receivable."""
    return entry(date, "payment", [("OP.1002", amount), ("OP.1122@" + unit, "-" + amount)], memo)


def to_cents(text):
    """ "-1234.50" -> -123450; None for anything that is not a decimal string with 2 decimals."""
    if not isinstance(text, str) or not re.fullmatch(r"-?\d+\.\d{2}", text):
        return None
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    v = int(whole) * 100 + int(frac)
    return -v if neg else v


def estate_path(estate_id=ESTATE, rest=""):
    return "/api/v1/estates/" + estate_id + rest


def entry_count(client, token, estate_id=ESTATE):
    r = client.request("GET", estate_path(estate_id), token=token)
    if r.status != 200 or not isinstance(r.body, dict) or not isinstance(r.body.get("entries"), int):
        raise RuntimeError("cannot read the entry count: " + r.describe())
    return r.body["entries"]


def estate_summary(client, token, estate_id=ESTATE):
    r = client.request("GET", estate_path(estate_id), token=token)
    if r.status != 200 or not isinstance(r.body, dict):
        raise RuntimeError("cannot read the estate: " + r.describe())
    return r.body


def all_entries(client, token, estate_id=ESTATE, limit=1000, after=None):
    """Every entry, following `next` cursors. Returns (entries, pages, problems)."""
    out, pages, problems = [], 0, []
    query = {"limit": str(limit)}
    if after is not None:
        query["after"] = str(after)
    while True:
        r = client.request("GET", estate_path(estate_id, "/entries"), token=token, query=query)
        pages += 1
        if r.status != 200 or not isinstance(r.body, dict):
            problems.append(r.describe())
            return out, pages, problems
        page = r.body.get("entries", [])
        out.extend(page)
        nxt = r.body.get("next")
        if len(page) == limit and not nxt:
            problems.append("a full page of %d without next" % limit)
        if not nxt:
            return out, pages, problems
        m = re.fullmatch(r"after=(\d+)", nxt)
        if not m:
            problems.append("next %r is not after=SEQ" % nxt)
            return out, pages, problems
        if page and int(m.group(1)) != page[-1]["seq"]:
            problems.append("next %r is not the last seq %s of the page" % (nxt, page[-1]["seq"]))
        query["after"] = m.group(1)
        if pages > 10000:
            problems.append("endless paging")
            return out, pages, problems


# ---- Merkle proofs (RFC 6962 / RFC 9162) -------------------------------------------------------

def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def canonical_entry_bytes(entry_json):
    """RFC 8785 bytes of an entry as served, without leaf_hash and replayed (docs/tamper-evidence.md).
    Keys are ASCII so sort order by code unit is Python's; numbers are integers."""
    obj = {k: v for k, v in entry_json.items() if k not in ("leaf_hash", "replayed")}
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn != 0 and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(size1, size2, root1, root2, proof):
    """RFC 9162 section 2.1.4.2."""
    if size1 > size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0:
        return not proof  # any tree extends the empty one
    if not proof and size1 != size2:
        # a power-of-two-aligned old tree still needs at least one node
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # exact power of 2
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn != 0 and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def tree_root(leaves):
    """MTH over leaf hashes (RFC 6962 2.1), for small trees in tests."""
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(tree_root(leaves[:k]), tree_root(leaves[k:]))


def unhex(text):
    try:
        b = bytes.fromhex(text)
    except (TypeError, ValueError):
        return None
    return b if len(b) == 32 else None


# ---- misc ---------------------------------------------------------------------------------------

def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def binary_from_argv():
    if len(sys.argv) < 2:
        raise SystemExit("usage: %s path/to/trustfund" % sys.argv[0])
    return sys.argv[1]


def run_main(main):
    """Runs main(results, binary); a crash is a failed check, never a silent pass."""
    results = Results()
    try:
        main(results, binary_from_argv())
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001
        import traceback
        traceback.print_exc()
        results.check(False, "the test ran to its end", "%s: %s" % (type(e).__name__, e))
    sys.exit(results.report())


# ---- self-test (also what CTest runs if it globs this file as http_*.py) ------------------------

_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
           "606162636465666768696a6b6c6d6e6f"]
_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# RFC 6962 reference vectors (google/certificate-transparency, transparency-dev/merkle).
_INCLUSION = [
    (0, 1, []),
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
_CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
# An entry as `trustfund post` printed it, with its leaf hash.
_ENTRY = json.loads(
    '{"actor":"cli:root","date":"2026-10-05","estate":"sunrise","format":"trustfund-entry/1",'
    '"kind":"payment","memo":"x","period":"2026-10","postings":[{"account":"OP.1002","amount":'
    '"300.00"},{"account":"OP.1122@1-1-101","amount":"-300.00"}],"recorded_at":'
    '"2026-12-01T20:24:32Z","seq":0,'
    '"leaf_hash":"cad104cf6b6d4b25c2b08efc0652183876b06475d6e1078583affb2d6c5a00f2"}')


def _self_test(results):
    leaves = [leaf_hash(bytes.fromhex(h)) for h in _LEAVES]
    results.check(all(tree_root(leaves[:n]).hex() == _ROOTS[n] for n in range(9)),
                  "tree_root matches the RFC 6962 reference roots of sizes 0..8")
    for i, n, path in _INCLUSION:
        p = [bytes.fromhex(x) for x in path]
        root = bytes.fromhex(_ROOTS[n])
        results.check(verify_inclusion(i, n, leaves[i], p, root),
                      "verify_inclusion accepts the reference proof of leaf %d in %d" % (i, n))
        if p:
            results.check(not verify_inclusion(i, n, leaves[i], p[:-1], root)
                          and not verify_inclusion(i, n, leaves[(i + 1) % n], p, root),
                          "  ... and refuses it shortened or for another leaf")
    for a, b, path in _CONSISTENCY:
        p = [bytes.fromhex(x) for x in path]
        r1, r2 = bytes.fromhex(_ROOTS[a]), bytes.fromhex(_ROOTS[b])
        results.check(verify_consistency(a, b, r1, r2, p),
                      "verify_consistency accepts the reference proof %d -> %d" % (a, b))
        if p:
            results.check(not verify_consistency(a, b, r1, r2, p[:-1])
                          and not verify_consistency(a, b, bytes.fromhex(_ROOTS[a + 1]), r2, p),
                          "  ... and refuses it shortened or from another root")
    results.equal(leaf_hash(canonical_entry_bytes(_ENTRY)).hex(), _ENTRY["leaf_hash"],
                  "canonical_entry_bytes reproduces a recorded entry's leaf hash")
    results.equal(to_cents("-1234.50"), -123450, "to_cents parses decimal strings")


if __name__ == "__main__":
    _r = Results()
    _self_test(_r)
    sys.exit(_r.report())
