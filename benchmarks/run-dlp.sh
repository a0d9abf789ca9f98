#!/usr/bin/env bash
# DLP throughput benchmark: Secure Messenger's hipaa policy against James' dlp.Dlp and against
# ripgrep (rg -j1) with equivalent expressions, same corpus, same run; then dlp-scan of one file.
#   benchmarks/run-dlp.sh [warm-up iterations] [measurement iterations]
# Installs Debian's ripgrep when it is missing (as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v rg >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "run-dlp.sh compares with ripgrep: install it (apt-get install ripgrep) or run this as root." >&2
        exit 2
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep
fi
# The server too: dlp-scan is timed as an administrator runs it.
"$root/mvnw" -q -B -f "$root/pom.xml" -pl benchmarks,server -am -DskipTests package
cd "$root"
exec java -jar benchmarks/target/benchmarks.jar james-conf/dlp-policies.xml "${1:-3}" "${2:-5}" "$root/secure-messenger"
