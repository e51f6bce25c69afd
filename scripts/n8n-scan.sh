#!/usr/bin/env bash
# n8n's community-package scanner (@n8n/scan-community-package) on the package as `npm pack` builds
# it, offline: the scanner's two lint passes run directly on this checkout's sources
# (package.json, nodes/ and credentials/, as on the source its provenance points at) and on the
# unpacked tarball (compiled .js and the published package.json). Its registry steps (download,
# npm provenance) need a published version; the publish workflow adds the provenance.
# Expects a build (dist/); `npm test` builds first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_ROOT="${WECOM_GROWTH_CACHE:-$HOME/.cache/n8n-nodes-wecom-growth}"
TOOLS="$CACHE_ROOT/n8n-scan-0.32.0"
if [ ! -f "$TOOLS/.complete" ]; then
	mkdir -p "$TOOLS"
	(
		flock 9
		if [ ! -f "$TOOLS/.complete" ]; then
			echo '{ "name": "wecom-growth-scan-tools", "private": true }' > "$TOOLS/package.json"
			echo "Installing @n8n/scan-community-package into $TOOLS (once)..." >&2
			(cd "$TOOLS" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts @n8n/scan-community-package@0.32.0 >&2)
			touch "$TOOLS/.complete"
		fi
	) 9>"$TOOLS.lock"
fi
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
TARBALL=$(cd "$ROOT" && npm pack --silent --pack-destination "$STAGE" | tail -1)
mkdir "$STAGE/package"
tar -xzf "$STAGE/$TARBALL" -C "$STAGE/package" --strip-components=1
SCANNER="$TOOLS/node_modules/@n8n/scan-community-package/scanner/scanner.mjs" \
	SOURCE_DIR="$ROOT" PACKAGE_DIR="$STAGE/package" TARBALL="$TARBALL" node --input-type=module -e '
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(process.env.SCANNER);
const legs = [
	["sources (package.json, nodes/, credentials/)", await analyzePackage(process.env.SOURCE_DIR, SOURCE_FILE_PATTERNS)],
	[`tarball ${process.env.TARBALL} (compiled .js, package.json)`, await analyzePackage(process.env.PACKAGE_DIR, ["**/*.js", "package.json"])],
];
let failed = false;
for (const [what, r] of legs) {
	console.log(`${r.passed ? "passed" : "FAILED"}: n8n scanner on the ${what}${r.message ? ` — ${r.message}` : ""}`);
	if (r.details) console.log(r.details);
	failed ||= !r.passed;
}
process.exit(failed ? 1 : 0);
'
