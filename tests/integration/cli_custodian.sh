#!/usr/bin/env bash
# Drives the custodian commands of the real binary, with no data directory: two custodians make
# their keys, sign and co-sign a document; stock OpenSSL and `custodian verify --require-two`
# accept it; changed content, a lone signer, a stranger and a second signature by the same key do
# not pass. Then the same with a key on a PKCS#11 token (SoftHSM through OpenSSL's pkcs11 provider).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/cli_support.bash"
tf=${1:?usage: cli_custodian.sh path/to/trustfund}
tf=$(cd "$(dirname "$tf")" && pwd)/$(basename "$tf")  # the tests run in a temporary directory
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
unset TRUSTFUND_KEY_PASSPHRASE TRUSTFUND_KEY_PIN TRUSTFUND_DATA
check() { # check DESCRIPTION -- command...: the command succeeds
  local what=$1; shift 2
  if "$@" >/dev/null 2>&1; then pass; else fail "$what"; fi
}
refuse() { # refuse DESCRIPTION -- command...: the command fails
  local what=$1; shift 2
  if "$@" >/dev/null 2>&1; then fail "$what: it succeeded"; else pass; fi
}
ossl_verify() { # ossl_verify DOC P7S CAFILE: the command docs/custodians.md gives everyone
  openssl cms -verify -binary -inform DER -in "$2" -content "$1" -CAfile "$3" -purpose any -out /dev/null
}
key_id_of() { # the SHA-256 of a certificate's public key, by stock OpenSSL
  openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1
}
T() { "$tf" custodian "$@"; }

echo "committee passphrase one" >pa
echo "manager passphrase two" >pb
echo "supervisor passphrase 3" >pc

# --- keys and certificates ---
expect 0 "keygen help" -- T keygen --help
has "$work/out" "never as an option" "keygen help says where the passphrase comes from"
expect 0 "keygen committee" -- T keygen --out-key a.key --out-cert a.pem --out-csr a.csr \
  --name "Li Wei" --organization "Sunrise Garden Owners' Committee" --role owners_committee \
  --passphrase-file pa
has "$work/out" "key id       $(key_id_of a.pem)" "keygen prints the key id openssl computes"
fp=$(openssl x509 -in a.pem -noout -fingerprint -sha256 | cut -d= -f2 | tr -d ':' | tr 'A-F' 'a-f')
has "$work/out" "fingerprint  $fp" "keygen prints the certificate's fingerprint"
if [ "$(stat -c %a a.key)" = 600 ]; then pass; else fail "key file mode $(stat -c %a a.key)"; fi
has a.key "BEGIN ENCRYPTED PRIVATE KEY" "the key file is encrypted"
check "stock openssl opens the key file with its passphrase" -- openssl pkey -in a.key -passin file:pa -noout
refuse "stock openssl does not open it with another" -- openssl pkey -in a.key -passin pass:not-the-passphrase -noout
check "the CSR verifies" -- openssl req -in a.csr -verify -noout
TRUSTFUND_KEY_PASSPHRASE="manager passphrase two" expect 0 "keygen manager (passphrase from the environment)" -- \
  T keygen --out-key b.key --out-cert b.pem --name "Wang Fang" --organization "Sunrise PM" --role manager --days 365
expect 0 "keygen supervisor (passphrase on standard input)" -- bash -c \
  "\"$tf\" custodian keygen --out-key c.key --out-cert c.pem --name 'Zhao Min' --organization 'Street Office' --role supervisor < pc"
expect 0 "keygen a second committee member" -- T keygen --out-key a2.key --out-cert a2.pem \
  --name "Chen Jie" --organization "Sunrise Garden Owners' Committee" --role owners_committee --passphrase-file pa
expect 4 "keygen refuses to overwrite a key" -- T keygen --out-key a.key --out-cert new.pem \
  --name X --organization Y --role manager --passphrase-file pa
[ -e new.pem ] && fail "a refused keygen wrote new.pem" || pass
echo "short" >short
expect 2 "keygen refuses a short passphrase" -- T keygen --out-key s.key --out-cert s.pem \
  --name X --organization Y --role manager --passphrase-file short
[ -e s.key ] || [ -e s.pem ] && fail "a refused keygen left files" || pass
expect 2 "keygen refuses an unknown role" -- T keygen --out-key r.key --out-cert r.pem \
  --name X --organization Y --role treasurer --passphrase-file pa
expect 2 "a passphrase is never an option" -- T keygen --out-key r.key --out-cert r.pem \
  --name X --organization Y --role manager --passphrase "committee passphrase one"
cat a.pem b.pem >both.pem
cat a.pem a2.pem >committee.pem
cat a2.pem b.pem >others.pem
cat a.pem a2.pem b.pem c.pem >all.pem

# --- sign, co-sign, verify ---
printf '{"amount":"12800.00","estate":"sunrise-garden","kind":"disbursement_order","payee":"Sunrise Lift Co."}' >order.json
expect 0 "sign" -- T sign --key a.key --cert a.pem --in order.json --out order.p7s --passphrase-file pa
expect 4 "sign refuses to overwrite" -- T sign --key a.key --cert a.pem --in order.json --out order.p7s --passphrase-file pa
expect 2 "sign with the wrong passphrase" -- T sign --key a.key --cert a.pem --in order.json --out x.p7s --passphrase-file pb
has "$work/err" "key-passphrase" "a wrong passphrase is named"
expect 2 "sign with another custodian's certificate" -- T sign --key a.key --cert b.pem --in order.json --out x.p7s --passphrase-file pa
has "$work/err" "key-mismatch" "a key and certificate that do not match are named"
[ -e x.p7s ] && fail "a failed sign wrote x.p7s" || pass
check "openssl accepts the single signature" -- ossl_verify order.json order.p7s both.pem
expect 1 "a single signer fails --require-two" -- T verify --in order.json --signature order.p7s --custodians both.pem --require-two
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED: two custodians must sign; the file has 1 signer" "the failure says why"
expect 0 "a single signer passes without --require-two" -- T verify --in order.json --signature order.p7s --custodians both.pem
expect 0 "cosign" -- T cosign --key b.key --cert b.pem --in order.json --signature order.p7s --out order.2.p7s \
  --custodians both.pem --passphrase-file pb
has "$work/out" "CN=Li Wei,OU=owners_committee" "cosign shows who signed first"
check "openssl accepts the co-signed file" -- ossl_verify order.json order.2.p7s both.pem
refuse "openssl refuses it when only one signer is trusted" -- ossl_verify order.json order.2.p7s a.pem
expect 0 "verify --require-two" -- T verify --in order.json --signature order.2.p7s --custodians both.pem --require-two
has "$work/out" "OK: order.2.p7s is a valid signature over order.json" "verify says OK"
has "$work/out" "key id       $(key_id_of b.pem)" "verify shows the key ids"
has "$work/out" "role         manager" "verify shows the roles"
expect 2 "--require-two needs --custodians" -- T verify --in order.json --signature order.2.p7s --require-two
expect 5 "the same key cannot sign twice" -- T cosign --key a.key --cert a.pem --in order.json --signature order.2.p7s \
  --out x.p7s --passphrase-file pa
has "$work/err" "signature-duplicate-signer" "the duplicate is named"
expect 5 "cosign refuses a first signer outside the custodian set" -- T cosign --key b.key --cert b.pem --in order.json \
  --signature order.p7s --out x.p7s --custodians others.pem --passphrase-file pb
has "$work/err" "is not one of the custodians in others.pem" "the stranger is named"
[ -e x.p7s ] && fail "a refused cosign wrote x.p7s" || pass

# Changed content: one byte.
sed 's/12800/12900/' order.json >changed.json
refuse "openssl refuses changed content" -- ossl_verify changed.json order.2.p7s both.pem
expect 1 "verify refuses changed content" -- T verify --in changed.json --signature order.2.p7s --custodians both.pem
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "FAILED:" "the failure is a FAILED line"
expect 5 "cosign refuses changed content" -- T cosign --key b.key --cert b.pem --in changed.json --signature order.p7s \
  --out x.p7s --passphrase-file pb

# Two signers, but not one committee and one manager custodian; a signer outside the set.
expect 0 "a second committee member co-signs" -- T cosign --key a2.key --cert a2.pem --in order.json \
  --signature order.p7s --out committee.p7s --passphrase-file pa
check "openssl accepts two committee signatures" -- ossl_verify order.json committee.p7s all.pem
expect 1 "two committee members fail --require-two" -- T verify --in order.json --signature committee.p7s \
  --custodians all.pem --require-two
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "one owners_committee and one manager" "the failure names the roles"
expect 1 "a signer outside the custodian set fails" -- T verify --in order.json --signature order.2.p7s --custodians committee.pem
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "is not a custodian in committee.pem" "the stranger is named"
expect 0 "a third signer (supervisor)" -- T cosign --key c.key --cert c.pem --in order.json --signature order.2.p7s \
  --out order.3.p7s --passphrase-file pc
expect 1 "three signers fail --require-two" -- T verify --in order.json --signature order.3.p7s --custodians all.pem --require-two
no_stdout "a failed check prints its report on standard error only"
head -c 100 order.2.p7s >truncated.p7s
expect 1 "a truncated signature file fails" -- T verify --in order.json --signature truncated.p7s
no_stdout "a failed check prints its report on standard error only"
has "$work/err" "signature-malformed" "a malformed file is named"
expect 0 "custodian cert renews a key file's certificate" -- T cert --key a.key --passphrase-file pa --out-cert a-renewed.pem \
  --name "Li Wei" --organization "Sunrise Garden Owners' Committee" --role owners_committee --days 30
if [ "$(key_id_of a-renewed.pem)" = "$(key_id_of a.pem)" ]; then pass; else fail "a renewed certificate has another key"; fi
cat a-renewed.pem b.pem >renewed.pem
expect 0 "a renewed certificate is the same custodian" -- T verify --in order.json --signature order.2.p7s \
  --custodians renewed.pem --require-two

# --- a key on a PKCS#11 token ---
module=/usr/lib/softhsm/libsofthsm2.so
provider=$(openssl version -m 2>/dev/null | sed -n 's/^MODULESDIR: "\(.*\)"$/\1/p')/pkcs11.so
if ! command -v softhsm2-util >/dev/null || ! command -v pkcs11-tool >/dev/null || [ ! -e "$module" ] ||
  [ ! -e "$provider" ]; then
  echo "SKIP pkcs11 (SoftHSM, OpenSC's pkcs11-tool or OpenSSL's pkcs11 provider is missing)"
# Not `grep -q`: it exits at the first match, ldd gets SIGPIPE and pipefail makes the test false.
elif ldd "$tf" 2>/dev/null | grep libasan >/dev/null; then
  # The provider loads the module with RTLD_DEEPBIND, which aborts under AddressSanitizer.
  echo "SKIP pkcs11 (an AddressSanitizer build cannot load PKCS#11 modules)"
else
  mkdir -p "$work/tokens"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" >"$work/softhsm2.conf"
  export SOFTHSM2_CONF="$work/softhsm2.conf" PKCS11_PROVIDER_MODULE="$module"
  uri='pkcs11:token=tf;object=custodian;type=private'
  check "token init" -- softhsm2-util --init-token --free --label tf --pin 1234 --so-pin 5678
  check "token key pair" -- pkcs11-tool --module "$module" --token-label tf --login --pin 1234 \
    --keypairgen --key-type EC:prime256v1 --label custodian --id 01
  echo 1234 >pin
  expect 0 "custodian cert for the token key" -- T cert --key "$uri" --pin-file pin --out-cert t.pem --out-csr t.csr \
    --name "Sun Li" --organization "Sunrise PM" --role manager
  token_pub=$(pkcs11-tool --module "$module" --token-label tf --read-object --type pubkey --label custodian 2>/dev/null |
    openssl pkey -pubin -inform DER -outform DER 2>/dev/null | openssl dgst -sha256 -r | cut -d' ' -f1)
  if [ "$(key_id_of t.pem)" = "$token_pub" ]; then pass; else fail "the certificate is not for the token's key"; fi
  check "the token key's CSR verifies" -- openssl req -in t.csr -verify -noout
  cat a.pem t.pem >token-both.pem
  TRUSTFUND_KEY_PIN=1234 expect 0 "the token key signs" -- T sign --key "$uri" --cert t.pem --in order.json --out t.p7s
  expect 0 "a key file co-signs after the token" -- T cosign --key a.key --cert a.pem --in order.json --signature t.p7s \
    --out t.2.p7s --passphrase-file pa
  check "openssl accepts token + file signatures" -- ossl_verify order.json t.2.p7s token-both.pem
  expect 0 "the token key co-signs after a key file" -- T cosign --key "$uri" --cert t.pem --pin-file pin --in order.json \
    --signature order.p7s --out t.3.p7s
  check "openssl accepts file + token signatures" -- ossl_verify order.json t.3.p7s token-both.pem
  expect 0 "verify --require-two with a token custodian" -- T verify --in order.json --signature t.3.p7s \
    --custodians token-both.pem --require-two
  refuse "openssl refuses the token-signed file over changed content" -- ossl_verify changed.json t.3.p7s token-both.pem
  echo 0000 >badpin
  expect 2 "a wrong PIN opens no key" -- T sign --key "$uri" --cert t.pem --pin-file badpin --in order.json --out bad.p7s
  has "$work/err" "key-uri" "the token failure is named"
  expect 2 "no such object on the token" -- T sign --key 'pkcs11:token=tf;object=nobody;type=private' --cert t.pem \
    --pin-file pin --in order.json --out bad.p7s
  expect 5 "the token key cannot sign twice" -- T cosign --key "$uri" --cert t.pem --pin-file pin --in order.json \
    --signature t.3.p7s --out bad.p7s
  [ -e bad.p7s ] && fail "a failed token signature wrote bad.p7s" || pass
fi

echo "cli_custodian: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
