/**
 * The lists of the slides "Lederen som instrument for andres trivsel" (seed 003) a programme can
 * use: the safe and the unsafe leadership team and the warning signs, each a list a phone marks
 * (`input: 'mark'`), and "Hvad kan især beskytte lederes trivsel?" as extra Ledervægten items.
 * Danish is the seed's wording; English is a translation beside it. Also the introduction's
 * three tools (seed 002, "Trin 3: Tre værktøjer til at komme i gang") as a list the room puts
 * its dots on.
 */
import type { ItemKind, Localized, ModelId, VaegtenItem, VaegtenModel } from './types';

const mark = (model: ModelId, id: string, label: Localized): VaegtenItem => ({ id: `${model}-${id}`, model, kind: 'mark', label });

export const safeTeamModel: VaegtenModel = {
	id: 'safe-team',
	title: { da: 'Det trygge lederteam', en: 'The safe leadership team' },
	input: 'mark'
};

export const unsafeTeamModel: VaegtenModel = {
	id: 'unsafe-team',
	title: { da: 'Det utrygge lederteam', en: 'The unsafe leadership team' },
	input: 'mark'
};

export const warningSignsModel: VaegtenModel = {
	id: 'warning-signs',
	title: { da: 'Tegn (uden)på…', en: 'Signs (on the outside)…' },
	input: 'mark'
};

export const toolsModel: VaegtenModel = {
	id: 'tools',
	title: { da: 'Hvor kan I med fordel starte?', en: 'Where could you best start?' },
	input: 'mark'
};

/** Seed 003, "Det trygge lederteam". */
export const safeTeamItems: VaegtenItem[] = [
	mark('safe-team', 'konstruktiv-uenighed', { da: 'Konstruktiv uenighed', en: 'Constructive disagreement' }),
	mark('safe-team', 'inkluderende-kropssprog', { da: 'Inkluderende kropssprog', en: 'Inclusive body language' }),
	mark('safe-team', 'vaerdighedsproducerende-handlinger', { da: 'Værdighedsproducerende handlinger', en: 'Actions that build dignity' }),
	mark('safe-team', 'hjaelpsomhed-og-sparring', { da: 'Hjælpsomhed og sparring', en: 'Helpfulness and sparring' }),
	mark('safe-team', 'vaerdsaettelse-af-forskelligheder', { da: 'Værdsættelse af forskelligheder', en: 'Valuing differences' }),
	mark('safe-team', 'humor-og-uformel-kontakt', { da: 'Humor og uformel kontakt', en: 'Humour and informal contact' }),
	mark('safe-team', 'anerkendelse', { da: 'Anerkendelse', en: 'Recognition' }),
	mark('safe-team', 'feedback-og-laeringskultur', { da: 'Feedback og læringskultur', en: 'A culture of feedback and learning' })
];

/** Seed 003, "Det utrygge lederteam". */
export const unsafeTeamItems: VaegtenItem[] = [
	mark('unsafe-team', 'pseudo-harmoni', { da: 'Pseudo harmoni', en: 'Pseudo-harmony' }),
	mark('unsafe-team', 'mikro-aggressioner', { da: 'Mikro-aggressioner', en: 'Micro-aggressions' }),
	mark('unsafe-team', 'fravaerende-tilstedevaerelse', { da: 'Fraværende tilstedeværelse', en: 'Being present but absent' }),
	mark('unsafe-team', 'konkurrence', { da: 'Konkurrence', en: 'Competition' }),
	mark('unsafe-team', 'fravaer-af-inkluderende-handlinger', { da: 'Fravær af inkluderende handlinger', en: 'No inclusive actions' }),
	mark('unsafe-team', 'nedsaettende-og-sarkastisk-humor', { da: 'Nedsættende og sarkastisk humor', en: 'Belittling and sarcastic humour' }),
	mark('unsafe-team', 'subtile-afvisninger', { da: 'Subtile afvisninger', en: 'Subtle rejections' }),
	mark('unsafe-team', 'bilaterale-moeder', { da: 'Bilaterale møder', en: 'Bilateral meetings' })
];

/** Seed 003, "Tegn (uden)på…". */
export const warningSignItems: VaegtenItem[] = [
	mark('warning-signs', 'aflyser-private-aftaler', { da: 'Aflyser private aftaler', en: 'Cancels private plans' }),
	mark('warning-signs', 'travl-men-ineffektiv', { da: 'Travl men ineffektiv – ‘shifttasker’', en: 'Busy but ineffective – task-switching' }),
	mark('warning-signs', 'mails-uden-indledning', { da: 'Mails/opkald uden indledning og afslutning', en: 'Emails/calls without greeting or sign-off' }),
	mark('warning-signs', 'glemmer-aftaler', { da: 'Glemmer aftaler', en: 'Forgets appointments' }),
	mark('warning-signs', 'manglende-forberedelse', { da: 'Manglende forberedelse', en: 'Lack of preparation' }),
	mark('warning-signs', 'svaert-ved-at-lytte', { da: 'Svært ved at sidde stille og lytte', en: 'Finds it hard to sit still and listen' }),
	mark('warning-signs', 'undgaaelsesadfaerd', { da: 'Undgåelsesadfærd – udsættelse', en: 'Avoidance – putting things off' }),
	mark('warning-signs', 'ubeslutsomhed', { da: 'Ubeslutsomhed', en: 'Indecision' }),
	mark('warning-signs', 'irritation-vrede', { da: 'Irritation, vrede, hård i vurderinger', en: 'Irritation, anger, harsh judgements' }),
	mark('warning-signs', 'dem-os-retorik', { da: 'Dem/os retorik og magtkampe', en: 'Us-and-them rhetoric and power struggles' }),
	mark('warning-signs', 'intern-konkurrence', { da: 'Intern konkurrence og positionering', en: 'Internal competition and positioning' }),
	mark('warning-signs', 'beslutningsparalyse', { da: 'Beslutningsparalyse, ansvar skubbes rundt', en: 'Decision paralysis, responsibility passed around' }),
	mark('warning-signs', 'konflikter-blusser-op', { da: 'Konflikter blusser op', en: 'Conflicts flare up' }),
	mark('warning-signs', 'fald-i-udvikling', { da: 'Fald i udvikling, læring og resultater', en: 'Decline in development, learning and results' })
];

/** Seed 002's three tools, in its order: the dots the room puts on where to start (issue 16). */
export const toolItems: VaegtenItem[] = [
	mark('tools', '1', { da: 'Værktøj 1: Lederaftale', en: 'Tool 1: Leader agreement' }),
	mark('tools', '2', { da: 'Værktøj 2: Ledergruppen', en: 'Tool 2: The management team' }),
	mark('tools', '3', { da: 'Værktøj 3: Plan for ledertrivsel', en: 'Tool 3: Plan for leaders’ well-being' })
];

const protective = (kind: ItemKind, id: string, label: Localized): VaegtenItem => ({ id: `leader-slides-${id}`, model: 'leader', kind, label });

/**
 * Seed 003, "Hvad kan især beskytte lederes trivsel?": its list names what weighs (the first
 * five) and what protects (the last six); added to Ledervægten with one click when preparing.
 */
export const protectiveItems: VaegtenItem[] = [
	protective('load', 'stor-arbejdsmaengde-og-tidspres', { da: 'Stor arbejdsmængde og tidspres', en: 'Heavy workload and time pressure' }),
	protective('load', 'hoeje-foelelsesmaessige-krav', { da: 'Høje følelsesmæssige krav', en: 'High emotional demands' }),
	protective('load', 'uklarhed-og-kompleksitet', { da: 'Uklarhed og kompleksitet', en: 'Ambiguity and complexity' }),
	protective('load', 'ensomhed', { da: 'Ensomhed', en: 'Loneliness' }),
	protective('load', 'magtkampe-og-konflikter', { da: 'Magtkampe og konflikter', en: 'Power struggles and conflicts' }),
	protective('resource', 'indflydelse-og-mandat', { da: 'Indflydelse og mandat/afklaring', en: 'Influence and mandate/clarity' }),
	protective('resource', 'social-og-faglig-stoette', { da: 'Social og faglig støtte og opbakning', en: 'Social and professional support and backing' }),
	protective('resource', 'trygge-faellesskaber', { da: 'Trygge fællesskaber', en: 'Safe communities' }),
	protective('resource', 'prioritering-og-kvalitetsstandarder', { da: 'Prioritering og klare kvalitetsstandarder', en: 'Prioritising and clear quality standards' }),
	protective('resource', 'restitution-og-pauser', { da: 'Mulighed for restitution og pauser', en: 'The chance to recover and take breaks' }),
	protective('resource', 'foelgeskab', { da: 'Følgeskab', en: 'Followership' })
];
