#!/usr/bin/env bash
# Installs, once, what the end-to-end tests need: Debian packages when missing, and code-server into a
# cache folder outside the tracked tree. Works offline except for the npm registry and Debian apt.
# Usage: scripts/e2e-setup.sh [workbench] [neovim]      (default: workbench)
# Prints the code-server executable path on its last line when "workbench" is asked for.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
CACHE="${IIS_SMTP_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iis-smtp-e2e}"

want_workbench=0
want_neovim=0
[ $# -eq 0 ] && want_workbench=1
for arg in "$@"; do
  case "$arg" in
    workbench) want_workbench=1 ;;
    neovim) want_neovim=1 ;;
    *) echo "unknown component: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "[e2e-setup] $*" >&2; }

# Installs the Debian packages that are not installed yet (one apt run for all of them).
ensure_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  log "apt-get install ${missing[*]}"
  "${sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# @vscode/ripgrep's postinstall downloads rg unless this archive (rg at the archive root) is already cached.
seed_ripgrep_cache() {
  local tmp="$1" stage
  mkdir -p "$tmp/$RIPGREP_CACHE_NAME"
  [ -s "$tmp/$RIPGREP_CACHE_NAME/$RIPGREP_ARCHIVE" ] && return 0
  stage="$(mktemp -d)"
  cp "$(command -v rg)" "$stage/rg"
  tar czf "$tmp/$RIPGREP_CACHE_NAME/$RIPGREP_ARCHIVE" -C "$stage" rg
  rm -rf "$stage"
}

install_code_server() {
  local dir="$CACHE/code-server-$CODE_SERVER_VERSION"
  local bin="$dir/node_modules/.bin/code-server"
  if [ -f "$dir/.installed" ] && [ -x "$bin" ]; then
    echo "$bin"
    return 0
  fi
  log "installing code-server@$CODE_SERVER_VERSION into $dir (first run only)"
  rm -rf "$dir"
  mkdir -p "$dir/tmp"
  seed_ripgrep_cache "$dir/tmp"
  printf '{ "name": "iis-smtp-e2e-cache", "private": true }\n' >"$dir/package.json"
  (
    cd "$dir"
    TMPDIR="$dir/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm i "code-server@$CODE_SERVER_VERSION" --no-audit --no-fund --foreground-scripts --loglevel=error >&2
  )
  date -u +%FT%TZ >"$dir/.installed"
  echo "$bin"
}

if [ $want_workbench -eq 1 ]; then
  ensure_debs build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium
fi
if [ $want_neovim -eq 1 ]; then
  ensure_debs neovim
fi
if [ $want_workbench -eq 1 ]; then
  install_code_server
fi
