#!/usr/bin/env bash
# npm run test:nvim — the standalone language server driven by Neovim (Debian's 0.7.x) as an independent LSP
# client: headless, no user configuration, private XDG folders, on a copy of the e2e fixture workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/e2e-setup.sh neovim
npm run build --silent

run="$(mktemp -d "${TMPDIR:-/tmp}/iis-smtp-nvim-XXXXXX")"
trap 'rm -rf "$run"' EXIT
cp -r test/e2e/workspace "$run/workspace"
mkdir -p "$run/config" "$run/data" "$run/state" "$run/cache"

status=0
XDG_CONFIG_HOME="$run/config" XDG_DATA_HOME="$run/data" XDG_STATE_HOME="$run/state" XDG_CACHE_HOME="$run/cache" \
  IIS_SMTP_SERVER="$PWD/dist/server.js" IIS_SMTP_WORKSPACE="$run/workspace" \
  timeout 180 nvim --headless -u NONE -i NONE -n -c 'luafile test/nvim/test.lua' </dev/null || status=$?
if [ "$status" -eq 124 ]; then
  echo "not ok - Neovim test timed out after 180 s"
  echo "0 passed, 1 failed"
fi
exit "$status"
