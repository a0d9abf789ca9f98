#!/usr/bin/env bash
# Sealing memory is bounded: parts of 25, 100 and 250 MiB are sealed into and read back from the
# embedded vault in the same 64 MiB heap. Holding a part in memory would fail with OutOfMemoryError.
#   benchmarks/run-vault-memory.sh [heap, default 64m]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl benchmarks -am -DskipTests package
for size in 26214400 104857600 262144000; do
    java "-Xmx${1:-64m}" -cp "$root/benchmarks/target/benchmarks.jar" io.securemessenger.benchmarks.VaultMemoryHarness "$size"
done
