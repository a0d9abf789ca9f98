#!/usr/bin/env bash
# Every target of issue [7/8] from one run on this machine: the gateway against a Postfix relay
# (run-relay-comparison.sh), the portal's message view against its static page
# (run-portal-load.sh), and the DLP scanner against ripgrep plus dlp-scan of one file
# (run-dlp.sh). Prints each harness's report, then every target's ratio, with the load average.
#   sudo benchmarks/run-targets.sh [messages per cell, default 200]
# Needs root (Postfix instance, Debian packages). Takes about 15 minutes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
before="$(load)"
"$here/run-relay-comparison.sh" "${1:-200}" 10240 | tee "$log/relay"
"$here/run-portal-load.sh" 50 20 | tee "$log/portal"
"$here/run-dlp.sh" 3 5 | tee "$log/dlp"
echo
echo "Targets of issue [7/8], one run, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $before before, $(load) after:"
grep -h '^target: ' "$log/relay" "$log/portal" "$log/dlp" | sed 's/^target: /  /'
