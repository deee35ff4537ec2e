#!/usr/bin/env bash
# Builds one Lambda deployment zip per function in serverless.template: `dotnet publish` of the function's CodeUri
# project as Native AOT (PublishAot=true is in the project file; the rest is in Directory.Build.targets), for the
# function's "Architectures" in the template (or --arch), then the one native executable zipped at the archive root with
# the `zip` CLI (which keeps the executable bit). This is the no-container path on Linux: the binaries must run on Amazon
# Linux 2023, so the build FAILS when one needs a glibc symbol newer than 2.34 (docs/deploy.md).
#
#   ./build.sh package                artifacts/<arch>/<Function>.zip for every function, <arch> from the template, and
#                                     artifacts/<arch>/serverless.template: the template with CodeUri = those zips, which
#                                     `dotnet lambda deploy-serverless --template artifacts/<arch>/serverless.template`
#                                     uploads as they are (no build container)
#   options: --arch x86_64|arm64      build for this architecture instead of the template's (arm64 cross-compiles on x64)
#            --function NAME          one function only
#            --output DIR             default artifacts
#            --if-stale               skip a function whose executable is newer than every source file (./build.sh run/test)
#            --jit                    the framework-dependent ReadyToRun build instead (for the cold-start comparison only;
#                                     written to <output>/jit-<arch>/<Function>/, no zip)
#            --help
# Missing Debian packages (clang; for arm64 on x64 also lld and the aarch64 cross toolchain) are installed with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TEMPLATE="$ROOT/serverless.template"
OUTPUT="$ROOT/artifacts"
ARCH=""
ONLY=""
IF_STALE=false
JIT=false
FRAMEWORK=net10.0
GLIBC_MAX=2.34   # Amazon Linux 2023, which the managed dotnet10 runtime runs on

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
fail() { printf 'package: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --arch) shift; [ $# -gt 0 ] || fail "--arch needs x86_64 or arm64"; ARCH=$1
            [[ $ARCH == x86_64 || $ARCH == arm64 ]] || fail "--arch must be x86_64 or arm64, not '$ARCH'" ;;
    --function) shift; [ $# -gt 0 ] || fail "--function needs a name"; ONLY=$1 ;;
    --output) shift; [ $# -gt 0 ] || fail "--output needs a directory"; OUTPUT=$(realpath -m "$1") ;;
    --if-stale) IF_STALE=true ;;
    --jit) JIT=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option '$1'" ;;
  esac
  shift
done

command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK is required (https://dot.net)"
command -v zip >/dev/null 2>&1 || fail "the 'zip' program is required (apt-get install zip); it keeps Unix file permissions like Amazon.Lambda.Tools"

host_arch() { case "$(uname -m)" in x86_64|amd64) echo x86_64 ;; aarch64|arm64) echo arm64 ;; *) uname -m ;; esac; }
rid_of() { [ "$1" = arm64 ] && echo linux-arm64 || echo linux-x64; }

# Installs the Debian packages a Native AOT build for $1 needs on this host, when missing.
install_toolchain() {
  local arch=$1 missing=()
  command -v clang >/dev/null 2>&1 || missing+=(clang)
  if [ "$arch" = arm64 ] && [ "$(host_arch)" = x86_64 ]; then
    command -v ld.lld >/dev/null 2>&1 || missing+=(lld)
    command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
    command -v aarch64-linux-gnu-objcopy >/dev/null 2>&1 || missing+=(binutils-aarch64-linux-gnu)
    [ -f /usr/aarch64-linux-gnu/lib/libc.so.6 ] || missing+=(libc6-dev-arm64-cross)
  fi
  command -v readelf >/dev/null 2>&1 || missing+=(binutils)
  [ ${#missing[@]} -eq 0 ] && return
  log "installing Debian packages for Native AOT ($arch): ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# "<logical id> <CodeUri> <Handler> <architecture>" for every AWS::Serverless::Function, from the template itself.
list_functions() {
  if command -v jq >/dev/null 2>&1; then
    jq -r '.Resources | to_entries[] | select(.value.Type == "AWS::Serverless::Function")
           | "\(.key) \(.value.Properties.CodeUri) \(.value.Properties.Handler) \(.value.Properties.Architectures[0] // "x86_64")"' "$TEMPLATE"
  elif command -v python3 >/dev/null 2>&1; then
    python3 - "$TEMPLATE" <<'PY'
import json, sys
for name, r in json.load(open(sys.argv[1]))["Resources"].items():
    if r.get("Type") == "AWS::Serverless::Function":
        p = r["Properties"]
        print(name, p["CodeUri"], p["Handler"], (p.get("Architectures") or ["x86_64"])[0])
PY
  else
    fail "jq or python3 is needed to read $TEMPLATE"
  fi
}

# The newest source file a function build reads (code, project files, build settings), as seconds since the epoch.
newest_source() {
  find "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Build.targets" "$ROOT/global.json" \
       \( -name bin -o -name obj -o -name node_modules -o -name web -o -name Realtime.LocalCloud \) -prune -o \
       -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.json' \) \
       -printf '%T@\n' | sort -n | tail -1 | cut -d. -f1
}

# Fails when an ELF file in $1 needs a glibc symbol version newer than $GLIBC_MAX (readelf reads any architecture).
check_glibc() {
  local folder=$1 file newest
  while IFS= read -r file; do
    head -c 4 "$file" | grep -q 'ELF' || continue
    newest=$(readelf -V --wide "$file" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
    [ -n "$newest" ] || continue
    if [ "$(printf '%s\n%s\n' "$newest" "$GLIBC_MAX" | sort -V | tail -1)" != "$GLIBC_MAX" ]; then
      fail "${file#$ROOT/} needs glibc $newest, newer than Amazon Linux 2023's $GLIBC_MAX: it would not start on Lambda.
         Build on an older distribution, or with Amazon.Lambda.Tools' build container (docs/deploy.md)."
    fi
    printf '    %s: newest glibc symbol version %s (limit %s)\n' "${file#$ROOT/}" "$newest" "$GLIBC_MAX" >&2
  done < <(find "$folder" -type f)
}

# Fails when the publish folder holds anything but the executable (no .pdb, .xml, .dbg, .json).
check_contents() {
  local folder=$1 handler=$2 extra
  extra=$(find "$folder" -type f ! -name "$handler" -printf '%P\n' | LC_ALL=C sort | paste -sd' ' -)
  [ -z "$extra" ] || fail "$folder holds more than the executable '$handler': $extra"
  [ -x "$folder/$handler" ] || fail "$folder/$handler is not an executable, so Handler '$handler' would not start"
}

# Zips the contents of $1 (files only, paths relative to it, like Amazon.Lambda.Tools' BundleWithZipCLI) into $2.
zip_folder() {
  local folder=$1 archive=$2
  rm -f "$archive"
  (cd "$folder" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | zip -q "$archive" -@)
}

report() {
  local function=$1 archive=$2 folder=$3 bytes unpacked
  bytes=$(stat -c %s "$archive")
  unpacked=$(du -sb "$folder" | cut -f1)
  printf '%-20s %10s bytes (%s KiB) zipped, %s KiB unpacked  %s\n' \
    "$function" "$bytes" "$((bytes / 1024))" "$((unpacked / 1024))" "${archive#$ROOT/}"
}

package_aot() {
  local function=$1 project=$2 handler=$3 arch=$4
  local rid dir archive
  rid=$(rid_of "$arch")
  dir="$OUTPUT/$arch/$function"; archive="$OUTPUT/$arch/$function.zip"
  if $IF_STALE && [ -x "$dir/$handler" ] && [ -f "$archive" ] \
     && [ "$(stat -c %Y "$dir/$handler")" -ge "$(newest_source)" ]; then
    log "$function ($arch): up to date (${dir#$ROOT/}/$handler)"
    return
  fi
  install_toolchain "$arch"
  rm -rf "$dir"; mkdir -p "$dir"
  log "$function: dotnet publish ${project#$ROOT/} (Release, $rid, Native AOT)"
  # Intermediate files live under the output folder, so this never rewrites the restore state of src/*/obj that the
  # developer build and other builds running at the same time use.
  dotnet publish "$project" --nologo -v quiet -clp:ErrorsOnly --artifacts-path "$OUTPUT/.build/$arch" \
    -c Release -f "$FRAMEWORK" -r "$rid" -o "$dir" </dev/null >&2 || fail "$function: dotnet publish ($rid) failed"
  check_contents "$dir" "$handler"
  check_glibc "$dir"
  zip_folder "$dir" "$archive"
  report "$function" "$archive" "$dir"
}

# The build this project shipped before Native AOT (framework-dependent, ReadyToRun), kept for side-by-side measurements.
package_jit() {
  local function=$1 project=$2 handler=$3 arch=$4
  local rid dir
  rid=$(rid_of "$arch")
  dir="$OUTPUT/jit-$arch/$function"
  if $IF_STALE && [ -f "$dir/$handler.dll" ] && [ "$(stat -c %Y "$dir/$handler.dll")" -ge "$(newest_source)" ]; then
    log "$function (JIT, $arch): up to date"
    return
  fi
  rm -rf "$dir"
  log "$function: dotnet publish ${project#$ROOT/} (Release, $rid, framework-dependent ReadyToRun, JIT)"
  dotnet publish "$project" --nologo -v quiet -clp:ErrorsOnly --artifacts-path "$OUTPUT/.build/jit-$arch" \
    -c Release -f "$FRAMEWORK" -r "$rid" --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true \
    -o "$dir" </dev/null >&2 || fail "$function: dotnet publish (JIT, $rid) failed"
  [ -f "$dir/$handler.dll" ] || fail "$function: the JIT publish folder has no $handler.dll"
}

# artifacts/<arch>/serverless.template: the repository's template with each function's CodeUri pointing at its zip (a path
# relative to the template's folder, as the deploy tool resolves it) and Architectures set to what was built.
write_zip_template() {
  local arch=$1 target="$OUTPUT/$1/serverless.template"
  command -v jq >/dev/null 2>&1 || { log "jq is missing: no ${target#$ROOT/} written"; return; }
  jq --arg arch "$arch" '.Resources |= with_entries(if .value.Type == "AWS::Serverless::Function"
        then .value.Properties.CodeUri = "\(.key).zip" | .value.Properties.Architectures = [$arch] else . end)' \
    "$TEMPLATE" >"$target.tmp" && mv "$target.tmp" "$target"
  log "deploy these zips: dotnet lambda deploy-serverless --template ${target#$ROOT/} --template-parameters IotEndpointHost=<host>"
}

found=0
built_arch=""
while read -r function code_uri handler template_arch; do
  [ -n "$ONLY" ] && [ "$ONLY" != "$function" ] && continue
  found=1
  project_dir=$(realpath -m "$ROOT/$code_uri")
  [ -d "$project_dir" ] || fail "$function: CodeUri $code_uri is not a folder"
  arch=${ARCH:-$template_arch}
  [[ $arch == x86_64 || $arch == arm64 ]] || fail "$function: Architectures '$arch' in the template is neither x86_64 nor arm64"
  if $JIT; then package_jit "$function" "$project_dir" "$handler" "$arch"; else package_aot "$function" "$project_dir" "$handler" "$arch"; fi
  built_arch=$arch
done < <(list_functions)
[ "$found" -eq 1 ] || fail "no function${ONLY:+ named '$ONLY'} in ${TEMPLATE#$ROOT/}"
if ! $JIT && [ -z "$ONLY" ]; then write_zip_template "$built_arch"; fi
