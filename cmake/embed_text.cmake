# Compiles text files into the binary, so what it serves or renders always matches the repo.
#
# One file:  -DIN=file -DOUT=out.cpp -DNAMESPACE=ns -DFUNCTION=f
#   OUT defines `std::string_view ns::f()` returning the bytes of IN.
# A folder:  -DDIR=folder -DOUT=out.cpp -DNAMESPACE=ns -DFUNCTION=f -DHEADER=path/to/header.h
#   OUT defines `std::span<const File> ns::f() noexcept` (File {name, text} declared in HEADER) with
#   every file under DIR except *.md, named by its path relative to DIR, sorted by name.

# The C++ raw string literal of the file `path`.
function(raw_literal path out_var)
  file(READ ${path} text)
  string(FIND "${text}" ")tfdoc\"" bad)
  if(NOT bad EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw-string terminator")
  endif()
  set(${out_var} "R\"tfdoc(${text})tfdoc\"" PARENT_SCOPE)
endfunction()

if(DEFINED DIR)
  file(GLOB_RECURSE names RELATIVE ${DIR} ${DIR}/*)
  list(FILTER names EXCLUDE REGEX "\\.md$")
  list(SORT names)
  set(body "")
  foreach(name ${names})
    raw_literal(${DIR}/${name} literal)
    string(APPEND body "      {\"${name}\", ${literal}},\n")
  endforeach()
  file(WRITE ${OUT}.tmp "// Generated from ${DIR} by cmake/embed_text.cmake. Do not edit.
#include <span>

#include \"${HEADER}\"

namespace ${NAMESPACE} {

std::span<const File> ${FUNCTION}() noexcept {
  static constexpr File all[] = {
${body}  };
  return all;
}

}  // namespace ${NAMESPACE}
")
else()
  raw_literal(${IN} literal)
  file(WRITE ${OUT}.tmp "// Generated from ${IN} by cmake/embed_text.cmake. Do not edit.
#include <string_view>

namespace ${NAMESPACE} {

std::string_view ${FUNCTION}() {
  static constexpr char text[] = ${literal};
  return {text, sizeof text - 1};
}

}  // namespace ${NAMESPACE}
")
endif()
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
