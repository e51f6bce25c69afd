import type { WeComClient } from './client';
import { WeComInputError } from './inputError';

/**
 * Temporary media (临时素材, valid 3 days) for mass-send attachments and welcome templates.
 * WeCom's limits: image ≤10 MB (JPG/PNG), voice ≤2 MB (AMR), video ≤10 MB (MP4), file ≤20 MB;
 * every file more than 5 bytes.
 */
export type MediaType = 'image' | 'voice' | 'video' | 'file';
export const MEDIA_MAX_BYTES: Record<MediaType, number> = {
	image: 10 * 1024 * 1024,
	voice: 2 * 1024 * 1024,
	video: 10 * 1024 * 1024,
	file: 20 * 1024 * 1024,
};
export const MEDIA_MIN_BYTES = 5;

export interface MediaFile {
	filename: string;
	data: Buffer;
	contentType?: string;
}

export function checkMedia(type: MediaType, file: MediaFile): void {
	const size = file.data.length;
	if (size <= MEDIA_MIN_BYTES || size > MEDIA_MAX_BYTES[type]) {
		throw new WeComInputError(
			`the ${type} "${file.filename}" is ${size} bytes; WeCom accepts more than ${MEDIA_MIN_BYTES} bytes and up to ${MEDIA_MAX_BYTES[type] / 1024 / 1024} MB`,
		);
	}
}

/** POST /cgi-bin/media/upload?type=…, multipart field "media"; returns media_id. */
export async function uploadTempMedia(client: WeComClient, type: MediaType, file: MediaFile): Promise<string> {
	checkMedia(type, file);
	const res = await client.upload<{ media_id: string }>(
		'/cgi-bin/media/upload',
		{ type },
		{
			field: 'media',
			filename: file.filename,
			contentType: file.contentType ?? 'application/octet-stream',
			data: file.data,
		},
	);
	return String(res.media_id);
}
