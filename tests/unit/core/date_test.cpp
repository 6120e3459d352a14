#include <catch2/catch_test_macros.hpp>

#include "trustfund/core/date.h"
#include "trustfund/core/error.h"

using trustfund::Date;
using trustfund::Error;
using trustfund::Period;

TEST_CASE("a date parses from ISO 8601 and formats back") {
  for (const char* text : {"2026-10-05", "2024-02-29", "1999-12-31", "2000-01-01", "9999-12-31"}) {
    CHECK(Date::parse(text).to_string() == text);
  }
  const Date d = Date::parse("2026-10-05");
  CHECK(d.year() == 2026);
  CHECK(d.month() == 10u);
  CHECK(d.day() == 5u);
  CHECK(Date::parse("1970-01-01").days_since_epoch() == 0);
  CHECK(Date::parse("2026-10-06").days_since_epoch() - d.days_since_epoch() == 1);
}

TEST_CASE("a malformed or impossible date is rejected naming the field") {
  for (const char* text :
       {"", "2026-1-05", "2026/10/05", "2026-10-5", "2026-13-01", "2026-00-10", "2025-02-29",
        "2026-04-31", "1899-12-31", "2026-10-05T00:00", " 2026-10-05", "２０２６-10-05"}) {
    try {
      Date::parse(text, "postings.date");
      FAIL("accepted " << text);
    } catch (const Error& e) {
      CHECK(e.type() == "date-syntax");
      CHECK(e.field() == "postings.date");
    }
  }
}

TEST_CASE("day numbers follow the calendar across months, leap years and centuries") {
  Date d = Date::parse("1999-12-31");
  std::int64_t last = d.days_since_epoch();
  for (int i = 0; i < 366 * 30; ++i) {
    const Date next = d.plus_days(1);
    CHECK(next.days_since_epoch() == last + 1);
    CHECK(Date::parse(next.to_string()) == next);
    d = next;
    last = d.days_since_epoch();
  }
}

TEST_CASE("a period is the calendar month of a date") {
  CHECK(Period::of(Date::parse("2026-10-31")).to_string() == "2026-10");
  CHECK(Period::parse("2026-10").first_day().to_string() == "2026-10-01");
  CHECK(Period::parse("2026-02").last_day().to_string() == "2026-02-28");
  CHECK(Period::parse("2024-02").last_day().to_string() == "2024-02-29");
  CHECK(Period::parse("2026-12").next().to_string() == "2027-01");
  CHECK(Period::parse("2027-01").previous().to_string() == "2026-12");
  CHECK(Period::parse("2026-09") < Period::parse("2026-10"));
  for (const char* bad : {"2026-13", "2026-00", "26-10", "2026-1", "2026_10", ""}) {
    CHECK_THROWS_AS(Period::parse(bad), Error);
  }
}
