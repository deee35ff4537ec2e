#!/usr/bin/env bash
# Installs what runs the arm64 functions on an x64 Linux machine, when missing: qemu-user-static (qemu-aarch64-static
# runs the executables) and the arm64 OpenSSL they load at run time for TLS and hashing (Debian multiarch: dpkg
# --add-architecture arm64; Amazon Linux 2023 has OpenSSL 3 in the Lambda image). Used by ./build.sh test and
# deploy/smoke-arm64.sh.
set -euo pipefail
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
