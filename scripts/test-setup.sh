#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently and outside the extension's own
# dependencies: Debian chromium, neovim, emacs + eglot and ripgrep, and code-server +
# playwright-core in .tools/.
# Fast (a few checks) when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.52.0

apt_packages=()
command -v chromium >/dev/null || apt_packages+=(chromium)
command -v nvim >/dev/null || apt_packages+=(neovim)
command -v rg >/dev/null || apt_packages+=(ripgrep)
command -v emacs >/dev/null || apt_packages+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || apt_packages+=(elpa-eglot)
if [ ! -d "$TOOLS/node_modules/code-server" ]; then
  # Headers code-server's native modules build against.
  for package in libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config; do
    dpkg -s "$package" >/dev/null 2>&1 || apt_packages+=("$package")
  done
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "test-setup: apt-get install ${apt_packages[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

installed_version() { node -p "require('$TOOLS/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ "$(installed_version code-server)" != "$CODE_SERVER_VERSION" ] || [ "$(installed_version playwright-core)" != "$PLAYWRIGHT_VERSION" ]; then
  # Nothing under the home directory: npm cache, XDG folders and temp files live in a scratch dir.
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  export TMPDIR="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state"
  export npm_config_cache="$scratch/npm-cache"
  # @vscode/ripgrep downloads rg from GitHub unless its cache already holds the archive.
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11"
  tar czf "$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{ "name": "precedent-test-tools", "private": true }' > "$TOOLS/package.json"
  echo "test-setup: npm i code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION in .tools/"
  # unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty's postinstall runs npx.
  (cd "$TOOLS" && npm_config_unsafe_perm=true npm_config_yes=true npm i --no-audit --no-fund --save-exact \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null)
fi
echo "test-setup: chromium, nvim, emacs + eglot, code-server $CODE_SERVER_VERSION and playwright-core ready"
