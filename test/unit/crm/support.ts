import { fetchHttp } from '../../../lib/http/fetchHttp';
import { CrmIo } from '../../../lib/crm/http';
import type { CrmIoOptions } from '../../../lib/crm/http';
import { leadSchemaFor, rawLeadFromItem } from '../../../lib/crm/lead';
import type { MappingConfig } from '../../../lib/crm/mapping';
import type { LeadInput } from '../../../lib/crm/push';
import type { Lead, MatchOn } from '../../../lib/crm/types';
import type { SandboxControl } from '../../../sandbox/control';

/** A lead as the Lead Score node and a WeCom join event would give it. */
export function sqlLead(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		email: `Lead${n}@Example.com`,
		name: `Li Na ${n}`,
		company: `Acme ${n}`,
		phone: `+86 138 0000 ${String(n).padStart(4, '0')}`,
		externalUserId: `wmEXT${n}`,
		stage: 'sql',
		engagementScore: 42 + n,
		fitScore: 80,
		salesReady: true,
		source: {
			channel: 'wecom-group',
			groupId: `wrGROUP${n % 3}`,
			groupName: 'MarTech group 6',
			state: 'live0612',
			campaign: 'spring-live',
			utmSource: 'wechat',
			utmMedium: 'group',
			utmCampaign: 'live0612',
			sdrUserId: 'sdr.wang',
		},
		...extra,
	};
}

export function leads(count: number, matchOn: MatchOn = 'email', make: (n: number) => Record<string, unknown> = sqlLead): LeadInput[] {
	return Array.from({ length: count }, (_, i) => ({ index: i, lead: leadSchemaFor(matchOn).parse(rawLeadFromItem(make(i + 1))) as Lead }));
}

export function mapping(target: MappingConfig['target'], extra: Partial<MappingConfig> = {}): MappingConfig {
	return {
		target,
		matchOn: 'email',
		task: { enabled: true, subject: 'Follow up: {name} ({company}) from {groupName}', dueInHours: 24, priority: 'HIGH' },
		logActivities: true,
		now: Date.parse('2025-06-12T02:00:00Z'),
		...extra,
	};
}

/** An io whose waits are recorded and move the sandbox clock instead of sleeping. */
export function testIo(target: string, control: SandboxControl, opts: Partial<CrmIoOptions> = {}) {
	const sleeps: number[] = [];
	const io = new CrmIo(target, {
		http: fetchHttp,
		redoDelayMs: 10,
		sleep: async (ms) => {
			sleeps.push(ms);
			await control.advanceClock(ms);
		},
		...opts,
	});
	return { io, sleeps };
}
