// Starting points for a new group. Everything a template fills stays editable. Plain data with
// no dependencies, so the web app can offer the templates without a request.
import type {
  TCategory,
  TExchangeMode,
  TGroupKind,
  TJoinPolicy,
  TLocale,
  TVisibility,
} from './constants.ts';

export const TEMPLATE_KEYS = ['neighbourhood', 'network', 'pod'] as const;
export type TTemplateKey = (typeof TEMPLATE_KEYS)[number];

export type TGroupTemplate = {
  key: TTemplateKey;
  kind: TGroupKind;
  radiusKm: number;
  categories: TCategory[];
  exchangeMode: TExchangeMode;
  visibility: TVisibility;
  joinPolicy: TJoinPolicy;
  text: Record<TLocale, { rules: string; joinQuestions: string[] }>;
};

const ALL: TCategory[] = [
  'groceries',
  'prescriptions',
  'meals',
  'transport',
  'errands',
  'repairs',
  'paperwork',
  'childcare',
  'household',
  'chat',
  'money',
  'skills',
  'other',
];

export const GROUP_TEMPLATES: Record<TTemplateKey, TGroupTemplate> = {
  neighbourhood: {
    key: 'neighbourhood',
    kind: 'group',
    radiusKm: 3,
    categories: ALL,
    exchangeMode: 'peer',
    visibility: 'public',
    joinPolicy: 'approval',
    text: {
      en: {
        rules: [
          '1. Be kind. Everyone here is a neighbour.',
          '2. Never post an address or phone number in public: Kindred shares them only with the accepted helper.',
          '3. Solidarity, not charity: no one has to explain why they need help.',
          '4. No selling, no advertising, no politics.',
          '5. Tell a moderator if something feels wrong.',
        ].join('\n'),
        joinQuestions: [
          'Which neighbourhood or street do you live near?',
          'Do you agree to the group rules?',
        ],
      },
      fr: {
        rules: [
          '1. Soyez bienveillant·e. Ici, tout le monde est voisin.',
          '2. Ne publiez jamais une adresse ou un numéro de téléphone : Kindred ne les montre qu’à la personne qui aide.',
          '3. Solidarité, pas charité : personne n’a à justifier son besoin.',
          '4. Pas de vente, pas de publicité, pas de politique.',
          '5. Prévenez un·e modérateur·rice si quelque chose ne va pas.',
        ].join('\n'),
        joinQuestions: [
          'Près de quel quartier ou de quelle rue habitez-vous ?',
          'Acceptez-vous les règles du groupe ?',
        ],
      },
    },
  },
  network: {
    key: 'network',
    kind: 'network',
    radiusKm: 100,
    categories: ALL,
    exchangeMode: 'peer',
    visibility: 'public',
    joinPolicy: 'approval',
    text: {
      en: {
        rules: [
          '1. This network connects local mutual aid groups; asks for help go to the local group.',
          '2. Group organisers: keep your group’s area, contact details and languages up to date.',
          '3. Share what works with other groups.',
        ].join('\n'),
        joinQuestions: ['Which local group do you help organise?'],
      },
      fr: {
        rules: [
          '1. Ce réseau relie des groupes locaux d’entraide ; les demandes d’aide vont au groupe local.',
          '2. Organisateur·rices : tenez à jour la zone, les contacts et les langues de votre groupe.',
          '3. Partagez ce qui marche avec les autres groupes.',
        ].join('\n'),
        joinQuestions: ['Quel groupe local aidez-vous à organiser ?'],
      },
    },
  },
  pod: {
    key: 'pod',
    kind: 'pod',
    radiusKm: 0.5,
    categories: ['groceries', 'prescriptions', 'meals', 'errands', 'chat', 'other'],
    exchangeMode: 'peer',
    visibility: 'hidden',
    joinPolicy: 'invite',
    text: {
      en: {
        rules: 'A handful of neighbours on the same street or building who check in on each other.',
        joinQuestions: [],
      },
      fr: {
        rules:
          'Quelques voisin·es de la même rue ou du même immeuble qui prennent des nouvelles les un·es des autres.',
        joinQuestions: [],
      },
    },
  },
};
