/**
 * The introduction tool "Sæt spot på lederes trivsel" (45 min knowledge + 45 min dialogue)
 * as a template. Danish text is quoted from the source document (seed 002); only line-break
 * hyphenation and obvious typos are fixed. English is a translation written beside it.
 */
import { toolItems, toolsModel } from './slides';
import { VAEGTEN_MODELS, type Step, type Template } from './types';

export const introTool: Template = {
	id: 'intro-tool',
	title: { da: 'Sæt spot på lederes trivsel', en: 'Spotlight on leaders’ well-being' },

	parts: [
		{
			part: 1,
			title: { da: 'Viden om ledertrivsel', en: 'Knowledge about leaders’ well-being' },
			durationMin: 45
		},
		{ part: 2, title: { da: 'Dialog', en: 'Dialogue' }, durationMin: 45 }
	],

	models: [
		{
			id: 'general',
			title: {
				da: 'Vægten – generel model for trivsel',
				en: 'Vægten (the scales) – a general model of well-being'
			}
		},
		{
			id: 'leader',
			title: {
				da: 'Ledervægten – model for ledertrivsel',
				en: 'Ledervægten (the leader scales) – a model of leaders’ well-being'
			}
		},
		// Step 3's three tools, the list the room marks where to start (issue 16).
		toolsModel
	],

	items: [
		// Vægten – generel model for trivsel: belastninger
		{
			id: 'general-urealistiske-krav',
			model: 'general',
			kind: 'load',
			label: { da: 'Urealistiske krav', en: 'Unrealistic demands' }
		},
		{
			id: 'general-uklare-krav-og-roller',
			model: 'general',
			kind: 'load',
			label: { da: 'Uklare krav og roller', en: 'Unclear demands and roles' }
		},
		{
			id: 'general-store-eller-gentagne-forandringer',
			model: 'general',
			kind: 'load',
			label: { da: 'Store eller gentagne forandringer', en: 'Major or repeated changes' }
		},
		{
			id: 'general-hoej-kompleksitet',
			model: 'general',
			kind: 'load',
			label: { da: 'Høj kompleksitet', en: 'High complexity' }
		},
		{
			id: 'general-vanskeligt-samarbejde',
			model: 'general',
			kind: 'load',
			label: { da: 'Vanskeligt samarbejde', en: 'Difficult collaboration' }
		},
		{
			id: 'general-vanskeligt-relationsarbejde',
			model: 'general',
			kind: 'load',
			label: { da: 'Vanskeligt relationsarbejde', en: 'Difficult relational work' }
		},
		// Vægten – generel model for trivsel: ressourcer
		{
			id: 'general-mening',
			model: 'general',
			kind: 'resource',
			label: { da: 'Mening', en: 'Meaning' }
		},
		{
			id: 'general-forudsigelighed',
			model: 'general',
			kind: 'resource',
			label: { da: 'Forudsigelighed', en: 'Predictability' }
		},
		{
			id: 'general-indflydelse',
			model: 'general',
			kind: 'resource',
			label: { da: 'Indflydelse', en: 'Influence' }
		},
		{
			id: 'general-social-og-ledelsesmaessig-stoette',
			model: 'general',
			kind: 'resource',
			label: { da: 'Social og ledelsesmæssig støtte', en: 'Social and managerial support' }
		},
		{
			id: 'general-anerkendelse',
			model: 'general',
			kind: 'resource',
			label: { da: 'Anerkendelse', en: 'Recognition' }
		},

		// Ledervægten – model for ledertrivsel: belastninger
		{
			id: 'leader-krydspres',
			model: 'leader',
			kind: 'load',
			label: { da: 'Krydspres', en: 'Cross-pressure' },
			details: [
				{ da: 'Forventninger vs ressourcer', en: 'Expectations vs resources' },
				{ da: 'Udvikling vs drift', en: 'Development vs operations' },
				{ da: 'Planlægning vs fleksibilitet', en: 'Planning vs flexibility' },
				{ da: 'Forskellige interessenter og aktører', en: 'Different stakeholders and actors' }
			]
		},
		{
			id: 'leader-stor-arbejdsmaengde-og-graenseloeshed',
			model: 'leader',
			kind: 'load',
			label: { da: 'Stor arbejdsmængde og grænseløshed', en: 'Heavy workload and boundlessness' }
		},
		{
			id: 'leader-hoej-kompleksitet',
			model: 'leader',
			kind: 'load',
			label: { da: 'Høj kompleksitet', en: 'High complexity' }
		},
		{
			id: 'leader-vanskeligt-relationsarbejde',
			model: 'leader',
			kind: 'load',
			label: { da: 'Vanskeligt relationsarbejde', en: 'Difficult relational work' }
		},
		// Ledervægten – model for ledertrivsel: ressourcer
		{
			id: 'leader-indflydelse-og-autonomi',
			model: 'leader',
			kind: 'resource',
			label: { da: 'Indflydelse og autonomi', en: 'Influence and autonomy' }
		},
		{
			id: 'leader-motiverende-udfordringer-og-kompleksitet',
			model: 'leader',
			kind: 'resource',
			label: {
				da: 'Motiverende udfordringer og kompleksitet',
				en: 'Motivating challenges and complexity'
			}
		},
		{
			id: 'leader-klart-ledelsesrum',
			model: 'leader',
			kind: 'resource',
			label: { da: 'Klart ledelsesrum', en: 'A clear leadership space' }
		},
		{
			id: 'leader-psykologisk-tryghed-og-tillid',
			model: 'leader',
			kind: 'resource',
			label: { da: 'Psykologisk tryghed og tillid', en: 'Psychological safety and trust' }
		},
		{
			id: 'leader-restitution-og-refleksion',
			model: 'leader',
			kind: 'resource',
			label: { da: 'Restitution og refleksion', en: 'Recovery and reflection' }
		},
		{
			id: 'leader-stoette-og-sparring',
			model: 'leader',
			kind: 'resource',
			label: { da: 'Støtte og sparring', en: 'Support and sounding boards' }
		},
		{
			id: 'leader-gode-relationer',
			model: 'leader',
			kind: 'resource',
			label: { da: 'Gode relationer', en: 'Good relationships' },
			details: [
				{
					da: 'Især til nærmeste leder, ledergruppe og til egne medarbejdere',
					en: 'Especially with one’s immediate manager, the management team and one’s own employees'
				}
			]
		},
		// Step 3's three tools: the phones mark where to start.
		...toolItems
	],

	steps: [
		// ── Part 1: Viden om ledertrivsel (45 min) ──────────────────────────────
		{
			id: 'welcome',
			source: { seed: '002', heading: 'Formål' },
			part: 1,
			kind: 'join',
			title: { da: 'Velkommen', en: 'Welcome' },
			durationMin: 5,
			lead: {
				da: 'Formål: Fælles sprog og dialog om lederes trivsel hos jer.',
				en: 'Purpose: A shared language and dialogue about leaders’ well-being in your organisation.'
			},
			paragraphs: [
				{
					da: '1. Introduktion til viden om ledertrivsel: Få viden om ledertrivsel og en model til at drøfte balancen mellem belastninger og ressourcer.',
					en: '1. Introduction to knowledge about leaders’ well-being: Gain knowledge about leaders’ well-being and a model for discussing the balance between loads and resources.'
				},
				{
					da: '2. En organisatorisk ramme for indsatsen: En ramme for at arbejde med lederes trivsel, der tænker flere niveauer med.',
					en: '2. An organisational framework for the effort: A framework for working with leaders’ well-being that takes several levels into account.'
				},
				{
					da: '3. Værktøjer til at komme i gang: Tre værktøjer giver jer konkret hjælp til arbejdet med at styrke lederes trivsel og resultater.',
					en: '3. Tools to get started: Three tools give you concrete help with the work of strengthening leaders’ well-being and results.'
				},
				{
					da: 'I alle tre dele af introduktionsværktøjet indgår der dialogspørgsmål: om forholdene hos jer, om hvem der kan gøre hvad og om hvor I med fordel kan starte.',
					en: 'All three parts of the introduction tool include dialogue questions: about the conditions in your organisation, about who can do what, and about where you could best start.'
				}
			],
			questions: []
		},
		{
			id: 'why',
			source: { seed: '002', heading: 'Hvorfor er det vigtigt at sætte fokus på', quoted: true },
			part: 1,
			kind: 'content',
			title: {
				da: 'Hvorfor sætte fokus på lederes trivsel?',
				en: 'Why focus on leaders’ well-being?'
			},
			durationMin: 5,
			lead: {
				da: 'Lederes psykiske arbejdsmiljø og trivsel ligner langt henad vejen andre ansattes. Men der er også nogle forhold, som særligt gør sig gældende hos ledere. Denne materialeserie sætter spot på lederes trivsel og giver værktøjer til at styrke den.',
				en: 'In many ways, leaders’ psychosocial working environment and well-being resemble those of other employees. But some conditions apply to leaders in particular. This series of materials puts the spotlight on leaders’ well-being and offers tools to strengthen it.'
			},
			bullets: {
				heading: { da: 'Fire gode grunde', en: 'Four good reasons' },
				items: [
					{
						da: 'Fordi lederes arbejdsmiljø har konsekvenser for produktivitet, kvalitet og udvikling',
						en: 'Because leaders’ working environment affects productivity, quality and development'
					},
					{
						da: 'Fordi lederes arbejdsmiljø har konsekvenser for medarbejderes arbejdsmiljø',
						en: 'Because leaders’ working environment affects employees’ working environment'
					},
					{
						da: 'Fordi (de fleste) ledere også er ansatte',
						en: 'Because (most) leaders are employees too'
					},
					{
						da: 'Fordi ledere også er mennesker',
						en: 'Because leaders are human beings too'
					}
				]
			},
			paragraphs: [
				{
					da: 'Ledere der trives, leder bedre og tydeligere end ledere der mistrives og er stressede. En leder i trivsel har også bedre forudsætninger for at skabe den psykologiske tryghed i sit team, som fremmer både trivsel, produktivitet og udvikling.',
					en: 'Leaders who thrive lead better and more clearly than leaders who are unwell and stressed. A leader who is thriving is also better placed to create the psychological safety in their team that promotes well-being, productivity and development alike.'
				},
				{
					da: 'Forskning viser, at ledertrivsel og ledelseskvalitet har direkte sammenhæng med medarbejdernes trivsel, herunder deres risiko for langtidssygefravær (Skakon 2010, Sørensen et al 2020).',
					en: 'Research shows that leaders’ well-being and the quality of leadership are directly linked to employees’ well-being, including their risk of long-term sickness absence (Skakon 2010, Sørensen et al 2020).'
				},
				{
					da: 'Lovgrundlaget er det samme for lederes arbejdsmiljø som for medarbejderes – for selv om de har en særlig type opgave, er ledere stadig ansatte. Arbejdsgivere har pligt til at sikre, at arbejdet er sikkerheds- og sundhedsmæssigt fuldt forsvarligt, og det gælder for ‘ethvert arbejde, der udføres for en arbejdsgiver’ – og dermed også for ledelsesarbejdet.',
					en: 'The legal basis for leaders’ working environment is the same as for employees’ – even though they have a special kind of task, leaders are still employees. Employers are obliged to ensure that work is fully safe and healthy, and this applies to ‘any work carried out for an employer’ – and therefore also to the work of leading.'
				},
				{
					da: 'I vores daglige sprog bliver ledere ofte primært til nogen, som skal levere, løse, handle, lede og sørge for det hele. Og lidt til superhelte, som kan holde til og overkomme både det ene og det andet. Det kan skygge for, at vi også ser dem som mennesker med behov og krav på trivsel og værdighed. Som alle andre mennesker.',
					en: 'In everyday language, leaders often become first and foremost someone who must deliver, solve, act, lead and take care of everything. And a little like superheroes who can withstand and overcome one thing after another. This can keep us from also seeing them as human beings with needs and a right to well-being and dignity. Like everyone else.'
				}
			],
			questions: []
		},
		{
			id: 'general-model',
			source: { seed: '002', heading: 'Vægten – belastninger og ressourcer', quoted: true },
			part: 1,
			kind: 'rating',
			model: 'general',
			title: {
				da: 'Vægten – belastninger og ressourcer',
				en: 'Vægten (the scales) – loads and resources'
			},
			durationMin: 8,
			lead: {
				da: 'Vægten fremstiller et godt psykisk arbejdsmiljø som en balance mellem belastninger og ressourcer.',
				en: 'Vægten presents a good psychosocial working environment as a balance between loads and resources.'
			},
			paragraphs: [
				{
					da: 'Selv om lederes vilkår og arbejdsmiljø på nogle måder er anderledes end medarbejderes, så gælder mange af de samme principper. Derfor kan man også bruge de samme grundlæggende forståelser og modeller.',
					en: 'Even though leaders’ conditions and working environment differ from employees’ in some ways, many of the same principles apply. That is why the same basic understandings and models can be used.'
				},
				{
					da: 'Når man vil sikre en god balance, er det vigtigt, at de to sider passer sammen, så ressourcerne slår til i forhold til både mængden og typen af belastninger.',
					en: 'To ensure a good balance, the two sides need to match, so that the resources are sufficient for both the amount and the type of loads.'
				},
				{
					da: 'Hvis der er ubalance, kan man se på:',
					en: 'If there is an imbalance, you can look at:'
				}
			],
			questions: [
				{ da: 'Hvilke belastninger kan lettes?', en: 'Which loads can be eased?' },
				{
					da: 'Hvilke ressourcer kan der skrues op for?',
					en: 'Which resources can be turned up?'
				}
			]
		},
		{
			id: 'research',
			source: { seed: '002', heading: 'Undersøgelse: Hvad ved vi', quoted: true },
			part: 1,
			kind: 'content',
			title: {
				da: 'Hvad ved vi om lederes arbejdsmiljø?',
				en: 'What do we know about leaders’ working environment?'
			},
			durationMin: 5,
			lead: {
				da: 'Lederes arbejdsmiljø er af nyere, forskningsmæssig interesse, og der findes endnu ikke et systematisk overblik.',
				en: 'Leaders’ working environment is a recent research interest, and there is not yet a systematic overview.'
			},
			bullets: {
				heading: { da: 'En nyere dansk undersøgelse viser', en: 'A recent Danish study shows' },
				items: [
					{
						da: 'Krydspres: Ledere skal skabe resultater i en kontekst præget af til tider kraftige krydspres mellem fx mange krav, begrænset tid og høje forventninger fra lederen selv og fra omgivelserne.',
						en: 'Cross-pressure: Leaders must deliver results in a context marked by at times strong cross-pressures between, for example, many demands, limited time and high expectations from the leaders themselves and from those around them.'
					},
					{
						da: 'Ledernes relationer er afgørende for deres trivsel og resultater. Værktøjerne sætter spot på det vigtigste: Relationen til dig selv som leder og din nærmeste leder, til ledelsesgruppen og til den samlede virksomhed.',
						en: 'Leaders’ relationships are crucial to their well-being and results. The tools put the spotlight on what matters most: the relationship with yourself as a leader and with your immediate manager, with the management team and with the organisation as a whole.'
					},
					{
						da: 'Fire vigtige temaer for ledere er indflydelse og autonomi, psykologisk tryghed og tillid, behov for restitution og refleksion samt støtte til lederen.',
						en: 'Four important themes for leaders are influence and autonomy, psychological safety and trust, the need for recovery and reflection, and support for the leader.'
					},
					{
						da: 'Der er en sammenhæng mellem ledernes og resten af arbejdspladsens psykiske arbejdsmiljø. Undersøgelsen viser, at ledere ofte oplever at stå alene i presset til potentiel skade for dem selv og resten af organisationen.',
						en: 'There is a link between the psychosocial working environment of leaders and that of the rest of the workplace. The study shows that leaders often feel they stand alone under pressure, to the potential harm of themselves and the rest of the organisation.'
					}
				]
			},
			paragraphs: [
				{
					da: 'Find den samlede undersøgelse på godtarbejdsmiljo.dk/lederundersogelse',
					en: 'Find the full study (in Danish) at godtarbejdsmiljo.dk/lederundersogelse'
				}
			],
			questions: []
		},
		{
			id: 'theme-influence',
			source: { seed: '002', heading: 'Indflydelse og autonomi', quoted: true },
			part: 1,
			kind: 'content',
			title: { da: 'Indflydelse og autonomi', en: 'Influence and autonomy' },
			durationMin: 4,
			lead: {
				da: 'Ledere er motiveret af at have indflydelse og at lykkes i de forventninger, der bliver stillet til dem.',
				en: 'Leaders are motivated by having influence and by succeeding in meeting the expectations placed on them.'
			},
			paragraphs: [
				{
					da: 'Samtidig har de ofte en gejst for at gøre en forskel i forhold til kerneopgaven, medarbejderne og i forhold til at udvikle på den fælles opgaveløsning.',
					en: 'At the same time, they often have a drive to make a difference for the core task, for their employees and in developing how the work is done together.'
				},
				{
					da: 'Her er det vigtigt at have et ledelsesrum, hvor man kan handle og bringe sig selv i spil som leder. Ledelsesrummet skal være afklaret, sådan at lederen ved ‘hvad der ligger hos mig, hvad jeg skal og hvad jeg ikke skal’ – og samtidig så tilpas fleksibelt, at der er mulighed for indflydelse og lederens egen prægning. Dette er med til at skabe mening i ledelsesarbejdet.',
					en: 'Here it is important to have a leadership space in which you can act and bring yourself into play as a leader. The leadership space must be clarified, so that the leader knows ‘what lies with me, what I must do and what I must not do’ – while remaining flexible enough to allow influence and the leader’s own imprint. This helps create meaning in the work of leading.'
				}
			],
			bullets: {
				heading: { da: 'Det vigtige ved dette tema', en: 'What matters in this theme' },
				items: [
					{ da: 'Udfordringer som motivationsfaktor', en: 'Challenges as a source of motivation' },
					{ da: 'Afklaret ledelsesrum', en: 'A clarified leadership space' },
					{ da: 'Mulighed for indflydelse', en: 'Opportunity for influence' },
					{ da: 'Tilpas autonomi', en: 'The right degree of autonomy' }
				]
			},
			questions: [
				{
					da: 'Hvad tænder gejsten hos jer hver især som ledere?',
					en: 'What sparks the drive in each of you as leaders?'
				},
				{
					da: 'Hvordan arbejder I med at afklare ledelsesrummet?',
					en: 'How do you work on clarifying the leadership space?'
				}
			]
		},
		{
			id: 'theme-safety',
			source: { seed: '002', heading: 'Psykologisk tryghed og tillid', quoted: true },
			part: 1,
			kind: 'content',
			title: { da: 'Psykologisk tryghed og tillid', en: 'Psychological safety and trust' },
			durationMin: 4,
			lead: {
				da: 'Godt samarbejde, god kommunikation og gode relationer er blandt de vigtigste faktorer for at have et godt psykisk arbejdsmiljø.',
				en: 'Good collaboration, good communication and good relationships are among the most important factors for a good psychosocial working environment.'
			},
			paragraphs: [
				{
					da: 'Den professionelle og faglige relation er det væsentligste i lederes samarbejdsrum, men det skal også have et menneskeligt ansigt, så man ‘tør tage sig selv med på arbejde’. Blandt andet skal det være muligt og legitimt at tale frit om det psykiske arbejdsmiljø og om fejl, idéer, tvivl, dilemmaer og uenigheder i forhold til ledelsesopgaven.',
					en: 'The professional relationship is what matters most in leaders’ space for collaboration, but it must also have a human face, so that people ‘dare to bring themselves to work’. Among other things, it must be possible and legitimate to talk freely about the psychosocial working environment and about mistakes, ideas, doubts, dilemmas and disagreements in the leadership task.'
				},
				{
					da: 'Den slags åbenhed kan være udfordret fx af konkurrence imellem lederkolleger og af magtforholdet mellem lederen og lederens egen leder. På den ene side er dette naturligt, men på den anden side er det en vigtig grund til at arbejde løbende og systematisk for at etablere og vedligeholde et sundt samarbejdsklima.',
					en: 'This kind of openness can be challenged, for example, by competition between fellow leaders and by the power relationship between the leader and the leader’s own manager. On the one hand this is natural, but on the other it is an important reason to work continuously and systematically to establish and maintain a healthy climate of collaboration.'
				},
				{
					da: 'Både ledelsesgruppen og leder af ledere er vigtige for at kunne skabe dette klima, ligesom der kan være brug for, at det gøres til et fælles tema i den samlede organisation, fx via topledelsesfokus og indsatser i AMO/SU/MED og HR/HS. Den enkelte leder har også et ansvar for at medvirke, fx ved selv at være en åben og hjælpsom kollega.',
					en: 'Both the management team and the leader of leaders are important in creating this climate, and it may also need to become a shared theme across the whole organisation, for example through top management focus and efforts in AMO/SU/MED and HR/HS. Each leader also has a responsibility to contribute, for example by being an open and helpful colleague.'
				}
			],
			bullets: {
				heading: { da: 'Det vigtige ved dette tema', en: 'What matters in this theme' },
				items: [
					{
						da: 'Åben og ærlig dialog om fejl, idéer, tvivl, dilemmaer og uenigheder',
						en: 'Open and honest dialogue about mistakes, ideas, doubts, dilemmas and disagreements'
					},
					{
						da: 'Åben og ærlig dialog om både belastning og begejstring i ledelsesarbejdet',
						en: 'Open and honest dialogue about both strain and enthusiasm in the work of leading'
					},
					{
						da: 'Systematisk og løbende indsats i hele virksomheden',
						en: 'A systematic and continuous effort across the whole organisation'
					}
				]
			},
			questions: [
				{
					da: 'Hvor ofte og hvordan taler I om jeres egne fejl og tvivl i jeres ledelsesgruppe?',
					en: 'How often and how do you talk about your own mistakes and doubts in your management team?'
				},
				{ da: 'Og hvad med uenigheder?', en: 'And what about disagreements?' }
			]
		},
		{
			id: 'theme-recovery',
			source: { seed: '002', heading: 'Restitution og refleksion', quoted: true },
			part: 1,
			kind: 'content',
			title: { da: 'Restitution og refleksion', en: 'Recovery and reflection' },
			durationMin: 4,
			lead: {
				da: 'Restitution og refleksion er afgørende for både at trives og lykkes godt med ledelsesopgaven.',
				en: 'Recovery and reflection are crucial both for thriving and for succeeding with the leadership task.'
			},
			paragraphs: [
				{
					da: 'Restitution handler om at skabe et pusterum fra presset, mens refleksion handler om at skabe et rum for at tænke over og drøfte situationer, dilemmaer og tvivl. Dette kræver tid og rum, både i arbejdet og mellem arbejdet og det øvrige liv. Det kræver også sparring, som er et markant og vigtigt behov for ledere.',
					en: 'Recovery is about creating a breathing space from the pressure, while reflection is about creating room to think about and discuss situations, dilemmas and doubts. This requires time and space, both within work and between work and the rest of life. It also requires a sounding board, which is a marked and important need for leaders.'
				},
				{
					da: 'Samtidig oplever ledere en høj grad af grænseløshed i ledelsesopgaven – herunder både i tid og rum: hvor som helst og nårsomhelst, i kvalitet: det kan altid blive bedre og i kvantitet: der er altid mere at gøre.',
					en: 'At the same time, leaders experience a high degree of boundlessness in the leadership task – in time and place: anywhere and at any time; in quality: it can always be better; and in quantity: there is always more to do.'
				},
				{
					da: 'Dette stiller krav, dels til lederens egen evne til at sætte grænser og afstemme forventninger ift sin opgave, og dels til omgivelsernes evne til at bidrage til prioritering og rammesætning af forventninger.',
					en: 'This places demands both on the leader’s own ability to set boundaries and align expectations about their task, and on the ability of those around them to help prioritise and frame expectations.'
				}
			],
			bullets: {
				heading: { da: 'Det vigtige ved dette tema', en: 'What matters in this theme' },
				items: [
					{
						da: 'Klare og realistiske prioriteringer i hele virksomheden',
						en: 'Clear and realistic priorities across the whole organisation'
					},
					{
						da: 'Muligheder for restitution i løbet af arbejdsdagen (pauser og mellemrum) og mellem arbejdsdage (aftener, weekender, ferier)',
						en: 'Opportunities for recovery during the working day (breaks and pauses) and between working days (evenings, weekends, holidays)'
					},
					{
						da: 'Muligheder for sparring, gerne både indenfor og udenfor organisationen',
						en: 'Opportunities for a sounding board, ideally both inside and outside the organisation'
					}
				]
			},
			questions: [
				{
					da: 'Hvordan er kulturen for pauser og forventningen til lederes tilgængelighed udenfor almindelig arbejdstid hos jer?',
					en: 'What is the culture around breaks in your organisation, and what is expected of leaders’ availability outside normal working hours?'
				}
			]
		},
		{
			id: 'theme-support',
			source: { seed: '002', heading: 'Støtte og sparring', quoted: true },
			part: 1,
			kind: 'content',
			title: { da: 'Støtte og sparring', en: 'Support and sounding boards' },
			durationMin: 4,
			lead: {
				da: 'Ledere oplever ofte at stå alene med en vanskelig opgave, og til tider kan de stå med et stort psykisk pres.',
				en: 'Leaders often feel they stand alone with a difficult task, and at times they may be under heavy psychological pressure.'
			},
			paragraphs: [
				{
					da: 'Det er derfor vigtigt med professionel, faglig, ledelsesmæssig og social støtte for at lykkes med opgaven og håndtere presset. Dette kan udfordres af, at både ledere selv og deres omgivelser har tendens til at undervurdere eller underprioritere behovet.',
					en: 'Professional, expert, managerial and social support is therefore important for succeeding with the task and handling the pressure. This can be undermined by the tendency of both leaders themselves and those around them to underestimate or deprioritise the need.'
				},
				{
					da: 'Støtte og sparring kan foregå både formelt og uformelt, ligesom det er gavnligt at have adgang til flere forskellige støttende relationer.',
					en: 'Support and sounding-board conversations can take place both formally and informally, and it is helpful to have access to several different supportive relationships.'
				},
				{
					da: 'Især lederens egen nærmeste leder og ledelsesgruppe er vigtige kilder, og det er derfor gavnligt at have en vis systematik og formalitet omkring det, fx i form af jævnlige fokuserede dialoger med fokus på opgaver, udfordringer og trivsel. Disse kan så suppleres af mere uformel støtte og sparring i dagligdagen.',
					en: 'The leader’s own immediate manager and management team are especially important sources, so it helps to have some system and formality around it, for example regular focused conversations about tasks, challenges and well-being. These can then be supplemented by more informal support and sounding boards in everyday work.'
				},
				{
					da: 'Andre kilder kan være lederkolleger fra andre dele af organisationen, en netværksgruppe, en intern mentor eller HR partner, eller en ekstern coach. De kan være særligt vigtige, hvis ledergruppen er meget lille, meget spredt eller er præget af problemer i det indbyrdes samarbejde.',
					en: 'Other sources can be fellow leaders from other parts of the organisation, a network group, an internal mentor or HR partner, or an external coach. They can be especially important if the management team is very small, very dispersed or troubled by problems in its internal collaboration.'
				}
			],
			bullets: {
				heading: { da: 'Det vigtige ved dette tema', en: 'What matters in this theme' },
				items: [
					{
						da: 'Adgang til støtte og sparring både internt og eksternt',
						en: 'Access to support and sounding boards both internally and externally'
					},
					{
						da: 'Jævnlig og fokuseret sparring med nærmeste leder og ledelsesgruppe',
						en: 'Regular, focused sounding-board conversations with the immediate manager and the management team'
					},
					{
						da: 'Adgang til både formel og uformel støtte',
						en: 'Access to both formal and informal support'
					}
				]
			},
			questions: [
				{
					da: 'Hvilke muligheder er der hos jer?',
					en: 'What opportunities are there in your organisation?'
				},
				{ da: 'Bruger I dem?', en: 'Do you use them?' }
			]
		},
		{
			id: 'leader-model',
			source: { seed: '002', heading: 'Belastninger og ressourcer i lederjobbet' },
			part: 1,
			kind: 'rating',
			model: 'leader',
			title: {
				da: 'Ledervægten – belastninger og ressourcer i lederjobbet',
				en: 'Ledervægten (the leader scales) – loads and resources in the leader’s job'
			},
			durationMin: 6,
			lead: {
				da: 'Ledervægten viser, at mange af de grundlæggende belastninger er de samme – men at krydspresset kan være særligt for ledere.',
				en: 'Ledervægten shows that many of the basic loads are the same – but that cross-pressure can be particular to leaders.'
			},
			paragraphs: [
				{
					da: 'Den viser også, at ressourcerne kan formuleres mere med henblik på lederes vilkår og arbejdsmiljø.',
					en: 'It also shows that the resources can be framed more closely around leaders’ conditions and working environment.'
				},
				{
					da: 'Her har vi indsat viden om lederes arbejdsmiljø med afsæt i de pointer, der er blevet præsenteret.',
					en: 'Here we have added knowledge about leaders’ working environment, based on the points that have been presented.'
				}
			],
			questions: []
		},

		// ── Part 2: Dialog (45 min) ─────────────────────────────────────────────
		{
			id: 'balance-dialogue',
			source: { seed: '002', heading: 'Dialog om balancen', quoted: true },
			part: 2,
			kind: 'content',
			model: 'leader',
			title: { da: 'Opsamlende dialog om balancen', en: 'Closing dialogue on the balance' },
			durationMin: 12,
			lead: {
				da: 'Brug oversigten til en opsamlende drøftelse af, hvordan I ser på lederes arbejdsmiljø, hvordan det går hos jer, og hvor I kunne tage fat, hvis I vil videre.',
				en: 'Use the overview for a closing discussion of how you see leaders’ working environment, how things are going in your organisation, and where you could start if you want to take this further.'
			},
			questions: [
				{ da: 'Hvordan er balancen lige nu og her?', en: 'What is the balance like right here and now?' },
				{
					da: 'Er der belastninger, der er brug for at skrue ned for?',
					en: 'Are there loads that need to be turned down?'
				},
				{
					da: 'Eller ressourcer, der er brug for at skrue op for?',
					en: 'Or resources that need to be turned up?'
				},
				{
					da: 'Er belastninger og ressourcer jævnt fordelt i gruppen – for tiden og generelt?',
					en: 'Are loads and resources evenly distributed in the group – at the moment and in general?'
				},
				{ da: 'Passer ledervægten?', en: 'Does the leader model fit?' },
				{
					da: 'Hvilke belastninger og ressourcer er særligt på spil hos os?',
					en: 'Which loads and resources are particularly at stake for us?'
				},
				{
					da: 'Mangler der noget i modellen, som er vigtigt her hos os?',
					en: 'Is anything missing from the model that is important for us here?'
				}
			]
		},
		{
			id: 'roles',
			source: { seed: '002', heading: 'Roller og ansvar', quoted: true },
			part: 2,
			kind: 'content',
			title: {
				da: 'Trin 2: Roller og ansvar i at styrke lederes trivsel',
				en: 'Step 2: Roles and responsibilities in strengthening leaders’ well-being'
			},
			durationMin: 12,
			lead: {
				da: 'I forhold til lederes trivsel kan det være særligt vigtigt at afklare roller og ansvar i organisationen og på de forskellige ledelsesniveauer.',
				en: 'When it comes to leaders’ well-being, it can be particularly important to clarify roles and responsibilities in the organisation and at the different levels of management.'
			},
			roles: [
				{
					name: { da: 'Topledelsen', en: 'Top management' },
					responsibilities: [
						{
							da: 'Tage ansvar for ledelsens psykiske arbejdsmiljø.',
							en: 'Take responsibility for management’s psychosocial working environment.'
						},
						{
							da: 'Tage funktionen som rollemodeller alvorligt.',
							en: 'Take their function as role models seriously.'
						},
						{
							da: 'Understøtte, at lederne passer på sig selv og hinanden.',
							en: 'Support leaders in looking after themselves and each other.'
						},
						{
							da: 'Efterspørge løbende status, og stille ressourcer til rådighed.',
							en: 'Ask for regular status updates and make resources available.'
						}
					]
				},
				{
					name: { da: 'HR og interne konsulenter', en: 'HR and internal consultants' },
					responsibilities: [
						{
							da: 'Understøtte ledernes psykiske arbejdsmiljø.',
							en: 'Support leaders’ psychosocial working environment.'
						},
						{
							da: 'Synliggøre, hvordan det kan løftes i organisationen.',
							en: 'Make visible how it can be improved in the organisation.'
						},
						{
							da: 'Sikre, at der er kapacitet til at implementere beslutninger om lederes psykiske arbejdsmiljø.',
							en: 'Ensure there is capacity to implement decisions about leaders’ psychosocial working environment.'
						}
					]
				},
				{
					name: {
						da: 'MED/SU & AMO',
						en: 'MED/SU & AMO (works councils and the health and safety organisation)'
					},
					responsibilities: [
						{
							da: 'Indgår i samarbejdet om at sikre og løfte lederes psykiske arbejdsmiljø på arbejdspladsen.',
							en: 'Take part in the joint work to safeguard and improve leaders’ psychosocial working environment at the workplace.'
						},
						{
							da: 'Se det i sammenhæng med det samlede fokus på arbejdsmiljøet i organisationen.',
							en: 'See it in the context of the overall focus on the working environment in the organisation.'
						}
					]
				},
				{
					name: { da: 'Ledere af ledere', en: 'Leaders of leaders' },
					responsibilities: [
						{
							da: 'Pas godt på lederne i din del af organisationen og på dig selv.',
							en: 'Take good care of the leaders in your part of the organisation, and of yourself.'
						},
						{
							da: 'Vær bevidst om din funktion som rollemodel.',
							en: 'Be aware of your function as a role model.'
						},
						{
							da: 'Sørg for at kommunikere klart om prioriteringer og forventninger.',
							en: 'Make sure to communicate clearly about priorities and expectations.'
						},
						{
							da: 'Lyt til lederne og organisationen.',
							en: 'Listen to the leaders and the organisation.'
						}
					]
				},
				{
					name: { da: 'Ledere af medarbejdere', en: 'Leaders of employees' },
					responsibilities: [
						{
							da: 'Har ansvar for at skabe resultater og trivsel i din egen enhed.',
							en: 'You are responsible for creating results and well-being in your own unit.'
						},
						{
							da: 'Pas på dig selv og tænk på, hvordan du bidrager til en god ledelseskultur.',
							en: 'Look after yourself and consider how you contribute to a good leadership culture.'
						},
						{
							da: 'Vær opmærksom på egne medarbejdere og især på nøglemedarbejdere, der står i en uformel ledelsesrolle.',
							en: 'Pay attention to your own employees, especially key employees who hold an informal leadership role.'
						}
					]
				}
			],
			questions: [
				{
					da: 'Hvad gør vi allerede, som støtter lederes trivsel hos os?',
					en: 'What are we already doing that supports leaders’ well-being here?'
				},
				{
					da: 'Hvem kan gøre hvad for at sikre en bedre balance og ledertrivsel fremover?',
					en: 'Who can do what to ensure a better balance and leaders’ well-being in the future?'
				}
			]
		},
		{
			id: 'tools',
			source: { seed: '002', heading: 'Tre værktøjer til at komme i gang' },
			part: 2,
			kind: 'content',
			title: {
				da: 'Trin 3: Tre værktøjer til at komme i gang',
				en: 'Step 3: Three tools to get started'
			},
			durationMin: 5,
			lead: {
				da: 'I kan arbejde for at styrke lederens relationer med disse tre værktøjer:',
				en: 'You can work to strengthen the leader’s relationships with these three tools:'
			},
			paragraphs: [
				{
					da: 'Vigtigheden af lederens relationer: Som leder er man omgivet af mange forskellige relationer – op mod egen leder, ind mod én selv, ind i teamet, ud mod borgerne/kunderne, på tværs og som en del af ledelsen. Alle relationerne har betydning, både for løsning af ledelsesopgaven og for lederens arbejdsmiljø og trivsel.',
					en: 'The importance of the leader’s relationships: As a leader you are surrounded by many different relationships – up towards your own manager, inwards towards yourself, into the team, out towards citizens/customers, across the organisation and as part of the management. All of them matter, both for carrying out the leadership task and for the leader’s working environment and well-being.'
				},
				{
					da: 'Undersøgelsen af lederes arbejdsmiljø viser, at når det kommer til arbejdsmiljø og trivsel, er det især relationen mellem lederen selv og nærmeste leder og relationen ind i egen ledelsesgruppe, som er umiddelbart vigtige, mens organisationen som helhed har betydning for den bredere kontekst, dynamik og kultur, som lederen bevæger sig og skal trives i.',
					en: 'The study of leaders’ working environment shows that, for working environment and well-being, the most immediately important relationships are the one between the leader and their immediate manager and the one within their own management team, while the organisation as a whole shapes the wider context, dynamics and culture in which the leader operates and must thrive.'
				}
			],
			bullets: {
				heading: { da: 'Værktøjerne', en: 'The tools' },
				items: [
					{
						da: 'Værktøj 1: Styrk lederens dialog med nærmeste leder – sæt fokus på mål og trivsel',
						en: 'Tool 1: Strengthen the leader’s dialogue with their immediate manager – focus on goals and well-being'
					},
					{
						da: 'Værktøj 2: Skærp ledergruppens samarbejde – sæt spot på jeres trivsel og resultater',
						en: 'Tool 2: Sharpen the management team’s collaboration – spotlight your well-being and results'
					},
					{
						da: 'Værktøj 3: Skab en samlet plan for ledertrivsel – sæt fokus på jeres virksomhed og resultater',
						en: 'Tool 3: Create an overall plan for leaders’ well-being – focus on your organisation and results'
					}
				]
			},
			questions: [{ da: 'Hvor kan I med fordel starte?', en: 'Where could you best start?' }]
		},
		{
			// The room puts its dots on where to start; the console starts the chosen tool as a new
			// session for the same people (src/lib/session/next-programme.ts).
			id: 'tools-vote',
			source: { seed: '002', heading: 'Tre værktøjer til at komme i gang' },
			part: 2,
			kind: 'rating',
			model: 'tools',
			title: { da: 'Hvor kan I med fordel starte?', en: 'Where could you best start?' },
			durationMin: 3,
			questions: []
		},
		{
			id: 'priorities',
			source: { seed: '001', heading: 'Ledelsesgrupper' },
			part: 2,
			kind: 'priorities',
			title: {
				da: 'Prioriteringer og udkast til gruppeaftale',
				en: 'Priorities and draft group agreement'
			},
			durationMin: 13,
			lead: {
				da: 'Aftal de to vigtigste punkter for jeres fælles trivsel og resultater i gruppen – hvem der gør hvad, og hvornår I følger op.',
				en: 'Agree on the two most important points for your shared well-being and results as a group – who does what, and when you will follow up.'
			},
			paragraphs: [
				{
					da: 'Punkterne er et udkast til jeres gruppeaftale. Følg løbende op på fremdriften i punkterne.',
					en: 'The points are a draft of your group agreement. Follow up regularly on how the points are progressing.'
				}
			],
			questions: [
				{
					da: 'Hvad er de to vigtigste punkter for vores fælles trivsel og resultater?',
					en: 'What are the two most important points for our shared well-being and results?'
				},
				{
					da: 'Hvem gør hvad – og hvornår følger vi op?',
					en: 'Who does what – and when do we follow up?'
				}
			]
		}
	]
};

const isVaegten = (model: string) => (VAEGTEN_MODELS as readonly string[]).includes(model);
/**
 * Vægten's own models and items, without step 3's list of tools to mark: what the screen can
 * show as a balance, what items are added to, and what a follow-up measures again.
 */
export const vaegtenModels = introTool.models.filter((model) => isVaegten(model.id));
export const vaegtenItems = introTool.items.filter((item) => isVaegten(item.model));

/** A copy of one of the introduction's steps, for another programme to reuse (its part, time or source changed there). */
export function introStep(id: string): Step {
	const step = introTool.steps.find((candidate) => candidate.id === id);
	if (!step) throw new Error(`The introduction has no step ${id}.`);
	return structuredClone(step);
}
