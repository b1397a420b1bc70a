/** A session's content a facilitator saved under a name (`GET /api/templates` lists them). */
export interface SavedTemplate {
	id: string;
	name: string;
	/** Epoch ms. */
	createdAt: number;
}

export const MAX_TEMPLATE_NAME = 80;
/** Templates are shared by everyone on the server; this many at most. */
export const MAX_TEMPLATES = 200;
