// The posting path: checks an entry against the books, writes its postings and row, appends its
// leaf to the Merkle log and accumulates balance changes, all inside one write transaction.
#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

#include "books_impl.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/ledger/actor.h"

namespace trustfund::ledger {
namespace {

// Postings written by one INSERT statement (see Books::Writer::add).
constexpr std::size_t kPostingsPerStatement = 8;

struct Turnover {
  money::Amount debit;   // sum of positive postings
  money::Amount credit;  // sum of negative postings, positive
};

// Keys pack (account_id, day or period index) into 64 bits for cheap hashing.
std::uint64_t pack(std::int64_t account_id, std::int64_t when) {
  return (static_cast<std::uint64_t>(account_id) << 32) | static_cast<std::uint32_t>(when);
}
std::int64_t unpack_account(std::uint64_t key) {
  return static_cast<std::int64_t>(key >> 32);
}
std::int64_t unpack_when(std::uint64_t key) {
  return static_cast<std::int64_t>(static_cast<std::uint32_t>(key & 0xffffffffu));
}

int period_index(Period p) {
  return p.year() * 12 + static_cast<int>(p.month()) - 1;
}
Period period_from_index(std::int64_t i) {
  return Period::from_ym(static_cast<int>(i / 12), static_cast<unsigned>(i % 12) + 1);
}

}  // namespace

struct Books::Writer::State {
  State(store::Database& db, Nesting nesting) {
    if (nesting == Nesting::savepoint || !db.in_transaction())
      tx.emplace(db);
  }
  std::optional<store::Transaction> tx;  // empty: joined the caller's transaction
  crypto::merkle::Frontier saved_frontier;
  std::unordered_map<std::uint64_t, Turnover> by_day;     // (account, day since epoch)
  std::unordered_map<std::uint64_t, Turnover> by_period;  // (account, period index)
  std::vector<crypto::merkle::SubtreeNode> completed;
  std::vector<const Account*> accounts;  // per posting of the entry being added
  std::vector<std::pair<std::int64_t, Turnover>> ancestor_sums;  // of the entry being added
  bool failed = false;
  bool committed = false;
};

Books::Writer::Writer(Books& books, Nesting nesting) : books_(books) {
  if (books_.impl_->writer_open) {
    throw Error::rule("writer-open", "", "another write is already in progress on these books");
  }
  state_ = std::make_unique<State>(books_.impl_->db, nesting);
  state_->saved_frontier = books_.impl_->frontier;
  books_.impl_->writer_open = true;
}

Books::Writer::~Writer() {
  if (!state_->committed) {
    books_.impl_->frontier = state_->saved_frontier;
    books_.impl_->writer_open = false;
  }
}

RecordedEntry Books::Writer::add(const EntryInput& entry, const std::string& actor) {
  Impl& d = *books_.impl_;
  State& s = *state_;
  if (s.failed || s.committed) {
    throw Error::rule("writer-failed", "",
                      "this write transaction already failed or was committed; start a new one");
  }
  check_actor_name(actor);
  const Period period = Period::of(entry.date);
  if (d.closed_periods.contains(period)) {
    throw Error::rule(
        "period-closed", "date",
        "period " + period.to_string() + " is closed; post a correction dated in an open period");
  }
  if (entry.postings.size() < 2 || entry.postings.size() > kMaxPostings) {
    throw Error::invalid("entry-postings", "postings", "an entry needs 2-10000 postings");
  }

  // Accounts exist and take postings; the entry balances within each fund.
  std::array<money::Amount, 3> fund_sums{};
  s.accounts.clear();
  for (std::size_t i = 0; i < entry.postings.size(); ++i) {
    const PostingInput& p = entry.postings[i];
    const Account* found = d.chart.find(p.account);
    // The field name only for an error (an entry of a billing run has thousands of postings).
    const auto field = [i] { return "postings[" + std::to_string(i) + "].account"; };
    const Account& account = found ? *found : d.chart.require(p.account, field());
    if (!account.postable) {
      throw Error::rule("account-not-postable", field(),
                        "account " + account.code + " is a control account; post to " +
                            (account.per_unit ? "a unit's sub-account such as " +
                                                    unit_account_code(account.code, "3-2-1502")
                                              : "one of its sub-accounts"));
    }
    if (p.amount.is_zero()) {
      throw Error::invalid("posting-zero", "postings[" + std::to_string(i) + "].amount",
                           "a posting must move money; amount is zero");
    }
    fund_sums[static_cast<std::size_t>(account.fund)] += p.amount;
    s.accounts.push_back(&account);
  }
  for (std::size_t f = 0; f < fund_sums.size(); ++f) {
    if (!fund_sums[f].is_zero()) {
      const money::Amount diff = fund_sums[f];
      throw Error::invalid(
          "entry-unbalanced", "postings",
          std::string("entry does not balance in fund ") + fund_code(static_cast<Fund>(f)) + ": " +
              (diff.is_positive() ? "debits exceed credits by " : "credits exceed debits by ") +
              diff.abs().to_string());
    }
  }

  // Idempotency: the same key with the same request returns the first result.
  std::string request;
  crypto::Digest request_hash{};
  if (!entry.idempotency_key.empty()) {
    request = canonical_request(entry);
    request_hash = crypto::sha256(request);
    store::Statement& st =
        d.statement("SELECT seq, request_hash FROM journal_entry WHERE idempotency_key = ?1");
    st.bind(1, entry.idempotency_key);
    if (st.step()) {
      const std::int64_t seq = st.int64(0);
      const auto stored = st.blob(1);
      const bool same = stored.size() == request_hash.size() &&
                        std::equal(stored.begin(), stored.end(), request_hash.begin());
      st.reset();
      if (!same) {
        throw Error::conflict("idempotency-conflict", "idempotency_key",
                              "idempotency key \"" + entry.idempotency_key +
                                  "\" was already used for a different entry (seq " +
                                  std::to_string(seq) + ")");
      }
      RecordedEntry earlier = d.load_entry(seq);
      earlier.replayed = true;
      return earlier;
    }
  }

  // A reversal negates exactly one earlier entry, once.
  if (entry.reverses) {
    const std::int64_t target = *entry.reverses;
    if (entry.kind != "reversal") {
      throw Error::invalid("reversal-kind", "kind",
                           "an entry with reverses must have kind reversal");
    }
    if (target < 0 || target >= static_cast<std::int64_t>(d.frontier.size())) {
      throw Error::invalid("reversal-target", "reverses",
                           "no entry with seq " + std::to_string(target) + " to reverse");
    }
    const RecordedEntry original = d.load_entry(target);
    if (original.reverses) {
      throw Error::rule(
          "reversal-of-reversal", "reverses",
          "entry " + std::to_string(target) + " is itself a reversal; post a new entry instead");
    }
    store::Statement& st = d.statement("SELECT seq FROM journal_entry WHERE reverses = ?1");
    st.bind(1, target);
    if (st.step()) {
      const auto by = st.int64(0);
      st.reset();
      throw Error::conflict("already-reversed", "reverses",
                            "entry " + std::to_string(target) + " was already reversed by entry " +
                                std::to_string(by));
    }
    bool mirror = original.postings.size() == entry.postings.size();
    for (std::size_t i = 0; mirror && i < entry.postings.size(); ++i) {
      mirror = original.postings[i].account == entry.postings[i].account &&
               original.postings[i].amount == -entry.postings[i].amount;
    }
    if (!mirror) {
      throw Error::invalid("reversal-mismatch", "postings",
                           "a reversal must repeat the original's postings with opposite signs, "
                           "in the same order");
    }
  } else if (entry.kind == "reversal") {
    throw Error::invalid("reversal-target", "reverses",
                         "a reversal must name the entry it reverses in reverses");
  }

  // Everything checked: write. A failure from here on poisons the writer.
  s.failed = true;
  RecordedEntry rec;
  rec.seq = static_cast<std::int64_t>(d.frontier.size());
  rec.date = entry.date;
  rec.kind = entry.kind;
  rec.memo = entry.memo;
  rec.actor = actor;
  rec.recorded_at = utc_timestamp_now();
  rec.reverses = entry.reverses;
  rec.postings = entry.postings;
  rec.canonical = canonical_entry(rec, d.estate_id);
  rec.leaf_hash = crypto::merkle::leaf_hash(rec.canonical);

  const std::string date_text = rec.date.to_string();
  // Postings, kPostingsPerStatement rows to an INSERT (the rest one by one): one statement per
  // row paid the statement's start and end per posting. OR FAIL, deferred keys and no trigger
  // (010_fee_rows.sql) spare the statement a statement journal, a copy of each page it changes:
  // a failure poisons the writer, whose transaction is rolled back whole.
  static const std::string insert_many = [] {
    std::string sql =
        "INSERT OR FAIL INTO posting (seq, line, account_id, day, amount_fen) VALUES ";
    for (std::size_t r = 0; r < kPostingsPerStatement; ++r) {
      sql.append(r == 0 ? "(" : ", (");
      for (int c = 1; c <= 5; ++c)
        sql.append(c == 1 ? "?" : ", ?").append(std::to_string(5 * r + c));
      sql.push_back(')');
    }
    return sql;
  }();
  const auto bind_posting = [&](store::Statement& st, int first, std::size_t i) {
    st.bind(first, rec.seq)
        .bind(first + 1, static_cast<std::int64_t>(i))
        .bind(first + 2, s.accounts[i]->id)
        .bind_static(first + 3, date_text)
        .bind(first + 4, entry.postings[i].amount.fen());
  };
  std::size_t line = 0;
  if (entry.postings.size() >= kPostingsPerStatement) {
    store::Statement& many = d.statement(insert_many);
    for (; line + kPostingsPerStatement <= entry.postings.size(); line += kPostingsPerStatement) {
      for (std::size_t r = 0; r < kPostingsPerStatement; ++r)
        bind_posting(many, static_cast<int>(5 * r + 1), line + r);
      many.run();
    }
  }
  if (line < entry.postings.size()) {
    store::Statement& one = d.statement(
        "INSERT INTO posting (seq, line, account_id, day, amount_fen) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (; line < entry.postings.size(); ++line) {
      bind_posting(one, 1, line);
      one.run();
    }
  }
  const std::string period_text = period.to_string();
  store::Statement& insert_entry = d.statement(
      "INSERT INTO journal_entry (seq, accounting_date, period, kind, memo, actor, recorded_at,"
      " reverses, idempotency_key, request_hash, canonical, leaf_hash)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  insert_entry.bind(1, rec.seq)
      .bind_static(2, date_text)
      .bind_static(3, period_text)
      .bind_static(4, rec.kind)
      .bind_static(5, rec.memo)
      .bind_static(6, rec.actor)
      .bind_static(7, rec.recorded_at);
  if (rec.reverses) {
    insert_entry.bind(8, *rec.reverses);
  } else {
    insert_entry.bind_null(8);
  }
  if (entry.idempotency_key.empty()) {
    insert_entry.bind_null(9).bind_null(10);
  } else {
    insert_entry.bind_static(9, entry.idempotency_key).bind_blob(10, request_hash);
  }
  insert_entry
      .bind_blob(11, std::span(reinterpret_cast<const std::uint8_t*>(rec.canonical.data()),
                               rec.canonical.size()))
      .bind_blob(12, rec.leaf_hash)
      .run();

  s.completed.clear();
  d.frontier.append(rec.leaf_hash, &s.completed);
  for (const auto& node : s.completed) {
    if (node.level % kStoredLevelStep != 0)
      continue;
    d.statement("INSERT INTO merkle_node (level, idx, hash) VALUES (?1, ?2, ?3)")
        .bind(1, static_cast<std::int64_t>(node.level))
        .bind(2, static_cast<std::int64_t>(node.index))
        .bind_blob(3, node.hash)
        .run();
  }

  // Running balances: the posting's account, and its ancestors. Nearly every posting of a
  // billing run or a payment import is to a unit sub-account, whose ancestor is its control
  // account: the ancestors' turnover is summed here, for the entry, and added to the maps once.
  const std::int64_t day = rec.date.days_since_epoch();
  const std::int64_t pidx = period_index(period);
  const auto add = [](Turnover& t, money::Amount amount) {
    if (amount.is_positive()) {
      t.debit += amount;
    } else {
      t.credit -= amount;
    }
  };
  s.ancestor_sums.clear();
  const std::vector<std::int64_t>* ancestors = nullptr;  // of the last account's parent
  std::optional<std::int64_t> ancestors_parent;
  for (std::size_t i = 0; i < entry.postings.size(); ++i) {
    const money::Amount amount = entry.postings[i].amount;
    const Account& account = *s.accounts[i];
    add(s.by_period[pack(account.id, pidx)], amount);
    // Unit sub-accounts keep no day rows: their few postings a month are read directly.
    if (account.unit_code.empty())
      add(s.by_day[pack(account.id, day)], amount);
    // Accounts with the same parent have the same ancestors (the parent's chain).
    if (ancestors == nullptr || ancestors_parent != account.parent_id) {
      ancestors = &d.chart.ancestors(account.id);
      ancestors_parent = account.parent_id;
    }
    for (const std::int64_t ancestor : *ancestors) {
      auto it = std::find_if(s.ancestor_sums.begin(), s.ancestor_sums.end(),
                             [&](const auto& a) { return a.first == ancestor; });
      if (it == s.ancestor_sums.end())
        it = s.ancestor_sums.insert(it, {ancestor, Turnover{}});
      add(it->second, amount);
    }
  }
  for (const auto& [ancestor, t] : s.ancestor_sums) {
    for (Turnover* into : {&s.by_period[pack(ancestor, pidx)], &s.by_day[pack(ancestor, day)]}) {
      into->debit += t.debit;
      into->credit += t.credit;
    }
  }
  s.failed = false;
  return rec;
}

bool Books::Writer::failed() const noexcept {
  return state_->failed;
}

void Books::Writer::commit() {
  Impl& d = *books_.impl_;
  State& s = *state_;
  if (s.failed || s.committed) {
    throw Error::rule("writer-failed", "",
                      "this write transaction already failed or was committed; start a new one");
  }
  s.failed = true;
  store::Statement& day_upsert = d.statement(
      "INSERT INTO balance_day (account_id, day, debit_fen, credit_fen) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (account_id, day) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen,"
      " credit_fen = credit_fen + excluded.credit_fen");
  for (const auto& [key, t] : s.by_day) {
    day_upsert.bind(1, unpack_account(key))
        .bind(2, Date::from_days(unpack_when(key)).to_string())
        .bind(3, t.debit.fen())
        .bind(4, t.credit.fen())
        .run();
  }
  store::Statement& later = d.statement(
      "UPDATE balance_period SET closing_fen = closing_fen + ?3"
      " WHERE account_id = ?1 AND period > ?2");
  store::Statement& period_upsert = d.statement(
      "INSERT INTO balance_period (account_id, period, debit_fen, credit_fen, closing_fen)"
      " VALUES (?1, ?2, ?3, ?4, ?5 + coalesce((SELECT closing_fen FROM balance_period"
      "   WHERE account_id = ?1 AND period < ?2 ORDER BY period DESC LIMIT 1), 0))"
      " ON CONFLICT (account_id, period) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen,"
      " credit_fen = credit_fen + excluded.credit_fen, closing_fen = closing_fen + ?5");
  for (const auto& [key, t] : s.by_period) {
    const std::string period = period_from_index(unpack_when(key)).to_string();
    const std::int64_t net = (t.debit - t.credit).fen();
    later.bind(1, unpack_account(key)).bind(2, period).bind(3, net).run();
    period_upsert.bind(1, unpack_account(key))
        .bind(2, period)
        .bind(3, t.debit.fen())
        .bind(4, t.credit.fen())
        .bind(5, net)
        .run();
  }
  if (s.tx)
    s.tx->commit();
  s.committed = true;
  d.writer_open = false;
}

}  // namespace trustfund::ledger
