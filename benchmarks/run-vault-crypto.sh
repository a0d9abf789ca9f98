#!/usr/bin/env bash
# Vault envelope encryption vs raw JDK AES-256-GCM, same data, same run.
#   benchmarks/run-vault-crypto.sh [warm-up iterations] [measurement iterations]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl benchmarks -am -DskipTests package
exec java -cp "$root/benchmarks/target/benchmarks.jar" io.securemessenger.benchmarks.VaultCryptoBenchmarkReport "${1:-3}" "${2:-5}"
