// Repair fund settings; see settings.h.
#include "trustfund/repairfund/settings.h"

#include "trustfund/core/error.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/repairfund/vote_rules.h"

namespace trustfund::repairfund {
namespace {

constexpr const char* kColumns =
    "SELECT effective_from, jurisdiction, developer_ref, top_up_share_ppm, min_quotes,"
    " advance_cap_ppm, retention_ppm, overrun_share_ppm, overrun_min_fen, warranty_months,"
    " set_at, set_by FROM repair_settings";

void check_share(money::Rate r, const char* field) {
  if (r.millionths() < 0 || r.millionths() > 1'000'000)
    throw Error::invalid("settings-share", field, std::string(field) + " is a share from 0 to 1");
}

}  // namespace

RepairSettings settings_on(ledger::Books& books, Date day) {
  store::Statement& st = books.database().cached(
      std::string(kColumns) + " WHERE effective_from <= ?1 ORDER BY effective_from DESC LIMIT 1");
  st.bind(1, day.to_string());
  RepairSettings s;
  if (st.step()) {
    s.effective_from = Date::parse(st.text_view(0));
    s.jurisdiction = st.text(1);
    s.developer_ref = st.text(2);
    s.top_up_share = money::Rate::from_millionths(st.int64(3));
    s.min_quotes = static_cast<int>(st.int64(4));
    s.advance_cap = money::Rate::from_millionths(st.int64(5));
    s.retention = money::Rate::from_millionths(st.int64(6));
    s.overrun_share = money::Rate::from_millionths(st.int64(7));
    s.overrun_min = money::Amount::from_fen(st.int64(8));
    s.warranty_months = static_cast<int>(st.int64(9));
    s.set_at = st.text(10);
    s.set_by = st.text(11);
  }
  st.reset();
  return s;
}

RepairSettings set_settings(ledger::Books& books, const RepairSettings& s,
                            const ledger::Actor& actor) {
  if (s.effective_from < Date::today_utc()) {
    throw Error::rule("settings-backdated", "effective_from",
                      "settings take effect today or later, not " + s.effective_from.to_string());
  }
  if (s.jurisdiction.empty() || s.jurisdiction.size() > 20)
    throw Error::invalid("settings-jurisdiction", "jurisdiction", "a jurisdiction code, e.g. CN");
  (void)rule_set_for(s.jurisdiction, s.effective_from);  // a jurisdiction with rules
  if (s.developer_ref.empty() || s.developer_ref.size() > 100)
    throw Error::invalid("settings-developer", "developer_ref",
                         "the owner reference of the developer's unsold units, 1-100 bytes");
  check_share(s.top_up_share, "top_up_share");
  check_share(s.advance_cap, "advance_cap");
  check_share(s.retention, "retention");
  check_share(s.overrun_share, "overrun_share");
  if (s.overrun_min.is_negative())
    throw Error::invalid("settings-amount", "overrun_min", "overrun_min must not be negative");
  if (s.min_quotes < 1 || s.min_quotes > 10)
    throw Error::invalid("settings-quotes", "min_quotes", "between 1 and 10 quotes");
  if (s.warranty_months < 0 || s.warranty_months > 120)
    throw Error::invalid("settings-warranty", "warranty_months", "0 to 120 months");
  ledger::AuditedWrite write(books, actor);
  store::Database& db = books.database();
  store::Statement& exists = db.cached("SELECT 1 FROM repair_settings WHERE effective_from = ?1");
  exists.bind(1, s.effective_from.to_string());
  const bool taken = exists.step();
  exists.reset();
  if (taken) {
    throw Error::conflict("settings-exist", "effective_from",
                          "settings already take effect on " + s.effective_from.to_string());
  }
  RepairSettings out = s;
  out.set_at = utc_timestamp_now();
  out.set_by = actor.name();
  db.cached(
        "INSERT INTO repair_settings (effective_from, jurisdiction, developer_ref,"
        " top_up_share_ppm, min_quotes, advance_cap_ppm, retention_ppm, overrun_share_ppm,"
        " overrun_min_fen, warranty_months, set_at, set_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
      .bind(1, s.effective_from.to_string())
      .bind(2, s.jurisdiction)
      .bind(3, s.developer_ref)
      .bind(4, s.top_up_share.millionths())
      .bind(5, std::int64_t{s.min_quotes})
      .bind(6, s.advance_cap.millionths())
      .bind(7, s.retention.millionths())
      .bind(8, s.overrun_share.millionths())
      .bind(9, s.overrun_min.fen())
      .bind(10, std::int64_t{s.warranty_months})
      .bind(11, out.set_at)
      .bind(12, actor.name())
      .run();
  write.commit("set_repair_settings", "repair-settings:" + s.effective_from.to_string());
  return out;
}

}  // namespace trustfund::repairfund
