/** The screen's palette (src/app.css) for the documents, as hex digits without '#'. */
export const PALETTE: Record<'ink' | 'soft' | 'load' | 'resource' | 'rule' | 'shade', string> = {
	ink: '1b2b3a',
	soft: '4c5b69',
	load: 'a63d22',
	resource: '17695d',
	rule: 'c3ccd4',
	shade: 'eef1f4'
};
