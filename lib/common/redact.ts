/** Removes tokens, secrets and robot keys from any text that may reach logs or errors. */
export function redactSecrets(text: string): string {
	return text
		.replace(/(access_token|corpsecret|secret|key|token)=([^&\s"']+)/gi, '$1=***')
		.replace(/("(?:access_token|corpsecret|secret|key)"\s*:\s*")[^"]*"/gi, '$1***"');
}
