import { createServer } from 'net';
import type { Server, Socket } from 'net';
import type { SandboxState } from '../core/state';

export interface ReceivedEmail {
	at: number;
	from: string;
	to: string[];
	/** The raw message (headers and body) as sent. */
	data: string;
	subject: string;
}

/**
 * A minimal SMTP receiver (plain, no TLS, any or no AUTH) so that n8n's Send Email node can send
 * the templates' welcome and reminder emails locally. Messages are kept for inspection.
 */
export class SmtpEmulator {
	emails: ReceivedEmail[] = [];
	private server?: Server;
	private sockets = new Set<Socket>();
	port = 0;

	constructor(private readonly state: SandboxState) {}

	reset(): void {
		this.emails = [];
	}

	async start(port = 0, host = '127.0.0.1'): Promise<number> {
		this.server = createServer((socket) => this.session(socket));
		await new Promise<void>((res) => this.server!.listen(port, host, res));
		this.port = (this.server.address() as { port: number }).port;
		return this.port;
	}

	async stop(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		if (this.server) await new Promise<void>((res) => this.server!.close(() => res()));
	}

	private session(socket: Socket): void {
		let buffer = '';
		let inData = false;
		let authStep = 0;
		let from = '';
		let to: string[] = [];
		let data: string[] = [];
		this.sockets.add(socket);
		socket.on('close', () => this.sockets.delete(socket));
		const reply = (line: string) => socket.write(`${line}\r\n`);
		reply('220 sandbox.local ESMTP wecom-growth sandbox');
		socket.on('error', () => socket.destroy());
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			let idx: number;
			while ((idx = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, idx);
				buffer = buffer.slice(idx + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						const raw = data.join('\r\n');
						// Long headers are folded onto several lines (RFC 5322); unfold before reading the subject.
						const headers = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
						const subject = /^Subject:\s*(.*)$/im.exec(headers)?.[1] ?? '';
						this.emails.push({ at: this.state.now(), from, to, data: raw, subject: decodeMimeWords(subject) });
						from = '';
						to = [];
						data = [];
						reply('250 2.0.0 queued');
					} else data.push(line.startsWith('..') ? line.slice(1) : line);
					continue;
				}
				if (authStep > 0) {
					// AUTH LOGIN: username, then password; any values are accepted.
					authStep = authStep === 1 ? 2 : 0;
					reply(authStep === 2 ? '334 UGFzc3dvcmQ6' : '235 2.7.0 authenticated');
					continue;
				}
				const cmd = line.slice(0, 4).toUpperCase();
				if (cmd === 'EHLO') {
					socket.write('250-sandbox.local\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
				} else if (cmd === 'HELO') reply('250 sandbox.local');
				else if (cmd === 'AUTH') {
					if (/^AUTH LOGIN/i.test(line)) {
						authStep = 1;
						reply('334 VXNlcm5hbWU6');
					} else reply('235 2.7.0 authenticated');
				} else if (cmd === 'MAIL') {
					from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					reply('250 2.1.0 ok');
				} else if (cmd === 'RCPT') {
					to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 2.1.5 ok');
				} else if (cmd === 'DATA') {
					inData = true;
					reply('354 end data with <CR><LF>.<CR><LF>');
				} else if (cmd === 'RSET') {
					from = '';
					to = [];
					data = [];
					reply('250 ok');
				} else if (cmd === 'NOOP') reply('250 ok');
				else if (cmd === 'QUIT') {
					reply('221 bye');
					socket.end();
				} else reply('502 5.5.2 command not implemented');
			}
		});
	}
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?= / Q) in a header. */
export function decodeMimeWords(s: string): string {
	// Whitespace between two encoded words is not part of the text (RFC 2047, 6.2).
	return s.replace(/(\?=)\s+(?==\?)/g, '$1').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, text: string) =>
		enc.toUpperCase() === 'B'
			? Buffer.from(text, 'base64').toString('utf8')
			: Buffer.from(
					text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
					'latin1',
				).toString('utf8'),
	);
}
