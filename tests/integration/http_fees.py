#!/usr/bin/env python3
"""Fee collection over HTTP on a hand-computed estate: schedules, billing runs, payments (one and
by CSV), oldest-first settlement, prepayments consumed by the next bill, receipts, arrears ageing,
the collection rate, a resident's own account; bad input refused with nothing written.

Usage: http_fees.py path/to/trustfund
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_support as hs  # noqa: E402

E = "fees"
A, B, C = "1-1-0101", "1-1-0102", "1-1-0103"   # 89.37, 120.50 and 75.00 m²


def P(rest):
    return hs.estate_path(E, rest)


def main(results, binary):
    env = hs.Environment(binary, "fees")
    env.init()
    env.estate(E, "Fee Court")
    env.unit(E, A, "89.37", "owner-a")
    env.unit(E, B, "120.50", "owner-b")
    env.unit(E, C, "75.00", "owner-c")
    env.user("treasurer")
    env.grant("treasurer", "treasurer", E)
    env.user("owner-a")
    env.grant("owner-a", "resident", E, A)
    t = env.api_token("treasurer")
    ra = env.api_token("owner-a")
    server = env.serve()
    c = server.client()

    def count():
        return hs.entry_count(c, t, E)

    # Fees start on 2026-01-01 for every unit (by default: the day the unit was registered).
    for unit in (A, B, C):
        r = c.request("POST", P("/units/%s/fee-start" % unit), {"date": "2026-01-01"}, token=t)
        results.equal(r.status, 200, "fee start of %s set" % unit)

    r = c.request("POST", P("/fee-schedules"), {"unit_kind": "residential",
                                                "effective_from": "2026-01",
                                                "rate_yuan_per_m2_month": "2.35"}, token=t)
    results.equal(r.status, 201, "a schedule of 2.35 yuan/m²/month from 2026-01")
    r = c.request("POST", P("/fee-schedules"), {"unit_kind": "residential",
                                                "effective_from": "2026-01",
                                                "rate_yuan_per_m2_month": "2.50"}, token=t)
    hs.check_problem(results, r, "a second schedule for the same kind and month -> 409", 409)
    r = c.request("GET", P("/fee-schedules"), token=ra)
    results.check(r.status == 200 and len(r.body["schedules"]) == 1,
                  "residents read the schedules (one)", r.describe())

    # January: 89.37 x 2.35 = 210.0195 -> 210.02; 120.50 x 2.35 = 283.175 -> 283.18; 176.25.
    r = c.request("POST", P("/billing-runs"), {"month": "2026-01"}, token=t)
    results.check(r.status == 201 and r.body["bills_created"] == 3 and r.body["total"] == "669.45",
                  "billing 2026-01: 3 bills, 669.45 in all", r.describe())
    before = count()
    r = c.request("POST", P("/billing-runs"), {"month": "2026-01"}, token=t)
    results.check(r.status == 200 and r.body["bills_created"] == 0
                  and r.body["already_billed"] == 3,
                  "billing 2026-01 again bills nothing new and says so", r.describe())
    results.equal(count(), before, "  ... and writes no entry")

    # B pays 300.00 on 2026-01-20: January's 283.18 and 16.82 in advance.
    pay_b = {"unit": B, "amount": "300.00", "channel": "wechat_pay", "reference": "wx-0001",
             "date": "2026-01-20"}
    r = c.request("POST", P("/payments"), pay_b, token=t)
    results.check(r.status == 201 and r.body["receipt_no"] == 1
                  and r.body["settled"] == [{"month": "2026-01", "amount": "283.18"}]
                  and r.body["prepayment"] == "16.82",
                  "B's 300.00 settles January's 283.18, 16.82 is a prepayment, receipt 1",
                  r.describe())
    before = count()
    r = c.request("POST", P("/payments"), pay_b, token=t)
    results.check(r.status == 200 and r.body["replayed"] and r.body["receipt_no"] == 1,
                  "the same channel reference again is the same payment (200, receipt 1)",
                  r.describe())
    r = c.request("POST", P("/payments"), dict(pay_b, amount="301.00"), token=t)
    hs.check_problem(results, r, "the same reference with another amount -> 409", 409,
                     field="reference")
    for desc, body, status in [
            ("an unknown unit", dict(pay_b, unit="9-9-9999", reference="x1"), 404),
            ("a zero amount", dict(pay_b, amount="0.00", reference="x2"), 400),
            ("a negative amount", dict(pay_b, amount="-5.00", reference="x3"), 400),
            ("an unknown channel", dict(pay_b, channel="barter", reference="x4"), 400),
            ("an unknown member", dict(pay_b, reference="x5", colour="red"), 400)]:
        r = c.request("POST", P("/payments"), body, token=t)
        hs.check_problem(results, r, "a payment with %s -> %d" % (desc, status), status)
    for desc, body, slug, field in [
            ("a memo with U+0085 (a C1 control)", dict(pay_b, reference="x6", memo="a\u0085b"),
             "payment-memo", "memo"),
            ("a reference with U+009B (a C1 control)", dict(pay_b, reference="x7\u009b"),
             "payment-reference", "reference"),
            ("the amount given twice",
             json.dumps(dict(pay_b, reference="x8"))[:-1] + ', "amount": "1.00"}',
             "body-shape", "amount")]:
        r = c.request("POST", P("/payments"), body, token=t, content_type="application/json")
        hs.check_problem(results, r, "a payment with %s -> 400 %s naming %s" % (desc, slug, field),
                         400, slug=slug, field=field)
    results.equal(count(), before, "  ... none of them wrote an entry")

    r = c.request("POST", P("/billing-runs"), {"month": "2026-02"}, token=t)
    results.check(r.status == 201 and r.body["prepayment_applied"] == "16.82"
                  and r.body["prepayment_units"] == 1,
                  "billing 2026-02 applies B's 16.82 prepayment", r.describe())
    r = c.request("POST", P("/fee-schedules"), {"unit_kind": "residential",
                                                "effective_from": "2026-02",
                                                "rate_yuan_per_m2_month": "2.40"}, token=t)
    hs.check_problem(results, r, "a schedule that would rewrite a billed month -> 422", 422)

    # A pays January and February by CSV; a bad file first, which imports nothing.
    bad = ("unit,amount,reference,date,channel\n"
           "%s,420.04,bank-0001,2026-02-10,bank_transfer\n"
           "9-9-9999,10.00,bank-0002,2026-02-10,bank_transfer\n"
           "%s,abc,bank-0003,2026-02-10,bank_transfer\n" % (A, C))
    before = count()
    r = c.request("POST", P("/payments/import"), bad, token=t, content_type="text/csv")
    hs.check_problem(results, r, "a payments CSV with bad rows -> 400", 400)
    lines = sorted(e["line"] for e in (r.body or {}).get("errors", []))
    results.equal(lines, [3, 4], "  ... every bad row is reported by line (unknown unit, amount)")
    results.equal(count(), before, "  ... and nothing was recorded, not even the good row")
    good = "unit,amount,reference,date,channel\n%s,420.04,bank-0001,2026-02-10,bank_transfer\n" % A
    r = c.request("POST", P("/payments/import"), good, token=t, content_type="text/csv")
    results.check(r.status == 201 and r.body["imported"] == 1, "the corrected CSV imports",
                  r.describe())

    r = c.request("POST", P("/billing-runs"), {"month": "2026-03"}, token=t)
    results.equal(r.status, 201, "billing 2026-03")

    # Arrears as of 2026-03-31: A March 210.02 (30 days); B February 266.36 (58 days) and March
    # 283.18; C January 176.25 (89 days), February and March 176.25 each.
    r = c.request("GET", P("/arrears"), token=t, query={"as_of": "2026-03-31"})
    total = (r.body or {}).get("total", {})
    results.check(r.status == 200 and total.get("0-30") == "669.45"
                  and total.get("31-90") == "618.86" and total.get("91-180") == "0.00"
                  and total.get("total") == "1288.31",
                  "arrears as of 2026-03-31 by age: 669.45 (0-30), 618.86 (31-90)", r.describe())
    per_unit = {u["unit"]: u["arrears"]["total"] for u in (r.body or {}).get("units", [])}
    results.equal(per_unit, {A: "210.02", B: "549.54", C: "528.75"}, "arrears per unit")
    r = c.request("GET", P("/arrears"), token=t, query={"as_of": "2026-05-01"})
    results.check(r.status == 200 and r.body["total"].get("91-180") == "176.25",
                  "C's January bill is 120 days old on 2026-05-01 (91-180)", r.describe())

    # Receivables in the books equal the arrears: fund = sum of the unit sub-ledgers.
    r = c.request("GET", P("/balances"), token=t,
                  query={"as_of": "2026-03-31", "account": "OP.1122"})
    subs = [b for b in (r.body or {}).get("balances", []) if "@" in b["account"]]
    cents = sum(hs.to_cents(b["closing"]) for b in subs)
    results.equal(cents, 128831, "OP.1122's unit sub-accounts add up to the arrears")

    # Collection rate for March, counted to 2026-03-31: March 0 of 669.45; year to date 720.04
    # of 2008.35 = 35.85%, and 3 of 9 bills settled = 33.33%.
    r = c.request("GET", P("/collection-rate"), token=ra, query={"month": "2026-03"})
    ytd = (r.body or {}).get("year_to_date", {})
    month = (r.body or {}).get("month_figures", {})
    results.check(r.status == 200 and month.get("rate_by_amount") == "0.00%"
                  and ytd.get("billed") == "2008.35" and ytd.get("settled") == "720.04"
                  and ytd.get("rate_by_amount") == "35.85%" and ytd.get("rate_by_count") == "33.33%",
                  "collection rate (read by a resident): 35.85% by amount, 33.33% by count YTD",
                  r.describe())

    # Receipts: JSON with its hash, and a printable page; residents only for their own unit.
    r = c.request("GET", P("/receipts/2"), token=ra)
    ok = r.status == 200 and isinstance(r.body, dict)
    if ok:
        canonical = json.dumps(r.body["receipt"], ensure_ascii=False, separators=(",", ":"),
                               sort_keys=True).encode()
        ok = hashlib.sha256(canonical).hexdigest() == r.body["sha256"]
    results.check(ok, "A's receipt 2: the SHA-256 covers its canonical JSON", r.describe())
    r = c.request("GET", P("/receipts/2"), token=ra, query={"format": "html"})
    results.check(r.status == 200 and "text/html" in r.content_type
                  and "收据" in r.raw.decode() and "Receipt" in r.raw.decode(),
                  "a printable receipt page in Chinese and English", r.describe())
    csp = r.headers.get("content-security-policy", "")
    results.check("default-src 'none'" in csp and "script-src" not in csp
                  and "<script" not in r.raw.decode() and "onclick" not in r.raw.decode(),
                  "the receipt page runs no script and the server's CSP allows none", csp)
    results.check("微信支付 WeChat Pay" in r.raw.decode() or "银行转账 Bank transfer" in r.raw.decode()
                  or "现金 Cash" in r.raw.decode() or "支付宝 Alipay" in r.raw.decode()
                  or "其他 Other" in r.raw.decode(),
                  "the receipt names its channel in Chinese and English", r.describe())
    r = c.request("GET", P("/receipts/1"), token=ra)
    hs.check_problem(results, r, "a resident cannot read a neighbour's receipt -> 403", 403)
    r = c.request("GET", P("/receipts/99"), token=t)
    hs.check_problem(results, r, "an unknown receipt -> 404", 404)

    # The resident's own account.
    r = c.request("GET", P("/units/%s/account" % A), token=ra, query={"as_of": "2026-03-31"})
    body = r.body if isinstance(r.body, dict) else {}
    results.check(r.status == 200 and [b["open"] for b in body.get("bills", [])]
                  == ["0.00", "0.00", "210.02"] and len(body.get("payments", [])) == 1
                  and body.get("arrears", {}).get("total") == "210.02",
                  "A's own account: three bills, one payment, 210.02 open", r.describe())
    r = c.request("GET", P("/units/%s/account" % B), token=ra)
    hs.check_problem(results, r, "a resident cannot read a neighbour's account -> 403", 403)

    # Remuneration: fixed 1,000.00 a month from March, accrued once, published to residents.
    env_terms = env.D("fees", "remuneration", "terms", "--estate", E, "--from", "2026-03",
                      "--basis", "fixed", "--fixed", "1000.00", check=False)
    results.equal(env_terms.returncode, 0, "remuneration terms set with the CLI")
    before = count()
    r = c.request("POST", P("/remuneration-accruals"), {"month": "2026-03"}, token=t)
    results.check(r.status == 201 and r.body.get("amount") == "1000.00"
                  and isinstance(r.body.get("entry_seq"), int),
                  "March's remuneration accrues 1000.00 with its entry", r.describe())
    results.equal(count(), before + 1, "  ... one entry")
    r = c.request("POST", P("/remuneration-accruals"), {"month": "2026-03"}, token=t)
    hs.check_problem(results, r, "accruing March twice -> 409", 409)
    r = c.request("POST", P("/remuneration-accruals"), {"month": "2026-03"}, token=ra)
    hs.check_problem(results, r, "a resident cannot accrue -> 403", 403)
    r = c.request("GET", P("/remuneration-accruals"), token=ra)
    results.check(r.status == 200 and [a["month"] for a in r.body["accruals"]] == ["2026-03"],
                  "residents read the remuneration accrued (published)", r.describe())

    # Public revenue: parking 18,000.00, a cost of 1,800.00 with its voucher, half the net of
    # the quarter (14,100.00) to the repair fund, split by area over the three units.
    r = c.request("POST", P("/public-revenue"), {"class": "parking", "amount": "18000.00",
                                                 "date": "2026-01-06", "memo": "Parking, January"},
                  token=t)
    results.equal(r.status, 201, "parking revenue recorded")
    cost = {"amount": "1800.00", "date": "2026-01-07", "payee": "Parking attendant",
            "voucher_no": "INV-001", "voucher_sha256": hashlib.sha256(b"invoice").hexdigest()}
    r = c.request("POST", P("/public-revenue/costs"), dict(cost, voucher_sha256="abc"), token=t)
    hs.check_problem(results, r, "a cost without a proper voucher hash -> 400", 400,
                     field="voucher_sha256")
    r = c.request("POST", P("/public-revenue/costs"), cost, token=t)
    results.equal(r.status, 201, "the cost with its voucher")
    r = c.request("GET", P("/public-revenue"), token=ra, query={"from": "2026-01", "to": "2026-03"})
    results.check(r.status == 200 and r.body["gross_by_class"]["parking"] == "18000.00"
                  and r.body["net"] == "16200.00",
                  "residents read the public revenue: 18000.00 gross, 16200.00 net", r.describe())
    r = c.request("POST", P("/public-revenue/transfers"),
                  {"from": "2026-01", "to": "2026-03", "share": "0.5"}, token=t)
    parts = {u["unit"]: hs.to_cents(u["amount"]) for u in (r.body or {}).get("by_unit", [])}
    results.check(r.status == 201 and r.body["amount"] == "8100.00" and sum(parts.values()) == 810000,
                  "half of the net, 8100.00, to the repair fund; the parts add up", r.describe())
    # Exact shares by area (89.37, 120.50, 75.00 of 284.87 m²), each within a fen.
    areas = {A: 8937, B: 12050, C: 7500}
    results.check(all(abs(parts.get(u, 0) * 28487 - 810000 * a) < 28487 for u, a in areas.items()),
                  "each unit's part is its area's exact share, rounded once", parts)
    r = c.request("POST", P("/public-revenue/transfers"),
                  {"from": "2026-03", "to": "2026-04", "share": "0.5"}, token=t)
    hs.check_problem(results, r, "transferring a month twice -> 409", 409)

    # A closed month cannot be billed.
    r = c.request("POST", P("/periods/2025-12/close"), token=t)
    results.equal(r.status, 200, "close 2025-12")
    r = c.request("POST", P("/billing-runs"), {"month": "2025-12"}, token=t)
    hs.check_problem(results, r, "billing a closed month -> 422", 422)

    rc = server.stop()
    results.equal(rc, 0, "server stops on SIGTERM with exit 0")
    p = env.D("log", "verify", "--estate", E, check=False)
    out = p.stdout.decode(errors="replace")
    results.check(p.returncode == 0 and "OK:" in out,
                  "log verify: the books and the action log recompute", out)
    p = env.D("actions", "--estate", E, "--limit", "1000", check=False)
    out = p.stdout.decode(errors="replace")
    results.check(all(a in out for a in ("bill_month", "record_payment", "import_payments",
                                         "add_fee_schedule", "set_fee_start")),
                  "every fee write is in the action log", out[-400:])


if __name__ == "__main__":
    hs.run_main(main)
