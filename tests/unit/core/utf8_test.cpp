// Strict UTF-8 and the one rule for control characters (core/utf8.h).
#include "trustfund/core/utf8.h"

#include <catch2/catch_test_macros.hpp>

#include <string>

namespace utf8 = trustfund::utf8;

TEST_CASE("well-formed UTF-8 is accepted, every ill-formed sequence found at its byte") {
  CHECK(utf8::is_valid(""));
  CHECK(utf8::is_valid("plain ASCII text that is longer than eight bytes"));
  CHECK(utf8::is_valid("阳光花园 \xf0\x9f\x98\x80"));
  CHECK(utf8::find_invalid("abcdefgh\xff") == 8);
  CHECK(utf8::find_invalid("ab\x80") == 2);            // a stray continuation byte
  CHECK(utf8::find_invalid("ab\xc3") == 2);            // truncated
  CHECK(utf8::find_invalid("\xc0\xaf") == 0);          // overlong
  CHECK(utf8::find_invalid("\xe0\x80\xaf") == 0);      // overlong
  CHECK(utf8::find_invalid("x\xed\xa0\x80") == 1);     // an encoded surrogate
  CHECK(utf8::find_invalid("\xf4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(utf8::find_invalid("\xf5\x80\x80\x80") == 0);
}

TEST_CASE("control characters are C0, DEL and C1, one rule for every text") {
  CHECK(utf8::is_control(0x00));
  CHECK(utf8::is_control(0x1F));
  CHECK_FALSE(utf8::is_control(0x20));
  CHECK(utf8::is_control(0x7F));
  CHECK(utf8::is_control(0x85));  // NEXT LINE
  CHECK(utf8::is_control(0x9F));
  CHECK_FALSE(utf8::is_control(0xA0));
  CHECK(utf8::is_clean("阳光花园 3-2-1502"));
  CHECK_FALSE(utf8::is_clean("one\xc2\x85two"));
  CHECK(utf8::find_disallowed("one\xc2\x85two") == 3);
  CHECK_FALSE(utf8::is_clean("tab\there"));
  CHECK_FALSE(utf8::is_clean("del\x7f"));
  CHECK_FALSE(utf8::is_clean("two\nlines"));
  CHECK(utf8::is_clean("two\nlines", utf8::Lines::multiple));
  CHECK_FALSE(utf8::is_clean("two\r\nlines", utf8::Lines::multiple));
  CHECK_FALSE(utf8::is_clean("bad \xff", utf8::Lines::multiple));
}

TEST_CASE("truncate never splits a character") {
  CHECK(utf8::truncate("abc", 5) == "abc");
  CHECK(utf8::truncate("abc", 2) == "ab");
  CHECK(utf8::truncate("a中", 3) == "a");  // 中 is three bytes
  CHECK(utf8::truncate("a中", 4) == "a中");
}
