#!/usr/bin/env bash
# n8n's own lint (`n8n-node lint` from @n8n/node-cli, strict mode, the default eslint.config.mjs
# unchanged) on exactly what the package ships: nodes/, credentials/, lib/ and package.json, copied
# into a staging folder. test/, sandbox/, scripts/ and benchmarks/ do not ship and are not linted by
# it (they run in Node, not in n8n: they use process, timers and the file system on purpose); the
# project's own `npm run lint` covers them.
#
# The tools are installed once into the cache, outside the pack's devDependencies: @n8n/node-cli
# pulls in native add-ons for Node 24 that `npm ci` on Node 20 could not build (scripts are off).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_ROOT="${WECOM_GROWTH_CACHE:-$HOME/.cache/n8n-nodes-wecom-growth}"
TOOLS="$CACHE_ROOT/n8n-verify-tools-0.48.3"
if [ ! -f "$TOOLS/.complete" ]; then
	mkdir -p "$TOOLS"
	(
		flock 9
		if [ ! -f "$TOOLS/.complete" ]; then
			echo '{ "name": "wecom-growth-verify-tools", "private": true }' > "$TOOLS/package.json"
			echo "Installing @n8n/node-cli and ESLint 9 into $TOOLS (once)..." >&2
			(cd "$TOOLS" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts \
				@n8n/node-cli@0.48.3 eslint@9 typescript@5.9.3 zod@3.25.67 luxon@3.7.2 @types/luxon@3.7.1 @types/node@20 >&2)
			touch "$TOOLS/.complete"
		fi
	) 9>"$TOOLS.lock"
fi
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -r "$ROOT/nodes" "$ROOT/credentials" "$ROOT/lib" "$ROOT/package.json" "$ROOT/tsconfig.json" "$STAGE/"
cp "$TOOLS/node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs" "$STAGE/"
# The lint tools from the cache; what the code imports (n8n-workflow, zod, luxon) from the pack's
# own devDependencies, as when linting in the repository.
mkdir "$STAGE/node_modules"
for m in "$TOOLS"/node_modules/* "$TOOLS"/node_modules/.bin; do ln -s "$m" "$STAGE/node_modules/"; done
for m in n8n-workflow zod luxon fast-xml-parser; do
	[ -e "$ROOT/node_modules/$m" ] && ln -sfn "$ROOT/node_modules/$m" "$STAGE/node_modules/$m"
done
cd "$STAGE"
PATH="$TOOLS/node_modules/.bin:$PATH" n8n-node lint "$@"
