// Payments CSV: what parses, that every bad row is reported with its line and column, that a
// channel's reference is one payment, and how fast a large export parses.
#include "trustfund/fees/payments_csv.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

using namespace trustfund;
using fees::kMaxPaymentCsvRows;
using fees::parse_payments_csv;
using fees::PaymentChannel;
using fees::PaymentInput;
using fees::PaymentsCsv;
using ledger::CsvRowError;
using ledger::kMaxCsvErrors;

namespace {

// "line field type" per error, so a failed check shows every error at once.
std::vector<std::string> summary(const PaymentsCsv& csv) {
  std::vector<std::string> out;
  for (const CsvRowError& e : csv.errors) {
    std::string s = std::to_string(e.line);
    s.append(" ").append(e.field).append(" ").append(e.type);
    out.push_back(std::move(s));
  }
  return out;
}

using Lines = std::vector<std::string>;

money::Amount yuan(const char* text) {
  return money::Amount::parse(text);
}

constexpr const char* kHeader = "unit,amount,reference,date,channel,memo\n";

// A file of the header and one row made of `cells` (unit,amount,reference,date,channel,memo).
PaymentsCsv one_row(const std::string& cells) {
  return parse_payments_csv(std::string(kHeader) + cells + "\n");
}

}  // namespace

TEST_CASE("a good export with quotes, CRLF, a BOM and any column order parses exactly",
          "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv(
      "\xEF\xBB\xBF"
      " Date ,UNIT,Amount,Channel,\"reference\",memo\r\n"
      "2026-03-05,3-2-1502,210.02,wechat_pay,4200001234202603051234,\"March fee, unit 1502\"\r\n"
      "2026-03-06, A1 ,0.01,alipay,\"ref \"\"quoted\"\"\",\r\n"
      "2026-03-07,B-7,999999999999999.99,bank_transfer,  TX-9  ,李娜 三月物业费\r\n"
      "2026-02-28,9,5,cash,R-1,\"  kept  \"");  // no final line end
  REQUIRE(summary(csv).empty());
  REQUIRE(csv.payments.size() == 4);
  const PaymentInput& a = csv.payments[0];
  CHECK(csv.lines == std::vector<std::int64_t>{2, 3, 4, 5});
  CHECK(a.unit_code == "3-2-1502");
  CHECK(a.amount == yuan("210.02"));
  CHECK(a.channel == PaymentChannel::wechat_pay);
  CHECK(a.reference == "4200001234202603051234");
  CHECK(a.received_on == Date::from_ymd(2026, 3, 5));
  CHECK(a.memo == "March fee, unit 1502");
  CHECK(csv.payments[1].unit_code == "A1");
  CHECK(csv.payments[1].amount == yuan("0.01"));
  CHECK(csv.payments[1].reference == "ref \"quoted\"");
  CHECK(csv.payments[1].memo.empty());
  CHECK(csv.payments[2].amount.fen() == money::Amount::kMaxFen);
  CHECK(csv.payments[2].channel == PaymentChannel::bank_transfer);
  CHECK(csv.payments[2].reference == "TX-9");
  CHECK(csv.payments[2].memo == "李娜 三月物业费");
  CHECK(csv.payments[3].channel == PaymentChannel::cash);
  CHECK(csv.payments[3].received_on == Date::from_ymd(2026, 2, 28));
  CHECK(csv.payments[3].memo == "  kept  ");
}

TEST_CASE("every listed channel is accepted", "[payments_csv]") {
  const std::string channel =
      GENERATE(as<std::string>{}, "bank_transfer", "wechat_pay", "alipay", "cash", "other");
  const PaymentsCsv csv = one_row("A-1,1,R1,2026-03-01," + channel + ",");
  CHECK(summary(csv).empty());
  REQUIRE(csv.payments.size() == 1);
  CHECK(fees::to_string(csv.payments[0].channel) == channel);
}

TEST_CASE("a channel not listed is payment-channel", "[payments_csv]") {
  const std::string channel =
      GENERATE(as<std::string>{}, "WeChat Pay", "Wechat_pay", "card", "bank", "\"\"");
  INFO("channel " << channel);
  const PaymentsCsv csv = one_row("A-1,1,R1,2026-03-01," + channel + ",");
  CHECK(summary(csv) == Lines{"2 channel payment-channel"});
  CHECK(csv.payments.empty());
}

TEST_CASE("without a channel column every row takes the default channel", "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv(
      "unit,amount,reference,date\nA-1,1,R1,2026-03-01\nA-2,2,R2,2026-03-02\n", "wechat_pay");
  REQUIRE(summary(csv).empty());
  REQUIRE(csv.payments.size() == 2);
  CHECK(csv.payments[0].channel == PaymentChannel::wechat_pay);
  CHECK(csv.payments[1].channel == PaymentChannel::wechat_pay);
  CHECK(csv.payments[0].memo.empty());
}

TEST_CASE("an empty channel cell takes the default channel, or is an error without one",
          "[payments_csv]") {
  const std::string text =
      std::string(kHeader) + "A-1,1,R1,2026-03-01,,\nA-2,1,R2,2026-03-01,cash,\n";
  const PaymentsCsv with_default = parse_payments_csv(text, "alipay");
  REQUIRE(summary(with_default).empty());
  CHECK(with_default.payments[0].channel == PaymentChannel::alipay);
  CHECK(with_default.payments[1].channel == PaymentChannel::cash);

  const PaymentsCsv without = parse_payments_csv(text);
  CHECK(summary(without) == Lines{"2 channel payment-channel"});
  REQUIRE(without.payments.size() == 1);
  CHECK(without.payments[0].unit_code == "A-2");
}

TEST_CASE("no channel column and no default channel is a missing column", "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv("unit,amount,reference,date\nA-1,1,R1,2026-03-01\n");
  CHECK(summary(csv) == Lines{"1 channel csv-missing-column"});
  CHECK(csv.payments.empty());
}

TEST_CASE("a default channel not listed is an error on the header and no row is parsed",
          "[payments_csv]") {
  const PaymentsCsv csv =
      parse_payments_csv("\nunit,amount,reference,date\nA-1,1,R1,2026-03-01\n", "WeChat");
  CHECK(summary(csv) == Lines{"2 channel payment-channel"});
  CHECK(csv.payments.empty());
}

TEST_CASE("an amount of 0 or less is payment-amount", "[payments_csv]") {
  const std::string amount = GENERATE(as<std::string>{}, "0", "0.00", "-0", "-5", "-0.01");
  INFO("amount " << amount);
  const PaymentsCsv csv = one_row("A-1," + amount + ",R1,2026-03-01,cash,");
  CHECK(summary(csv) == Lines{"2 amount payment-amount"});
  CHECK(csv.payments.empty());
}

TEST_CASE("a malformed amount carries the type and message of Amount::parse", "[payments_csv]") {
  struct Case {
    const char* text;
    const char* type;
  };
  const Case c = GENERATE(values<Case>({
      {"12.345", "amount-too-many-decimals"},
      {"\"1,234.00\"", "amount-syntax"},
      {"1e3", "amount-syntax"},
      {"¥5", "amount-syntax"},
      {"", "amount-syntax"},
      {"\" 5\"", "amount-syntax"},  // quoted, so not trimmed
      {"1000000000000000.00", "amount-out-of-range"},
  }));
  INFO("amount " << c.text);
  const PaymentsCsv csv = one_row(std::string("A-1,") + c.text + ",R1,2026-03-01,cash,");
  REQUIRE(summary(csv) == Lines{std::string("2 amount ") + c.type});
  CHECK(csv.errors[0].detail.find("amount") != std::string::npos);
}

TEST_CASE("a reference must be 1-100 bytes without control characters", "[payments_csv]") {
  const std::string ok(100, 'r');
  const std::string too_long(101, 'r');
  const PaymentsCsv csv = parse_payments_csv(std::string(kHeader) + "A-1,1," + ok +
                                             ",2026-03-01,cash,\n"
                                             "A-2,1," +
                                             too_long +
                                             ",2026-03-01,cash,\n"
                                             "A-3,1,,2026-03-01,cash,\n"
                                             "A-4,1,\"\",2026-03-01,cash,\n"
                                             "A-5,1,\"a\tb\",2026-03-01,cash,\n"
                                             "A-6,1,\"a\xC2\x85"
                                             "b\",2026-03-01,cash,\n");
  CHECK(summary(csv) == Lines{"3 reference payment-reference", "4 reference payment-reference",
                              "5 reference payment-reference", "6 reference payment-reference",
                              "7 reference payment-reference"});
  REQUIRE(csv.payments.size() == 1);
  CHECK(csv.payments[0].reference == ok);
}

TEST_CASE("a date that is not a real YYYY-MM-DD day is date-syntax", "[payments_csv]") {
  const std::string date =
      GENERATE(as<std::string>{}, "2026-02-29", "2026/03/01", "2026-3-1", "", "20260301");
  INFO("date " << date);
  const PaymentsCsv csv = one_row("A-1,1,R1," + date + ",cash,");
  CHECK(summary(csv) == Lines{"2 date date-syntax"});
}

TEST_CASE("a unit that is not a unit code is payment-unit", "[payments_csv]") {
  const std::string unit = GENERATE(as<std::string>{}, "", "-A1", "A--1", "A_1", "楼1",
                                    "123456789012345678901234567890123");
  INFO("unit " << unit);
  const PaymentsCsv csv = one_row("\"" + unit + "\",1,R1,2026-03-01,cash,");
  CHECK(summary(csv) == Lines{"2 unit payment-unit"});
}

TEST_CASE("a memo may be at most 200 bytes on one line", "[payments_csv]") {
  const PaymentsCsv csv =
      parse_payments_csv(std::string(kHeader) + "A-1,1,R1,2026-03-01,cash," +
                         std::string(200, 'm') + "\nA-2,1,R2,2026-03-01,cash," +
                         std::string(201, 'm') + "\nA-3,1,R3,2026-03-01,cash,\"tab\there\"\n" +
                         "A-4,1,R4,2026-03-01,cash,\"next\xC2\x85line\"\n");
  CHECK(summary(csv) == Lines{"3 memo payment-memo", "4 memo payment-memo", "5 memo payment-memo"});
  REQUIRE(csv.payments.size() == 1);
  CHECK(csv.payments[0].memo.size() == 200);
}

TEST_CASE("the same channel and reference twice is payment-duplicate-reference on the later line",
          "[payments_csv]") {
  const PaymentsCsv csv =
      parse_payments_csv(std::string(kHeader) +
                             "A-1,1,R1,2026-03-01,cash,\n"    // 2
                             "A-2,0,R2,2026-03-01,cash,\n"    // 3: bad amount
                             "A-3,1,R1,2026-03-01,alipay,\n"  // 4: other channel
                             "A-4,1,r1,2026-03-01,cash,\n"    // 5: other case
                             "A-5,1,R1,2026-03-02,cash,\n"    // 6: dup of 2
                             "A-6,1,R2,2026-03-01,cash,\n"    // 7: dup of 3
                             "A-7,1, R1 ,2026-03-01,,\n",     // 8: dup of 2
                         "cash");
  REQUIRE(summary(csv) == Lines{"3 amount payment-amount",
                                "6 reference payment-duplicate-reference",
                                "7 reference payment-duplicate-reference",
                                "8 reference payment-duplicate-reference"});
  CHECK(csv.errors[1].detail.find("line 2") != std::string::npos);
  CHECK(csv.errors[2].detail.find("line 3") != std::string::npos);
  CHECK(csv.errors[3].detail.find("line 2") != std::string::npos);
  CHECK(csv.payments.size() == 3);
}

TEST_CASE("several bad rows are all reported, and each bad cell of a row", "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv(std::string(kHeader) +
                                             "A-1,1,R1,2026-03-01,cash,\n"
                                             "a--b,1,R2,2026-03-01,cash,\n"
                                             "A-3,1,R3,2026-13-01,cash,\n"
                                             "A-4,1,R4,2026-03-01,cash,\n"
                                             "-x,-1,,1 March,card,\n"
                                             "A-6,1,R6,2026-03-01\n"
                                             "A-7,1,R7,2026-03-01,cash,\n");
  CHECK(summary(csv) == Lines{"3 unit payment-unit", "4 date date-syntax", "6 unit payment-unit",
                              "6 amount payment-amount", "6 reference payment-reference",
                              "6 date date-syntax", "6 channel payment-channel", "7  csv-columns"});
  REQUIRE(csv.payments.size() == 3);
  CHECK(csv.lines == std::vector<std::int64_t>{2, 5, 8});
}

TEST_CASE("blank lines are skipped but still count as lines", "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv(
      "\n \r\n"
      "unit,amount,reference,date,channel\n"  // line 3
      "\n"
      "A-1,1,R1,2026-03-01,cash\n"
      "\t\n"
      "A-2,0,R2,2026-03-01,cash\n"  // line 7
      "\n\n");
  CHECK(summary(csv) == Lines{"7 amount payment-amount"});
  REQUIRE(csv.payments.size() == 1);
  CHECK(csv.lines == std::vector<std::int64_t>{5});
}

TEST_CASE("a row with more or fewer fields than the header is csv-columns", "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv(std::string(kHeader) +
                                             "A-1,1,R1,2026-03-01,cash\n"
                                             "A-2,1,R2,2026-03-01,cash,,extra\n"
                                             "A-3,1,R3,2026-03-01,cash,\"a,b\"\n");
  CHECK(summary(csv) == Lines{"2  csv-columns", "3  csv-columns"});
  REQUIRE(csv.payments.size() == 1);
  CHECK(csv.payments[0].memo == "a,b");
}

TEST_CASE("misplaced quotes, open quotes and lone carriage returns are csv-syntax",
          "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv(std::string(kHeader) +
                                             "A-1,1,R1,2026-03-01,cash,\"open\n"     // 2
                                             "A-2,1,R2,2026-03-01,cash,\"x\"tail\n"  // 3
                                             "A-3,1,R\"3,2026-03-01,cash,\n"         // 4
                                             "A-4,1,R4,2026-03-01,cash,\"a\nb\"\n"   // 5, 6
                                             "A-5,1,R5,2026-03-01,cash,m\r5\n"       // 7
                                             "A-6,1,R6,2026-03-01,cash,\n");
  CHECK(summary(csv) == Lines{"2  csv-syntax", "3  csv-syntax", "4  csv-syntax", "5  csv-syntax",
                              "6  csv-syntax", "7  csv-syntax"});
  REQUIRE(csv.payments.size() == 1);
  CHECK(csv.payments[0].unit_code == "A-6");
}

TEST_CASE("a line that is not valid UTF-8 is csv-encoding", "[payments_csv]") {
  const PaymentsCsv csv = parse_payments_csv(std::string(kHeader) +
                                             "A-1,1,R1,2026-03-01,cash,\xC0\xAF\n"
                                             "A-2,1,R2,2026-03-01,cash,\xED\xA0\x80\n"
                                             "A-3,1,R3,2026-03-01,cash,\xE6\x9D\n"
                                             "A-4,1,R4,2026-03-01,cash,\xE6\x9D\x8E\n");
  CHECK(summary(csv) == Lines{"2  csv-encoding", "3  csv-encoding", "4  csv-encoding"});
  REQUIRE(csv.payments.size() == 1);
  CHECK(csv.payments[0].memo == "李");
}

TEST_CASE("header errors are reported on the header line and no row is parsed", "[payments_csv]") {
  SECTION("unknown column") {
    const PaymentsCsv csv = parse_payments_csv(
        "unit,amount,reference,date,channel, Payer \nA-1,1,R1,2026-03-01,cash,x\n");
    CHECK(summary(csv) == Lines{"1 Payer csv-unknown-column"});
    CHECK(csv.payments.empty());
  }
  SECTION("duplicate column in another case") {
    const PaymentsCsv csv = parse_payments_csv(
        "unit,amount,reference,date,channel,UNIT\nA-1,1,R1,2026-03-01,cash,A-1\n");
    CHECK(summary(csv) == Lines{"1 unit csv-duplicate-column"});
    CHECK(csv.payments.empty());
  }
  SECTION("missing required columns, one error each") {
    const PaymentsCsv csv = parse_payments_csv("\r\nchannel,unit\r\ncash,A-1\r\n");
    CHECK(summary(csv) == Lines{"2 amount csv-missing-column", "2 reference csv-missing-column",
                                "2 date csv-missing-column"});
    CHECK(csv.payments.empty());
  }
  SECTION("a syntax error in the header") {
    const PaymentsCsv csv = parse_payments_csv("unit,\"amount,reference,date,channel\nA-1\n");
    CHECK(summary(csv) == Lines{"1  csv-syntax"});
  }
}

TEST_CASE("a file without a header is csv-empty; a header alone is no payments", "[payments_csv]") {
  const std::string text = GENERATE(as<std::string>{}, "", "\xEF\xBB\xBF", "\n\r\n  \n");
  CHECK(summary(parse_payments_csv(text)) == Lines{"1  csv-empty"});
  const PaymentsCsv header_only = parse_payments_csv("unit,amount,reference,date,channel");
  CHECK(summary(header_only).empty());
  CHECK(header_only.payments.empty());
}

TEST_CASE("errors stop at kMaxCsvErrors plus one saying more are not shown", "[payments_csv]") {
  std::string text = kHeader;
  for (std::size_t i = 0; i < kMaxCsvErrors + 50; ++i)
    text.append("A-1,0,R").append(std::to_string(i)).append(",2026-03-01,cash,\n");
  const PaymentsCsv csv = parse_payments_csv(text);
  REQUIRE(csv.errors.size() == kMaxCsvErrors + 1);
  CHECK(csv.errors[kMaxCsvErrors - 1].type == "payment-amount");
  CHECK(csv.errors[kMaxCsvErrors - 1].line == static_cast<std::int64_t>(kMaxCsvErrors) + 1);
  CHECK(csv.errors.back().type == "csv-too-many-errors");
  CHECK(csv.errors.back().line == static_cast<std::int64_t>(kMaxCsvErrors) + 2);
  CHECK(csv.errors.back().detail.find("more errors not shown") != std::string::npos);
}

TEST_CASE("kMaxPaymentCsvRows rows parse; one more is a single csv-too-many-rows error",
          "[payments_csv]") {
  std::string text = kHeader;
  text.reserve(kMaxPaymentCsvRows * 40);
  for (std::size_t i = 0; i < kMaxPaymentCsvRows; ++i)
    text.append("A-1,1,R").append(std::to_string(i)).append(",2026-03-01,cash,\n");
  const PaymentsCsv full = parse_payments_csv(text);
  CHECK(full.errors.empty());
  CHECK(full.payments.size() == kMaxPaymentCsvRows);

  text += "\nA-1,1,LAST,2026-03-01,cash,\nA-1,0,AFTER,2026-03-01,cash,\n";
  const PaymentsCsv over = parse_payments_csv(text);
  CHECK(summary(over) == Lines{std::to_string(kMaxPaymentCsvRows + 3) + "  csv-too-many-rows"});
}

TEST_CASE("bench: parse_payments_csv of 100000 rows", "[.bench]") {
  constexpr std::size_t kRows = 100'000;
  std::string text = kHeader;
  text.reserve(kRows * 90);
  const char* channels[] = {"wechat_pay", "alipay", "bank_transfer"};
  for (std::size_t i = 0; i < kRows; ++i) {
    text.append(std::to_string(1 + i % 30))
        .append("-")
        .append(std::to_string(1 + i % 4))
        .append("-")
        .append(std::to_string(101 + i % 2000))
        .append(",")
        .append(std::to_string(100 + i % 900))
        .append(".")
        .append(std::to_string(10 + i % 90))
        .append(",420000")
        .append(std::to_string(1'000'000'000 + i))
        .append(",2026-03-")
        .append(std::to_string(10 + i % 19))
        .append(",")
        .append(channels[i % 3])
        .append(i % 5 == 0 ? ",\"March fee, paid online\"\n" : ",\n");
  }
  const auto start = std::chrono::steady_clock::now();
  const PaymentsCsv csv = parse_payments_csv(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const auto ns = std::max<std::int64_t>(
      1, std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
  const std::int64_t rows_per_s = static_cast<std::int64_t>(kRows) * 1'000'000'000 / ns;
  REQUIRE(csv.errors.empty());
  REQUIRE(csv.payments.size() == kRows);
  std::cout << "parse_payments_csv: " << kRows << " rows, " << text.size() << " bytes in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms, "
            << rows_per_s << " rows/s\n";
}
