import { connect } from 'net';
import { useSandbox } from '../../helpers/sandbox';

const ctx = useSandbox();

/** Speaks SMTP as a mail client would: each step is a line and whether the server answers it. */
async function smtpSend(port: number, steps: Array<[string, boolean]>): Promise<string[]> {
	const socket = connect(port, '127.0.0.1');
	let buf = '';
	const waiting: Array<(line: string) => void> = [];
	socket.on('data', (d: Buffer) => {
		buf += d.toString();
		let m: RegExpExecArray | null;
		// A final reply line is "NNN text"; "NNN-text" lines continue a multi-line reply.
		while ((m = /^(\d{3}) [^\r]*\r\n/m.exec(buf))) {
			buf = buf.slice(m.index + m[0].length);
			waiting.shift()?.(m[0].trim());
		}
	});
	const next = () => new Promise<string>((res) => waiting.push(res));
	const replies = [await next()];
	for (const [line, answered] of steps) {
		const reply = answered ? next() : undefined;
		socket.write(`${line}\r\n`);
		if (reply) replies.push(await reply);
	}
	socket.end();
	return replies;
}

describe('SMS gateway', () => {
	it('records each recipient of an accepted send', async () => {
		const res = await fetch(`${ctx.sb.url}/sms/send`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				phoneNumbers: ['+8613800000001', '13800000002'],
				templateId: 'TRIAL_RECEIPT',
				templateParams: { name: '王经理' },
			}),
		});
		expect(res.status).toBe(200);
		expect(((await res.json()) as { code: string }).code).toBe('OK');
		const sms = await ctx.control.sms();
		expect(sms.map((m) => m.phone)).toEqual(['+8613800000001', '13800000002']);
		expect(sms[0].params).toEqual({ name: '王经理' });
	});

	it('rejects an invalid number with a 400 and records nothing', async () => {
		const res = await fetch(`${ctx.sb.url}/sms/send`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ phone: 'abc', templateId: 'X' }),
		});
		expect(res.status).toBe(400);
		expect(((await res.json()) as { code: string }).code).toBe('InvalidPhoneNumber');
		expect(await ctx.control.sms()).toHaveLength(0);
	});
});

describe('SMTP receiver', () => {
	it('accepts a message and decodes its subject', async () => {
		const replies = await smtpSend(ctx.sb.smtpPort, [
			['EHLO test', true],
			['MAIL FROM:<marketing@example.com>', true],
			['RCPT TO:<lead@example.com>', true],
			['DATA', true],
			['Subject: =?UTF-8?B?5qyi6L+O6K+V55So?=', false],
			['From: marketing@example.com', false],
			['', false],
			['Hello', false],
			['.', true],
			['QUIT', true],
		]);
		expect(replies[0]).toMatch(/^220/);
		expect(replies).toContain('250 2.0.0 queued');
		const emails = await ctx.control.emails();
		expect(emails).toHaveLength(1);
		expect(emails[0]).toMatchObject({ from: 'marketing@example.com', to: ['lead@example.com'], subject: '欢迎试用' });
		expect(emails[0].data).toContain('Hello');
	});
});
