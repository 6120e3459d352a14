// Calendar dates and accounting periods (proleptic Gregorian, no time zone).
//
// A `Date` is a day number (days since 1970-01-01) with strict ISO 8601 parsing ("2026-10-05");
// a `Period` is a calendar month ("2026-10"), the unit in which books are closed. Both are small
// value types, safe to copy and share between threads.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace trustfund {

class Date {
 public:
  constexpr Date() noexcept = default;  // 1970-01-01

  // Parses "YYYY-MM-DD" (years 1900-9999, a real calendar day). Throws Error::invalid
  // ("date-syntax") naming `field`.
  static Date parse(std::string_view text, std::string_view field = "date");
  static Date from_ymd(int year, unsigned month, unsigned day);  // asserts a valid date
  static constexpr Date from_days(std::int64_t days) noexcept { return Date(days); }
  // Today in UTC.
  static Date today_utc();

  constexpr std::int64_t days_since_epoch() const noexcept { return days_; }
  int year() const noexcept;
  unsigned month() const noexcept;
  unsigned day() const noexcept;
  std::string to_string() const;  // "2026-10-05"

  Date plus_days(std::int64_t n) const noexcept { return Date(days_ + n); }
  friend constexpr auto operator<=>(Date, Date) noexcept = default;

 private:
  explicit constexpr Date(std::int64_t days) noexcept : days_(days) {}
  std::int64_t days_ = 0;
};

class Period {
 public:
  constexpr Period() noexcept = default;  // 1970-01
  // Parses "YYYY-MM". Throws Error::invalid("period-syntax") naming `field`.
  static Period parse(std::string_view text, std::string_view field = "period");
  static Period of(Date date) noexcept;
  static Period from_ym(int year, unsigned month);  // asserts 1 <= month <= 12

  int year() const noexcept { return index_ / 12; }
  unsigned month() const noexcept { return static_cast<unsigned>(index_ % 12) + 1; }
  Date first_day() const;
  Date last_day() const;
  Period next() const noexcept { return Period(index_ + 1); }
  Period previous() const noexcept { return Period(index_ - 1); }
  std::string to_string() const;  // "2026-10"
  friend constexpr auto operator<=>(Period, Period) noexcept = default;

 private:
  explicit constexpr Period(int index) noexcept : index_(index) {}
  int index_ = 1970 * 12;  // year * 12 + (month - 1)
};

// Current UTC time as "2026-10-05T08:30:00Z".
std::string utc_timestamp_now();

}  // namespace trustfund
