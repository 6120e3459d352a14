# The helpers of the command-line tests (sourced by tests/integration/cli_*.sh; not a test of its
# own, hence not .sh). Each writes a command's output to $work/out and $work/err, counts passes
# and failures, and says what failed; the script ends with its counts and exits 0 only with none.
passes=0 failures=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect() { # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [ "$got" -ne "$want" ]; then fail "$what: exit $got, wanted $want"; cat "$work/out" "$work/err"; else pass; fi
}
has() { if grep -qF -- "$2" "$1"; then pass; else fail "$3: '$2' not in $(cat "$1")"; fi; }
lacks() { if grep -qF -- "$2" "$1"; then fail "$3: '$2' in $(cat "$1")"; else pass; fi; }
no_stdout() { # no_stdout DESCRIPTION: the last command printed nothing on standard output
  if [ -s "$work/out" ]; then fail "$1: standard output is not empty: $(cat "$work/out")"; else pass; fi
}
