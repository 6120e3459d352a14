// Strict UTF-8 decoding and the control-character rule; see utf8.h.
#include "trustfund/core/utf8.h"

#include <cstdint>
#include <cstring>

namespace trustfund::utf8 {
namespace {

// True if the eight bytes at text[i] are all ASCII.
bool ascii_word(std::string_view text, std::size_t i) noexcept {
  std::uint64_t word = 0;
  std::memcpy(&word, text.data() + i, sizeof word);
  return (word & 0x8080808080808080u) == 0;
}

}  // namespace

bool decode(std::string_view text, std::size_t& i, char32_t& code_point) noexcept {
  if (i >= text.size())
    return false;
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    code_point = lead;
    ++i;
    return true;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return false;  // 0x80..0xC1 (a continuation byte or an overlong two-byte lead), 0xF5..0xFF
  }
  if (text.size() - i < length)
    return false;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0u) != 0x80u)
      return false;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    return false;
  }
  code_point = cp;
  i += length;
  return true;
}

std::size_t find_invalid(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= 8 && ascii_word(text, i)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t ignored = 0;
    if (!decode(text, i, ignored))
      return i;
  }
  return std::string_view::npos;
}

std::size_t find_disallowed(std::string_view text, Lines lines) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = i;
    char32_t cp = 0;
    if (!decode(text, i, cp))
      return at;
    if (is_control(cp) && !(cp == U'\n' && lines == Lines::multiple))
      return at;
  }
  return std::string_view::npos;
}

std::string_view truncate(std::string_view text, std::size_t max_bytes) noexcept {
  if (text.size() <= max_bytes)
    return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u)
    --end;
  return text.substr(0, end);
}

}  // namespace trustfund::utf8
