# Shared by scripts/run and scripts/test: install what is missing, configure and build.
# Quiet when there is nothing to do.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# ccache shares compilations between checkouts of this repository on one machine (a clean clone
# for CI compiled everything again: 15 of its 27 minutes): paths under the checkout are hashed
# relative to it, and the build directory is left out of the hash. Object files then keep the
# first checkout's directory in their debug information and __FILE__ strings, which nothing at
# run time reads; the -D paths the tests are built with are hashed as they are, so those files
# are compiled again for each checkout.
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true

# Debian 12 packages the build needs.
BUILD_PACKAGES=(g++ cmake ninja-build ccache pkg-config curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlitecpp-dev libsqlite3-dev sqlite3 libfmt-dev catch2 libvalijson-dev libcli11-dev libssl-dev libmimalloc-dev)

say() { printf '[procura] %s\n' "$*" >&2; }

# Installs the packages among "$@" that are not installed yet (apt-get update only then).
install_missing() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing ${missing[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node.js and npm from Debian, unless a node is already on the PATH.
install_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then install_missing nodejs npm; fi
}

# npm ci in a folder with a package-lock.json, only when its lock changed since the last install.
npm_install() {
  local folder=$1
  local stamp="$folder/node_modules/.procura-lock.sha256"
  local want
  want=$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  say "npm ci in ${folder#"$ROOT"/}"
  (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
}

# Debian 12 packages the browser test needs (headless Chromium driven by Selenium; CJK fonts so
# that the screenshots show the Chinese pages).
BROWSER_TEST_PACKAGES=(chromium chromium-driver python3-selenium fonts-noto-cjk)

# build_web OUT: bundles the web app (web/) into OUT, only when its sources or lock changed.
build_web() {
  local out=$1
  install_node
  npm_install "$ROOT/web"
  local stamp="$out/.procura-sources.sha256"
  local want
  want=$(cd "$ROOT/web" && find src build.mjs package-lock.json -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  node "$ROOT/web/build.mjs" "$out" >/dev/null
  echo "$want" >"$stamp"
  say "built the web app in ${out#"$ROOT"/}"
}

# configure_and_build BUILD_DIR BUILD_TYPE SANITIZE [targets...]
configure_and_build() {
  local dir=$1 type=$2 sanitize=$3
  shift 3
  if [[ ! -f "$dir/CMakeCache.txt" ]]; then
    say "configuring $type build in ${dir#"$ROOT"/}"
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DPROCURA_SANITIZE="$sanitize" >/dev/null
  fi
  local log="$dir/build.log"
  local targets=()
  [[ $# -gt 0 ]] && targets=(--target "$@")
  if ! cmake --build "$dir" --parallel "$(nproc)" "${targets[@]}" >"$log" 2>&1; then
    grep -E 'error|FAILED' -A5 "$log" | head -n 60 >&2
    say "build failed; the whole log is $log"
    exit 1
  fi
  grep -q 'no work to do' "$log" || say "built ${dir#"$ROOT"/}"
}
