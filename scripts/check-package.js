#!/usr/bin/env node
/**
 * Checks what `npm pack` would publish, as n8n's verification asks: no runtime dependencies, only
 * n8n-workflow as a peer dependency, every node and credential listed in the `n8n` section is in the
 * package, and nothing but built code, templates and documentation ships.
 * Run after `npm run build`; exits 1 with the reasons when a check fails.
 */
const { execFileSync } = require('child_process');
const pkg = require('../package.json');

const problems = [];
const deps = Object.keys(pkg.dependencies ?? {});
if (deps.length) problems.push(`runtime dependencies must be empty (n8n provides zod, luxon and n8n-workflow): ${deps.join(', ')}`);
const peers = Object.keys(pkg.peerDependencies ?? {});
if (peers.some((p) => p !== 'n8n-workflow')) problems.push(`peer dependencies other than n8n-workflow: ${peers.join(', ')}`);

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const files = new Set(packed.files.map((f) => f.path));
for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
	if (!files.has(f)) problems.push(`listed in package.json "n8n" but not packed (build first): ${f}`);
const allowed = /^(dist\/(nodes|credentials|lib)\/|workflows\/[^/]+\.json$|package\.json$|README\.md$|LICENSE(\.md)?$)/;
for (const f of files) if (!allowed.test(f)) problems.push(`unexpected file in the package: ${f}`);
for (const f of files) if (/\.(test|spec)\.js$|\.map$/.test(f)) problems.push(`test or source-map file in the package: ${f}`);

console.log(
	`${packed.name}@${packed.version}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`,
);
if (problems.length) {
	console.error(problems.map((p) => `✗ ${p}`).join('\n'));
	process.exit(1);
}
console.log('✓ no runtime dependencies; every listed node and credential is packed; nothing else ships');
