#!/usr/bin/env bash
# DLP throughput benchmark: Secure Messenger's hipaa policy vs James' dlp.Dlp, same corpus, same run.
#   benchmarks/run-dlp.sh [warm-up iterations] [measurement iterations]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl benchmarks -am -DskipTests package
cd "$root"
exec java -jar benchmarks/target/benchmarks.jar james-conf/dlp-policies.xml "${1:-3}" "${2:-5}"
