#!/usr/bin/env bash
# Installs the pinned n8n once into a cache outside the pack's own dependencies
# (n8n is ~2 GB; the pack must stay light). Prints the path of the n8n binary.
# n8n's own xlsx dependency points at an unreachable URL, hence the override.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.8.4}"
CACHE_ROOT="${WECOM_GROWTH_CACHE:-$HOME/.cache/n8n-nodes-wecom-growth}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
BIN="$DIR/node_modules/.bin/n8n"
if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then echo "$BIN"; exit 0; fi
mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9
if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then echo "$BIN"; exit 0; fi
cat > "$DIR/package.json" <<JSON
{
  "name": "wecom-growth-n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
echo "Installing n8n $N8N_VERSION into $DIR (once; ~4 minutes)..." >&2
(cd "$DIR" && npm install --no-audit --no-fund --loglevel=error >&2)
touch "$DIR/.complete"
echo "$BIN"
