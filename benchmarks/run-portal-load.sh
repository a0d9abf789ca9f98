#!/usr/bin/env bash
# Message-view latency and requests per second at concurrent signed-in portal sessions, against a
# static page of the same portal, same run.
#   benchmarks/run-portal-load.sh [sessions, default 50] [seconds per phase, default 20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl benchmarks/portal-load -am -DskipTests package
cd "$root"
exec java -Xmx2g -Dlogback.configurationFile="$root/james-conf/logback.xml" \
    -cp "$root/benchmarks/portal-load/target/classes:$(cat "$root/benchmarks/portal-load/target/classpath.txt")" \
    io.securemessenger.benchmarks.portal.PortalLoadHarness "${1:-50}" "${2:-20}"
