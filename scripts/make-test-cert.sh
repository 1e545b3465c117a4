#!/bin/sh
# Regenerates the TLS test fixtures in Tests/TLSTests/Fixtures. Not run by the tests:
# the generated files are committed, so tests never depend on the openssl CLI.
#   rsa-cert.pem / rsa-key.pem   self-signed RSA 2048, CN=localhost, SAN localhost + 127.0.0.1
#   ec-cert.pem  / ec-key.pem    self-signed P-256, same names (a second, unrelated "CA")
#   other-rsa-key.pem            an RSA key that matches neither certificate
#   encrypted-key.pem            rsa-key.pem under the passphrase "test" (must be refused, never prompted for)
set -eu
out="$(cd "$(dirname "$0")/.." && pwd)/Tests/TLSTests/Fixtures"
mkdir -p "$out"
names="/CN=localhost"
san="subjectAltName=DNS:localhost,IP:127.0.0.1"

openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "$names" -addext "$san" \
    -keyout "$out/rsa-key.pem" -out "$out/rsa-cert.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500 -subj "$names" -addext "$san" \
    -keyout "$out/ec-key.pem" -out "$out/ec-cert.pem"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/other-rsa-key.pem"
openssl pkey -in "$out/rsa-key.pem" -aes256 -passout pass:test -out "$out/encrypted-key.pem"
