// API v1 for fee collection: schedules, billing runs, payments (one or a CSV file), receipts,
// arrears, the collection rate and a unit's own account. The rules are in src/fees/; every
// handler authorizes first, writes through the estate's writer thread, and logs its action.
#include <algorithm>
#include <set>
#include <string>

#include "authz.h"
#include "json_out.h"
#include "request_json.h"
#include "trustfund/api/problem.h"
#include "trustfund/core/error.h"
#include "trustfund/fees/arrears.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/collection.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/payments_csv.h"
#include "trustfund/fees/public_revenue.h"
#include "trustfund/fees/receipt_page.h"
#include "trustfund/fees/receipts.h"
#include "trustfund/fees/remuneration_accrual.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/fees/unit_account.h"
#include "trustfund/repairfund/revenue_transfer.h"

namespace trustfund::api {
namespace {

using auth::Action;

const std::string& estate_of(const Request& r) {
  return r.params.at("estate");
}

Date date_query(const Request& req, const char* name) {
  const auto it = req.query.find(name);
  return it == req.query.end() ? Date::today_utc() : Date::parse(it->second, name);
}

std::string amounts_json(const fees::AgedAmounts& a) {
  std::string out = "{";
  member(out, "total", a.total().to_string(), true);
  for (const auto bucket : {fees::AgingBucket::days_0_30, fees::AgingBucket::days_31_90,
                            fees::AgingBucket::days_91_180, fees::AgingBucket::over_180}) {
    member(out, fees::to_string(bucket), a[bucket].to_string());
  }
  member_raw(out, "open_bills", std::to_string(a.open_bills));
  member(out, "currency", "CNY");
  return out + "}";
}

std::string settlements_json(const std::vector<fees::BillSettlement>& settled) {
  std::string out = "[";
  for (std::size_t i = 0; i < settled.size(); ++i) {
    if (i)
      out += ',';
    out += '{';
    member(out, "month", settled[i].period.to_string(), true);
    member(out, "amount", settled[i].amount.to_string());
    out += '}';
  }
  return out + "]";
}

// ---- schedules ---------------------------------------------------------------------------------

std::string schedule_json(const fees::Schedule& s) {
  std::string out = "{";
  member_raw(out, "id", std::to_string(s.id), true);
  member(out, "unit_kind", s.unit_kind);
  member(out, "effective_from", s.effective_from.to_string());
  member(out, "basis", fees::to_string(s.basis));
  if (s.basis == fees::FeeBasis::per_m2) {
    member(out, "rate_yuan_per_m2_month", s.rate_yuan_per_m2_month.to_string());
  } else {
    member(out, "fixed_per_unit_month", s.fixed_per_unit_month.to_string());
  }
  member(out, "created_at", s.created_at);
  return out + "}";
}

Response list_schedules(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));  // the rates are public to owners
  auto books = s.reader(estate_of(req));
  std::string out = "{\"schedules\":[";
  bool first = true;
  for (const auto& schedule : fees::list_schedules(*books)) {
    if (!first)
      out += ',';
    first = false;
    out += schedule_json(schedule);
  }
  return json(out + "]}");
}

Response add_schedule(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"unit_kind", "effective_from", "basis", "rate_yuan_per_m2_month",
                            "fixed_per_unit_month"});
  fees::ScheduleInput input;
  input.unit_kind = body.text("unit_kind", 20);
  input.effective_from = Period::parse(body.text("effective_from", 7), "effective_from");
  input.basis = fees::parse_fee_basis(body.text_or("basis", "per_m2", 10));
  if (input.basis == fees::FeeBasis::per_m2) {
    input.rate_yuan_per_m2_month =
        money::Rate::parse(body.text("rate_yuan_per_m2_month", 40), "rate_yuan_per_m2_month");
  } else {
    input.fixed_per_unit_month =
        money::Amount::parse(body.text("fixed_per_unit_month", 40), "fixed_per_unit_month");
  }
  const fees::Schedule added =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) { return fees::add_schedule(books, input, actor); })
          .get();
  return json(schedule_json(added), 201);
}

// ---- billing -----------------------------------------------------------------------------------

// The day a unit's fees start (by default the day it was registered); only before its first bill.
Response set_fee_start(Service& s, const Request& req) {
  const std::string& unit = req.params.at("unit");
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"date"});
  const Date start = Date::parse(body.text("date", 10), "date");
  s.writer(estate_of(req))
      .execute([&](ledger::Books& books) { fees::set_fee_start(books, unit, start, actor); })
      .get();
  std::string out = "{";
  member(out, "unit", unit, true);
  member(out, "fee_start", start.to_string());
  return json(out + "}");
}

Response billing_run(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"month"});
  const Period month = Period::parse(body.text("month", 7), "month");
  const fees::BillingResult r =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) { return fees::bill_month(books, month, actor); })
          .get();
  std::string out = "{";
  member(out, "month", r.month.to_string(), true);
  member_raw(out, "bills_created", std::to_string(r.bills_created));
  member(out, "total", r.total.to_string());
  member_raw(out, "already_billed", std::to_string(r.already_billed));
  member(out, "prepayment_applied", r.prepayment_applied.to_string());
  member_raw(out, "prepayment_units", std::to_string(r.prepayment_units));
  out += ",\"skipped\":[";
  for (std::size_t i = 0; i < r.skipped.size(); ++i) {
    if (i)
      out += ',';
    out += '{';
    member(out, "unit", r.skipped[i].unit_code, true);
    member(out, "reason", r.skipped[i].reason);
    out += '}';
  }
  out += ']';
  member(out, "message",
         r.bills_created == 0 && r.already_billed > 0
             ? "the month was billed before; nothing new was billed"
             : std::to_string(r.bills_created) + " bills issued");
  return json(out + "}", r.bills_created > 0 ? 201 : 200);
}

// ---- payments and receipts ---------------------------------------------------------------------

std::string payment_result_json(const fees::PaymentResult& p) {
  std::string out = "{";
  member_raw(out, "payment_id", std::to_string(p.payment_id), true);
  member_raw(out, "receipt_no", std::to_string(p.receipt_no));
  member_raw(out, "entry_seq", std::to_string(p.entry_seq));
  member_raw(out, "settled", settlements_json(p.settled));
  member(out, "prepayment", p.prepayment.to_string());
  member_raw(out, "replayed", p.replayed ? "true" : "false");
  return out + "}";
}

Response post_payment(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"unit", "amount", "channel", "reference", "date", "memo"});
  fees::PaymentInput p;
  p.unit_code = body.text("unit", 32);
  p.amount = money::Amount::parse(body.text("amount", 40), "amount");
  p.channel = fees::parse_payment_channel(body.text("channel", 20));
  p.reference = body.text("reference", fees::kMaxReferenceBytes);
  p.received_on = Date::parse(body.text("date", 10), "date");
  p.memo = body.text_or("memo", "", fees::kMaxPaymentMemoBytes);
  const fees::PaymentResult r =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) { return fees::record_payment(books, p, actor); })
          .get();
  Response out = json(payment_result_json(r), r.replayed ? 200 : 201);
  out.headers.emplace_back("Location", "/api/v1/estates/" + estate_of(req) + "/receipts/" +
                                           std::to_string(r.receipt_no));
  return out;
}

// All or nothing, like the units import: every bad row (by line and column) or every payment.
Response import_payments(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  if (req.content_type.rfind("text/csv", 0) != 0) {
    throw Error::invalid("content-type", "Content-Type", "send the payments as text/csv");
  }
  const auto channel = req.query.find("channel");
  fees::PaymentsCsv csv =
      fees::parse_payments_csv(req.body, channel == req.query.end() ? "" : channel->second);
  if (csv.errors.empty() && csv.payments.empty()) {
    throw Error::invalid("csv-empty", "body", "the file has a header but no payments");
  }
  if (!csv.errors.empty()) {
    // Report unknown units too, so that one corrected file fixes everything.
    std::set<std::string> known;
    {
      auto books = s.reader(estate_of(req));
      for (const auto& u : books->units())
        known.insert(u.code);
    }
    for (std::size_t i = 0; i < csv.payments.size(); ++i) {
      if (!known.count(csv.payments[i].unit_code)) {
        csv.errors.push_back({csv.lines.at(i), "unit", "unit-unknown",
                              "no unit " + csv.payments[i].unit_code + " in this estate"});
      }
    }
    std::stable_sort(csv.errors.begin(), csv.errors.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
  }
  if (csv.errors.empty()) {
    const fees::PaymentImportResult r =
        s.writer(estate_of(req))
            .execute([&](ledger::Books& books) {
              return fees::record_payments(books, csv.payments, actor);
            })
            .get();
    if (r.ok()) {
      std::int64_t replayed = 0;
      for (const auto& p : r.payments)
        replayed += p.replayed ? 1 : 0;
      std::string out = "{";
      member_raw(out, "imported", std::to_string(r.payments.size() - replayed), true);
      member_raw(out, "replayed", std::to_string(replayed));
      member_raw(out, "entries", std::to_string(r.entries.size()));
      return json(out + "}", 201);
    }
    for (const auto& e : r.errors) {
      csv.errors.push_back({csv.lines.at(e.row), e.field, e.type, e.message});
    }
  }
  return csv_rows_problem(csv.errors);
}

Response get_receipt(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));  // before anything about the receipt
  std::int64_t no = 0;
  const std::string& text = req.params.at("no");
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw Error::invalid("parameter", "no", "a receipt number is a whole number");
  }
  no = std::stoll(text);
  fees::Receipt r = [&] {
    auto books = s.reader(estate_of(req));
    return fees::receipt(*books, no);
  }();
  // A receipt belongs to its unit: its owner may read it, as may anyone who reads the unit.
  authorize(s, req, Action::read_unit, estate_of(req), r.unit_code);
  const auto format = req.query.find("format");
  if (format != req.query.end() && format->second == "html") {
    Response out;
    out.content_type = "text/html; charset=utf-8";
    out.body = fees::receipt_html(r);
    return out;
  }
  std::string out = "{";
  member_raw(out, "receipt", r.canonical_json, true);
  member(out, "sha256", r.sha256_hex);
  return json(out + "}");
}

// ---- arrears, collection rate, a unit's account ------------------------------------------------

Response get_arrears(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  const Date as_of = date_query(req, "as_of");
  auto books = s.reader(estate_of(req));
  const fees::ArrearsReport r = fees::arrears(*books, as_of);
  std::string out = "{";
  member(out, "as_of", r.as_of.to_string(), true);
  member_raw(out, "total", amounts_json(r.total));
  out += ",\"units\":[";
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    if (i)
      out += ',';
    out += '{';
    member(out, "unit", r.units[i].unit_code, true);
    member_raw(out, "arrears", amounts_json(r.units[i].arrears));
    out += '}';
  }
  return json(out + "]}");
}

std::string figures_json(const fees::CollectionFigures& f) {
  std::string out = "{";
  member(out, "from", f.from.to_string(), true);
  member(out, "to", f.to.to_string());
  member(out, "billed", f.billed.to_string());
  member(out, "settled", f.settled.to_string());
  member_raw(out, "bills", std::to_string(f.bills));
  member_raw(out, "bills_settled", std::to_string(f.bills_settled));
  member(out, "rate_by_amount", f.rate_by_amount);
  member(out, "rate_by_count", f.rate_by_count);
  return out + "}";
}

Response get_collection_rate(Service& s, const Request& req) {
  // The collection rate is what owners look at first: every role of the estate may read it.
  authorize(s, req, Action::read_estate, estate_of(req));
  const auto month_text = req.query.find("month");
  const Period month = month_text == req.query.end() ? Period::of(Date::today_utc())
                                                     : Period::parse(month_text->second, "month");
  auto books = s.reader(estate_of(req));
  const fees::CollectionRate r = fees::collection_rate(*books, month);
  std::string out = "{";
  member(out, "month", r.month.to_string(), true);
  member(out, "counted_to", r.counted_to.to_string());
  member_raw(out, "month_figures", figures_json(r.month_figures));
  member_raw(out, "year_to_date", figures_json(r.year_to_date));
  return json(out + "}");
}

Response get_unit_account(Service& s, const Request& req) {
  const std::string& unit = req.params.at("unit");
  authorize(s, req, Action::read_unit, estate_of(req), unit);
  const Date as_of = date_query(req, "as_of");
  auto books = s.reader(estate_of(req));
  const fees::UnitAccount a = fees::unit_account(*books, unit, as_of);
  std::string out = "{";
  member(out, "unit", a.unit_code, true);
  member(out, "as_of", a.as_of.to_string());
  out += ",\"bills\":[";
  for (std::size_t i = 0; i < a.bills.size(); ++i) {
    const auto& b = a.bills[i];
    if (i)
      out += ',';
    out += '{';
    member(out, "month", b.month.to_string(), true);
    member(out, "amount", b.amount.to_string());
    member(out, "settled", b.settled.to_string());
    member(out, "open", b.open.to_string());
    member_raw(out, "days_billed", std::to_string(b.days_billed));
    member_raw(out, "days_in_month", std::to_string(b.days_in_month));
    if (b.settled_on)
      member(out, "settled_on", b.settled_on->to_string());
    out += '}';
  }
  out += "],\"payments\":[";
  for (std::size_t i = 0; i < a.payments.size(); ++i) {
    const auto& p = a.payments[i];
    if (i)
      out += ',';
    out += '{';
    member(out, "received_on", p.received_on.to_string(), true);
    member(out, "channel", fees::to_string(p.channel));
    member(out, "reference", p.reference);
    member(out, "amount", p.amount.to_string());
    member(out, "prepayment", p.prepayment.to_string());
    member_raw(out, "receipt_no", std::to_string(p.receipt_no));
    out += '}';
  }
  out += ']';
  member(out, "prepayment", a.prepayment.to_string());
  member_raw(out, "arrears", amounts_json(a.arrears));
  member(out, "currency", "CNY");
  return json(out + "}");
}

// ---- remuneration ------------------------------------------------------------------------------

std::string accrual_json(const fees::RemunerationAccrual& a) {
  const fees::RemunerationComputation& c = a.computation;
  std::string out = "{";
  member(out, "month", a.period.to_string(), true);
  member(out, "basis", fees::to_string(c.basis));
  member(out, "base", c.base.to_string());
  member(out, "rate", c.rate_applied.to_string());
  if (!c.tier.empty())
    member(out, "tier", c.tier);
  if (!c.collection_rate.empty())
    member(out, "collection_rate", c.collection_rate);
  member(out, "gross", c.gross.to_string());
  member(out, "deductions", c.deductions.to_string());
  if (!a.inputs.deduction_reason.empty())
    member(out, "deduction_reason", a.inputs.deduction_reason);
  member(out, "amount", c.amount.to_string());
  member(out, "explanation", c.explanation);
  if (a.entry_seq)
    member_raw(out, "entry_seq", std::to_string(*a.entry_seq));
  member(out, "currency", "CNY");
  return out + "}";
}

// Published to every role of the estate: the manager's pay is part of what owners see.
Response list_accruals(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"accruals\":[";
  bool first = true;
  for (const auto& a : fees::remuneration_accruals(*books)) {
    if (!first)
      out += ',';
    first = false;
    out += accrual_json(a);
  }
  return json(out + "]}");
}

Response accrue(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"month", "deductions", "deduction_reason"});
  const Period month = Period::parse(body.text("month", 7), "month");
  const money::Amount deductions =
      money::Amount::parse(body.text_or("deductions", "0.00", 40), "deductions");
  const std::string reason = body.text_or("deduction_reason", "", 400);
  const fees::RemunerationAccrual a =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) {
            return fees::accrue_remuneration(books, month, deductions, reason, actor);
          })
          .get();
  return json(accrual_json(a), 201);
}

// ---- public revenue ----------------------------------------------------------------------------

Response post_public_revenue(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"class", "amount", "date", "memo"});
  const fees::RevenueReceipt receipt{fees::parse_revenue_class(body.text("class", 20)),
                                     money::Amount::parse(body.text("amount", 40), "amount"),
                                     Date::parse(body.text("date", 10), "date"),
                                     body.text("memo", 200)};
  const std::int64_t seq = s.writer(estate_of(req))
                               .execute([&](ledger::Books& books) {
                                 return fees::record_public_revenue(books, receipt, actor);
                               })
                               .get();
  return json("{\"entry_seq\":" + std::to_string(seq) + "}", 201);
}

Response post_public_revenue_cost(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"amount", "date", "payee", "voucher_no", "voucher_sha256", "memo"});
  const fees::RevenueCost cost{money::Amount::parse(body.text("amount", 40), "amount"),
                               Date::parse(body.text("date", 10), "date"),
                               body.text("payee", 200),
                               body.text("voucher_no", 64),
                               body.text("voucher_sha256", 64),
                               body.text_or("memo", "", 200)};
  const std::int64_t seq = s.writer(estate_of(req))
                               .execute([&](ledger::Books& books) {
                                 return fees::record_public_revenue_cost(books, cost, actor);
                               })
                               .get();
  return json("{\"entry_seq\":" + std::to_string(seq) + "}", 201);
}

Period period_query(const Request& req, const char* name) {
  const auto it = req.query.find(name);
  if (it == req.query.end()) {
    throw Error::invalid("parameter", name, std::string(name) + " (YYYY-MM) is required");
  }
  return Period::parse(it->second, name);
}

// What the common parts earned and cost: published to every role of the estate.
Response get_public_revenue(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  const Period from = period_query(req, "from");
  const Period to = period_query(req, "to");
  auto books = s.reader(estate_of(req));
  const fees::PublicRevenueSummary r = fees::public_revenue_summary(*books, from, to);
  std::string out = "{";
  member(out, "from", r.from.to_string(), true);
  member(out, "to", r.to.to_string());
  out += ",\"gross_by_class\":{";
  for (std::size_t i = 0; i < fees::kRevenueClasses.size(); ++i) {
    member(out, fees::to_string(fees::kRevenueClasses[i]), r.gross_by_class[i].to_string(), i == 0);
  }
  out += '}';
  member(out, "gross", r.gross.to_string());
  member(out, "costs", r.costs.to_string());
  member(out, "net", r.net.to_string());
  member(out, "transferred_to_repair_fund", r.transferred.to_string());
  member(out, "currency", "CNY");
  return json(out + "}");
}

Response post_transfer(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::write_journal, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"from", "to", "share"});
  const Period from = Period::parse(body.text("from", 7), "from");
  const Period to = Period::parse(body.text("to", 7), "to");
  const money::Rate share = money::Rate::parse(body.text("share", 20), "share");
  const repairfund::RepairFundTransfer t =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) {
            return repairfund::transfer_to_repair_fund(books, from, to, share, actor);
          })
          .get();
  std::string out = "{";
  member(out, "from", t.from.to_string(), true);
  member(out, "to", t.to.to_string());
  member(out, "net", t.net.to_string());
  member(out, "share", t.share.to_string());
  member(out, "amount", t.amount.to_string());
  if (t.entry_seq)
    member_raw(out, "entry_seq", std::to_string(*t.entry_seq));
  out += ",\"by_unit\":[";
  for (std::size_t i = 0; i < t.by_unit.size(); ++i) {
    if (i)
      out += ',';
    out += '{';
    member(out, "unit", t.by_unit[i].first, true);
    member(out, "amount", t.by_unit[i].second.to_string());
    out += '}';
  }
  return json(out + "]}", 201);
}

}  // namespace

std::vector<Route> fee_routes() {
  const std::string e = "/api/v1/estates/{estate}";
  return {
      {"GET", e + "/fee-schedules", list_schedules},
      {"POST", e + "/fee-schedules", add_schedule},
      {"POST", e + "/billing-runs", billing_run},
      {"POST", e + "/payments", post_payment},
      {"POST", e + "/payments/import", import_payments},
      {"GET", e + "/receipts/{no}", get_receipt},
      {"GET", e + "/arrears", get_arrears},
      {"GET", e + "/collection-rate", get_collection_rate},
      {"GET", e + "/units/{unit}/account", get_unit_account},
      {"POST", e + "/units/{unit}/fee-start", set_fee_start},
      {"GET", e + "/remuneration-accruals", list_accruals},
      {"POST", e + "/remuneration-accruals", accrue},
      {"GET", e + "/public-revenue", get_public_revenue},
      {"POST", e + "/public-revenue", post_public_revenue},
      {"POST", e + "/public-revenue/costs", post_public_revenue_cost},
      {"POST", e + "/public-revenue/transfers", post_transfer},
  };
}

}  // namespace trustfund::api
