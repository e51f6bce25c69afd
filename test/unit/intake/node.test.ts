import { LeadIntake } from '../../../nodes/LeadIntake/LeadIntake.node';
import { runNode } from '../../helpers/runNode';

const node = new LeadIntake();

describe('Lead Intake node', () => {
	it('Check Web Signup: one checked item per form, paired to its input', async () => {
		const [out] = await runNode(node, {
			parameters: {
				operation: 'checkSignup',
				formData: { name: '韩梅梅 http://x.cn', company: '星河', phone: '13800138000', email: 'H@E.cn' },
				contentType: 'application/json',
				clientIp: '1.2.3.4',
				defaultChannel: 'website',
				defaultCampaign: '',
				sdrUserId: 'zhangsan',
				signupOptions: {},
			},
			items: [{ body: {} }],
		});
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			valid: true,
			name: '韩梅梅',
			email: 'h@e.cn',
			ipDay: expect.stringMatching(/^1\.2\.3\.4\|\d{4}-\d{2}-\d{2}$/),
			sdrUserId: 'zhangsan',
			cleaned: ['name'],
		});
	});

	it('Check Limits and Repeats: all input rows in, one verdict out, paired to the own row', async () => {
		const rows = [
			{ id: 3, key: 'a|p|d', phone_day: 'p|d', email_day: 'a|d', ip_day: '', status: 'queued' },
			{ id: 9, key: 'a|p|d', phone_day: 'p|d', email_day: 'a|d', ip_day: '', status: 'received' },
		];
		const [out] = await runNode(node, {
			parameters: { operation: 'checkLimits', ownRowId: 9, perPhone: 3, perEmail: 2, perIp: 20, smsPerPhone: 1 },
			items: rows,
		});
		expect(out).toEqual([
			{ json: { decision: 'repeat', reason: 'already received today', sendSms: false, rowId: 9, claimedBy: 3 }, pairedItem: { item: 1 } },
		]);
	});

	it('Check Limits and Repeats: a missing own row ID is a clear error naming the field', async () => {
		await expect(
			runNode(node, {
				parameters: { operation: 'checkLimits', ownRowId: 0, perPhone: 3, perEmail: 2, perIp: 20, smsPerPhone: 1 },
				items: [{ id: 1 }],
			}),
		).rejects.toThrow(/ownRowId: must be the ID of the row this request inserted/);
	});

	it('Claim Event: the rows of one key in, one verdict out, paired to the own row', async () => {
		const rows = [
			{ id: 4, event_key: 'ev-1', status: 'claimed' },
			{ id: 7, event_key: 'ev-1', status: 'pending' },
		];
		const [out] = await runNode(node, { parameters: { operation: 'claimEvent', ownRowId: 7 }, items: rows });
		expect(out).toEqual([
			{ json: { decision: 'repeat', reason: 'already claimed', eventKey: 'ev-1', rowId: 7, claimedBy: 4 }, pairedItem: { item: 1 } },
		]);
		const [first] = await runNode(node, { parameters: { operation: 'claimEvent', ownRowId: 4 }, items: [{ ...rows[1], id: 4 }] });
		expect(first[0].json).toMatchObject({ decision: 'first', rowId: 4 });
	});

	it('Claim Event: an own row missing from the input fails clearly, or becomes a failed item with Continue On Fail', async () => {
		await expect(runNode(node, { parameters: { operation: 'claimEvent', ownRowId: 5 }, items: [{ id: 4 }] })).rejects.toThrow(
			/row 5 is not among the 1 input rows/,
		);
		const [out] = await runNode(node, {
			parameters: { operation: 'claimEvent', ownRowId: 5 },
			items: [{ id: 4 }],
			continueOnFail: true,
		});
		expect(out[0].json).toMatchObject({ rowId: 5, error: expect.stringMatching(/row 5 is not among/) });
	});
});
