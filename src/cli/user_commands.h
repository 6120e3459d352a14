// The `user` and `token` commands: accounts, role grants and API tokens in the registry (auth/).
//
// Passwords are never taken as options (they would show in `ps` and shell history): they are read
// from standard input, without echo on a terminal (asked twice), or as the first line of a pipe.
#pragma once

#include "context.h"

namespace trustfund::cli {

int cmd_user_add(const Context& ctx);
int cmd_user_grant(const Context& ctx);
int cmd_user_revoke(const Context& ctx);
int cmd_user_reset_password(const Context& ctx);
int cmd_user_disable(const Context& ctx);
int cmd_user_enable(const Context& ctx);
int cmd_user_list(const Context& ctx);
int cmd_token_create(const Context& ctx);
int cmd_token_list(const Context& ctx);
int cmd_token_revoke(const Context& ctx);

}  // namespace trustfund::cli
