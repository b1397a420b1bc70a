import type { SessionReport } from '../../src/lib/server/report';

/** A finished session's report, with æ, ø and å everywhere they belong. */
export function reportFixture(): SessionReport {
	return {
		schemaVersion: 3,
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
		marks: [],
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
		],
		followUp: null,
		comparison: null
	};
}

/** The same session as a follow-up of an earlier one, three months on, with its "Før og nu". */
export function followUpReportFixture(): SessionReport {
	const report = reportFixture();
	report.session = { ...report.session, title: 'Opfølgning: Ledergruppen i Ærø Kommune', createdAt: '2027-02-23T09:00:00.000Z', date: '2027-02-23' };
	report.followUp = { of: 'firstSESSION1', plannedFor: '2027-02-23' };
	report.comparison = {
		then: { sessionId: 'firstSESSION1', date: '2026-11-23', title: 'Ledergruppen i Ærø Kommune' },
		now: { date: '2027-02-23', title: report.session.title },
		balances: [{ model: 'leader', title: 'Ledervægten', items: 3, then: { load: 3.5, resource: 1.5, tilt: 0.5 }, now: { load: 3.1, resource: 1.9, tilt: 0.3 } }],
		items: [
			{ id: 'leader-hoej-kompleksitet', model: 'leader', kind: 'load', label: 'Høj kompleksitet', then: 3.6, now: 2.8, change: -0.8, countThen: 12, countNow: 14 },
			{ id: 'leader-stoette-og-sparring', model: 'leader', kind: 'resource', label: 'Støtte og sparring', then: 1.5, now: 1.9, change: 0.4, countThen: 12, countNow: 13 },
			{ id: 'leader-krydspres', model: 'leader', kind: 'load', label: 'Krydspres', then: 3.5, now: 3.4, change: -0.1, countThen: 12, countNow: 14 }
		],
		course: null,
		progress: [
			{ id: 'progress-1', point: 'Faste sparringsmøder i ledergruppen', count: 14, mean: 2.5, histogram: [1, 1, 4, 5, 3] },
			{ id: 'progress-2', point: 'Tydelige prioriteringer fra topledelsen', count: 2, mean: null, histogram: null }
		],
		agreed: report.agreement.points.map((point) => ({ ...point, who: [...point.who] }))
	};
	return report;
}
