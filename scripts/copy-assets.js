// Copies node icons and codex files next to the compiled nodes (tsc copies only .ts output).
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
function copy(dir) {
	const src = path.join(root, dir);
	if (!fs.existsSync(src)) return;
	for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
		const rel = path.join(dir, entry.name);
		if (entry.isDirectory()) copy(rel);
		else if (/\.(svg|png|json)$/.test(entry.name)) {
			fs.mkdirSync(path.join(root, 'dist', dir), { recursive: true });
			fs.copyFileSync(path.join(root, rel), path.join(root, 'dist', rel));
		}
	}
}
copy('nodes');
copy('credentials');
