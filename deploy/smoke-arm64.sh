#!/usr/bin/env bash
# Smoke run of the arm64 build on an x64 Linux machine: cross-compiles both functions for linux-arm64
# (deploy/package.sh --arch arm64, which installs the Debian cross toolchain when missing), installs qemu-user-static when
# missing (and the arm64 OpenSSL), then runs one session end to end through the local cloud with the arm64 executables under qemu-aarch64-static:
# a scoped session GET, trigger, ready, two PONGs, bye, no failed invocation. Exit code 0 when all of it worked.
#   deploy/smoke-arm64.sh
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/package.sh --arch arm64 --if-stale
deploy/install-arm64-emulation.sh
dotnet build src/Realtime.LocalCloud -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet run -c Release --project bench/ColdStartBench -- --smoke artifacts/arm64
