import type { RobotWebhook } from './robot';
import { parseRobotWebhook } from './robot';

/**
 * Robots by name, kept in the robot credential ("MarTech 1群 = https://…?key=…", one a line), so
 * workflows and data tables hold only names: a webhook key lets anyone post to the group, and
 * names never put one into execution data.
 */
export class NamedRobots {
	private readonly byName = new Map<string, string>();

	constructor(
		text: string,
		private readonly baseUrl?: string,
	) {
		text.split(/\r?\n/).forEach((raw, i) => {
			const line = raw.trim();
			if (!line || line.startsWith('#')) return;
			const at = line.indexOf('=');
			if (at <= 0) throw new Error(`Named Robots, line ${i + 1}: write "name = webhook URL or key"`);
			const name = line.slice(0, at).trim();
			const webhook = line.slice(at + 1).trim();
			if (!webhook) throw new Error(`Named Robots, line ${i + 1}: the robot "${name}" has no webhook`);
			this.byName.set(name, webhook);
		});
	}

	get size(): number {
		return this.byName.size;
	}

	names(): string[] {
		return [...this.byName.keys()];
	}

	/** The robot's webhook; an unknown name is an error that names it, never a guess. */
	resolve(name: string): RobotWebhook {
		const webhook = this.byName.get(name.trim());
		if (webhook === undefined) {
			throw new Error(`No robot named "${name.trim()}" in the robot credential's Named Robots (${this.byName.size} named)`);
		}
		return parseRobotWebhook(webhook, this.baseUrl);
	}
}
