import { randomBytes } from 'crypto';
import type { SandboxState } from '../core/state';
import type { SandboxRequest, SandboxResponse } from '../core/types';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS, seedCustomers, seedGroups, seedTags, STAFF } from './data';
import type { Customer, CustomerGroup, TagGroup } from './data';
import type { Emulator } from '../core/emulator';
import type { Router } from '../core/router';
import { err, ok } from './answers';

export interface WeComEmulatorOptions {
	/** expires_in returned by gettoken (WeCom: 7200). */
	tokenTtlSec?: number;
	/** Number of seeded customer groups. */
	groups?: number;
}

interface TokenInfo {
	secretKind: 'app' | 'contact';
	expiresAt: number;
}

export { err, ok };

/** Registers the API areas' routes (sandbox/wecom/index.ts); given by the emulator list. */
export type WeComAreas = (router: Router, wecom: WeComEmulator) => void;

/** In-memory WeCom: tokens, robots, customer groups, tags and what the areas add. */
export class WeComEmulator implements Emulator {
	readonly corp = SANDBOX_CORP;
	tokens = new Map<string, TokenInfo>();
	groups: CustomerGroup[] = [];
	tags: TagGroup[] = [];
	customers: Customer[] = [];
	robotKeys = new Set<string>(SANDBOX_ROBOT_KEYS);
	/** Send timestamps per robot key, for the 20-per-minute limit. */
	robotSends = new Map<string, number[]>();
	/** Free-form stores the API areas keep (join ways, welcome templates, mass-send tasks...). */
	stores: Record<string, Map<string, any>> = {};
	readonly tokenTtlSec: number;
	readonly staff = STAFF;

	constructor(
		readonly state: SandboxState,
		private readonly opts: WeComEmulatorOptions = {},
		private readonly areas: WeComAreas = () => undefined,
	) {
		this.tokenTtlSec = opts.tokenTtlSec ?? 7200;
		this.reset();
	}

	register(router: Router): void {
		this.areas(router, this);
	}

	/** Restores the seeded data; `{groups: N}` seeds N customer groups (benchmarks). */
	reset(opts: { groups?: number } = {}): void {
		const groupCount = opts.groups ?? this.opts.groups ?? 12;
		const nowSec = Math.floor(this.state.now() / 1000);
		this.tokens.clear();
		this.groups = seedGroups(groupCount, nowSec);
		this.tags = seedTags(nowSec);
		this.customers = seedCustomers(nowSec, this.tags);
		this.robotKeys = new Set(SANDBOX_ROBOT_KEYS);
		this.robotSends.clear();
		this.stores = {};
	}

	store<T = any>(name: string): Map<string, T> {
		return (this.stores[name] ??= new Map());
	}

	issueToken(secretKind: TokenInfo['secretKind']): string {
		const token = randomBytes(24).toString('base64url');
		this.tokens.set(token, { secretKind, expiresAt: this.state.now() + this.tokenTtlSec * 1000 });
		return token;
	}

	/** Makes every issued token expired (next call answers 42001). */
	expireTokens(): void {
		for (const t of this.tokens.values()) t.expiresAt = 0;
	}

	/** Checks access_token like WeCom: 41001 missing, 40014 unknown, 42001 expired. */
	authorize(req: SandboxRequest): SandboxResponse | undefined {
		const token = req.query.get('access_token');
		if (!token) return err(41001, 'access_token missing');
		const info = this.tokens.get(token);
		if (!info) return err(40014, 'invalid access_token');
		if (info.expiresAt <= this.state.now()) return err(42001, 'access_token expired');
		return undefined;
	}

	/** Like authorize(), and also which secret the token came from. */
	tokenKind(req: SandboxRequest): TokenInfo['secretKind'] | undefined {
		return this.tokens.get(req.query.get('access_token') ?? '')?.secretKind;
	}

	isStaff(userid: string): boolean {
		return this.staff.some((s) => s.userid === userid);
	}

	findGroup(chatId: string): CustomerGroup | undefined {
		return this.groups.find((g) => g.chat_id === chatId);
	}
}
