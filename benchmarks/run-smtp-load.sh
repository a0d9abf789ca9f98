#!/usr/bin/env bash
# Messages per second through the plain external path and the secure path, same server, same run.
#   benchmarks/run-smtp-load.sh [messages per path, default 200] [body bytes, default 10000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl benchmarks/smtp-load -am -DskipTests package
cd "$root"
exec java -Xmx1g -Dlogback.configurationFile="$root/james-conf/logback.xml" \
    -cp "$root/benchmarks/smtp-load/target/classes:$(cat "$root/benchmarks/smtp-load/target/classpath.txt")" \
    io.securemessenger.benchmarks.smtp.SmtpLoadHarness "${1:-200}" "${2:-10000}"
