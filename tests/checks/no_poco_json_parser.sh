#!/usr/bin/env bash
# JSON from outside and our own stored JSON are read by one strict parser (core/json.h,
# core/json_reader.h); Poco's parser keeps the last of two members with the same name and reads
# true as 1, so no source in src/ (nor a test or benchmark) may use it again.
# Usage: no_poco_json_parser.sh SOURCE_DIR
set -uo pipefail
root=${1:?usage: no_poco_json_parser.sh SOURCE_DIR}
hits=$(cd "$root" && grep -rn --include='*.cpp' --include='*.h' -E 'JSON/Parser\.h|Poco::JSON::Parser' \
  src bench tests)
if [ -n "$hits" ]; then
  echo "Poco's JSON parser is used; read JSON with json::Document (core/json_reader.h):"
  echo "$hits"
  exit 1
fi
echo "no_poco_json_parser: src/, bench/ and tests/ do not use Poco's JSON parser"
