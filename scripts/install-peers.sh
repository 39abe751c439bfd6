#!/usr/bin/env bash
# Installs the linters `npm run bench -- --peers` compares Precedent with, pinned, into
# .tools/peers/ — outside the extension's own dependencies, never shipped. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS="$PWD/.tools/peers"
mkdir -p "$PEERS"
[ -f "$PEERS/package.json" ] || echo '{ "name": "precedent-bench-peers", "private": true }' > "$PEERS/package.json"
# typescript at the version the product pins: the typescript-eslint parser needs it below 6.1.
(cd "$PEERS" && npm i --no-audit --no-fund --save-exact \
  eslint@10.16.0 @typescript-eslint/parser@8.74.0 eslint-plugin-security@4.1.0 typescript@6.0.3 \
  @biomejs/biome@2.6.9 oxlint@1.95.0 >/dev/null)
# Their configurations sit beside them, so that ESLint resolves the parser and plugin from there.
cp bench/peers/eslint.config.mjs bench/peers/biome.json "$PEERS/"
echo "install-peers: eslint + typescript-eslint parser + eslint-plugin-security, biome and oxlint ready in .tools/peers"
