import type { SessionReport } from '../report';
import { comparisonRows } from './comparison-rows';
import { exportLabels, formatDate, formatMean, type ExportLabels } from './labels';

/** Markdown treats these as formatting; user text is written as text. */
const escape = (text: string) => text.replace(/([\\`*_[\]#|<>])/g, '\\$1');
const cell = (text: string) => escape(text).replace(/\n/g, ' ');

export function renderMarkdown(report: SessionReport): string {
	const l = exportLabels(report.locale, report.session.plan);
	const { locale } = report;
	const lines: string[] = [];
	const title = report.agreement.title || report.session.title;

	lines.push(`# ${l.heading}: ${escape(title)}`, '');
	lines.push(`${l.date}: ${formatDate(report.session.date, locale)}  `, `${l.participants}: ${report.session.participants}`, '');

	lines.push(`## ${l.points}`, '');
	report.agreement.points.forEach((point, index) => {
		lines.push(`### ${l.point(index + 1)}`, '');
		lines.push(`- **${l.what}:** ${escape(point.what) || l.notSet}`);
		lines.push(`- **${l.who}:** ${point.who.map(escape).join(', ') || l.notSet}`);
		lines.push(`- **${l.firstStep}:** ${escape(point.firstStep) || l.notSet}`);
		lines.push(`- **${l.followUp}:** ${formatDate(point.followUp, locale)}`, '');
	});

	lines.push(`## ${l.vaegten}`, '');
	for (const model of report.vaegten) {
		lines.push(`### ${model.title}`, '');
		lines.push(l.balance(formatMean(model.balance.load, locale), formatMean(model.balance.resource, locale)), '');
		lines.push(`| ${l.item} | ${l.side} | ${l.answers} | ${l.average} | ${l.spread} | ${l.distribution} |`, '| --- | --- | ---: | ---: | ---: | --- |');
		for (const item of model.items) {
			const mean = item.mean === null ? l.hidden : formatMean(item.mean, locale);
			const sd = item.sd === null ? '–' : formatMean(item.sd, locale);
			lines.push(`| ${cell(item.label)} | ${item.kind === 'load' ? l.load : l.resource} | ${item.count} | ${mean} | ${sd} | ${item.histogram?.join(' · ') ?? '–'} |`);
		}
		lines.push('');
	}

	lines.push(...markLines(report, l));
	if (report.comparison) lines.push(...comparisonLines(report, l));

	lines.push(`## ${l.ranking}`, '');
	report.priorities.ranking.forEach((candidate, index) => lines.push(`${index + 1}. ${escape(candidate.text)} — ${candidate.dots}`));
	lines.push('', l.voters(report.priorities.voters), '');

	lines.push(`## ${l.appendix}`, '');
	for (const group of report.groups) {
		lines.push(`### ${escape(group.name)}`, '');
		if (group.answers.length === 0) lines.push(l.noAnswers, '');
		let step = '';
		for (const answer of group.answers) {
			if (answer.step !== step) lines.push(`#### ${escape((step = answer.step))}`, '');
			lines.push(`*${escape(answer.question)}*`, '', ...answer.text.split('\n').map((line) => `> ${escape(line)}`), '');
		}
	}
	return lines.join('\n');
}

/** The lists the phones marked: how many marked each line, of how many answered it (held back below three). */
function markLines(report: SessionReport, l: ExportLabels): string[] {
	if (report.marks.length === 0) return [];
	const lines = [`## ${l.marks}`, '', l.marksHelp, ''];
	for (const list of report.marks) {
		lines.push(`### ${list.title}`, '', `| ${l.item} | ${l.marked} | ${l.answers} |`, '| --- | ---: | ---: |');
		for (const item of list.items) lines.push(`| ${cell(item.label)} | ${item.marked ?? l.hidden} | ${item.count} |`);
		lines.push('');
	}
	return lines;
}

/** A follow-up's "Før og nu": balances then and now, the items compared, their course, progress per point. */
function comparisonLines(report: SessionReport, l: ExportLabels): string[] {
	const comparison = report.comparison!;
	const { locale } = report;
	const lines = [`## ${l.comparison}`, '', l.comparedWith(escape(comparison.then.title), formatDate(comparison.then.date, locale)), ''];
	for (const entry of comparison.balances.filter((balance) => balance.items > 0)) {
		lines.push(`### ${entry.title}`, '');
		lines.push(`- **${l.then}:** ${l.balance(formatMean(entry.then.load, locale), formatMean(entry.then.resource, locale))}`);
		lines.push(`- **${l.now}:** ${l.balance(formatMean(entry.now.load, locale), formatMean(entry.now.resource, locale))}`, '');
	}
	const { items, course, progress } = comparisonRows(comparison, l, locale);
	const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
	if (items.length === 0) lines.push(l.noComparison, '');
	else lines.push(row([l.item, l.side, l.then, l.now, l.change]), '| --- | --- | ---: | ---: | ---: |', ...items.map(row), '');
	if (course) lines.push(`### ${l.course}`, '', row([l.item, ...course.dates]), `| --- |${course.dates.map(() => ' ---: |').join('')}`, ...course.rows.map(row), '');
	if (progress.length > 0) {
		lines.push(`### ${l.progress}`, '', l.progressScale, '', row([l.what, l.answers, l.average, l.distribution]), '| --- | ---: | ---: | --- |', ...progress.map(row), '');
	}
	return lines;
}
