#!/usr/bin/env bash
# Publishes both functions of an earlier commit as Native AOT, for a same-run cold-start comparison with today's build
# (bench/run.sh coldstart -- --reference <folder>). Absolute cold starts on a shared VM move from day to day (a page
# fault costs what the host makes it cost), so a figure measured on another day is only comparable through a build that
# is measured again beside ours.
#
#   bench/reference-build.sh [commit]   default 445b295: main on 2026-11-22, the code the Native AOT work started from;
#                                       "same code, Native AOT" was measured on it with `dotnet publish ... -p:PublishAot=true`
#                                       and nothing else, which is what this does
# Prints the folder (artifacts/reference-<commit>/<Function>/<Function>, the layout the local cloud's --functions reads).
# Skipped when that folder already holds both executables. Needs the commit in this clone (not a shallow one).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

commit=$(git rev-parse --short "${1:-445b295}^{commit}")
case "$(uname -m)" in
  aarch64|arm64) rid=linux-arm64 ;;
  *) rid=linux-x64 ;;
esac
out="$ROOT/artifacts/reference-$commit"
if [[ -x $out/SessionFunction/SessionFunction && -x $out/ResponderFunction/ResponderFunction ]]; then
  echo "$out"
  exit 0
fi

tree=$(mktemp -d)
trap 'git -C "$ROOT" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git worktree add --detach --quiet "$tree" "$commit"
for function in SessionFunction ResponderFunction; do
  printf '==> publishing %s of %s as Native AOT (%s)\n' "$function" "$commit" "$rid" >&2
  dotnet publish "$tree/src/$function" -c Release -r "$rid" -p:PublishAot=true -o "$out/$function" \
    --nologo -v quiet -clp:ErrorsOnly >&2
  # Only the executable runs; symbols and XML docs would only take space.
  find "$out/$function" -type f ! -name "$function" -delete
done
echo "$out"
