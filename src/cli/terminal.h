// Secrets a person types or pipes into a command: passwords (user add, user reset-password),
// key passphrases and token PINs (the custodian commands).
//
// Secrets are never options (they would show in `ps` and shell history). On a terminal they are
// asked for with the echo off; otherwise they are the first line of standard input. A Secret's
// buffer is reserved up front and never grows, so no copy is left behind in freed memory, and it
// is wiped however the command ends.
//
// Thread-safety: none; the terminal belongs to the one thread running the command.
#pragma once

#include <termios.h>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace trustfund::cli {

// How a kind of secret is named in its errors (the field, and the error types a client may test).
struct SecretKind {
  const char* field;          // "password", "passphrase", "pin"
  const char* too_long_type;  // "password-too-long"
  const char* mismatch_type;  // "password-mismatch"
};

class Secret {
 public:
  explicit Secret(std::size_t max_bytes);
  ~Secret() { wipe(); }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;

  std::size_t max_bytes() const noexcept { return max_bytes_; }
  std::string& text() noexcept { return text_; }
  std::string_view view() const noexcept { return text_; }
  bool empty() const noexcept { return text_.empty(); }
  void wipe() noexcept;

 private:
  std::size_t max_bytes_;
  std::string text_;
};

// Hides what is typed on standard input while it lives (when standard input is a terminal).
class NoEcho {
 public:
  NoEcho();
  ~NoEcho();
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// True if `in` is the process's standard input and that is a terminal: a person can be asked.
bool is_terminal(const std::istream& in);

// Reads one line (without its \n or \r\n) of at most out.max_bytes() into `out`.
// Error::invalid(kind.too_long_type, kind.field) for a longer line.
void read_secret_line(std::istream& in, Secret& out, const SecretKind& kind);

// Asks on the terminal for `prompt` with the echo off, twice when `confirm`, on `err`.
// Error::invalid(kind.mismatch_type, kind.field) if the two differ.
void ask_secret(std::istream& in, std::ostream& err, std::string_view prompt, bool confirm,
                Secret& out, const SecretKind& kind);

}  // namespace trustfund::cli
