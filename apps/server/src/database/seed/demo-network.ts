import type { RecommendationLevel, RecommendationStatus, Theme } from '@accord/contracts';
import type { JSONContent } from '@accord/editor';
import type { MemberRole } from '../../modules/networks/member.entity';
import type { PartnerType } from '../../modules/networks/partner.entity';

/**
 * The EC-NET demo network: 16 partners, one member per role and more, three working groups and
 * recommendations in several statuses. Organisations and people are invented; towns are real.
 */
export interface DemoPartner {
  key: string;
  name: string;
  town: string;
  country: string;
  type: PartnerType;
  workingLanguage: string;
  isLead?: boolean;
}

export const DEMO_NETWORK = { slug: 'ec-net', name: 'EC-NET: European Citizenship Network of Towns' };

export const DEMO_PARTNERS: DemoPartner[] = [
  { key: 'ptuj', name: 'Municipality of Ptuj', town: 'Ptuj', country: 'SI', type: 'municipality', workingLanguage: 'sl', isLead: true },
  { key: 'pordenone', name: 'Municipality of Pordenone', town: 'Pordenone', country: 'IT', type: 'municipality', workingLanguage: 'it' },
  { key: 'zala', name: 'Zala Regional Development Agency', town: 'Zalaegerszeg', country: 'HU', type: 'agency', workingLanguage: 'hu' },
  { key: 'koprivnica', name: 'Town of Koprivnica', town: 'Koprivnica', country: 'HR', type: 'municipality', workingLanguage: 'hr' },
  { key: 'albacete', name: 'Albacete City Council', town: 'Albacete', country: 'ES', type: 'municipality', workingLanguage: 'es' },
  { key: 'leuven', name: 'Leuven Citizens\u2019 Forum', town: 'Leuven', country: 'BE', type: 'civil_society', workingLanguage: 'nl' },
  { key: 'timisoara', name: 'Banat Development Agency', town: 'Timi\u0219oara', country: 'RO', type: 'agency', workingLanguage: 'ro' },
  { key: 'trnava', name: 'City of Trnava', town: 'Trnava', country: 'SK', type: 'municipality', workingLanguage: 'sk' },
  { key: 'lille', name: 'Europe Locale Association', town: 'Lille', country: 'FR', type: 'civil_society', workingLanguage: 'fr' },
  { key: 'weiz', name: 'Municipality of Weiz', town: 'Weiz', country: 'AT', type: 'municipality', workingLanguage: 'de' },
  { key: 'pruszkow', name: 'Pruszk\u00f3w Town Office', town: 'Pruszk\u00f3w', country: 'PL', type: 'municipality', workingLanguage: 'pl' },
  { key: 'tartu', name: 'Tartu Civic Hub', town: 'Tartu', country: 'EE', type: 'civil_society', workingLanguage: 'et' },
  { key: 'kalamata', name: 'Municipality of Kalamata', town: 'Kalamata', country: 'GR', type: 'municipality', workingLanguage: 'el' },
  { key: 'braga', name: 'Braga Youth Network', town: 'Braga', country: 'PT', type: 'civil_society', workingLanguage: 'pt' },
  { key: 'kaunas', name: 'Kaunas Region Development Agency', town: 'Kaunas', country: 'LT', type: 'agency', workingLanguage: 'lt' },
  { key: 'gabrovo', name: 'Municipality of Gabrovo', town: 'Gabrovo', country: 'BG', type: 'municipality', workingLanguage: 'bg' },
];

export interface DemoMember {
  key: string;
  partner: string;
  displayName: string;
  email: string;
  roles: MemberRole[];
  /** Demo mode only: documented in the README and shown on the sign-in page. */
  password: string;
}

/** One member per role (the first five), and a few more so the network looks lived in. */
export const DEMO_MEMBERS: DemoMember[] = [
  { key: 'coordinator', partner: 'ptuj', displayName: 'Maja Kranjc', email: 'coordinator@demo.accord.example', roles: ['coordinator'], password: 'demo-coordinator' },
  { key: 'delegate-ptuj', partner: 'ptuj', displayName: 'Tilen Horvat', email: 'delegate@demo.accord.example', roles: ['delegate'], password: 'demo-delegate' },
  { key: 'substitute-ptuj', partner: 'ptuj', displayName: 'Nika Zupan', email: 'substitute@demo.accord.example', roles: ['substitute'], password: 'demo-substitute' },
  { key: 'editor-ptuj', partner: 'ptuj', displayName: 'Luka Vidmar', email: 'editor@demo.accord.example', roles: ['editor'], password: 'demo-editor' },
  { key: 'commenter', partner: 'leuven', displayName: 'Pieter Claes', email: 'commenter@demo.accord.example', roles: ['commenter'], password: 'demo-commenter' },
  { key: 'editor-pordenone', partner: 'pordenone', displayName: 'Giulia Bassi', email: 'editor.pordenone@demo.accord.example', roles: ['editor'], password: 'demo-editor-pordenone' },
  { key: 'delegate-pordenone', partner: 'pordenone', displayName: 'Marco Zanin', email: 'delegate.pordenone@demo.accord.example', roles: ['delegate'], password: 'demo-delegate-pordenone' },
  { key: 'delegate-zala', partner: 'zala', displayName: 'Eszter Kov\u00e1cs', email: 'delegate.zala@demo.accord.example', roles: ['delegate', 'editor'], password: 'demo-delegate-zala' },
];

/** What the sign-in page shows in demo mode: one account per role. */
export const DEMO_ACCOUNTS: { email: string; password: string; role: MemberRole; displayName: string }[] = DEMO_MEMBERS.slice(0, 5).map((member) => ({
  email: member.email,
  password: member.password,
  role: member.roles[0],
  displayName: member.displayName,
}));

export interface DemoWorkingGroup {
  key: string;
  name: string;
  kind: 'local' | 'thematic';
  town: string | null;
  members: string[];
}

export const DEMO_WORKING_GROUPS: DemoWorkingGroup[] = [
  { key: 'ptuj-local', name: 'Ptuj local working group', kind: 'local', town: 'Ptuj', members: ['delegate-ptuj', 'editor-ptuj', 'substitute-ptuj'] },
  { key: 'pordenone-local', name: 'Pordenone local working group', kind: 'local', town: 'Pordenone', members: ['editor-pordenone', 'delegate-pordenone'] },
  { key: 'participation', name: 'Civic participation (thematic)', kind: 'thematic', town: null, members: ['editor-ptuj', 'editor-pordenone', 'delegate-zala', 'commenter'] },
];

export interface DemoRecommendation {
  title: string;
  theme: Theme;
  level: RecommendationLevel;
  status: RecommendationStatus;
  workingGroup: string;
  /** BCP 47 tag of the text's language; English unless said. */
  language?: string;
  content: JSONContent;
}

const text = (value: string, marks?: JSONContent['marks']): JSONContent => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: (string | JSONContent)[]): JSONContent => ({
  type: 'paragraph',
  content: content.map((part) => (typeof part === 'string' ? text(part) : part)),
});
const heading = (level: number, value: string): JSONContent => ({ type: 'heading', attrs: { level }, content: [text(value)] });
const bulletList = (...items: string[]): JSONContent => ({ type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })) });
const orderedList = (...items: string[]): JSONContent => ({ type: 'orderedList', attrs: { start: 1 }, content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })) });
const quote = (...paragraphs: string[]): JSONContent => ({ type: 'blockquote', content: paragraphs.map((value) => paragraph(value)) });
const bold = (value: string) => text(value, [{ type: 'bold' }]);
const italic = (value: string) => text(value, [{ type: 'italic' }]);
const link = (value: string, href: string) => text(value, [{ type: 'link', attrs: { href } }]);
const table = (header: string[], ...rows: string[][]): JSONContent => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((cell) => ({ type: 'tableHeader', content: [paragraph(cell)] })) },
    ...rows.map((row) => ({ type: 'tableRow', content: row.map((cell) => ({ type: 'tableCell', content: [paragraph(cell)] })) })),
  ],
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

export const DEMO_RECOMMENDATIONS: DemoRecommendation[] = [
  {
    title: 'Open micro-grants for citizen-led European projects',
    theme: 'active_citizenship',
    level: 'eu',
    status: 'draft',
    workingGroup: 'participation',
    content: doc(
      heading(1, 'Open micro-grants for citizen-led European projects'),
      paragraph(
        'Small groups of residents ',
        bold('rarely apply'),
        ' to the Europe for Citizens programme: the forms assume an organisation with a finance department. We recommend a micro-grant strand of up to ',
        bold('EUR 5,000'),
        ', applied for in two pages and decided within eight weeks.',
      ),
      heading(2, 'What we propose'),
      orderedList(
        'A one-step application in any official EU language, with a short video accepted instead of written text.',
        'Lump-sum funding paid 80% in advance, so volunteers never pre-finance activities.',
        'A partner municipality or agency as host, which carries the reporting.',
      ),
      heading(2, 'Evidence from the network'),
      paragraph('In the 2021 survey, 62 of 118 local working group participants said the application burden was the main reason they had never applied.'),
      quote('\u201cWe had the idea and the people. We did not have an accountant.\u201d \u2014 participant, Koprivnica workshop'),
    ),
  },
  {
    title: 'Town twinning 2.0: year-round exchanges for young people',
    theme: 'intercultural_dialogue',
    level: 'eu',
    status: 'in_review',
    workingGroup: 'pordenone-local',
    content: doc(
      heading(1, 'Town twinning 2.0'),
      paragraph(
        'Twinning visits are often one weekend a year for the same twenty people. We recommend funding ',
        italic('year-round'),
        ' exchanges between young people of twinned towns: online project teams, job shadowing in the partner town hall, and a joint event each season.',
      ),
      bulletList(
        'Eligible participants: residents aged 16\u201330, with at least one third who have never travelled abroad.',
        'A mentor in each town, paid for two days a month.',
        'Results presented to both town councils every year.',
      ),
      paragraph('See the ', link('Europe for Citizens programme guide', 'https://example.org/efc-guide'), ' for the current twinning rules this would extend.'),
    ),
  },
  {
    title: 'Participatory budgeting with a European dimension',
    theme: 'democratic_participation',
    level: 'local',
    status: 'voting',
    workingGroup: 'ptuj-local',
    content: doc(
      heading(1, 'Participatory budgeting with a European dimension'),
      paragraph('Towns in the network that run participatory budgets should reserve a share for projects made with a partner town, so that residents decide together across borders.'),
      heading(2, 'Proposed shares'),
      table(['Town size', 'Share of the participatory budget', 'Minimum partner towns'], ['Under 20,000 residents', '5%', '1'], ['20,000\u2013100,000', '8%', '2'], ['Over 100,000', '10%', '3']),
      heading(2, 'Slovenian summary for the Ptuj town council'),
      // A Slovenian passage in an English text: marked, so screen readers switch language for it.
      {
        ...paragraph(
          italic(
            'Mestna ob\u010dina Ptuj naj del participativnega prora\u010duna nameni projektom, ki jih ob\u010dani pripravijo skupaj s partnerskim mestom. Tako bodo o evropskih projektih odlo\u010dali neposredno.',
          ),
        ),
        attrs: { lang: 'sl' },
      },
    ),
  },
  {
    title: 'Answering euroscepticism with local evidence',
    theme: 'euroscepticism',
    level: 'national',
    status: 'adopted',
    workingGroup: 'participation',
    content: doc(
      heading(1, 'Answering euroscepticism with local evidence'),
      paragraph('Abstract arguments about the European Union convince few people. What residents can see in their own street convinces many. We recommend that every town publish a yearly, plain-language account of what EU-funded projects changed locally.'),
      bulletList('One page per project, with a photo and a named local contact.', 'Figures in euros per resident, not only in totals.', 'A public meeting where residents can question the projects.'),
      quote('Euroscepticism is rarely about Brussels; it is about whether anyone listened.'),
    ),
  },
  {
    title: 'Solidarity networks between partner towns for crisis response',
    theme: 'solidarity',
    level: 'eu',
    status: 'published',
    workingGroup: 'ptuj-local',
    content: doc(
      heading(1, 'Solidarity networks between partner towns'),
      paragraph('During the 2020\u20132021 pandemic, partner towns exchanged protective equipment and volunteers informally. We recommend that the programme fund standing solidarity agreements between towns, with a contact person and a simple protocol for mutual help.'),
      orderedList('Agree in advance which help each town can offer.', 'Keep a shared, up-to-date list of contacts.', 'Review the agreement after every use.'),
    ),
  },
  {
    // The Slovenian example: written by the Ptuj group in its own language, so screen readers read it in Slovenian.
    title: 'Evropski dnevi v partnerskih mestih',
    theme: 'active_citizenship',
    level: 'local',
    status: 'in_review',
    workingGroup: 'ptuj-local',
    language: 'sl',
    content: doc(
      heading(1, 'Evropski dnevi v partnerskih mestih'),
      paragraph(
        'Vsako partnersko mesto naj enkrat na leto pripravi ',
        bold('Evropski dan'),
        ': dan, ko ob\u010dani na glavnem trgu spoznajo projekte, ki jih je mesto izvedlo s partnerji iz drugih dr\u017eav, in o njih povedo svoje mnenje.',
      ),
      heading(2, 'Kaj predlagamo'),
      bulletList(
        'Stojnice dru\u0161tev in \u0161ol, ki so sodelovale v evropskih projektih.',
        'Pogovor z gosti iz partnerskega mesta, s tolma\u010denjem v oba jezika.',
        'Kratko anketo: katere teme naj mre\u017ea obravnava prihodnje leto.',
      ),
      heading(2, 'Zakaj'),
      paragraph('Ljudje zaupajo temu, kar vidijo v svojem kraju. Evropski dan poka\u017ee, kaj je sodelovanje prineslo, in ob\u010danom da prilo\u017enost, da sooblikujejo naslednje korake.'),
    ),
  },
];
