import { createHash } from 'crypto';
import { splitByBytes, utf8Bytes } from '../common/bytes';
import { WeComInputError as RobotInputError } from './inputError';
import type { RobotMessage } from './robot';
import { ROBOT_MARKDOWN_MAX_BYTES, ROBOT_TEXT_MAX_BYTES } from './robot';

/** Group robot limits beyond text size (WeCom 群机器人 docs). */
export const ROBOT_NEWS_MAX_ARTICLES = 8;
export const ROBOT_NEWS_TITLE_MAX_BYTES = 128;
export const ROBOT_NEWS_DESCRIPTION_MAX_BYTES = 512;
export const ROBOT_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

export type Oversize = 'split' | 'error';

export interface TextInput {
	type: 'text' | 'markdown' | 'markdown_v2';
	content: string;
	mentionedUserIds?: string[];
	mentionedMobiles?: string[];
	oversize: Oversize;
}

export function byteLimitFor(type: TextInput['type']): number {
	return type === 'text' ? ROBOT_TEXT_MAX_BYTES : ROBOT_MARKDOWN_MAX_BYTES;
}

/**
 * Text, markdown or markdown_v2 messages: over the byte limit the content is split on line
 * boundaries (several messages) or rejected; it is never cut.
 */
export function textMessages(input: TextInput): RobotMessage[] {
	if (!input.content.trim()) throw new RobotInputError('content is empty');
	const limit = byteLimitFor(input.type);
	const size = utf8Bytes(input.content);
	if (size > limit && input.oversize === 'error') {
		throw new RobotInputError(
			`content is ${size} bytes; WeCom allows ${limit} bytes for ${input.type} robot messages. Shorten it or choose "Split Into Several Messages".`,
		);
	}
	const parts = splitByBytes(input.content, limit);
	return parts.map((content, n) => {
		if (input.type !== 'text') return { msgtype: input.type, [input.type]: { content } };
		const text: Record<string, unknown> = { content };
		// Mentions go with the first part only, so nobody is pinged twice.
		if (n === 0 && input.mentionedUserIds?.length) text.mentioned_list = input.mentionedUserIds;
		if (n === 0 && input.mentionedMobiles?.length) text.mentioned_mobile_list = input.mentionedMobiles;
		return { msgtype: 'text', text };
	});
}

export interface NewsArticle {
	title: string;
	description?: string;
	url: string;
	picurl?: string;
}

/** A news (图文) message: 1 to 8 articles, title ≤128 bytes, description ≤512 bytes. */
export function newsMessage(articles: NewsArticle[]): RobotMessage {
	if (articles.length < 1 || articles.length > ROBOT_NEWS_MAX_ARTICLES) {
		throw new RobotInputError(`a news message takes 1 to ${ROBOT_NEWS_MAX_ARTICLES} articles, got ${articles.length}`);
	}
	articles.forEach((a, i) => {
		if (!a.title) throw new RobotInputError(`article ${i + 1}: title is empty`);
		if (!/^https?:\/\//i.test(a.url)) throw new RobotInputError(`article ${i + 1}: url must start with http:// or https://`);
		if (utf8Bytes(a.title) > ROBOT_NEWS_TITLE_MAX_BYTES) {
			throw new RobotInputError(`article ${i + 1}: title is ${utf8Bytes(a.title)} bytes; WeCom allows ${ROBOT_NEWS_TITLE_MAX_BYTES}`);
		}
		if (a.description && utf8Bytes(a.description) > ROBOT_NEWS_DESCRIPTION_MAX_BYTES) {
			throw new RobotInputError(
				`article ${i + 1}: description is ${utf8Bytes(a.description)} bytes; WeCom allows ${ROBOT_NEWS_DESCRIPTION_MAX_BYTES}`,
			);
		}
	});
	return {
		msgtype: 'news',
		news: {
			articles: articles.map((a) => ({
				title: a.title,
				url: a.url,
				...(a.description ? { description: a.description } : {}),
				...(a.picurl ? { picurl: a.picurl } : {}),
			})),
		},
	};
}

/** Image message from raw bytes: base64 plus the md5 of the raw bytes; JPG or PNG, ≤2 MB. */
export function imageMessageFrom(data: Buffer): RobotMessage {
	if (data.length > ROBOT_IMAGE_MAX_BYTES) {
		throw new RobotInputError(`the image is ${data.length} bytes; WeCom robots accept images up to 2 MB`);
	}
	const isJpg = data[0] === 0xff && data[1] === 0xd8;
	const isPng = data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	if (!isJpg && !isPng) throw new RobotInputError('the image must be a JPG or PNG file');
	return { msgtype: 'image', image: { base64: data.toString('base64'), md5: createHash('md5').update(data).digest('hex') } };
}

export interface TemplateCardInput {
	cardType: 'text_notice' | 'news_notice';
	sourceDescription?: string;
	title?: string;
	description?: string;
	emphasisTitle?: string;
	emphasisDescription?: string;
	subTitle?: string;
	imageUrl?: string;
	url: string;
	/** Extra card fields (jump_list, horizontal_content_list...) merged over the built card. */
	extra?: Record<string, unknown>;
}

/**
 * A template card (模板卡片). text_notice needs main_title.title or sub_title_text; news_notice
 * needs card_image; both need card_action (here a link).
 */
export function templateCardMessage(c: TemplateCardInput): RobotMessage {
	if (!/^https?:\/\//i.test(c.url)) throw new RobotInputError('the card link must start with http:// or https://');
	const card: Record<string, unknown> = {
		card_type: c.cardType,
		...(c.sourceDescription ? { source: { desc: c.sourceDescription } } : {}),
		...(c.title || c.description
			? { main_title: { ...(c.title ? { title: c.title } : {}), ...(c.description ? { desc: c.description } : {}) } }
			: {}),
		...(c.subTitle ? { sub_title_text: c.subTitle } : {}),
		card_action: { type: 1, url: c.url },
	};
	if (c.cardType === 'text_notice') {
		if (c.emphasisTitle)
			card.emphasis_content = { title: c.emphasisTitle, ...(c.emphasisDescription ? { desc: c.emphasisDescription } : {}) };
		if (!c.title && !c.subTitle && !c.extra?.main_title && !c.extra?.sub_title_text) {
			throw new RobotInputError('a text notice card needs a title or a sub title');
		}
	} else {
		if (c.imageUrl) card.card_image = { url: c.imageUrl, aspect_ratio: 2.25 };
		if (!c.imageUrl && !c.extra?.card_image && !c.extra?.image_text_area)
			throw new RobotInputError('a news notice card needs an image URL');
		if (!c.title && !c.extra?.main_title) throw new RobotInputError('a news notice card needs a title');
	}
	return { msgtype: 'template_card', template_card: { ...card, ...(c.extra ?? {}) } };
}
