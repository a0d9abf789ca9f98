#!/usr/bin/env bash
# The gateway against a Postfix relay on the same machine, same run, same sink (issue [7/8]):
#   sudo benchmarks/run-relay-comparison.sh [messages per cell, default 200] [bytes, default 10240] [rounds, default 3]
# Needs root (it starts a Postfix instance of its own) and installs Debian's postfix when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$(id -u)" -ne 0 ]; then
    echo "run-relay-comparison.sh starts a Postfix instance of its own: run it as root." >&2
    exit 2
fi
if [ ! -x /usr/sbin/postfix ] || [ ! -x /usr/sbin/smtp-source ]; then
    export DEBIAN_FRONTEND=noninteractive
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq postfix
fi
"$root/mvnw" -q -B -f "$root/pom.xml" -pl benchmarks/smtp-load -am -DskipTests package
cd "$root"
exec java -Xmx1g -Dlogback.configurationFile="$root/james-conf/logback.xml" \
    -cp "$root/benchmarks/smtp-load/target/classes:$(cat "$root/benchmarks/smtp-load/target/classpath.txt")" \
    io.securemessenger.benchmarks.smtp.RelayComparisonHarness "${1:-200}" "${2:-10240}" "${3:-3}"
