// The demo's repair projects; see demo_repairs.h.
#include "demo_repairs.h"

#include <set>

#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/repairfund/project.h"

namespace trustfund::cli {
namespace {

namespace rf = repairfund;

std::string doc(const std::string& name) {
  return crypto::to_hex(crypto::sha256("demo document: " + name));
}

money::Amount yuan(const char* text) {
  return money::Amount::parse(text);
}

// Building "2" if the estate has one, else building "1".
std::string building(ledger::Books& books, const char* wanted) {
  std::set<std::string> buildings;
  for (const ledger::Unit& u : books.units())
    buildings.insert(u.code.substr(0, u.code.find('-')));
  return buildings.contains(wanted) ? wanted : *buildings.begin();
}

rf::Contract contract(const char* contractor, const char* price, Date signed_on) {
  rf::Contract c;
  c.contractor = contractor;
  c.payee = {contractor, "6227003810260018888", "中国银行成都分行 Bank of China Chengdu",
             "104651000013"};
  c.price = yuan(price);
  c.signed_on = signed_on;
  c.document_sha256 = doc(std::string("contract ") + contractor);
  c.warranty_months = 24;
  return c;
}

}  // namespace

int DemoRepairs::pay(ledger::Books& books, const std::string& project, const char* stage,
                     const char* amount, Date date) {
  const rf::Project p = rf::request_payment(books, project, rf::parse_payment_stage(stage),
                                            yuan(amount), Date::today_utc().plus_days(30), actor_);
  custodians_.sign_and_execute(books, p.payments.back().order_id, date);
  return 1;
}

int DemoRepairs::settle(ledger::Books& books, const std::string& project, Date date,
                        std::map<std::string, money::Amount>& repair) {
  rf::settle(books, project, date, actor_);
  for (const rf::UnitCharge& c : rf::unit_split(books, project))
    repair[c.unit_code] -= c.amount;
  return 1;
}

int DemoRepairs::run(ledger::Books& books, Period month,
                     std::map<std::string, money::Amount>& repair) {
  const std::string ym = month.to_string();
  const auto day = [&](unsigned d) { return Date::from_ymd(month.year(), month.month(), d); };
  int entries = 0;
  if (ym == "2026-02") {
    rf::ProjectInput in;
    in.title = "2号楼电梯曳引机更换 Lift traction machines, building " + building(books, "2");
    in.category = "lift";
    in.reason =
        "年检发现曳引轮磨损超限 The annual inspection found the traction sheaves worn "
        "beyond their limit";
    in.budget = yuan("190000.00");
    in.quotes = {{"成都迅达电梯 Chengdu Lift Co.", yuan("180000.00"), doc("quote lift 1")},
                 {"西部电梯服务 West Lift Services", yuan("186500.00"), doc("quote lift 2")},
                 {"四川奥的斯 Sichuan Elevator", yuan("194000.00"), doc("quote lift 3")}};
    in.chosen_quote = 0;
    in.chosen_reason = "最低价，质保两年 Lowest price, two-year warranty";
    in.scope = rf::parse_scope("buildings", {building(books, "2")});
    in.documents = {{"年检报告 inspection report 2026-01.pdf", doc("inspection report")}};
    const rf::Project p = rf::propose_project(books, in, actor_);
    lift_ = p.project_ref;
    const rf::Project voting =
        rf::put_to_vote(books, lift_,
                        "是否使用维修资金更换电梯曳引机？ Use the repair fund to "
                        "replace the lift traction machines?",
                        day(10), Date::from_ymd(2026, 3, 10), ledger::Actor("demo:committee"));
    // Eight owners in ten take part; of them six vote yes, one no, one abstains.
    const rf::Vote v = rf::vote(books, *voting.vote_ref);
    for (std::size_t i = 0; i < v.voters.size(); ++i) {
      if (i % 10 >= 8)
        continue;
      const rf::Choice c = i % 10 < 6    ? rf::Choice::yes
                           : i % 10 == 6 ? rf::Choice::no
                                         : rf::Choice::abstain;
      rf::cast_ballot(books, v.vote_ref, v.voters[i].owner_ref, c,
                      day(11 + static_cast<unsigned>(i % 15)), ledger::Actor("demo:committee"));
    }
  }
  if (ym == "2026-03" && !lift_.empty()) {
    rf::decide(books, lift_, ledger::Actor("demo:committee"));
    rf::sign_contract(books, lift_, contract("成都迅达电梯 Chengdu Lift Co.", "180000.00", day(20)),
                      actor_);
    rf::start_works(books, lift_, day(25), actor_);
    entries += pay(books, lift_, "advance", "54000.00", day(26));
  }
  if (ym == "2026-05" && !lift_.empty())
    entries += pay(books, lift_, "progress", "70000.00", day(15));
  if (ym == "2026-07" && !lift_.empty()) {
    rf::accept_works(books, lift_, day(10), yuan("182000.00"), ledger::Actor("demo:committee"));
    entries += pay(books, lift_, "balance", "52540.00", day(15));  // 182,000 - 3% - paid
    entries += settle(books, lift_, day(31), repair);
  }
  if (ym == "2026-08") {
    rf::ProjectInput in;
    in.title = "3号楼屋面漏水抢修 Emergency roof leak repair, building " + building(books, "3");
    in.category = "roof";
    in.reason = "暴雨后顶层住户室内漏水 Water coming into top-floor flats after the storm";
    in.budget = yuan("26000.00");
    in.quotes = {{"快修防水 Quick Roofing", yuan("24000.00"), doc("quote roof")}};
    in.chosen_quote = 0;
    in.chosen_reason = "唯一能当日进场的承包商 The only contractor able to start the same day";
    in.scope = rf::parse_scope("buildings", {building(books, "3")});
    in.emergency_category = "roof_leak";
    in.emergency_certificate_sha256 = doc("roof inspection certificate");
    in.emergency_notice_sha256 = doc("notice to owners: emergency roof repair");
    roof_ = rf::propose_project(books, in, actor_).project_ref;
    rf::declare_emergency(books, roof_, day(10), actor_);
    rf::sign_contract(books, roof_, contract("快修防水 Quick Roofing", "24000.00", day(10)),
                      actor_);
    rf::start_works(books, roof_, day(11), actor_);
    entries += pay(books, roof_, "advance", "7200.00", day(11));
    rf::accept_works(books, roof_, day(20), yuan("24000.00"), actor_);
    entries += pay(books, roof_, "balance", "16080.00", day(25));  // 24,000 - 3% - 7,200
    entries += settle(books, roof_, day(31), repair);
  }
  return entries;
}

}  // namespace trustfund::cli
