#!/usr/bin/env bash
# Runs every benchmark the README quotes, one after another (each starts its own Mosquitto where it needs one).
#   bench/run.sh            all of them
#   bench/run.sh sigv4|mqtt|responder|coldstart|memory
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
if [[ $what == all || $what == sigv4 ]]; then
  dotnet run -c Release --project bench/Realtime.Benchmarks -- --filter '*SigV4*'
fi
if [[ $what == all || $what == mqtt ]]; then
  dotnet run -c Release --project bench/MqttBench
fi
if [[ $what == all || $what == responder ]]; then
  dotnet run -c Release --project bench/ResponderBench
fi
if [[ $what == all || $what == coldstart || $what == memory ]]; then dotnet build src/Realtime.LocalCloud -c Release --nologo -v quiet -clp:ErrorsOnly; [[ $what == memory ]] || dotnet run -c Release --project bench/ColdStartBench; [[ $what == coldstart ]] || dotnet run -c Release --project bench/MemoryBench; fi
