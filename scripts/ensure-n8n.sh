#!/usr/bin/env bash
# Installs one n8n version once into a cache outside the pack's own dependencies (n8n is ~2 GB; the
# pack must stay light), together with the Node.js that version needs. Prints two lines: the path of
# the Node binary to run n8n with, then the path of the n8n binary.
#
#   N8N_VERSION=2.41.1 bash scripts/ensure-n8n.sh
#
# - n8n 2.8.x runs on the Node running this script (20+); 2.10–2.35 need Node 22; 2.36+ need Node 24.
#   Node 22/24 come from the npm `node` package, installed into the cache (the global Node is untouched).
# - n8n's own xlsx dependency points at an unreachable URL, hence the override.
# - Install scripts are off during the install: @confluentinc/kafka-javascript's (n8n 2.35+) downloads
#   sources from outside the registry. The packages that need a native build (sqlite3, ...) are then
#   rebuilt against the headers of the Node that runs n8n.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.8.4}"
CACHE_ROOT="${WECOM_GROWTH_CACHE:-$HOME/.cache/n8n-nodes-wecom-growth}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
BIN="$DIR/node_modules/.bin/n8n"

node_major_for() {
	local minor
	minor=$(echo "$1" | cut -d. -f2)
	if [ "$(echo "$1" | cut -d. -f1)" -ge 3 ] || [ "$minor" -ge 36 ]; then echo 24
	elif [ "$minor" -ge 10 ]; then echo 22
	else echo ""; fi
}

# Node <major> from the npm `node` package, once per major, in its own cache folder.
ensure_node() {
	local major=$1 ndir="$CACHE_ROOT/node-$1"
	local nbin="$ndir/node_modules/node/bin/node"
	if [ -f "$ndir/.complete" ] && [ -x "$nbin" ]; then echo "$nbin"; return; fi
	mkdir -p "$ndir"
	(
		flock 8
		if [ ! -f "$ndir/.complete" ]; then
			echo "Installing Node $major into $ndir (once)..." >&2
			echo '{ "name": "wecom-growth-node-runtime", "private": true }' > "$ndir/package.json"
			(cd "$ndir" && npm install --no-audit --no-fund --loglevel=error "node@$major" >&2)
			"$nbin" -e 'process.exit(0)'
			touch "$ndir/.complete"
		fi
	) 8>"$ndir/.lock"
	echo "$nbin"
}

MAJOR=$(node_major_for "$N8N_VERSION")
if [ -n "$MAJOR" ]; then NODE_BIN=$(ensure_node "$MAJOR"); else NODE_BIN=$(command -v node); fi
# Headers of that Node for native builds: the npm `node` package carries them (include/node) in its
# node-linux-<arch> dependency; the system Node's come with it (or are downloaded by node-gyp).
NODE_REAL=$(readlink -f "$NODE_BIN")
NODE_DIR=""
if [ -n "$MAJOR" ]; then
	GYPI=$(find "$CACHE_ROOT/node-$MAJOR/node_modules" -path '*/include/node/common.gypi' | head -1)
	[ -n "$GYPI" ] && NODE_DIR=$(dirname "$(dirname "$(dirname "$GYPI")")")
fi

if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then echo "$NODE_BIN"; echo "$BIN"; exit 0; fi
mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9
if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then echo "$NODE_BIN"; echo "$BIN"; exit 0; fi
cat > "$DIR/package.json" <<JSON
{
  "name": "wecom-growth-n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
echo "Installing n8n $N8N_VERSION for Node $("$NODE_BIN" -v) into $DIR (once; 4-15 minutes)..." >&2
(
	cd "$DIR"
	# npm and node-gyp run on the Node that will run n8n, with its bundled headers (no download).
	export PATH="$(dirname "$NODE_REAL"):$PATH"
	[ -z "$NODE_DIR" ] || export npm_config_nodedir="$NODE_DIR"
	if [ ! -f .installed ]; then
		npm install --no-audit --no-fund --loglevel=error --ignore-scripts >&2
		touch .installed
	fi
	# Run the install scripts one package at a time, except kafka's (it downloads sources; neither
	# the pack nor its tests use Kafka) and scarf's (usage analytics). Optional native add-ons
	# (cpu-features, oracledb, ...) may fail to build: n8n runs without them. sqlite3 must build.
	mapfile -t NATIVE < <(node -e '
		const lock = require("./package-lock.json").packages;
		const names = new Set();
		for (const [p, v] of Object.entries(lock)) if (v.hasInstallScript && p) names.add(p.replace(/^.*node_modules\//, ""));
		for (const skip of ["@confluentinc/kafka-javascript", "@scarf/scarf"]) names.delete(skip);
		console.log([...names].join("\n"));')
	echo "Running the install scripts of ${#NATIVE[@]} packages: ${NATIVE[*]}" >&2
	for p in "${NATIVE[@]}"; do
		npm rebuild --loglevel=error "$p" >/dev/null 2>&1 || echo "  $p: install script failed (optional for n8n)" >&2
	done
	node -e 'require("sqlite3")' >&2
)
touch "$DIR/.complete"
echo "$NODE_BIN"
echo "$BIN"
