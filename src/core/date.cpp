#include "trustfund/core/date.h"

#include <cassert>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "trustfund/core/error.h"

namespace trustfund {
namespace {

// Howard Hinnant's civil-calendar algorithms (public domain description), in days since epoch.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Ymd {
  std::int64_t y;
  unsigned m;
  unsigned d;
};

Ymd civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool is_leap(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` ASCII digits at `pos`; returns -1 if any is not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

Date Date::parse(std::string_view text, std::string_view field) {
  auto bad = [&](const char* why) {
    return Error::invalid("date-syntax", std::string(field),
                          std::string(field) + " \"" + std::string(text) + "\" is not a date (" +
                              why + "); write YYYY-MM-DD, e.g. 2026-10-05");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    throw bad("wrong shape");
  const int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0)
    throw bad("not digits");
  if (y < 1900)
    throw bad("year before 1900");
  if (m < 1 || m > 12)
    throw bad("no such month");
  if (d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m)))
    throw bad("no such day in that month");
  return Date(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  assert(month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month));
  return Date(days_from_civil(year, month, day));
}

Date Date::today_utc() {
  const auto now = std::chrono::system_clock::now();
  const auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  return Date(static_cast<std::int64_t>(days));
}

int Date::year() const noexcept {
  return static_cast<int>(civil_from_days(days_).y);
}
unsigned Date::month() const noexcept {
  return civil_from_days(days_).m;
}
unsigned Date::day() const noexcept {
  return civil_from_days(days_).d;
}

std::string Date::to_string() const {
  const Ymd c = civil_from_days(days_);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(c.y), c.m, c.d);
  return buf;
}

Period Period::parse(std::string_view text, std::string_view field) {
  const bool shape = text.size() == 7 && text[4] == '-';
  const int y = shape ? digits(text, 0, 4) : -1;
  const int m = shape ? digits(text, 5, 2) : -1;
  if (y < 1900 || m < 1 || m > 12) {
    throw Error::invalid("period-syntax", std::string(field),
                         std::string(field) + " \"" + std::string(text) +
                             "\" is not a period; write YYYY-MM, e.g. 2026-10");
  }
  return Period(y * 12 + (m - 1));
}

Period Period::of(Date date) noexcept {
  const Ymd c = civil_from_days(date.days_since_epoch());
  return Period(static_cast<int>(c.y) * 12 + static_cast<int>(c.m) - 1);
}

Period Period::from_ym(int year, unsigned month) {
  assert(month >= 1 && month <= 12);
  return Period(year * 12 + static_cast<int>(month) - 1);
}

Date Period::first_day() const {
  return Date::from_ymd(year(), month(), 1);
}
Date Period::last_day() const {
  return Date::from_ymd(year(), month(), days_in_month(year(), month()));
}

std::string Period::to_string() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u", year(), month());
  return buf;
}

std::string utc_timestamp_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace trustfund
