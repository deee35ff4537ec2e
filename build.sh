#!/usr/bin/env bash
# One entry point for newcomers and CI:
#   ./build.sh test   install what is missing, build, run every test, end with "N passed, N failed"
#   ./build.sh run    install what is missing, build, publish the functions (Native AOT, skipped when up to date), start
#                     the local cloud on them (Ctrl+C stops it); `./build.sh run --arch arm64` runs the arm64 build
#                     under qemu-aarch64-static
#   ./build.sh bench  run the benchmarks (see README "Measured numbers")
#   ./build.sh soak   the load-and-fault suite and 10^6-input fuzzing (docs/measured-numbers.md); options go to bench/Soak
#   ./build.sh package  build the per-function deployment zips (see docs/deploy.md)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

log() { printf '==> %s\n' "$*" >&2; }

# Debian packages the tests and the local cloud use; installed only when missing. The local cloud's broker is in process
# (MQTTnet.Server): Mosquitto is only for the tests (the responder's integration tests run against a real one).
install_apt_prerequisites() {
  local missing=()
  if [ "${1:-}" != run ]; then
    command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  fi
  [ -x /usr/bin/aws ] || missing+=(awscli)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v zip >/dev/null 2>&1 || missing+=(zip)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v ss >/dev/null 2>&1 || [ -x /usr/bin/ss ] || missing+=(iproute2)   # ss -K: connection drops in the client tests
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # The mosquitto package may also start a system-wide broker on 1883: left alone, since the tests start their own brokers
  # on free loopback ports.
}

# npm packages (MQTT.js for the demo page, the JS client and the end-to-end tests), pinned by each package-lock.json.
install_npm_prerequisites() {
  local dir
  while IFS= read -r dir; do
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      log "npm ci in ${dir#$ROOT/}"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done < <(find "$ROOT/src" "$ROOT/test" "$ROOT/clients" -name package.json -not -path '*/node_modules/*' -not -path '*/bin/*' \
             -not -path '*/obj/*' -printf '%h\n' | sort)
}

prerequisites() {
  command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK is required (https://dot.net)" >&2; exit 1; }
  install_apt_prerequisites "${1:-}"
  install_npm_prerequisites
}

build() {
  log "dotnet build"
  dotnet build "$ROOT/Lambdas.sln" -c Release --nologo -v quiet -clp:ErrorsOnly
}

# The JS client's tests (node's built-in runner; the integration tests start the built local cloud): spec output to the
# console, TAP to a file whose summary lines ("# pass N", "# fail N", "# cancelled N") join the totals.
run_js_tests() {
  local results=$1
  log "testing clients/js (node --test)"
  (cd "$ROOT/clients/js" && timeout 600 node --test --test-timeout=180000 \
     --test-reporter=spec --test-reporter-destination=stdout \
     --test-reporter=tap --test-reporter-destination="$results/js-client.tap" test/*.test.js)
}

host_arch() { case "$(uname -m)" in aarch64|arm64) echo arm64 ;; *) echo x86_64 ;; esac; }

# The Native AOT executables the zips hold, for $1 (default this machine's architecture), in artifacts/<arch>/: the local
# cloud and the end-to-end tests run exactly these. Published once per run; skipped when newer than every source file.
publish_functions() {
  local arch=${1:-$(host_arch)}
  log "publishing the functions (Native AOT, $arch)"
  "$ROOT/deploy/package.sh" --arch "$arch" --if-stale
  if [ "$arch" = arm64 ] && [ "$(host_arch)" = x86_64 ]; then
    # qemu runs the arm64 functions on this x64 machine; they load the arm64 OpenSSL at run time (Debian multiarch).
    "$ROOT/deploy/install-arm64-emulation.sh"
  fi
}

# Names each failed test with the start of its message, just above the totals: CI logs are often read from the end.
list_failed_tests() {
  local results=$1
  echo "failed tests:"
  cat "$results"/*.trx 2>/dev/null | awk 'BEGIN { RS = "<UnitTestResult " }
    { attributes = substr($0, 1, index($0, ">")) }
    attributes ~ /outcome="(Failed|Error|Timeout|Aborted)"/ {
      match(attributes, /testName="[^"]*"/); name = substr(attributes, RSTART + 10, RLENGTH - 11)
      message = ""
      if (match($0, /<Message>[^<]*<\/Message>/)) message = substr($0, RSTART + 9, RLENGTH - 19)
      gsub(/[ \t\r\n]+/, " ", message); gsub(/&quot;/, "\"", message); gsub(/&lt;/, "<", message)
      gsub(/&gt;/, ">", message); gsub(/&amp;/, "\\&", message)
      gsub(/&quot;/, "\"", name); gsub(/&lt;/, "<", name); gsub(/&gt;/, ">", name); gsub(/&amp;/, "\\&", name)
      printf "  %s\n    %s\n", name, substr(message, 1, 600) }'
  grep -h '^not ok' "$results/js-client.tap" 2>/dev/null | sed 's/^/  js: /' || true
}

# Runs every test project (one after another: the integration suites start brokers and browsers, and CI has 2 cores),
# then the JS client's tests, then sums the TRX and TAP counters so the last line is "N passed, N failed".
run_tests() {
  local results="$ROOT/TestResults" status=0 project name
  rm -rf "$results"; mkdir -p "$results"
  while IFS= read -r project; do
    name=$(basename "$project" .csproj)
    log "testing $name"
    dotnet test "$project" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" \
      --blame-hang-timeout 5m --blame-hang-dump-type none \
      -- RunConfiguration.TreatNoTestsAsError=true || status=1
  done < <(find "$ROOT/test" -name '*.Tests.csproj' | sort)
  run_js_tests "$results" || status=1
  local expected files passed failed js_passed js_failed
  expected=$(find "$ROOT/test" -name '*.Tests.csproj' | wc -l)
  files=$(find "$results" -name '*.trx' | wc -l)
  # Counters line of each TRX: passed="N" failed="N" error="N" timeout="N" aborted="N" ...
  read -r passed failed < <(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
        if (kv[1] == "passed") p += kv[2];
        if (kv[1] == "failed" || kv[1] == "error" || kv[1] == "timeout" || kv[1] == "aborted") f += kv[2]; } }
    END { print p + 0, f + 0 }')
  if [ "$files" -lt "$expected" ]; then
    echo "only $files of $expected test projects reported results" >&2
    failed=$((failed + expected - files))
  fi
  read -r js_passed js_failed < <(awk '/^# pass / { p = $3 } /^# (fail|cancelled) / { f += $3 } END { print p + 0, f + 0 }' \
                                    "$results/js-client.tap" 2>/dev/null || echo "0 0")
  if [ "$js_passed" -eq 0 ]; then
    echo "the JS client's tests reported no results" >&2
    js_failed=$((js_failed + 1))
  fi
  passed=$((passed + js_passed)); failed=$((failed + js_failed))
  if [ "$failed" -gt 0 ]; then list_failed_tests "$results" || true; fi
  echo "$passed passed, $failed failed"
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# The parsers' fuzz tests at 10^6 inputs each, then the soak's phases (one fault each) against the published functions.
run_soak() {
  local status=0
  log "fuzzing (10^6 inputs per parser)"
  FUZZ_INPUTS=1000000 dotnet test "$ROOT/test/Realtime.Channels.Tests" -c Release --no-build --nologo \
    --filter "FullyQualifiedName~.Fuzz." --logger "console;verbosity=normal" || status=1
  FUZZ_INPUTS=1000000 dotnet test "$ROOT/test/Realtime.LocalCloud.Tests" -c Release --no-build --nologo \
    --filter "FullyQualifiedName~SigV4QueryFuzz" --logger "console;verbosity=normal" || status=1
  log "soak (bench/Soak)"
  timeout 1200 dotnet "$ROOT/bench/Soak/bin/Release/net10.0/Soak.dll" --arch "$(host_arch)" "$@" || status=1
  return "$status"
}

case "${1:-}" in
  # The arm64 build too (the template's default architecture), for the smoke run under qemu in the tests.
  test)    prerequisites; build; publish_functions; [ "$(host_arch)" = arm64 ] || publish_functions arm64; run_tests ;;
  # The shared topic is off in the template (secure by default); locally it is on for the demo page's pub/sub half.
  run)     prerequisites run; build; shift
           arch=$(host_arch)
           if [ "${1:-}" = --arch ]; then arch=${2:?--arch needs x86_64 or arm64}; shift 2; fi
           publish_functions "$arch"
           exec dotnet "$ROOT/src/Realtime.LocalCloud/bin/Release/net10.0/Realtime.LocalCloud.dll" --root "$ROOT" \
             --functions "$ROOT/artifacts/$arch" --parameter SharedTopic=lobby "$@" ;;
  bench)   prerequisites; shift; exec "$ROOT/bench/run.sh" "$@" ;;
  package) prerequisites; shift; exec "$ROOT/deploy/package.sh" "$@" ;;
  soak)    prerequisites; build; publish_functions; shift; run_soak "$@" ;;
  *) echo "usage: ./build.sh test|run|bench|package|soak" >&2; exit 2 ;;
esac
