#!/usr/bin/env bash
# Runs every benchmark the README quotes, one after another (each starts its own Mosquitto where it needs one).
#   bench/run.sh                 all of them
#   bench/run.sh sigv4           BenchmarkDotNet: SigV4 signing and presigning
#   bench/run.sh responder [..]  seed design vs our responder vs a bare MQTTnet echo (5 runs; e.g. -- --runs 1)
#   bench/run.sh startup         the responder's trigger → ready, warm and cold
#   bench/run.sh coldstart|memory   Native AOT vs JIT cold starts; peak memory inside a 128 MB cgroup
#   bench/run.sh coldstart -- --reference "$(bench/reference-build.sh)"   the same, with the Native AOT build of the
#                                code the AOT work started from measured in the same run
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
# Builds bench/<name> and runs the built program itself. Not `dotnet run`: its host process stays alive beside the
# program and spent a third of a core during the first minute of a measurement (seen in `ps` during a cold-start run,
# whose medians it moved by several milliseconds on 2 cores).
bench_program() {
  local name=$1
  shift
  dotnet build "bench/$name" -c Release --nologo -v quiet -clp:ErrorsOnly
  dotnet "bench/$name/bin/Release/net10.0/$name.dll" "$@"
}
shift || true
if [[ $what == all || $what == sigv4 ]]; then
  dotnet run -c Release --project bench/Realtime.Benchmarks -- --filter '*SigV4*'
fi
if [[ $what == all || $what == responder || $what == startup ]]; then
  # The seed design's responder (Node + mqtt.js, pinned in bench/seed-responder/package-lock.json).
  if [[ ! -d bench/seed-responder/node_modules/mqtt ]]; then
    (cd bench/seed-responder && npm ci --no-audit --no-fund --silent)
  fi
  # The real function executable the comparison starts: the Native AOT build that ships (deploy/package.sh, skipped when
  # the artifact is newer than its sources).
  arch=$(case "$(uname -m)" in aarch64|arm64) echo arm64 ;; *) echo x86_64 ;; esac)
  deploy/package.sh --arch "$arch" --if-stale
fi
if [[ $what == all || $what == responder ]]; then
  RESPONDER_FUNCTION_DLL="$PWD/artifacts/$arch/ResponderFunction/ResponderFunction" bench_program ResponderBench "$@"
fi
if [[ $what == all || $what == startup ]]; then
  RESPONDER_FUNCTION_DLL="$PWD/artifacts/$arch/ResponderFunction/ResponderFunction" bench_program ResponderBench --startup
fi
if [[ $what == all || $what == coldstart || $what == memory ]]; then
  dotnet build src/Realtime.LocalCloud -c Release --nologo -v quiet -clp:ErrorsOnly
  # Options after `coldstart` (--runs, --reference) are the cold-start benchmark's; `all` gives its options to the
  # responder benchmark only.
  if [[ $what == coldstart ]]; then bench_program ColdStartBench "$@"; elif [[ $what == all ]]; then bench_program ColdStartBench; fi
  [[ $what == coldstart ]] || bench_program MemoryBench
fi
