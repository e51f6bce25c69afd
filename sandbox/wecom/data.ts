/** Seeded demo data for the WeCom emulator: one corp, staff, customers, customer groups, tags. */

export const SANDBOX_CORP = {
	corpId: 'wwsandbox00000001',
	/** Self-built app secret (app messages, app chats). */
	appSecret: 'sandbox-app-secret',
	/** Customer Contact (客户联系) secret: customer groups, join ways, mass-send. */
	contactSecret: 'sandbox-contact-secret',
	agentId: 1000002,
	callbackToken: 'sandboxToken',
	/** 43 characters, as WeCom generates it. */
	encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

export const SANDBOX_ROBOT_KEYS = [1, 2, 3, 4, 5].map((n) => `00000000-0000-4000-8000-00000000000${n}`);

export interface Staff {
	userid: string;
	name: string;
	role: string;
}

export const STAFF: Staff[] = [
	{ userid: 'zhangsan', name: '张三', role: 'SDR' },
	{ userid: 'lisi', name: '李四', role: 'Community operator' },
	{ userid: 'wangwu', name: '王五', role: 'Customer service' },
	{ userid: 'zhaoliu', name: '赵六', role: 'Account manager' },
];

/** A former employee: their groups wait for transfer (groupchat/transfer). */
export const DEPARTED_STAFF = 'liuqi';

export interface GroupMember {
	userid: string;
	type: 1 | 2;
	join_time: number;
	join_scene: 1 | 2 | 3;
	invitor?: { userid: string };
	group_nickname: string;
	name: string;
	unionid?: string;
	state?: string;
}

export interface CustomerGroup {
	chat_id: string;
	name: string;
	owner: string;
	create_time: number;
	notice: string;
	member_list: GroupMember[];
	admin_list: Array<{ userid: string }>;
	/** 0 normal, 1 owner left (待继承), 2 inheriting, 3 inherited. */
	status: 0 | 1 | 2 | 3;
	/** Days since last message in the group (drives the statistics emulation). */
	idleDays: number;
}

const GROUP_NAMES = [
	'MarTech 交流 1群',
	'MarTech 交流 2群',
	'SaaS 增长俱乐部',
	'直播活动群 0612',
	'B2B 营销早报群',
	'上海市场人资源互换群',
	'私域运营研习社',
	'ToB 内容营销群',
];

/** Small deterministic PRNG so every sandbox start has the same data. */
export function prng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

export function seedGroups(count: number, nowSec: number, seed = 42): CustomerGroup[] {
	const rnd = prng(seed);
	const groups: CustomerGroup[] = [];
	for (let i = 0; i < count; i++) {
		// zhangsan owns the even groups, lisi the odd ones, except wangwu's (every sixth from #1):
		// all of wangwu's groups are silent, so "inactive groups" has a certain case and a mixed one.
		// Every twelfth group (#11, #23...) belongs to liuqi, who left the company: awaiting transfer.
		const ownerLeft = i % 12 === 11;
		const owner = ownerLeft ? DEPARTED_STAFF : i % 6 === 1 ? 'wangwu' : STAFF[i % 2 === 0 ? 0 : 1].userid;
		const base = GROUP_NAMES[i % GROUP_NAMES.length];
		const size = i % 4 === 3 ? 260 + Math.floor(rnd() * 40) : 8 + Math.floor(rnd() * 60);
		const members: GroupMember[] = [
			{
				userid: owner,
				type: 1,
				join_time: nowSec - 86400 * 200,
				join_scene: 1,
				group_nickname: '',
				name: STAFF.find((s) => s.userid === owner)?.name ?? '刘七',
			},
		];
		for (let m = 0; m < size; m++) {
			const ext = `wmEXT${String(i).padStart(4, '0')}${String(m).padStart(3, '0')}`;
			members.push({
				userid: ext,
				type: 2,
				unionid: `oUNION${i}_${m}`,
				join_time: nowSec - Math.floor(rnd() * 86400 * 180),
				join_scene: ((m % 3) + 1) as 1 | 2 | 3,
				invitor: { userid: STAFF[m % STAFF.length].userid },
				group_nickname: '',
				name: `客户${i}-${m}`,
				...(m % 3 === 2 ? { state: i % 2 ? 'wechat_article_0612' : 'live_0612' } : {}),
			});
		}
		groups.push({
			chat_id: `wrSANDBOX${String(i).padStart(6, '0')}`,
			name: count > GROUP_NAMES.length ? `${base} #${i}` : base,
			owner,
			create_time: nowSec - 86400 * (30 + (i % 300)),
			notice: '欢迎加入！每天 8:30 发布营销早报，请勿发广告。',
			member_list: members,
			admin_list: [{ userid: 'lisi' }],
			status: ownerLeft ? 1 : 0,
			// Every third group has been silent for 45 days: the revival flow's material.
			idleDays: i % 3 === 1 ? 45 : Math.floor(rnd() * 3),
		});
	}
	return groups;
}

export interface CustomerTag {
	id: string;
	name: string;
	create_time: number;
	order: number;
	deleted?: boolean;
}

export interface TagGroup {
	group_id: string;
	group_name: string;
	create_time: number;
	order: number;
	tag: CustomerTag[];
}

export function seedTags(nowSec: number): TagGroup[] {
	const mk = (gid: string, gname: string, tags: string[]): TagGroup => ({
		group_id: gid,
		group_name: gname,
		create_time: nowSec - 86400 * 100,
		order: 0,
		tag: tags.map((name, i) => ({ id: `${gid}_T${i + 1}`, name, create_time: nowSec - 86400 * 100, order: i })),
	});
	return [
		mk('etGRP_STAGE', '生命周期', ['首次接触', '激活', '参与', '决策', 'MQL', 'SQL']),
		mk('etGRP_SOURCE', '来源渠道', ['公众号文章', '直播', '招聘帖', '线下活动']),
		mk('etGRP_INDUSTRY', '行业', ['SaaS', '制造', '零售', '金融']),
	];
}

export interface CustomerFollow {
	userid: string;
	remark: string;
	description: string;
	createtime: number;
	tag_id: string[];
	remark_corp_name?: string;
	remark_mobiles: string[];
	oper_userid: string;
	/** 0 unknown, 1 scanned QR, 2 searched mobile, 3 shared card, ... */
	add_way: number;
	state?: string;
}

export interface Customer {
	external_userid: string;
	name: string;
	/** 1 WeChat user, 2 WeCom user. */
	type: 1 | 2;
	gender: 0 | 1 | 2;
	avatar: string;
	unionid?: string;
	corp_name?: string;
	corp_full_name?: string;
	position?: string;
	follow: CustomerFollow[];
}

const COMPANIES = ['云帆科技', '数智营销', '星河软件', '海纳SaaS', '远山制造'];

/** 30 customers (客户) followed by one or two staff members, some tagged and some with a `state`. */
export function seedCustomers(nowSec: number, tags: TagGroup[], count = 30): Customer[] {
	const allTags = tags.flatMap((g) => g.tag.map((t) => t.id));
	const out: Customer[] = [];
	for (let i = 0; i < count; i++) {
		const wecomUser = i % 5 === 4;
		const followers = [STAFF[i % STAFF.length].userid, ...(i % 3 === 0 ? [STAFF[(i + 1) % STAFF.length].userid] : [])];
		out.push({
			external_userid: `wmCUST${String(i).padStart(4, '0')}AAAA`,
			name: `客户${i}`,
			type: wecomUser ? 2 : 1,
			gender: (i % 3) as 0 | 1 | 2,
			avatar: `https://wework.qpic.cn/sandbox/${i}/0`,
			...(wecomUser
				? { corp_name: COMPANIES[i % COMPANIES.length], corp_full_name: `${COMPANIES[i % COMPANIES.length]}有限公司`, position: '市场总监' }
				: { unionid: `oUNIONCUST${i}` }),
			follow: followers.map((userid, n) => ({
				userid,
				remark: `客户${i}`,
				description: '',
				createtime: nowSec - 86400 * (10 + i),
				tag_id: n === 0 ? [allTags[i % allTags.length]] : [],
				remark_mobiles: [],
				oper_userid: userid,
				add_way: 1,
				...(i % 4 === 0 ? { state: 'live_0612' } : {}),
			})),
		});
	}
	return out;
}
