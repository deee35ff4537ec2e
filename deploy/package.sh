#!/usr/bin/env bash
# Builds one Lambda deployment zip per function in serverless.template, the way `dotnet lambda deploy-serverless` does:
# `dotnet publish` of the function's CodeUri project for linux-x64, framework-dependent, then the publish folder's
# contents zipped at the archive root with the `zip` CLI (which keeps Unix permissions). Adds ReadyToRun (shorter cold
# start). Prints each zip's size.
#
#   ./build.sh package            artifacts/<Function>.zip for the managed dotnet10 runtime (Handler = assembly name)
#   ./build.sh package --aot      artifacts/<Function>-aot.zip for provided.al2023 (Native AOT, executable renamed
#                                 `bootstrap`); needs the NativeAOT packs from nuget.org, which this machine's feed lacks
#   options: --output DIR (default artifacts), --function NAME (one function only),
#            --no-ready-to-run (exactly what deploy-serverless builds when the project does not set PublishReadyToRun), --help
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TEMPLATE="$ROOT/serverless.template"
OUTPUT="$ROOT/artifacts"
AOT=false
READY_TO_RUN=true
ONLY=""
RID=linux-x64          # matches "Architectures": ["x86_64"] in serverless.template (linux-arm64 for arm64)
FRAMEWORK=net10.0

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
fail() { printf 'package: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --aot) AOT=true ;;
    --no-ready-to-run) READY_TO_RUN=false ;;
    --output) shift; [ $# -gt 0 ] || fail "--output needs a directory"; OUTPUT=$(realpath -m "$1") ;;
    --function) shift; [ $# -gt 0 ] || fail "--function needs a name"; ONLY=$1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option '$1'" ;;
  esac
  shift
done

command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK is required (https://dot.net)"
command -v zip >/dev/null 2>&1 || fail "the 'zip' program is required (apt-get install zip); it keeps Unix file permissions like Amazon.Lambda.Tools"

# "<logical id> <CodeUri> <Handler>" for every AWS::Serverless::Function, from the template itself.
list_functions() {
  if command -v jq >/dev/null 2>&1; then
    jq -r '.Resources | to_entries[] | select(.value.Type == "AWS::Serverless::Function")
           | "\(.key) \(.value.Properties.CodeUri) \(.value.Properties.Handler)"' "$TEMPLATE"
  elif command -v python3 >/dev/null 2>&1; then
    python3 - "$TEMPLATE" <<'PY'
import json, sys
for name, r in json.load(open(sys.argv[1]))["Resources"].items():
    if r.get("Type") == "AWS::Serverless::Function":
        print(name, r["Properties"]["CodeUri"], r["Properties"]["Handler"])
PY
  else
    fail "jq or python3 is needed to read $TEMPLATE"
  fi
}

# Zips the contents of $1 (files only, paths relative to it, like Amazon.Lambda.Tools' BundleWithZipCLI) into $2.
zip_folder() {
  local folder=$1 archive=$2
  rm -f "$archive"
  (cd "$folder" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | zip -q "$archive" -@)
}

report() {
  local function=$1 archive=$2 folder=$3
  local bytes files unpacked
  bytes=$(stat -c %s "$archive")
  files=$(find "$folder" -type f | wc -l)
  unpacked=$(du -sb "$folder" | cut -f1)
  printf '%-20s %10s bytes (%s KiB) zipped, %s files, %s KiB unpacked  %s\n' \
    "$function" "$bytes" "$((bytes / 1024))" "$files" "$((unpacked / 1024))" "${archive#$ROOT/}"
}

package_managed() {
  local function=$1 project=$2 handler=$3
  local dir="$OUTPUT/$function" archive="$OUTPUT/$function.zip"
  rm -rf "$dir"
  printf '==> %s: dotnet publish %s (Release, %s, framework-dependent, ReadyToRun=%s)\n' \
    "$function" "${project#$ROOT/}" "$RID" "$READY_TO_RUN" >&2
  # The switches Amazon.Lambda.Tools passes to `dotnet publish`, plus ReadyToRun (pre-compiled code: less JIT at cold start).
  dotnet publish "$project" --nologo -v quiet -clp:ErrorsOnly --artifacts-path "$BUILD" \
    -c Release -f "$FRAMEWORK" -r "$RID" --self-contained false \
    -p:GenerateRuntimeConfigurationFiles=true -p:PreserveCompilationContext=false -p:PublishReadyToRun="$READY_TO_RUN" \
    -o "$dir/publish" </dev/null >&2 || fail "$function: dotnet publish failed"
  [ -f "$dir/publish/$handler.dll" ] || fail "$function: the publish folder has no $handler.dll, so Handler '$handler' would not start"
  zip_folder "$dir/publish" "$archive"
  report "$function" "$archive" "$dir/publish"
}

# Native AOT for provided.al2023: one native executable that Lambda starts as `bootstrap`.
package_aot() {
  local function=$1 project=$2 handler=$3
  local dir="$OUTPUT/$function-aot" archive="$OUTPUT/$function-aot.zip" log
  rm -rf "$dir"; mkdir -p "$dir"
  log="$dir/publish.log"
  printf '==> %s: dotnet publish %s (Release, %s, Native AOT)\n' "$function" "${project#$ROOT/}" "$RID" >&2
  if ! dotnet publish "$project" --nologo --artifacts-path "$BUILD-aot" -c Release -f "$FRAMEWORK" -r "$RID" \
       -p:PublishAot=true -p:StripSymbols=true -p:InvariantGlobalization=true \
       -o "$dir/publish" </dev/null >"$log" 2>&1; then
    local missing
    missing=$(grep -oE 'Unable to find package [A-Za-z0-9._-]+' "$log" | awk '{sub(/\.$/, "", $5); print $5}' | sort -u | paste -sd, - || true)
    if [ -n "$missing" ]; then
      fail "$function: Native AOT needs package(s) $missing that this machine's NuGet feed does not serve.
         With full nuget.org access (and clang + zlib1g-dev installed) the same command works. Details: ${log#$ROOT/}"
    fi
    fail "$function: Native AOT publish failed; see ${log#$ROOT/}"
  fi
  [ -f "$dir/publish/$handler" ] || fail "$function: no native executable '$handler' in $dir/publish"
  mv "$dir/publish/$handler" "$dir/publish/bootstrap"
  chmod 755 "$dir/publish/bootstrap"
  # Debug symbols stay out of the deployment package.
  find "$dir/publish" -name '*.dbg' -delete
  zip_folder "$dir/publish" "$archive"
  report "$function" "$archive" "$dir/publish"
}

mkdir -p "$OUTPUT"
# Intermediate files (obj/, bin/) of this build live under the output folder, so packaging for linux-x64 never rewrites
# the restore state of the developer build in src/*/obj (other builds may be running at the same time).
BUILD="$OUTPUT/.build"
found=0
while read -r function code_uri handler; do
  [ -n "$ONLY" ] && [ "$ONLY" != "$function" ] && continue
  found=1
  project_dir=$(realpath -m "$ROOT/$code_uri")
  [ -d "$project_dir" ] || fail "$function: CodeUri $code_uri is not a folder"
  if $AOT; then package_aot "$function" "$project_dir" "$handler"; else package_managed "$function" "$project_dir" "$handler"; fi
done < <(list_functions)
[ "$found" -eq 1 ] || fail "no function${ONLY:+ named '$ONLY'} in ${TEMPLATE#$ROOT/}"
