# Writes OUT: a C++ source holding every ledger_schema/<db>/NNN_name.sql as a raw string,
# sorted by name, for trustfund::store::schema_migrations().
file(GLOB files RELATIVE ${SCHEMA_DIR} ${SCHEMA_DIR}/*/*.sql)
list(SORT files)
set(body "")
foreach(f ${files})
  file(READ ${SCHEMA_DIR}/${f} sql)
  string(FIND "${sql}" ")tfsql\"" bad)
  if(NOT bad EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string terminator")
  endif()
  get_filename_component(db ${f} DIRECTORY)
  get_filename_component(name ${f} NAME_WE)
  string(APPEND body "    {\"${db}\", \"${name}\", R\"tfsql(${sql})tfsql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ledger_schema/ by cmake/embed_schema.cmake. Do not edit.
#include \"trustfund/store/migrations.h\"

namespace trustfund::store {

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> all = {
${body}  };
  return all;
}

}  // namespace trustfund::store
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
