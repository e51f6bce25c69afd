/** The words the digest writes itself; the groups read Chinese by default. */
export type Language = 'zh' | 'en';

export interface DigestTexts {
	weekdays: string[];
	defaultTitle: string;
	more: string;
	moreLink: string;
	shortened: string;
	continued: string;
	headings: Record<string, string>;
}

export const TEXTS: Record<Language, DigestTexts> = {
	zh: {
		weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
		defaultTitle: '营销早报 · {date} {weekday}',
		more: '…还有 {count} 条',
		moreLink: '查看全部',
		shortened: '…（内容过长，已截断）',
		continued: '（续）',
		headings: {
			knowledge: '📚 今日知识点',
			event: '📅 活动预告',
			goodNews: '🎉 客户喜报',
			jobPost: '💼 招聘',
			jobSeeker: '🙋 求职',
			supplierRequest: '🤝 找供应商',
			'*': '📌 其他',
		},
	},
	en: {
		weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
		defaultTitle: 'Morning Report · {date} {weekday}',
		more: '…and {count} more',
		moreLink: 'See all',
		shortened: '… (shortened)',
		continued: ' (cont.)',
		headings: {
			knowledge: '📚 Knowledge Point of the Day',
			event: '📅 Events & Live Streams',
			goodNews: '🎉 Customer Good News',
			jobPost: '💼 Job Posts',
			jobSeeker: '🙋 Job Seekers',
			supplierRequest: '🤝 Supplier Requests',
			'*': '📌 Other',
		},
	},
};

/** Fills {name} placeholders; unknown ones stay as written so typos are visible. */
export function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}
