import { contactState, matchLead, parseContactState, trackedLeadId } from '../../../lib/intake/leadKey';
import { checkSignup } from '../../../lib/intake/signup';

const lid = trackedLeadId('han@example.cn');
const trial = { id: 4, lead_id: 'han@example.cn', lid, email: 'han@example.cn', phone: '13800138000', name: '韩梅梅', company: '星河软件' };

describe('tracked lead ID and contact state', () => {
	it('is short, stable, case-blind and carries no personal data', () => {
		expect(lid).toMatch(/^L[a-z2-7]{12}$/);
		expect(trackedLeadId(' HAN@example.CN ')).toBe(lid);
		expect(trackedLeadId('li@example.cn')).not.toBe(lid);
		expect(lid).not.toContain('han');
	});

	it('Check Web Signup gives the lead its tracked ID', () => {
		const out = checkSignup({ body: { name: '韩梅梅', company: '星河', phone: '13800138000', email: 'Han@Example.CN' } });
		expect(out.lid).toBe(lid);
	});

	it('a state fits WeCom’s 30 characters and splits back into channel and lead', () => {
		const state = contactState('trial_form_spring_campaign_2025', lid);
		expect(state.length).toBeLessThanOrEqual(30);
		expect(parseContactState(state)).toEqual({ channelState: state.split('~')[0], lid });
		expect(parseContactState(`trial~${lid}`)).toEqual({ channelState: 'trial', lid });
	});

	it('a state without a well-formed lid is a plain channel', () => {
		expect(parseContactState('poster_0612')).toEqual({ channelState: 'poster_0612', lid: '' });
		expect(parseContactState('a~b')).toEqual({ channelState: 'a~b', lid: '' });
		expect(parseContactState(undefined)).toEqual({ channelState: '', lid: '' });
	});
});

describe('matchLead (one person, one lead)', () => {
	it('joins a contact who added the lead’s own code to the trial lead, to be linked', () => {
		expect(matchLead({ externalUserId: 'wmA', state: `trial~${lid}` }, [trial])).toMatchObject({
			leadId: 'han@example.cn',
			externalUserId: 'wmA',
			matchedBy: 'state',
			link: true,
			channelState: 'trial',
			email: 'han@example.cn',
			name: '韩梅梅',
		});
	});

	it('a contact joined before is found by its external_userid, with nothing more to link', () => {
		expect(matchLead({ externalUserId: 'wmA', state: 'poster' }, [{ ...trial, external_userid: 'wmA' }])).toMatchObject({
			leadId: 'han@example.cn',
			matchedBy: 'externalUserId',
			link: false,
		});
	});

	it('a personal code passed on to a colleague does not take over the lead', () => {
		const m = matchLead({ externalUserId: 'wmB', state: `trial~${lid}` }, [{ ...trial, external_userid: 'wmA' }]);
		expect(m).toMatchObject({ leadId: 'wmB', matchedBy: 'none', link: false });
		expect(m.reason).toContain('already another WeCom contact');
	});

	it('a recorded phone that belongs to exactly one free lead joins them; one shared by two leads does not', () => {
		expect(matchLead({ externalUserId: 'wmC', phones: ['+86 138-0013-8000'] }, [trial])).toMatchObject({
			leadId: 'han@example.cn',
			matchedBy: 'phone',
			link: true,
		});
		const other = { ...trial, id: 5, lead_id: 'li@example.cn', lid: trackedLeadId('li@example.cn'), email: 'li@example.cn' };
		expect(matchLead({ externalUserId: 'wmC', phones: ['13800138000'] }, [trial, other])).toMatchObject({ leadId: 'wmC', link: false });
	});

	it('an unknown contact is a new lead keyed on its external_userid; a missing one is an error', () => {
		expect(matchLead({ externalUserId: 'wmD', state: 'poster' }, [])).toMatchObject({
			leadId: 'wmD',
			matchedBy: 'none',
			link: false,
			lid: '',
		});
		expect(() => matchLead({ externalUserId: ' ' }, [])).toThrow('externalUserId is required');
	});
});
