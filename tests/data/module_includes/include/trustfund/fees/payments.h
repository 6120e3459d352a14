// A fake module for the test of cmake/module_includes.cmake: its header uses ledger.
#pragma once

#include "trustfund/ledger/books.h"
