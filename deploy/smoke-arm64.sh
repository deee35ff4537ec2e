#!/usr/bin/env bash
# Smoke run of the arm64 build on an x64 Linux machine: cross-compiles both functions for linux-arm64
# (deploy/package.sh --arch arm64, which installs the Debian cross toolchain when missing), installs qemu-user-static when
# missing (and the arm64 OpenSSL), then runs one session end to end through the local cloud with the arm64 executables under qemu-aarch64-static:
# a scoped session GET, trigger, ready, two PONGs, bye, no failed invocation. Exit code 0 when all of it worked.
#   deploy/smoke-arm64.sh
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/package.sh --arch arm64 --if-stale
# qemu runs the arm64 executables; they load OpenSSL at run time (TLS and hashing in .NET), so the arm64 libssl is needed
# too (Debian multiarch: dpkg --add-architecture arm64). Amazon Linux 2023 has OpenSSL 3 in the Lambda image.
missing=()
[ -x /usr/bin/qemu-aarch64-static ] || missing+=(qemu-user-static)
[ -e /usr/lib/aarch64-linux-gnu/libssl.so.3 ] || missing+=(libssl3:arm64)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "==> installing ${missing[*]}" >&2
  dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
dotnet build src/Realtime.LocalCloud -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet run -c Release --project bench/ColdStartBench -- --smoke artifacts/arm64
