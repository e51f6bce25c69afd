import { createHash } from 'crypto';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

/**
 * A minimal npm registry on loopback, for proving that n8n's Community Nodes installer can install
 * the packed pack: `npm publish` puts a package in (the document npm sends, tarball attached),
 * `npm view`, `npm pack` and `npm install` read it back. It serves only what was published here, so
 * an install that needed any other package (a runtime dependency) fails. Nothing is kept on disk.
 */
export interface LocalRegistry {
	url: string;
	/** Every request as "METHOD /path status", in order. */
	requests: string[];
	stop(): Promise<void>;
}

interface Packument {
	name: string;
	'dist-tags': Record<string, string>;
	versions: Record<string, VersionDoc>;
	time: Record<string, string>;
}

interface VersionDoc {
	name: string;
	version: string;
	dist: { tarball: string; shasum: string; integrity: string };
	[key: string]: unknown;
}

interface PublishBody {
	name?: string;
	'dist-tags'?: Record<string, string>;
	versions?: Record<string, VersionDoc>;
	_attachments?: Record<string, { data: string }>;
}

/** The token `npm publish` must send (any other is refused, as a real registry would). */
export const LOCAL_REGISTRY_TOKEN = 'local-registry-token';

export async function startLocalRegistry(): Promise<LocalRegistry> {
	const packages = new Map<string, Packument>();
	const tarballs = new Map<string, Buffer>();
	const requests: string[] = [];
	let base = '';

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
			const send = (status: number, body: unknown, type = 'application/json') => {
				requests.push(`${req.method} ${path} ${status}`);
				const data = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
				res.writeHead(status, { 'content-type': type, 'content-length': data.length });
				res.end(data);
			};
			const notFound = () => send(404, { error: 'Not found' });
			// Scoped names arrive as "@scope%2fname" (decoded above); tarballs as "<name>/-/<file>.tgz".
			const tarball = /^\/(.+)\/-\/([^/]+\.tgz)$/.exec(path);
			if (req.method === 'GET' && tarball) {
				const data = tarballs.get(`${tarball[1]}/${tarball[2]}`);
				return data ? send(200, data, 'application/octet-stream') : notFound();
			}
			if (req.method === 'PUT') {
				if (req.headers.authorization !== `Bearer ${LOCAL_REGISTRY_TOKEN}`) return send(401, { error: 'Unauthorized' });
				return publish(path.slice(1), JSON.parse(Buffer.concat(chunks).toString('utf8')) as PublishBody, send);
			}
			if (req.method !== 'GET') return send(405, { error: 'Method not allowed' });
			const name = packageNameOf(path.slice(1));
			const doc = packages.get(name.name);
			if (!doc) return notFound();
			if (!name.version) return send(200, doc);
			const version = doc['dist-tags'][name.version] ?? name.version;
			return doc.versions[version] ? send(200, doc.versions[version]) : notFound();
		});
	});

	/** npm publish: one new version per call; publishing an existing version is refused (403), as on npm. */
	function publish(name: string, body: PublishBody, send: (status: number, body: unknown) => void): void {
		const [version, doc] = Object.entries(body.versions ?? {})[0] ?? [];
		const [file, attachment] = Object.entries(body._attachments ?? {})[0] ?? [];
		if (!version || !doc || !attachment || body.name !== name) return send(400, { error: 'Expected one version with its tarball' });
		const data = Buffer.from(attachment.data, 'base64');
		const integrity = `sha512-${createHash('sha512').update(data).digest('base64')}`;
		if (doc.dist?.integrity && doc.dist.integrity !== integrity) return send(400, { error: 'The tarball does not match its integrity' });
		const existing = packages.get(name) ?? { name, 'dist-tags': {}, versions: {}, time: {} };
		if (existing.versions[version]) return send(403, { error: `${name}@${version} was already published` });
		const tarballFile = file.split('/').pop()!;
		tarballs.set(`${name}/${tarballFile}`, data);
		existing.versions[version] = {
			...doc,
			dist: {
				...doc.dist,
				tarball: `${base}/${name}/-/${tarballFile}`,
				shasum: createHash('sha1').update(data).digest('hex'),
				integrity,
			},
		};
		existing['dist-tags'] = { ...existing['dist-tags'], ...(body['dist-tags'] ?? { latest: version }) };
		existing.time[version] = new Date().toISOString();
		packages.set(name, existing);
		send(201, { ok: true });
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: base,
		requests,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** "name", "name/1.2.3", "@scope/name", "@scope/name/latest" → name and version (or dist-tag). */
function packageNameOf(path: string): { name: string; version?: string } {
	const parts = path.split('/');
	const size = parts[0].startsWith('@') ? 2 : 1;
	return { name: parts.slice(0, size).join('/'), version: parts[size] || undefined };
}
