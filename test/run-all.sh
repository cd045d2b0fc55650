#!/usr/bin/env bash
# `npm test`: the jest projects (unit and e2e) and the browser journeys side by side. Both wait on the
# database, Redis and a server more than on the processor, so together they take about as long as the
# longer of the two. The journeys' output follows jest's; the exit status is non-zero if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."
browser_log="$(mktemp)"
trap 'rm -f "$browser_log"' EXIT
npx playwright test >"$browser_log" 2>&1 &
browser=$!
npx jest "$@"
jest_status=$?
wait "$browser"
browser_status=$?
printf '\n== browser journeys (Playwright) ==\n'
cat "$browser_log"
if [ "$jest_status" -ne 0 ] || [ "$browser_status" -ne 0 ]; then
  echo "npm test: jest exited with $jest_status, the browser journeys with $browser_status" >&2
  exit 1
fi
