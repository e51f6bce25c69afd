/** Bad input caught in lib/ before any call; the node adds the item number (NodeOperationError). */
export class WeComInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WeComInputError';
	}
}
