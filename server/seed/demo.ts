// A small believable network to try Kindred with: three groups and a pod, ten people, asks,
// offers, local info and a poll in English and French, and matches in every state. Written
// with drizzle so a schema change that breaks it fails the type check, not a newcomer.
import type { Db } from '../db/client.ts';
import * as t from '../db/schema/index.ts';
import { seedId } from './bulk.ts';

export const DEMO_EMAIL_DOMAIN = 'demo.kindred.invalid';
export const DEMO_PASSWORD = 'kindred-demo';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Person = { key: string; name: string; locale: 'en' | 'fr'; languages: string[] };
const PEOPLE: Person[] = [
  { key: 'amara', name: 'Amara Okafor', locale: 'en', languages: ['en'] },
  { key: 'ben', name: 'Ben Tremblay', locale: 'en', languages: ['en', 'fr'] },
  { key: 'chloe', name: 'Chloé Gagnon', locale: 'fr', languages: ['fr', 'en'] },
  { key: 'dev', name: 'Dev Singh', locale: 'en', languages: ['en', 'pa'] },
  { key: 'elif', name: 'Elif Demir', locale: 'en', languages: ['en', 'tr'] },
  { key: 'farah', name: 'Farah Haddad', locale: 'fr', languages: ['fr', 'ar', 'en'] },
  { key: 'gus', name: 'Gus Martin', locale: 'en', languages: ['en'] },
  { key: 'hana', name: 'Hana Chen', locale: 'fr', languages: ['fr', 'zh'] },
  { key: 'ines', name: 'Inès Roy', locale: 'fr', languages: ['fr'] },
  { key: 'jun', name: 'Jun Park', locale: 'en', languages: ['en', 'ko'] },
];

/** The demo's people, for the README and the seed command's closing message. */
export const demoEmail = (key: string) => `${key}@${DEMO_EMAIL_DOMAIN}`;

export async function seedDemo(
  db: Db,
  options: { passwordHash: string | null },
): Promise<Record<string, number>> {
  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);
  const user = (key: string) =>
    seedId(
      0x10,
      PEOPLE.findIndex((p) => p.key === key),
    );
  await db.insert(t.users).values(
    PEOPLE.map((person, i) => ({
      id: seedId(0x10, i),
      email: demoEmail(person.key),
      displayName: person.name,
      locale: person.locale,
      languages: person.languages,
      passwordHash: options.passwordHash,
      emailVerifiedAt: ago(40 * DAY),
      createdAt: ago(40 * DAY),
    })),
  );

  const group = (n: number) => seedId(0x20, n);
  const network = group(0);
  const fernwood = group(1);
  const stRoch = group(2);
  const jamesBay = group(3);
  const pod = group(4);
  const common = {
    createdAt: ago(40 * DAY),
    languages: ['en', 'fr'],
  };
  await db.insert(t.groups).values([
    {
      ...common,
      id: network,
      slug: 'demo-network',
      kind: 'network',
      name: 'Demo Mutual Aid Network',
      description:
        'A network of neighbourhood groups trying Kindred. Réseau de groupes de quartier qui essaient Kindred.',
      locationName: 'Canada',
      latitude: 47.6,
      longitude: -97.0,
      radiusKm: 3000,
      externalId: 'seed:demo-network',
      template: 'network',
    },
    {
      ...common,
      id: fernwood,
      slug: 'fernwood-neighbours',
      kind: 'group',
      parentId: network,
      name: 'Fernwood Neighbours',
      description:
        'Groceries, prescriptions, rides and a friendly phone call for anyone in Fernwood. Ask for what you need; offer what you can.',
      rules: 'Be kind. Never post an address or phone number in public: use the private details.',
      locationName: 'Fernwood, Victoria',
      areaNames: ['Fernwood', 'North Park', 'Oaklands'],
      latitude: 48.4318,
      longitude: -123.347,
      radiusKm: 3,
      phone: '250-555-0140',
      categories: [
        'groceries',
        'prescriptions',
        'meals',
        'transport',
        'errands',
        'repairs',
        'chat',
      ],
      externalId: 'seed:fernwood',
      template: 'neighbourhood',
    },
    {
      ...common,
      id: stRoch,
      slug: 'entraide-saint-roch',
      kind: 'group',
      parentId: network,
      name: 'Entraide Saint-Roch',
      description:
        "Des voisines et voisins qui s'entraident à Saint-Roch : épicerie, pharmacie, transport, réparations.",
      locationName: 'Saint-Roch, Québec',
      areaNames: ['Saint-Roch', 'Saint-Sauveur', 'Limoilou'],
      latitude: 46.8139,
      longitude: -71.2254,
      radiusKm: 4,
      languages: ['fr', 'en'],
      categories: ['groceries', 'prescriptions', 'meals', 'transport', 'repairs', 'paperwork'],
      externalId: 'seed:saint-roch',
      template: 'neighbourhood',
    },
    {
      ...common,
      id: jamesBay,
      slug: 'james-bay-dispatch',
      kind: 'group',
      parentId: network,
      name: 'James Bay Dispatch',
      description:
        'Call or post, and a dispatcher finds you a checked volunteer. Home visits need an ID check.',
      locationName: 'James Bay, Victoria',
      areaNames: ['James Bay', 'Fairfield'],
      latitude: 48.4148,
      longitude: -123.37,
      radiusKm: 2,
      phone: '250-555-0188',
      exchangeMode: 'dispatch',
      joinPolicy: 'approval',
      joinQuestions: ['Which street do you live closest to?', 'How would you like to help?'],
      categories: ['groceries', 'prescriptions', 'transport', 'household', 'chat'],
      idCheckCategories: ['household'],
      unansweredAlertHours: 12,
      externalId: 'seed:james-bay',
      template: 'neighbourhood',
    },
    {
      ...common,
      id: pod,
      slug: 'chambers-street-pod',
      kind: 'pod',
      parentId: fernwood,
      name: 'Chambers Street pod',
      description: 'Six households on Chambers Street who check in on each other.',
      locationName: 'Chambers Street',
      latitude: 48.4301,
      longitude: -123.3489,
      radiusKm: 0.5,
      externalId: 'seed:chambers-pod',
      template: 'pod',
    },
  ]);

  type Role = 'member' | 'moderator' | 'admin';
  const member = (groupId: string, key: string, role: Role = 'member', days = 30) => ({
    groupId,
    userId: user(key),
    role,
    status: 'active' as const,
    requestedAt: ago(days * DAY),
    joinedAt: ago(days * DAY),
  });
  await db.insert(t.memberships).values([
    member(network, 'amara', 'admin'),
    member(network, 'chloe', 'admin'),
    member(fernwood, 'amara', 'admin'),
    member(fernwood, 'ben'),
    member(fernwood, 'dev'),
    member(fernwood, 'farah', 'moderator'),
    member(fernwood, 'gus'),
    member(fernwood, 'jun', 'member', 2),
    member(stRoch, 'chloe', 'admin'),
    member(stRoch, 'farah'),
    member(stRoch, 'hana'),
    member(stRoch, 'ines'),
    member(jamesBay, 'elif', 'admin'),
    member(jamesBay, 'amara', 'moderator'),
    member(jamesBay, 'dev'),
    member(jamesBay, 'gus'),
    member(jamesBay, 'farah'),
    {
      ...member(jamesBay, 'jun'),
      status: 'pending' as const,
      joinedAt: null,
      joinAnswers: [
        { question: 'Which street do you live closest to?', answer: 'Menzies Street' },
        { question: 'How would you like to help?', answer: 'Rides on weekends; I have a car.' },
      ],
    },
    member(pod, 'ben', 'admin'),
    member(pod, 'gus'),
  ]);

  await db.insert(t.helperProfiles).values([
    {
      groupId: fernwood,
      userId: user('dev'),
      categories: ['groceries', 'transport', 'repairs'],
      travelKm: 5,
      availability: 'Weekday evenings and Saturday mornings',
      languages: ['en', 'pa'],
      hasCar: true,
      latitude: 48.43,
      longitude: -123.345,
      availableUntil: new Date(now + 4 * HOUR),
    },
    {
      groupId: fernwood,
      userId: user('farah'),
      categories: ['meals', 'chat', 'errands'],
      travelKm: 2,
      availability: 'Afternoons',
      languages: ['fr', 'ar', 'en'],
      latitude: 48.435,
      longitude: -123.35,
    },
    {
      groupId: stRoch,
      userId: user('hana'),
      categories: ['groceries', 'paperwork'],
      travelKm: 3,
      availability: 'Le soir et la fin de semaine',
      languages: ['fr', 'zh'],
      latitude: 46.815,
      longitude: -71.225,
    },
    {
      groupId: jamesBay,
      userId: user('dev'),
      categories: ['groceries', 'transport', 'household'],
      travelKm: 4,
      availability: 'Weekends',
      languages: ['en', 'pa'],
      hasCar: true,
      latitude: 48.415,
      longitude: -123.365,
    },
    {
      groupId: jamesBay,
      userId: user('farah'),
      categories: ['prescriptions', 'chat', 'household'],
      travelKm: 2,
      availability: 'Mornings',
      languages: ['fr', 'ar', 'en'],
      latitude: 48.42,
      longitude: -123.37,
      availableUntil: new Date(now + 2 * HOUR),
    },
  ]);
  await db.insert(t.idChecks).values({
    groupId: jamesBay,
    userId: user('farah'),
    checkedBy: user('elif'),
    checkedAt: ago(10 * DAY),
  });

  // Posts. Each ask has a private record; its public point is only ever shown rounded.
  type NewPost = typeof t.posts.$inferInsert;
  let nextPost = 0;
  const posts: NewPost[] = [];
  const privates: Array<typeof t.postPrivate.$inferInsert> = [];
  const post = (fields: Omit<NewPost, 'id' | 'createdAt' | 'updatedAt'> & { hoursAgo: number }) => {
    const { hoursAgo, ...rest } = fields;
    const id = seedId(0x30, nextPost++);
    const createdAt = ago(hoursAgo * HOUR);
    posts.push({
      ...rest,
      id,
      createdAt,
      updatedAt: createdAt,
      ...(rest.kind === 'ask' && !rest.expiresAt
        ? { expiresAt: new Date(createdAt.getTime() + 14 * DAY) }
        : {}),
    });
    return id;
  };
  const privately = (
    postId: string,
    address: string,
    phone: string,
    notes: string,
    at: [number, number],
  ) =>
    privates.push({
      postId,
      address,
      phone,
      accessNotes: notes,
      contactPreference: 'Text first, please',
      latitude: at[0],
      longitude: at[1],
    });

  const groceries = post({
    groupId: fernwood,
    authorId: user('ben'),
    kind: 'ask',
    category: 'groceries',
    title: 'Groceries for this week',
    body: 'I am recovering from surgery and cannot carry bags. A small shop: milk, bread, fruit, soup.\nI can pay back by e-transfer.',
    urgency: 'this-week',
    timeWindow: 'Any afternoon before Friday',
    peopleCount: 1,
    latitude: 48.4327,
    longitude: -123.3431,
    locationName: 'Near Fernwood Square',
    hoursAgo: 30,
  });
  privately(
    groceries,
    '1412 Demo Lane, Victoria',
    '250-555-0101',
    'Blue door at the back',
    [48.4327, -123.3431],
  );
  const prescription = post({
    groupId: fernwood,
    authorId: user('gus'),
    kind: 'ask',
    category: 'prescriptions',
    title: 'Pick up a prescription from the pharmacy on Fort Street',
    body: 'It is paid for already; they just need my name.',
    urgency: 'today',
    latitude: 48.4271,
    longitude: -123.3512,
    hoursAgo: 5,
  });
  privately(
    prescription,
    '2020 Example Avenue, Victoria',
    '250-555-0102',
    'Ring twice; I am slow to the door',
    [48.4271, -123.3512],
  );
  const ride = post({
    groupId: fernwood,
    authorId: user('gus'),
    kind: 'ask',
    category: 'transport',
    title: 'A ride to the Royal Jubilee clinic',
    body: 'Appointment at 10:30 on Tuesday. I use a walker that folds.',
    urgency: 'this-week',
    latitude: 48.4333,
    longitude: -123.3275,
    hoursAgo: 72,
    status: 'closed',
    closedReason: 'fulfilled',
    closedAt: ago(20 * HOUR),
  });
  privately(
    ride,
    '2020 Example Avenue, Victoria',
    '250-555-0102',
    'Ring twice',
    [48.4271, -123.3512],
  );
  const shelf = post({
    groupId: fernwood,
    authorId: user('ben'),
    kind: 'ask',
    category: 'repairs',
    title: 'Fix a wobbly shelf',
    body: 'Needs two screws and someone taller than me.',
    urgency: 'flexible',
    latitude: 48.4327,
    longitude: -123.3431,
    hoursAgo: 120,
  });
  privately(
    shelf,
    '1412 Demo Lane, Victoria',
    '250-555-0101',
    'Blue door at the back',
    [48.4327, -123.3431],
  );
  const soup = post({
    groupId: fernwood,
    authorId: user('farah'),
    kind: 'offer',
    category: 'meals',
    title: 'Lentil soup, six portions',
    body: 'Made too much. Vegetarian, no nuts. I can drop it off nearby.',
    availability: 'Today and tomorrow',
    quantity: '6 portions',
    travelKm: 2,
    latitude: 48.435,
    longitude: -123.35,
    hoursAgo: 8,
  });
  post({
    groupId: fernwood,
    authorId: user('dev'),
    kind: 'offer',
    category: 'transport',
    title: 'Rides to appointments on weekends',
    body: 'I have a car with room for a walker or a folded wheelchair.',
    availability: 'Saturdays and Sundays',
    isOngoing: true,
    travelKm: 10,
    latitude: 48.43,
    longitude: -123.345,
    hoursAgo: 200,
    isPinned: true,
  });
  post({
    groupId: fernwood,
    authorId: user('amara'),
    kind: 'info',
    title: 'Free flu shots at the community centre on Saturday',
    body: 'Walk in from 10 to 2. Bring your health card. https://example.org/flu-clinic',
    linkUrl: 'https://example.org/flu-clinic',
    hoursAgo: 48,
  });
  const poll = post({
    groupId: fernwood,
    authorId: user('amara'),
    kind: 'question',
    title: 'When should we hold the next neighbourhood meeting?',
    body: 'In person at the community centre, with a phone line for anyone who cannot come.',
    hoursAgo: 60,
  });
  const flat = post({
    groupId: fernwood,
    authorId: user('jun'),
    kind: 'offer',
    category: 'repairs',
    title: 'I can fix bike flats',
    body: 'Bring the bike by, or I come to you with a pump and patches.',
    availability: 'Evenings',
    isOngoing: true,
    latitude: 48.431,
    longitude: -123.349,
    hoursAgo: 3,
    isHeld: false,
  });
  const epicerie = post({
    groupId: stRoch,
    authorId: user('ines'),
    kind: 'ask',
    category: 'groceries',
    title: 'Épicerie pour la semaine',
    body: "J'ai la grippe et je ne peux pas sortir. Du lait, du pain, des fruits et de la soupe.",
    urgency: 'today',
    latitude: 46.8128,
    longitude: -71.2231,
    hoursAgo: 20,
  });
  privately(
    epicerie,
    '300, rue de la Démo, Québec',
    '418-555-0103',
    'Sonnez au 3',
    [46.8128, -71.2231],
  );
  const impots = post({
    groupId: stRoch,
    authorId: user('ines'),
    kind: 'ask',
    category: 'paperwork',
    title: "Aide pour ma déclaration d'impôts",
    body: 'Je cherche quelqu’un de patient pour remplir les formulaires avec moi.',
    urgency: 'flexible',
    latitude: 46.8128,
    longitude: -71.2231,
    hoursAgo: 150,
    status: 'closed',
    closedReason: 'fulfilled',
    closedAt: ago(50 * HOUR),
  });
  privately(
    impots,
    '300, rue de la Démo, Québec',
    '418-555-0103',
    'Sonnez au 3',
    [46.8128, -71.2231],
  );
  post({
    groupId: stRoch,
    authorId: user('hana'),
    kind: 'offer',
    category: 'meals',
    title: 'Repas chauds le dimanche',
    body: 'Je cuisine pour quatre personnes de plus chaque dimanche.',
    availability: 'Le dimanche',
    isOngoing: true,
    latitude: 46.815,
    longitude: -71.225,
    hoursAgo: 90,
  });
  post({
    groupId: stRoch,
    authorId: user('chloe'),
    kind: 'info',
    title: 'Le comptoir alimentaire est ouvert jeudi',
    body: 'De 13 h à 17 h, au sous-sol de l’église. Apportez vos sacs.',
    hoursAgo: 26,
  });
  const checkIn = post({
    groupId: jamesBay,
    authorId: user('elif'),
    kind: 'ask',
    category: 'household',
    title: 'Weekly check-in visit for a neighbour',
    body: 'A neighbour who phoned our line would like someone to visit for tea once a week.',
    urgency: 'this-week',
    isOnBehalf: true,
    latitude: 48.4132,
    longitude: -123.3712,
    hoursAgo: 40,
  });
  privates.push({
    postId: checkIn,
    address: '55 Sample Road, Victoria',
    phone: '250-555-0104',
    accessNotes: 'Hard of hearing: knock loudly',
    contactPreference: 'Phone, mornings',
    neighbourName: 'Rose',
    latitude: 48.4132,
    longitude: -123.3712,
  });
  const pharmacyRun = post({
    groupId: jamesBay,
    authorId: user('gus'),
    kind: 'ask',
    category: 'prescriptions',
    title: 'Pharmacy run on Menzies Street',
    body: 'Two boxes to pick up; they are expecting someone.',
    urgency: 'today',
    latitude: 48.4155,
    longitude: -123.3695,
    hoursAgo: 26,
  });
  privately(
    pharmacyRun,
    '2020 Example Avenue, Victoria',
    '250-555-0102',
    'Ring twice',
    [48.4155, -123.3695],
  );
  const waterHeater = post({
    groupId: jamesBay,
    authorId: user('gus'),
    kind: 'ask',
    category: 'household',
    title: 'Someone to wait in for the water heater repair',
    body: 'The repair person comes between 9 and 12 on Thursday.',
    urgency: 'this-week',
    latitude: 48.4155,
    longitude: -123.3695,
    hoursAgo: 100,
    status: 'closed',
    closedReason: 'fulfilled',
    closedAt: ago(80 * HOUR),
  });
  privately(
    waterHeater,
    '2020 Example Avenue, Victoria',
    '250-555-0102',
    'Key with the neighbour',
    [48.4155, -123.3695],
  );
  const groceriesJb = post({
    groupId: jamesBay,
    authorId: user('elif'),
    kind: 'ask',
    category: 'groceries',
    title: 'Groceries for a family of four',
    body: 'A neighbour without internet called our line: pasta, rice, vegetables, diapers (size 4).',
    urgency: 'today',
    peopleCount: 4,
    isOnBehalf: true,
    latitude: 48.4171,
    longitude: -123.3651,
    hoursAgo: 18,
  });
  // For the board's "Tidy up": an ask whose date passed with nobody helping, and a match that
  // has heard nothing for days.
  post({
    groupId: jamesBay,
    authorId: user('dev'),
    kind: 'ask',
    category: 'transport',
    title: 'A lift to the Saturday market',
    body: 'Two bags of preserves for the stall; back by noon.',
    urgency: 'this-week',
    neededBy: ago(72 * HOUR)
      .toISOString()
      .slice(0, 10),
    latitude: 48.4149,
    longitude: -123.3763,
    hoursAgo: 130,
  });
  const bookcase = post({
    groupId: jamesBay,
    authorId: user('gus'),
    kind: 'ask',
    category: 'household',
    title: 'Help carrying a bookcase upstairs',
    body: 'Flat-packed, about 30 kg; second floor, no lift.',
    urgency: 'flexible',
    latitude: 48.4155,
    longitude: -123.3695,
    hoursAgo: 150,
  });
  privates.push({
    postId: groceriesJb,
    address: '9 Placeholder Crescent, Victoria',
    phone: '250-555-0105',
    accessNotes: 'Apartment 2B; buzzer broken, call on arrival',
    contactPreference: 'Phone',
    neighbourName: 'Marisol',
    latitude: 48.4171,
    longitude: -123.3651,
  });
  await db.insert(t.posts).values(posts);
  // The demo's asks are old news: nobody is alerted to them when the server starts.
  await db
    .insert(t.askAlerts)
    .values(posts.filter((post) => post.kind === 'ask').map((post) => ({ postId: post.id! })));
  await db.insert(t.postPrivate).values(privates);

  const pollChoices = await db
    .insert(t.pollOptions)
    .values(
      ['Tuesday evening', 'Saturday morning', 'Sunday afternoon'].map((label, position) => ({
        postId: poll,
        position,
        label,
      })),
    )
    .returning();
  await db.insert(t.pollVotes).values([
    { postId: poll, userId: user('ben'), optionId: pollChoices[1]!.id },
    { postId: poll, userId: user('dev'), optionId: pollChoices[1]!.id },
    { postId: poll, userId: user('gus'), optionId: pollChoices[0]!.id },
  ]);

  const comment = (postId: string, key: string, body: string, hoursAgo: number) => ({
    postId,
    authorId: user(key),
    body,
    createdAt: ago(hoursAgo * HOUR),
  });
  const [question] = await db
    .insert(t.comments)
    .values(comment(soup, 'gus', 'Could I have two portions? I am on Chambers Street.', 7))
    .returning();
  await db.insert(t.comments).values([
    {
      ...comment(soup, 'farah', 'Of course! I will bring them by this evening.', 6),
      parentId: question!.id,
    },
    comment(groceries, 'amara', 'Thanks for asking, Ben. Someone will be in touch soon.', 29),
    comment(flat, 'ben', 'Great idea, my back tyre is flat.', 2),
    comment(epicerie, 'chloe', 'Merci Inès, on s’en occupe.', 19),
  ]);
  const react = (
    postId: string,
    key: string,
    kind: 'heart' | 'thanks' | 'support' | 'celebrate',
  ) => ({
    postId,
    userId: user(key),
    kind,
  });
  await db
    .insert(t.reactions)
    .values([
      react(soup, 'ben', 'heart'),
      react(soup, 'gus', 'thanks'),
      react(soup, 'amara', 'heart'),
      react(ride, 'amara', 'celebrate'),
      react(groceries, 'farah', 'support'),
      react(epicerie, 'hana', 'support'),
      react(impots, 'chloe', 'celebrate'),
    ]);

  // Matches in every state, each with the response it came from, its timeline and its thread.
  type MatchStatus = 'accepted' | 'done' | 'confirmed' | 'closed' | 'withdrawn' | 'reassigned';
  let nextMatch = 0;
  const match = async (spec: {
    postId: string;
    asker: string;
    helper: string;
    status: MatchStatus;
    matchedBy: string;
    hoursAgo: number;
    thankYou?: string;
    assigned?: boolean;
    messages?: Array<[string, string]>;
    reason?: string;
  }) => {
    const id = seedId(0x60, nextMatch++);
    const at = spec.hoursAgo * HOUR;
    let responseId: string | null = null;
    if (!spec.assigned) {
      const [response] = await db
        .insert(t.responses)
        .values({
          postId: spec.postId,
          responderId: user(spec.helper),
          note: 'I live close by and can do this.',
          status:
            spec.status === 'withdrawn' || spec.status === 'reassigned' ? 'withdrawn' : 'accepted',
          createdAt: ago(at + HOUR),
        })
        .returning();
      responseId = response!.id;
    }
    const finished = ['confirmed', 'closed', 'withdrawn', 'reassigned'].includes(spec.status);
    await db.insert(t.matches).values({
      id,
      postId: spec.postId,
      askerId: user(spec.asker),
      helperId: user(spec.helper),
      responseId,
      status: spec.status,
      matchedBy: user(spec.matchedBy),
      thankYou: spec.thankYou ?? null,
      createdAt: ago(at),
      doneAt: ['done', 'confirmed', 'closed'].includes(spec.status) ? ago(at - 2 * HOUR) : null,
      endedAt: finished ? ago(at - 3 * HOUR) : null,
      // The demo's matches are old news: the follow-ups job asks nobody about them.
      remindedAt: ago(at),
      followedUpAt: ago(at),
      escalatedAt: ago(at),
    });
    type EventKind = typeof t.matchEvents.$inferInsert.kind;
    const events: Array<[EventKind, string]> = [
      ...(spec.assigned ? [] : [['responded', spec.helper] as [EventKind, string]]),
      [spec.assigned ? 'assigned' : 'accepted', spec.matchedBy],
    ];
    if (spec.messages?.length) events.push(['message', spec.messages[0]![0]]);
    if (['done', 'confirmed', 'closed'].includes(spec.status)) events.push(['done', spec.helper]);
    if (spec.status === 'confirmed') events.push(['confirmed', spec.asker]);
    if (spec.status === 'closed') events.push(['closed', spec.matchedBy]);
    if (spec.status === 'withdrawn') events.push(['withdrawn', spec.helper]);
    if (spec.status === 'reassigned') events.push(['reassigned', spec.matchedBy]);
    await db.insert(t.matchEvents).values(
      events.map(([kind, key], i) => ({
        matchId: id,
        kind,
        actorId: user(key),
        reason: kind === 'withdrawn' || kind === 'reassigned' ? (spec.reason ?? null) : null,
        createdAt: ago(at - i * 30 * 60_000),
      })),
    );
    if (spec.messages?.length) {
      await db.insert(t.matchMessages).values(
        spec.messages.map(([key, body], i) => ({
          matchId: id,
          authorId: user(key),
          body,
          createdAt: ago(at - (i + 1) * 20 * 60_000),
        })),
      );
    }
    return id;
  };
  // Fernwood (peer): accepted, done, confirmed; a pending response waiting on the shelf.
  await match({
    postId: groceries,
    asker: 'ben',
    helper: 'dev',
    status: 'accepted',
    matchedBy: 'ben',
    hoursAgo: 26,
    messages: [
      ['dev', 'Hi Ben, I can go on Thursday after work. Anything else you need?'],
      ['ben', 'Some apples too, please. Thank you!'],
    ],
  });
  const prescriptionMatch = await match({
    postId: prescription,
    asker: 'gus',
    helper: 'farah',
    status: 'done',
    matchedBy: 'gus',
    hoursAgo: 4,
    messages: [['farah', 'Picked up, dropping it off in ten minutes.']],
  });
  await match({
    postId: ride,
    asker: 'gus',
    helper: 'dev',
    status: 'confirmed',
    matchedBy: 'gus',
    hoursAgo: 60,
    thankYou: 'Dev was on time and waited for me. Thank you!',
    messages: [['dev', 'I will be outside at 10:00.']],
  });
  await db.insert(t.responses).values({
    postId: shelf,
    responderId: user('jun'),
    note: 'I have a drill. Saturday?',
    createdAt: ago(100 * HOUR),
  });
  // Saint-Roch (peer, in French): a withdrawn helper and a confirmed match with thanks.
  await match({
    postId: epicerie,
    asker: 'ines',
    helper: 'farah',
    status: 'withdrawn',
    matchedBy: 'ines',
    hoursAgo: 18,
    reason: 'Je suis malade moi aussi, désolée.',
  });
  await db.insert(t.responses).values({
    postId: epicerie,
    responderId: user('hana'),
    note: 'Je peux y aller ce soir.',
    createdAt: ago(12 * HOUR),
  });
  await match({
    postId: impots,
    asker: 'ines',
    helper: 'hana',
    status: 'confirmed',
    matchedBy: 'ines',
    hoursAgo: 140,
    thankYou: 'Merci Hana, tout est envoyé !',
    messages: [['hana', 'Mardi à 18 h, ça vous va ?']],
  });
  // James Bay (dispatch): reassigned then assigned again, closed by a moderator; the visit
  // waits for a checked helper; the groceries have nobody yet (the board's "new" column).
  await match({
    postId: pharmacyRun,
    asker: 'gus',
    helper: 'dev',
    status: 'reassigned',
    matchedBy: 'elif',
    hoursAgo: 25,
    assigned: true,
    reason: 'Dev is away this week.',
  });
  await match({
    postId: pharmacyRun,
    asker: 'gus',
    helper: 'farah',
    status: 'accepted',
    matchedBy: 'elif',
    hoursAgo: 20,
    assigned: true,
    messages: [['elif', 'Farah, the pharmacy expects you before 6.']],
  });
  await match({
    postId: bookcase,
    asker: 'gus',
    helper: 'dev',
    status: 'accepted',
    matchedBy: 'elif',
    hoursAgo: 120,
    assigned: true,
  });
  await match({
    postId: waterHeater,
    asker: 'gus',
    helper: 'farah',
    status: 'closed',
    matchedBy: 'elif',
    hoursAgo: 90,
    assigned: true,
  });
  await db.insert(t.responses).values({
    postId: checkIn,
    responderId: user('dev'),
    note: 'Happy to visit on Sundays.',
    createdAt: ago(30 * HOUR),
  });

  // Old news by the time anyone opens the demo: counted as delivered, so none is emailed.
  const demoNotifications: Array<typeof t.notifications.$inferInsert> = [
    {
      userId: user('ben'),
      kind: 'response',
      postId: shelf,
      actorId: user('jun'),
      createdAt: ago(100 * HOUR),
    },
    {
      userId: user('gus'),
      kind: 'done',
      postId: prescription,
      matchId: prescriptionMatch,
      actorId: user('farah'),
      createdAt: ago(2 * HOUR),
    },
    {
      userId: user('ines'),
      kind: 'response',
      postId: epicerie,
      actorId: user('hana'),
      createdAt: ago(12 * HOUR),
    },
  ];
  await db
    .insert(t.notifications)
    .values(demoNotifications.map((row) => ({ ...row, deliveredAt: row.createdAt })));
  return { people: PEOPLE.length, groups: 5, posts: posts.length };
}

export const DEMO_PEOPLE = PEOPLE;
