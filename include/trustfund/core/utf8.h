// UTF-8 as trustfund reads it, and the one rule for control characters.
//
// Well-formed UTF-8 is strict: no stray continuation bytes, no truncated or overlong sequences,
// no encoded surrogates (U+D800..U+DFFF) and nothing above U+10FFFF. Every reader of outside text
// (JSON, CSV, command-line values) uses these functions, so that all of them accept exactly the
// same bytes.
//
// A control character is one of Unicode's general category Cc: C0 (U+0000..U+001F), DEL
// (U+007F) and C1 (U+0080..U+009F). C1 matters: U+0085 (NEXT LINE) breaks lines in many tools,
// and U+009B starts terminal escape sequences. Texts that are one line (names, memos, references)
// hold none of them; texts that may span lines allow only the line feed (U+000A).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace trustfund::utf8 {

// Decodes the well-formed sequence starting at text[i] into `code_point` and advances `i` past
// it. Returns false, with `i` unchanged, if no well-formed sequence starts there (or i is at the
// end).
bool decode(std::string_view text, std::size_t& i, char32_t& code_point) noexcept;

// The byte offset of the first ill-formed sequence in `text`, or npos if it is all well formed.
// Runs of ASCII are checked eight bytes at a time.
std::size_t find_invalid(std::string_view text) noexcept;

inline bool is_valid(std::string_view text) noexcept {
  return find_invalid(text) == std::string_view::npos;
}

// True for the control characters of Unicode category Cc (see the file comment).
constexpr bool is_control(char32_t code_point) noexcept {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

// What a text may hold besides printable characters.
enum class Lines {
  one,       // no control character at all
  multiple,  // line feeds (U+000A) allowed, no other control character
};

// The byte offset of the first control character in `text` that `lines` does not allow, or of
// its first ill-formed sequence, whichever comes first; npos if there is none.
std::size_t find_disallowed(std::string_view text, Lines lines = Lines::one) noexcept;

// True if `text` is well-formed UTF-8 and holds no control character that `lines` forbids.
inline bool is_clean(std::string_view text, Lines lines = Lines::one) noexcept {
  return find_disallowed(text, lines) == std::string_view::npos;
}

// Cuts `text` to at most `max_bytes` bytes without splitting a character (of well-formed text).
std::string_view truncate(std::string_view text, std::size_t max_bytes) noexcept;

}  // namespace trustfund::utf8
