import { createEvent } from 'ics';
import PDFDocument from 'pdfkit';
import { m } from '$lib/paraglide/messages';
import type { PersonalAgreement } from '$lib/personal-agreement';
import type { Locale } from '$lib/template/types';
import { formatDate, intlLocale } from './labels';
import { PALETTE } from './palette';
import { registerFonts, write } from './pdf-text';

/** What a participant's own lederaftale is printed with besides its text. */
export interface PersonalContext {
	sessionId: string;
	participantId: number;
	/** The workshop's title and date (YYYY-MM-DD). */
	title: string;
	date: string;
	locale: Locale;
}

type Doc = PDFKit.PDFDocument;
const [INK, SOFT, RULE] = [PALETTE.ink, PALETTE.soft, PALETTE.rule].map((hex) => `#${hex}`);
const MARGIN = 56;

function labels(locale: Locale) {
	const o = { locale };
	return {
		title: m.personal_pdf_title({}, o),
		point: (number: number) => m.personal_point({ number }, o),
		what: m.personal_what({}, o),
		takes: m.personal_takes({}, o),
		leader: m.personal_leader({}, o),
		partners: m.personal_partners({}, o),
		followUp: m.personal_follow_up({}, o),
		date: m.export_date({}, o),
		notSet: m.export_not_set({}, o),
		ics: m.personal_ics_summary({}, o),
		file: m.personal_file({}, o)
	};
}

/** lederaftale-2026-12-01.pdf: no name, no title, nothing of what it says. */
export const personalFileName = (context: PersonalContext, format: 'pdf' | 'ics'): string => `${labels(context.locale).file}-${context.date}.${format}`;

const width = (doc: Doc) => doc.page.width - 2 * MARGIN;

function block(doc: Doc, label: string, value: string, notSet: string): void {
	if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
	doc.fontSize(10).fillColor(SOFT);
	write(doc, label, 'bold', { width: width(doc) }, { x: MARGIN, y: doc.y });
	doc.y += 2;
	doc.fontSize(11.5).fillColor(INK);
	write(doc, value.trim() || notSet, value.trim() ? 'regular' : 'italic', { width: width(doc), lineGap: 1.5 }, { x: MARGIN, y: doc.y });
	doc.y += 10;
}

function heading(doc: Doc, text: string, size: number): void {
	doc.fontSize(size).fillColor(INK);
	write(doc, text, 'bold', { width: width(doc) }, { x: MARGIN, y: doc.y });
	doc.y += 4;
}

/** One participant's own lederaftale as an A4 PDF (fonts embedded, as every export). */
export function renderPersonalPdf(agreement: PersonalAgreement, context: PersonalContext): Promise<Buffer> {
	const text = labels(context.locale);
	const doc = new PDFDocument({ size: 'A4', margin: MARGIN, lang: intlLocale(context.locale), displayTitle: true, info: { Title: text.title, Creator: 'Vægten Live' } });
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	registerFonts(doc);
	heading(doc, text.title, 22);
	doc.fontSize(10.5).fillColor(SOFT);
	write(doc, `${context.title} · ${text.date}: ${formatDate(context.date, context.locale)}`, 'regular', { width: width(doc) }, { x: MARGIN, y: doc.y });
	doc.y += 8;
	doc.moveTo(MARGIN, doc.y).lineTo(doc.page.width - MARGIN, doc.y).lineWidth(0.75).stroke(RULE);
	doc.y += 14;
	agreement.points.forEach((point, index) => {
		heading(doc, text.point(index + 1), 14);
		block(doc, text.what, point.what, text.notSet);
		block(doc, text.takes, point.takes, text.notSet);
	});
	block(doc, text.leader, agreement.leader, text.notSet);
	block(doc, text.partners, agreement.partners, text.notSet);
	block(doc, text.followUp, formatDate(agreement.followUp, context.locale), text.notSet);
	doc.end();
	return done;
}

const parts = (day: string) => day.split('-').map(Number) as [number, number, number];
const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The follow-up of one's own lederaftale as a whole-day calendar event; the same agreement, the same UID. */
export function renderPersonalIcs(agreement: PersonalAgreement, context: PersonalContext): string {
	const text = labels(context.locale);
	const points = agreement.points
		.map((point, index) => [`${index + 1}. ${point.what.trim() || text.notSet}`, point.takes.trim() ? `   ${text.takes} ${point.takes.trim()}` : ''].filter(Boolean).join('\n'))
		.join('\n');
	const who = [agreement.leader.trim() && `${text.leader}: ${agreement.leader.trim()}`, agreement.partners.trim() && `${text.partners}: ${agreement.partners.trim()}`].filter(Boolean);
	const { error, value } = createEvent({
		uid: `${context.sessionId}-personal-${context.participantId}@vaegten-live`,
		productId: 'vaegten-live/ics',
		title: text.ics,
		description: [points, ...who].join('\n'),
		start: parts(agreement.followUp),
		end: parts(dayAfter(agreement.followUp))
	});
	if (error || !value) throw error ?? new Error('The calendar event could not be made.');
	return value;
}
