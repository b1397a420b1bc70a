/**
 * The WebSocket close codes of the /collab/ endpoint, shared by the server that sends them and
 * the sheets that explain them. The 4400–4499 range tells the y-websocket provider not to
 * reconnect (reconnecting would not help); 1001 and 1013 are worth a retry.
 */
export const COLLAB_CLOSE = {
	/** A message that could not be decoded. */
	badMessage: { code: 4400, reason: 'bad-message' },
	/** `closeWhere`: the server withdrew this connection's access. */
	revoked: { code: 4403, reason: 'access-revoked' },
	/** Applying the update would take the document over `maxDocumentBytes`. */
	tooLarge: { code: 4413, reason: 'document-too-large' },
	/** Over a per-connection limit (message rates, awareness size, client ids): the phone asks for a reload. */
	tooMuch: { code: 4429, reason: 'too-much' },
	/** The document could not be loaded from the store. */
	loadFailed: { code: 1011, reason: 'load-failed' },
	/** Too much arrived before the document was loaded. */
	busy: { code: 1013, reason: 'busy' },
	shutdown: { code: 1001, reason: 'server-shutdown' },
	/** The session moved to another server process (a handover, a lost lease): connect again, through the proxy. */
	moved: { code: 1012, reason: 'session-moved' }
} as const;

export type CloseReason = { code: number; reason: string };
