/**
 * XML 1.0 has no place for most control characters, nor for the two non-characters: a pasted
 * one would make Word or Excel reject the whole file, so they are left out.
 */
export function xmlSafe(text: string): string {
	return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}
