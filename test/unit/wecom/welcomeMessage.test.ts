import { useSandbox } from '../../helpers/sandbox';
import { json, runWeCom } from './support';

const ctx = useSandbox();
const path = '/cgi-bin/externalcontact/send_welcome_msg';
const send = (extra: Record<string, unknown>) => ({ resource: 'welcomeMessage', operation: 'send', attachments: {}, ...extra });

/** A customer scans a personal code of zhangsan: the add_external_contact event's fields. */
async function scan(external = 'wmNEW0001') {
	const way = json(
		await runWeCom(ctx, {
			resource: 'contactWay',
			operation: 'create',
			type: 1,
			scene: 2,
			user: 'zhangsan',
			state: 'poster_0612',
			skipVerify: true,
		}),
	)[0];
	return ctx.control.scanContactWay(String(way.config_id), external, '新客户');
}

describe('welcome message (新客户欢迎语)', () => {
	it('sends text and a link with the welcome code; the customer received exactly that, once', async () => {
		const ev = await scan();
		const out = json(
			await runWeCom(
				ctx,
				send({
					welcomeCode: ev.WelcomeCode,
					eventTime: String(ev.CreateTime),
					text: '你好，欢迎来自海报的朋友！',
					attachments: { value: [{ type: 'link', title: '入群指南', url: 'https://example.com/join' }] },
				}),
			),
		)[0];
		expect(out).toMatchObject({ sent: true, text: '你好，欢迎来自海报的朋友！', attachments: ['link'] });
		const codes = await ctx.control.welcomeCodes();
		expect(codes).toHaveLength(1);
		expect(codes[0]).toMatchObject({
			external_userid: 'wmNEW0001',
			userid: 'zhangsan',
			state: 'poster_0612',
			sent: {
				text: { content: '你好，欢迎来自海报的朋友！' },
				attachments: [{ msgtype: 'link', link: { title: '入群指南', url: 'https://example.com/join' } }],
			},
		});
	});

	it('a second send with the same code fails with 41051 and a message naming the item, the code and the window', async () => {
		const ev = await scan();
		await runWeCom(ctx, send({ welcomeCode: ev.WelcomeCode, eventTime: '', text: '欢迎' }));
		await expect(runWeCom(ctx, send({ welcomeCode: ev.WelcomeCode, eventTime: '', text: '欢迎' }))).rejects.toThrow(
			/Item 1: WeCom refused the welcome code \(41051\): it was already used \(by this or another app\) or its 20-second window passed/,
		);
	});

	it('WeCom refuses a code after 20 seconds (sandbox clock): 41051, nothing sent', async () => {
		const ev = await scan();
		await ctx.control.advanceClock(21_000);
		const out = json(await runWeCom(ctx, send({ welcomeCode: ev.WelcomeCode, eventTime: '', text: '欢迎' }), { continueOnFail: true }));
		expect(out[0].error).toMatch(/^Item 1: WeCom refused the welcome code \(41051\)/);
		expect((await ctx.control.welcomeCodes())[0].used_at).toBeUndefined();
	});

	it('does not call WeCom when the event is already older than 20 seconds, and says how late it is', async () => {
		const ev = await scan();
		const out = json(
			await runWeCom(ctx, send({ welcomeCode: ev.WelcomeCode, eventTime: String(Math.floor(Date.now() / 1000) - 45), text: '欢迎' }), {
				continueOnFail: true,
			}),
		);
		expect(out[0].error).toMatch(
			/^Item 1: the welcome code arrived 4[5-7] s after the customer was added; WeCom accepts it only within 20 s, so nothing was sent/,
		);
		expect(out[0].description).toMatch(/right after the WeCom Trigger/);
		expect(await ctx.control.requests(path)).toHaveLength(0);
	});

	it('refuses bad input before calling: no code, nothing to send, ten attachments', async () => {
		const link = { type: 'link', title: 't', url: 'https://example.com' };
		await expect(runWeCom(ctx, send({ welcomeCode: '', text: 'x' }))).rejects.toThrow(/welcomeCode|welcome code/i);
		await expect(runWeCom(ctx, send({ welcomeCode: 'W', eventTime: '', text: ' ' }))).rejects.toThrow(
			/Item 1: a welcome message needs text or an attachment/,
		);
		await expect(
			runWeCom(ctx, send({ welcomeCode: 'W', eventTime: '', text: 'x', attachments: { value: Array(10).fill(link) } })),
		).rejects.toThrow(/Item 1: 10 attachments; WeCom allows 9/);
		expect(await ctx.control.requests(path)).toHaveLength(0);
	});

	it('an unknown code is a WeCom error (40058), not a window error', async () => {
		await expect(runWeCom(ctx, send({ welcomeCode: 'WELCOME-NOPE', eventTime: '', text: '欢迎' }))).rejects.toThrow(/40058/);
	});
});
