# Writes OUT: a C++ source defining `std::string_view FUNCTION()` in NAMESPACE, returning the bytes
# of the text file IN, so the binary serves a document that always matches the one in the repo.
file(READ ${IN} text)
string(FIND "${text}" ")tfdoc\"" bad)
if(NOT bad EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string terminator")
endif()
file(WRITE ${OUT}.tmp "// Generated from ${IN} by cmake/embed_text.cmake. Do not edit.
#include <string_view>

namespace ${NAMESPACE} {

std::string_view ${FUNCTION}() {
  static constexpr char text[] = R\"tfdoc(${text})tfdoc\";
  return {text, sizeof text - 1};
}

}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
