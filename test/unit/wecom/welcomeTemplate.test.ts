import { useSandbox } from '../../helpers/sandbox';
import { PNG, bodies, calls, json, runWeCom } from './support';

const ctx = useSandbox();
const base = '/cgi-bin/externalcontact/group_welcome_template';
const wt = (operation: string, extra: Record<string, unknown>) => ({ resource: 'welcomeTemplate', operation, ...extra });

describe('group welcome template (入群欢迎语)', () => {
	it('creates with text and a link, gets, updates with an uploaded image, deletes', async () => {
		const created = json(
			await runWeCom(
				ctx,
				wt('create', {
					text: '欢迎 %NICKNAME% 加入！',
					attachment: { value: { type: 'link', title: '群规', url: 'https://example.com/rules' } },
					notify: false,
				}),
			),
		)[0];
		expect(await bodies(ctx, `${base}/add`)).toEqual([
			{ text: { content: '欢迎 %NICKNAME% 加入！' }, link: { title: '群规', url: 'https://example.com/rules' }, notify: 0 },
		]);
		const id = String(created.template_id);

		const got = json(await runWeCom(ctx, wt('get', { templateId: id })))[0];
		expect(got).toEqual({
			template_id: id,
			text: { content: '欢迎 %NICKNAME% 加入！' },
			link: { title: '群规', url: 'https://example.com/rules' },
		});

		await runWeCom(
			ctx,
			wt('update', { templateId: id, text: '新群规', attachment: { value: { type: 'image', binaryProperty: 'data', picUrl: '' } } }),
			{ binary: { data: PNG } },
		);
		const mediaId = ((await calls(ctx, '/cgi-bin/media/upload'))[0].response as { media_id: string }).media_id;
		expect(await bodies(ctx, `${base}/edit`)).toEqual([{ template_id: id, text: { content: '新群规' }, image: { media_id: mediaId } }]);

		expect(json(await runWeCom(ctx, wt('delete', { templateId: id })))[0]).toEqual({ template_id: id, deleted: true });
		expect(await bodies(ctx, `${base}/del`)).toEqual([{ template_id: id }]);
	});

	it('refuses an empty template and text over 3000 bytes before calling WeCom', async () => {
		expect((await runWeCom(ctx, wt('create', { text: '', attachment: {}, notify: true })).catch((e) => e)).message).toMatch(
			/Item 1: a welcome template needs text or an attachment/,
		);
		expect((await runWeCom(ctx, wt('create', { text: '字'.repeat(1001), attachment: {}, notify: true })).catch((e) => e)).message).toMatch(
			/3003 bytes; WeCom allows 3000/,
		);
		expect(await calls(ctx, `${base}/add`)).toHaveLength(0);
	});

	it('a missing binary for an image names the field', async () => {
		const err = await runWeCom(
			ctx,
			wt('create', { text: 'x', attachment: { value: { type: 'image', binaryProperty: 'poster', picUrl: '' } }, notify: true }),
		).catch((e) => e);
		expect(err.message).toMatch(/poster/);
	});
});
