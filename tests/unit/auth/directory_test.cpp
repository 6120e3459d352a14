// Users and role grants in the registry.
#include <catch2/catch_test_macros.hpp>

#include "auth_fixture.h"

using namespace trustfund;
using auth::Grant;
using auth::Role;
using testing::AuthFixture;
using testing::error_of;
using testing::kPassword;

TEST_CASE("a username has 3 to 64 characters of a-z, 0-9, dot, underscore and hyphen") {
  for (const std::string& ok :
       std::vector<std::string>{"abc", "li.wei", "wang_fang-2", std::string(64, 'a'), "007"}) {
    auth::Directory::check_username(ok);
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "ab", std::string(65, 'a'), "Li.Wei", "li wei", "li@wei",
                                "李伟", "li/wei", std::string("li\0wei", 6)}) {
    const Error e = error_of([&] { auth::Directory::check_username(bad); });
    CHECK(e.type() == "username-syntax");
    CHECK(e.field() == "username");
  }
}

TEST_CASE("adding a user validates username, password and display name, naming the field") {
  AuthFixture f;
  CHECK(error_of([&] { f.directory.add_user("Bad Name", kPassword, "x"); }).field() == "username");
  CHECK(error_of([&] { f.directory.add_user("li.wei", "short", "Li Wei"); }).field() == "password");
  CHECK(error_of([&] { f.directory.add_user("li.wei", kPassword, ""); }).field() == "display_name");
  CHECK(error_of([&] { f.directory.add_user("li.wei", kPassword, "Li\nWei"); }).field() ==
        "display_name");
  // C1 controls too (U+0085 NEXT LINE, U+009B CSI), and ill-formed UTF-8.
  for (const char* name : {"Li\xC2\x85Wei",
                           "Li\xC2\x9B"
                           "31mWei",
                           "Li\xFFWei"}) {
    const Error e = error_of([&] { f.directory.add_user("li.wei", kPassword, name); });
    CHECK(e.type() == "display-name");
    CHECK(e.field() == "display_name");
  }
  CHECK(error_of([&] {
          f.directory.add_user("li.wei", kPassword, std::string(201, 'x'));
        }).field() == "display_name");
  CHECK(f.directory.list_users().empty());  // nothing was written
}

TEST_CASE("a username can be taken only once") {
  AuthFixture f;
  const std::int64_t id = f.add("li.wei");
  CHECK(id > 0);
  const Error e = error_of([&] { f.add("li.wei"); });
  CHECK(e.kind() == ErrorKind::conflict);
  CHECK(e.type() == "user-exists");
  CHECK(f.directory.list_users().size() == 1);
}

TEST_CASE("the registry keeps only a scrypt hash of a password") {
  AuthFixture f;
  f.add("li.wei");
  store::Statement st = f.registry.prepare("SELECT password_hash FROM app_user");
  REQUIRE(st.step());
  const std::string stored = st.text(0);
  CHECK(stored.rfind("scrypt$4$8$1$", 0) == 0);
  CHECK(stored.find(kPassword) == std::string::npos);
}

TEST_CASE("grants give roles per estate and are listed with the user") {
  AuthFixture f;
  f.add("li.wei");
  f.add("zhang.min");
  f.directory.grant("li.wei", {Role::treasurer, "sunrise", ""});
  f.directory.grant("li.wei", {Role::resident, "sunrise", "3-2-1502"});
  f.directory.grant("li.wei", {Role::resident, "sunrise", "3-2-1503"});
  f.directory.grant("zhang.min", {Role::admin, "*", ""});
  f.directory.grant("zhang.min", {Role::regulator, "moon", ""});

  const std::vector<Grant> li = f.directory.grants_of("li.wei");
  CHECK(li == std::vector<Grant>{{Role::resident, "sunrise", "3-2-1502"},
                                 {Role::resident, "sunrise", "3-2-1503"},
                                 {Role::treasurer, "sunrise", ""}});
  const auto users = f.directory.list_users();
  REQUIRE(users.size() == 2);
  CHECK(users[0].username == "li.wei");
  CHECK(users[0].display_name == "User li.wei");
  CHECK_FALSE(users[0].disabled);
  CHECK(users[0].grants == li);
  CHECK(users[1].grants ==
        std::vector<Grant>{{Role::admin, "*", ""}, {Role::regulator, "moon", ""}});
}

TEST_CASE("a grant is refused for an unknown user, an unknown estate or a duplicate") {
  AuthFixture f;
  f.add("li.wei");
  Error e = error_of([&] { f.directory.grant("nobody", {Role::manager, "sunrise", ""}); });
  CHECK(e.kind() == ErrorKind::not_found);
  CHECK(e.type() == "user-unknown");
  e = error_of([&] { f.directory.grant("li.wei", {Role::manager, "mars", ""}); });
  CHECK(e.kind() == ErrorKind::not_found);
  CHECK(e.type() == "estate-unknown");
  CHECK(e.field() == "estate_id");
  f.directory.grant("li.wei", {Role::manager, "sunrise", ""});
  e = error_of([&] { f.directory.grant("li.wei", {Role::manager, "sunrise", ""}); });
  CHECK(e.kind() == ErrorKind::conflict);
  CHECK(e.type() == "grant-exists");
  CHECK(f.directory.grants_of("li.wei").size() == 1);
}

TEST_CASE("only residents name a unit, and residents must") {
  AuthFixture f;
  f.add("li.wei");
  Error e = error_of([&] { f.directory.grant("li.wei", {Role::resident, "sunrise", ""}); });
  CHECK(e.type() == "unit-required");
  CHECK(e.field() == "unit_code");
  e = error_of([&] { f.directory.grant("li.wei", {Role::treasurer, "sunrise", "3-2-1502"}); });
  CHECK(e.type() == "unit-not-applicable");
  e = error_of([&] { f.directory.grant("li.wei", {Role::resident, "sunrise", "3 2 1502"}); });
  CHECK(e.type() == "unit-code");
  e = error_of([&] {
    f.directory.grant("li.wei", {Role::resident, "sunrise", std::string(33, '1')});
  });
  CHECK(e.type() == "unit-code");
  CHECK(f.directory.grants_of("li.wei").empty());
}

TEST_CASE("only an admin grant may cover every estate") {
  AuthFixture f;
  f.add("li.wei");
  for (const Role role : auth::kAllRoles) {
    if (role == Role::admin)
      continue;
    const Grant g{role, "*", role == Role::resident ? "1-1-0101" : ""};
    const Error e = error_of([&] { f.directory.grant("li.wei", g); });
    CHECK(e.type() == "estate-all-admin-only");
  }
  f.directory.grant("li.wei", {Role::admin, "*", ""});
  CHECK(f.directory.grants_of("li.wei") == std::vector<Grant>{{Role::admin, "*", ""}});
}

TEST_CASE("a malformed estate id is refused before the registry is asked") {
  AuthFixture f;
  f.add("li.wei");
  const Error e = error_of([&] { f.directory.grant("li.wei", {Role::manager, "Sun Rise", ""}); });
  CHECK(e.kind() == ErrorKind::invalid_input);
  CHECK(e.field() == "estate_id");
}

TEST_CASE("revoking takes exactly that grant away; revoking what is not held is not found") {
  AuthFixture f;
  f.add("li.wei");
  f.directory.grant("li.wei", {Role::resident, "sunrise", "3-2-1502"});
  f.directory.grant("li.wei", {Role::resident, "sunrise", "3-2-1503"});
  f.directory.revoke("li.wei", {Role::resident, "sunrise", "3-2-1502"});
  CHECK(f.directory.grants_of("li.wei") ==
        std::vector<Grant>{{Role::resident, "sunrise", "3-2-1503"}});
  Error e = error_of([&] {
    f.directory.revoke("li.wei", {Role::resident, "sunrise", "3-2-1502"});
  });
  CHECK(e.kind() == ErrorKind::not_found);
  CHECK(e.type() == "grant-unknown");
  e = error_of([&] { f.directory.revoke("nobody", {Role::resident, "sunrise", "3-2-1503"}); });
  CHECK(e.type() == "user-unknown");
  CHECK(f.directory.grants_of("li.wei").size() == 1);
}

TEST_CASE("asking for the grants of an unknown user is not found") {
  AuthFixture f;
  const Error e = error_of([&] { f.directory.grants_of("nobody"); });
  CHECK(e.kind() == ErrorKind::not_found);
  CHECK(e.field() == "username");
}

TEST_CASE("disabling and enabling a user is recorded and listed") {
  AuthFixture f;
  f.add("li.wei");
  f.directory.disable_user("li.wei");
  CHECK(f.directory.list_users()[0].disabled);
  f.directory.enable_user("li.wei");
  CHECK_FALSE(f.directory.list_users()[0].disabled);
  CHECK(error_of([&] { f.directory.disable_user("nobody"); }).type() == "user-unknown");
}

TEST_CASE("role names round-trip and unknown role names are refused") {
  for (const Role role : auth::kAllRoles)
    CHECK(auth::parse_role(auth::to_string(role)) == role);
  const Error e = error_of([] { auth::parse_role("Admin"); });
  CHECK(e.type() == "role-unknown");
  CHECK(e.field() == "role");
  CHECK(auth::to_string(Grant{Role::resident, "sunrise", "3-2-1502"}) ==
        "resident:sunrise:3-2-1502");
  CHECK(auth::to_string(Grant{Role::admin, "*", ""}) == "admin:*");
}
