// A fake module for the test of cmake/module_includes.cmake: fees uses escrow and ledger.
#include "trustfund/fees/payments.h"

#include "trustfund/escrow/order.h"
