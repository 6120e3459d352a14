# The module graph is the one declared: a module includes the headers of exactly the modules in
# its DEPS (src/CMakeLists.txt), no more (an undeclared include compiles only by the luck of a
# chain) and no fewer (a declared module it does not use is a false edge in the graph).
#
# A module's files are src/<module>/*.{cpp,h} and include/trustfund/<module>/*.h; an include of
# another module is a line `#include "trustfund/<other>/..."`.
#
# Two uses:
#   include()d by src/CMakeLists.txt, where trustfund_module() calls
#     trustfund_check_module_includes(<module> <root> [<declared module>...])
#   at configure time: a mismatch stops the configuration with the message below.
#   As a script (tests/CMakeLists.txt), over every module listed in a file of lines
#   "<module>: <declared> <declared> ...":
#     cmake -DROOT=<source tree> -DDEPS_FILE=<file> -P cmake/module_includes.cmake
#   prints the same message and fails on a mismatch.

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.25)  # the project's policies (IN_LIST) in script mode too
endif()

# Sets `out_var` to the lines describing where `module` (under `root`) does not match `declared`;
# empty when it matches.
function(trustfund_module_include_problems out_var module root)
  set(declared ${ARGN})
  file(GLOB files ${root}/src/${module}/*.cpp ${root}/src/${module}/*.h
       ${root}/include/trustfund/${module}/*.h)
  set(included "")
  foreach(file IN LISTS files)
    file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"trustfund/[a-z_]+/")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[^\"]*\"(trustfund/([a-z_]+)/[^\"]*)\".*$" "\\2;\\1" parts "${line}")
      list(GET parts 0 other)
      list(GET parts 1 header)
      if(other STREQUAL module OR other IN_LIST included)
        continue()
      endif()
      list(APPEND included ${other})
      file(RELATIVE_PATH where ${root} ${file})
      set(example_${other} "${header} (in ${where})")
    endforeach()
  endforeach()
  set(problems "")
  foreach(other IN LISTS included)
    if(NOT other IN_LIST declared)
      string(APPEND problems "  ${module} includes ${example_${other}} but does not declare "
                             "tf_${other} in its DEPS\n")
    endif()
  endforeach()
  foreach(other IN LISTS declared)
    if(NOT other IN_LIST included)
      string(APPEND problems "  ${module} declares tf_${other} in its DEPS but includes none of "
                             "its headers\n")
    endif()
  endforeach()
  set(${out_var} "${problems}" PARENT_SCOPE)
endfunction()

function(trustfund_report_module_includes problems)
  if(problems)
    message(FATAL_ERROR "The module graph does not match the includes:\n${problems}"
                        "A module's DEPS in src/CMakeLists.txt list exactly the modules whose "
                        "headers it includes (cmake/module_includes.cmake).")
  endif()
endfunction()

function(trustfund_check_module_includes module root)
  trustfund_module_include_problems(problems ${module} ${root} ${ARGN})
  trustfund_report_module_includes("${problems}")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  if(NOT ROOT OR NOT DEPS_FILE)
    message(FATAL_ERROR "usage: cmake -DROOT=<tree> -DDEPS_FILE=<file> -P ${CMAKE_CURRENT_LIST_FILE}")
  endif()
  file(STRINGS ${DEPS_FILE} entries)
  set(all_problems "")
  foreach(entry IN LISTS entries)
    if(NOT entry MATCHES "^([a-z_]+):(.*)$")
      message(FATAL_ERROR "${DEPS_FILE}: not \"<module>: <declared> ...\": ${entry}")
    endif()
    set(module ${CMAKE_MATCH_1})
    separate_arguments(declared UNIX_COMMAND "${CMAKE_MATCH_2}")
    trustfund_module_include_problems(problems ${module} ${ROOT} ${declared})
    string(APPEND all_problems "${problems}")
  endforeach()
  trustfund_report_module_includes("${all_problems}")
  list(LENGTH entries count)
  message(STATUS "${count} modules include exactly the modules they declare")
endif()
