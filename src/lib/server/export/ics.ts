import { createEvent } from 'ics';
import { addMonths, FOLLOW_UP_MONTHS } from '$lib/agreement';
import type { SessionReport } from '../report';
import { exportLabels } from './labels';

/** What an export links to besides its own content. */
export interface ExportLinks {
	/** The session's summary page: the link the calendar event carries (never a key). */
	summary: string;
}

/** The follow-up's day: the agreement's earliest date, or (a draft never filled in) three months after the workshop. */
export function followUpDay(report: SessionReport): string {
	const dates = report.agreement.points.map((point) => point.followUp).filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date));
	return dates.sort()[0] ?? addMonths(new Date(`${report.session.date}T12:00:00Z`), FOLLOW_UP_MONTHS);
}

const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const parts = (day: string) => day.split('-').map(Number) as [number, number, number];

/**
 * The agreement's follow-up as an iCalendar event (RFC 5545, by the `ics` package): a whole
 * day at the follow-up date, the points in the description, the summary's link. The same
 * session gives the same UID, so importing it again updates the event instead of adding one.
 */
export function renderIcs(report: SessionReport, links: ExportLinks): string {
	const labels = exportLabels(report.locale, report.session.plan);
	const day = followUpDay(report);
	const points = report.agreement.points.filter((point) => point.what.trim() !== '');
	const lines = points.map((point, index) => {
		const details = [point.who.length > 0 ? `${labels.who}: ${point.who.join(', ')}` : '', point.firstStep ? `${labels.firstStep}: ${point.firstStep}` : ''].filter(Boolean);
		return [`${index + 1}. ${point.what}`, ...details.map((detail) => `   ${detail}`)].join('\n');
	});
	const { error, value } = createEvent({
		uid: `${report.session.id}-follow-up@vaegten-live`,
		productId: 'vaegten-live/ics',
		title: labels.ics.summary(report.agreement.title.trim() || report.session.title),
		description: [labels.heading, '', ...lines, '', labels.ics.link(links.summary)].join('\n').trim(),
		url: links.summary,
		start: parts(day),
		end: parts(dayAfter(day))
	});
	if (error || !value) throw error ?? new Error('The calendar event could not be made.');
	return value;
}
