// Reading JSON in tests: the strict parser (core/json.h), and members by name that REQUIRE they
// are there and of the type asked.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "trustfund/core/json.h"

namespace trustfund::testing {

inline json::Value parse_json(std::string_view text) {
  return json::parse(text, {.max_bytes = std::size_t{64} << 20});
}

// The member `name` of the object `o`.
inline const json::Value& member(const json::Value& o, std::string_view name) {
  INFO("member " << name);
  REQUIRE(o.is_object());
  const json::Value* v = o.find(name);
  REQUIRE(v != nullptr);
  return *v;
}

// The member at `path` below `o`: member(member(o, path[0]), path[1])...
inline const json::Value& member(const json::Value& o,
                                 std::initializer_list<std::string_view> path) {
  const json::Value* v = &o;
  for (const std::string_view name : path)
    v = &member(*v, name);
  return *v;
}

inline const std::string& text_of(const json::Value& o, std::string_view name) {
  const json::Value& v = member(o, name);
  INFO("member " << name);
  REQUIRE(v.is_string());
  return v.string();
}

inline std::int64_t integer_of(const json::Value& o, std::string_view name) {
  const json::Value& v = member(o, name);
  INFO("member " << name);
  REQUIRE(v.is_integer());
  return v.integer();
}

}  // namespace trustfund::testing
