// Secrets typed or piped in; see terminal.h.
#include "terminal.h"

#include <unistd.h>

#include <cstdint>
#include <iostream>

#include "trustfund/core/error.h"
#include "trustfund/crypto/secure_bytes.h"

namespace trustfund::cli {

Secret::Secret(std::size_t max_bytes) : max_bytes_(max_bytes) {
  text_.reserve(max_bytes + 2);
}

void Secret::wipe() noexcept {
  crypto::cleanse({reinterpret_cast<std::uint8_t*>(text_.data()), text_.size()});
  text_.clear();
}

NoEcho::NoEcho() {
  if (tcgetattr(STDIN_FILENO, &saved_) == 0) {
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
  }
}

NoEcho::~NoEcho() {
  if (active_)
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
}

bool is_terminal(const std::istream& in) {
  return &in == &std::cin && isatty(STDIN_FILENO) != 0;
}

void read_secret_line(std::istream& in, Secret& out, const SecretKind& kind) {
  out.wipe();
  char c = 0;
  while (in.get(c) && c != '\n') {
    if (out.text().size() == out.max_bytes()) {
      out.wipe();
      throw Error::invalid(kind.too_long_type, kind.field,
                           std::string("a ") + kind.field + " has at most " +
                               std::to_string(out.max_bytes()) + " bytes");
    }
    out.text().push_back(c);
  }
  if (!out.empty() && out.text().back() == '\r')
    out.text().pop_back();
}

void ask_secret(std::istream& in, std::ostream& err, std::string_view prompt, bool confirm,
                Secret& out, const SecretKind& kind) {
  Secret again(out.max_bytes());
  {
    NoEcho quiet;
    err << prompt << ": " << std::flush;
    read_secret_line(in, out, kind);
    err << "\n";
    if (confirm) {
      err << "again: " << std::flush;
      read_secret_line(in, again, kind);
      err << "\n";
    }
  }
  if (confirm && again.view() != out.view()) {
    out.wipe();
    throw Error::invalid(kind.mismatch_type, kind.field,
                         std::string("the two ") + kind.field + "s differ");
  }
}

}  // namespace trustfund::cli
