import type { SessionReport } from '../../src/lib/server/report';

/** A finished session's report, with æ, ø and å everywhere they belong. */
export function reportFixture(): SessionReport {
	return {
		schemaVersion: 1,
		locale: 'da',
		session: { id: 'abcDEF123456', title: 'Ledergruppen i Ærø Kommune', createdAt: '2026-11-23T09:00:00.000Z', date: '2026-11-23', participants: 14 },
		vaegten: [
			{
				model: 'leader',
				title: 'Ledervægten',
				raters: 14,
				balance: { load: 3.1, resource: 2.2, tilt: 0.225 },
				items: [
					{ id: 'leader-krydspres', label: 'Krydspres', kind: 'load', count: 14, mean: 3.4, sd: 0.6, histogram: [0, 0, 1, 6, 7] },
					{ id: 'leader-hoej-kompleksitet', label: 'Høj kompleksitet', kind: 'load', count: 14, mean: 2.8, sd: 0.9, histogram: [0, 1, 4, 5, 4] },
					{ id: 'leader-stoette-og-sparring', label: 'Støtte og sparring', kind: 'resource', count: 13, mean: 1.9, sd: 1.1, histogram: [1, 4, 4, 3, 1] },
					{ id: 'custom-1', label: 'Politisk pres', kind: 'load', count: 2, mean: null, sd: null, histogram: null }
				]
			}
		],
		priorities: {
			status: 'closed',
			dots: 3,
			voters: 12,
			ranking: [
				{ id: 'c2', text: 'Faste sparringsmøder i ledergruppen', dots: 15, source: { kind: 'own' } },
				{ id: 'c1', text: 'Skru ned for krydspres: tydelige prioriteringer', dots: 11, source: { kind: 'load', itemId: 'leader-krydspres' } },
				{ id: 'c3', text: 'Pauser på møderne', dots: 6, source: { kind: 'answer', groupId: 'g1', field: 'theme-recovery.0' } }
			]
		},
		agreement: {
			title: 'Ledergruppen i Ærø Kommune',
			points: [
				{ what: 'Faste sparringsmøder i ledergruppen', who: ['Ledere af ledere', 'HR og interne konsulenter'], firstStep: 'Sæt første møde i kalenderen før jul', followUp: '2027-02-23' },
				{ what: 'Tydelige prioriteringer fra topledelsen', who: ['Topledelsen'], firstStep: 'Drøft på næste direktionsmøde', followUp: '2027-02-23' }
			]
		},
		groups: [
			{
				id: 'g1',
				name: 'Vinduesbordet',
				answers: [
					{ stepId: 'theme-safety', step: 'Psykologisk tryghed og tillid', question: 'Hvor ofte og hvordan taler I om jeres egne fejl og tvivl i jeres ledelsesgruppe?', text: 'Sjældent. Vi øver os på at dele tvivl.\nNæste gang tager vi det op.' }
				]
			},
			{ id: 'g2', name: 'Gruppe 2', answers: [] }
		]
	};
}
