/**
 * The report's words in the brand's language (English, Russian, Romanian,
 * Arabic): headings, figures' names, the labels of kinds, topics, sentiments,
 * languages, follow-up outcomes and idea statuses, and dates and numbers
 * formatted by that language (Intl, UTC). The HTML (and so the PDF) and the
 * CSV's `label` column read them from here; keys and figures stay as they are.
 */
export const REPORT_LANGUAGES = ['en', 'ru', 'ro', 'ar'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const isReportLanguage = (l: unknown): l is ReportLanguage => typeof l === 'string' && (REPORT_LANGUAGES as readonly string[]).includes(l);

/** Languages written right to left: the report page is mirrored for them. */
export const RTL_REPORT_LANGUAGES: ReadonlySet<ReportLanguage> = new Set(['ar']);

interface Words {
  title: (brand: string, period: string) => string;
  /** The <title> of the page. */
  pageTitle: (brand: string, period: string) => string;
  /** The scheduled report's e-mail: subject, and a line of figures (`kinds`: "label: n, …") before the attachment. */
  mailSubject: (brand: string, period: string) => string;
  mailBody: (brand: string, period: string, total: string, previous: string, kinds: string) => string;
  dates: (from: string, to: string, generated: string) => string;
  previousPeriod: (from: string, to: string) => string;
  quarter: (year: number, q: number) => string;
  /** "1 of 27", numbers already formatted. */
  countOf: (k: string, n: string) => string;
  kpi: { mentions: string; median: string; p90: string; withinTarget: string; breaches: string; resolved: string };
  /** A figure that was zero in the previous period. */
  isNew: string;
  section: {
    byKind: string;
    byTopic: string;
    kindByTopic: string;
    byChannelLanguage: string;
    sentimentByWeek: string;
    responses: string;
    ideas: string;
    systemic: string;
    campaigns: string;
  };
  head: {
    kind: string;
    thisPeriod: string;
    previous: string;
    change: string;
    channel: string;
    mentions: string;
    language: string;
    measure: string;
    value: string;
    reason: string;
    cases: string;
    status: string;
    ideas: string;
  };
  measure: {
    opened: string;
    answered: string;
    median: string;
    p90: string;
    breaches: string;
    resolved: string;
    reopened: string;
    notEngaged: string;
    followUp: (outcome: string) => string;
  };
  notEngagedReasons: string;
  /** The troll policy's own reason for not engaging (a reason people typed is shown as typed). */
  trollPolicyReason: string;
  noIdeas: string;
  noSystemic: string;
  noCampaigns: string;
  spike: (observed: string, expected: string, at: string) => string;
  campaign: (size: string, authors: string, at: string) => string;
  minutes: (n: string) => string;
  /** "minutes" as a unit, for a column of them. */
  minuteUnit: string;
  hours: (n: string) => string;
  /** The CSV's tables, as its `label` column names them. */
  table: Record<string, string>;
  kinds: Record<string, string>;
  topics: Record<string, string>;
  sentiments: Record<string, string>;
  languages: Record<string, string>;
  followUps: Record<string, string>;
  ideaStatuses: Record<string, string>;
}

const en: Words = {
  title: (b, p) => `${b}: mentions report, ${p}`,
  pageTitle: (b, p) => `${b} — report ${p}`,
  mailSubject: (b, p) => `${b}: mentions report ${p}`,
  mailBody: (b, p, n, prev, k) => `${b}, ${p}: ${n} mentions (previous period ${prev}); ${k}. The full report is attached.`,
  dates: (f, t, g) => `${f} – ${t}; generated ${g} UTC.`,
  previousPeriod: (f, t) => `Previous period: ${f} – ${t}.`,
  quarter: (y, q) => `Q${q} ${y}`,
  countOf: (k, n) => `${k} of ${n}`,
  kpi: {
    mentions: 'mentions',
    median: 'median first response',
    p90: '90th percentile',
    withinTarget: 'answered within target',
    breaches: 'deadlines breached',
    resolved: 'cases resolved',
  },
  isNew: 'new',
  section: {
    byKind: 'Mentions by kind (lighter: previous period)',
    byTopic: 'By topic',
    kindByTopic: 'Kind × topic',
    byChannelLanguage: 'By channel and language',
    sentimentByWeek: 'Sentiment by week',
    responses: 'Response and cases',
    ideas: 'Ideas collected',
    systemic: 'Systemic problems',
    campaigns: 'Coordinated campaigns',
  },
  head: {
    kind: 'kind',
    thisPeriod: 'this period',
    previous: 'previous',
    change: 'change',
    channel: 'channel',
    mentions: 'mentions',
    language: 'language',
    measure: 'measure',
    value: 'value',
    reason: 'reason',
    cases: 'cases',
    status: 'status',
    ideas: 'ideas',
  },
  measure: {
    opened: 'cases opened',
    answered: 'answered',
    median: 'median first response',
    p90: '90th percentile',
    breaches: 'deadlines breached',
    resolved: 'resolved',
    reopened: 'reopened',
    notEngaged: 'not engaged',
    followUp: (o) => `follow-up: ${o}`,
  },
  notEngagedReasons: 'Not engaged, with reasons:',
  trollPolicyReason: 'policy: trolling — do not feed trolls (at most one short, calm public reaction)',
  noIdeas: 'No ideas this period.',
  noSystemic: 'No topic rose above its usual level.',
  noCampaigns: 'None found.',
  spike: (o, e, at) => `${o} in 3 hours against a usual ${e} (${at})`,
  campaign: (s, a, at) => `${s} near-identical posts from ${a} authors, from ${at}`,
  minutes: (n) => `${n} min`,
  minuteUnit: 'minutes',
  hours: (n) => `${n} h`,
  table: {
    by_kind: 'Mentions by kind',
    by_topic: 'By topic',
    by_channel: 'By channel',
    by_language: 'By language',
    kind_by_topic: 'Kind × topic',
    sentiment_by_week: 'Sentiment by week',
    responses: 'Responses',
    cases: 'Cases',
    not_engaging_reasons: 'Not engaged: reasons',
    follow_ups: 'Follow-ups',
    ideas: 'Ideas',
    systemic_problems: 'Systemic problems',
    campaigns: 'Coordinated campaigns',
  },
  kinds: {
    constructive: 'constructive',
    impulsive: 'impulsive',
    trolling: 'trolling',
    black_pr: 'black PR',
    question: 'question',
    praise: 'praise',
    idea: 'idea',
    neutral: 'neutral',
  },
  topics: {
    service: 'service',
    product_quality: 'product quality',
    staff: 'staff',
    price: 'price',
    website: 'website',
    delivery: 'delivery',
    billing: 'billing',
    other: 'other',
  },
  sentiments: { negative: 'negative', neutral: 'neutral', positive: 'positive' },
  languages: { en: 'English', ru: 'Russian', ro: 'Romanian', ar: 'Arabic', und: 'unknown' },
  followUps: { solved: 'solved', not_solved: 'not solved', dismissed: 'dismissed' },
  ideaStatuses: { new: 'new', discussed: 'discussed', planned: 'planned', declined: 'declined', done: 'done' },
};

const ru: Words = {
  title: (b, p) => `${b}: отчёт об упоминаниях, ${p}`,
  pageTitle: (b, p) => `${b} — отчёт за ${p}`,
  mailSubject: (b, p) => `${b}: отчёт об упоминаниях за ${p}`,
  mailBody: (b, p, n, prev, k) => `${b}, ${p}: упоминаний — ${n} (в предыдущем периоде ${prev}); ${k}. Полный отчёт во вложении.`,
  dates: (f, t, g) => `${f} – ${t}; составлен ${g} UTC.`,
  previousPeriod: (f, t) => `Предыдущий период: ${f} – ${t}.`,
  quarter: (y, q) => `${['I', 'II', 'III', 'IV'][q - 1]} квартал ${y} г.`,
  countOf: (k, n) => `${k} из ${n}`,
  kpi: {
    mentions: 'упоминаний',
    median: 'медиана первого ответа',
    p90: '90-й перцентиль',
    withinTarget: 'отвечено в срок',
    breaches: 'сроков нарушено',
    resolved: 'кейсов решено',
  },
  isNew: 'новое',
  section: {
    byKind: 'Упоминания по типам (светлее — предыдущий период)',
    byTopic: 'По темам',
    kindByTopic: 'Тип × тема',
    byChannelLanguage: 'По каналам и языкам',
    sentimentByWeek: 'Тональность по неделям',
    responses: 'Ответы и кейсы',
    ideas: 'Собранные идеи',
    systemic: 'Системные проблемы',
    campaigns: 'Скоординированные кампании',
  },
  head: {
    kind: 'тип',
    thisPeriod: 'этот период',
    previous: 'предыдущий',
    change: 'изменение',
    channel: 'канал',
    mentions: 'упоминаний',
    language: 'язык',
    measure: 'показатель',
    value: 'значение',
    reason: 'причина',
    cases: 'кейсов',
    status: 'статус',
    ideas: 'идей',
  },
  measure: {
    opened: 'кейсов открыто',
    answered: 'отвечено',
    median: 'медиана первого ответа',
    p90: '90-й перцентиль',
    breaches: 'сроков нарушено',
    resolved: 'решено',
    reopened: 'открыто повторно',
    notEngaged: 'без ответа по решению команды',
    followUp: (o) => `обратная связь: ${o}`,
  },
  notEngagedReasons: 'Оставлены без ответа, с причинами:',
  trollPolicyReason: 'по правилу: троллинг — не кормим троллей (не больше одной короткой спокойной публичной реакции)',
  noIdeas: 'За этот период идей нет.',
  noSystemic: 'Ни одна тема не поднялась выше обычного уровня.',
  noCampaigns: 'Не найдено.',
  spike: (o, e, at) => `${o} за 3 часа при обычных ${e} (${at})`,
  campaign: (s, a, at) => `${s} почти одинаковых постов от ${a} авторов, начиная с ${at}`,
  minutes: (n) => `${n} мин`,
  minuteUnit: 'минуты',
  hours: (n) => `${n} ч`,
  table: {
    by_kind: 'Упоминания по типам',
    by_topic: 'По темам',
    by_channel: 'По каналам',
    by_language: 'По языкам',
    kind_by_topic: 'Тип × тема',
    sentiment_by_week: 'Тональность по неделям',
    responses: 'Ответы',
    cases: 'Кейсы',
    not_engaging_reasons: 'Без ответа: причины',
    follow_ups: 'Обратная связь',
    ideas: 'Идеи',
    systemic_problems: 'Системные проблемы',
    campaigns: 'Скоординированные кампании',
  },
  kinds: {
    constructive: 'конструктив',
    impulsive: 'эмоциональный всплеск',
    trolling: 'троллинг',
    black_pr: 'черный пиар',
    question: 'вопрос',
    praise: 'похвала',
    idea: 'идея',
    neutral: 'нейтральное',
  },
  topics: {
    service: 'обслуживание',
    product_quality: 'качество товара',
    staff: 'персонал',
    price: 'цена',
    website: 'сайт',
    delivery: 'доставка',
    billing: 'оплата и счета',
    other: 'другое',
  },
  sentiments: { negative: 'негативная', neutral: 'нейтральная', positive: 'позитивная' },
  languages: { en: 'английский', ru: 'русский', ro: 'румынский', ar: 'арабский', und: 'не определён' },
  followUps: { solved: 'решено', not_solved: 'не решено', dismissed: 'отменена' },
  ideaStatuses: { new: 'новая', discussed: 'обсуждается', planned: 'в планах', declined: 'отклонена', done: 'сделана' },
};

const ro: Words = {
  title: (b, p) => `${b}: raport despre mențiuni, ${p}`,
  pageTitle: (b, p) => `${b} — raport ${p}`,
  mailSubject: (b, p) => `${b}: raport despre mențiuni, ${p}`,
  mailBody: (b, p, n, prev, k) => `${b}, ${p}: ${n} mențiuni (în perioada anterioară ${prev}); ${k}. Raportul complet este atașat.`,
  dates: (f, t, g) => `${f} – ${t}; generat ${g} UTC.`,
  previousPeriod: (f, t) => `Perioada anterioară: ${f} – ${t}.`,
  quarter: (y, q) => `trimestrul ${q} ${y}`,
  countOf: (k, n) => `${k} din ${n}`,
  kpi: {
    mentions: 'mențiuni',
    median: 'timp median până la primul răspuns',
    p90: 'percentila 90',
    withinTarget: 'răspunsuri în termen',
    breaches: 'termene depășite',
    resolved: 'cazuri rezolvate',
  },
  isNew: 'nou',
  section: {
    byKind: 'Mențiuni după tip (mai deschis: perioada anterioară)',
    byTopic: 'După subiect',
    kindByTopic: 'Tip × subiect',
    byChannelLanguage: 'După canal și limbă',
    sentimentByWeek: 'Tonul pe săptămâni',
    responses: 'Răspunsuri și cazuri',
    ideas: 'Idei colectate',
    systemic: 'Probleme sistemice',
    campaigns: 'Campanii coordonate',
  },
  head: {
    kind: 'tip',
    thisPeriod: 'perioada aceasta',
    previous: 'anterioară',
    change: 'variație',
    channel: 'canal',
    mentions: 'mențiuni',
    language: 'limbă',
    measure: 'indicator',
    value: 'valoare',
    reason: 'motiv',
    cases: 'cazuri',
    status: 'stare',
    ideas: 'idei',
  },
  measure: {
    opened: 'cazuri deschise',
    answered: 'cu răspuns',
    median: 'timp median până la primul răspuns',
    p90: 'percentila 90',
    breaches: 'termene depășite',
    resolved: 'rezolvate',
    reopened: 'redeschise',
    notEngaged: 'fără răspuns, prin decizie',
    followUp: (o) => `revenire: ${o}`,
  },
  notEngagedReasons: 'Fără răspuns, cu motivele:',
  trollPolicyReason: 'conform regulii: trolling — nu hrănim trolii (cel mult o reacție publică scurtă și calmă)',
  noIdeas: 'Nicio idee în această perioadă.',
  noSystemic: 'Niciun subiect nu a crescut peste nivelul obișnuit.',
  noCampaigns: 'Nu s-a găsit nimic.',
  spike: (o, e, at) => `${o} în 3 ore față de ${e} de obicei (${at})`,
  campaign: (s, a, at) => `${s} postări aproape identice de la ${a} autori, începând cu ${at}`,
  minutes: (n) => `${n} min`,
  minuteUnit: 'minute',
  hours: (n) => `${n} h`,
  table: {
    by_kind: 'Mențiuni după tip',
    by_topic: 'După subiect',
    by_channel: 'După canal',
    by_language: 'După limbă',
    kind_by_topic: 'Tip × subiect',
    sentiment_by_week: 'Tonul pe săptămâni',
    responses: 'Răspunsuri',
    cases: 'Cazuri',
    not_engaging_reasons: 'Fără răspuns: motive',
    follow_ups: 'Reveniri',
    ideas: 'Idei',
    systemic_problems: 'Probleme sistemice',
    campaigns: 'Campanii coordonate',
  },
  kinds: {
    constructive: 'constructiv',
    impulsive: 'impulsiv',
    trolling: 'trolling',
    black_pr: 'PR negru',
    question: 'întrebare',
    praise: 'laudă',
    idea: 'idee',
    neutral: 'neutru',
  },
  topics: {
    service: 'servicii',
    product_quality: 'calitatea produsului',
    staff: 'personal',
    price: 'preț',
    website: 'site',
    delivery: 'livrare',
    billing: 'facturare',
    other: 'altele',
  },
  sentiments: { negative: 'negativ', neutral: 'neutru', positive: 'pozitiv' },
  languages: { en: 'engleză', ru: 'rusă', ro: 'română', ar: 'arabă', und: 'necunoscută' },
  followUps: { solved: 'rezolvat', not_solved: 'nerezolvat', dismissed: 'anulată' },
  ideaStatuses: { new: 'nouă', discussed: 'discutată', planned: 'planificată', declined: 'respinsă', done: 'realizată' },
};

const ar: Words = {
  title: (b, p) => `${b}: تقرير الإشارات، ${p}`,
  pageTitle: (b, p) => `${b} — تقرير ${p}`,
  mailSubject: (b, p) => `${b}: تقرير الإشارات، ${p}`,
  mailBody: (b, p, n, prev, k) => `${b}، ${p}: ${n} إشارة (في الفترة السابقة ${prev})؛ ${k}. التقرير الكامل مرفق.`,
  dates: (f, t, g) => `${f} – ${t}؛ أُعدّ في ${g} بالتوقيت العالمي.`,
  previousPeriod: (f, t) => `الفترة السابقة: ${f} – ${t}.`,
  quarter: (y, q) => `الربع ${['الأول', 'الثاني', 'الثالث', 'الرابع'][q - 1]} ${y}`,
  countOf: (k, n) => `${k} من ${n}`,
  kpi: {
    mentions: 'إشارة',
    median: 'الوسيط لأول رد',
    p90: 'المئين التسعون',
    withinTarget: 'رُدّ عليها ضمن المهلة',
    breaches: 'مهلة متجاوزة',
    resolved: 'حالة محلولة',
  },
  isNew: 'جديد',
  section: {
    byKind: 'الإشارات حسب النوع (الأفتح: الفترة السابقة)',
    byTopic: 'حسب الموضوع',
    kindByTopic: 'النوع × الموضوع',
    byChannelLanguage: 'حسب القناة واللغة',
    sentimentByWeek: 'الانطباع أسبوعيًا',
    responses: 'الردود والحالات',
    ideas: 'الأفكار المجمّعة',
    systemic: 'المشكلات المتكررة',
    campaigns: 'الحملات المنسّقة',
  },
  head: {
    kind: 'النوع',
    thisPeriod: 'هذه الفترة',
    previous: 'السابقة',
    change: 'التغيّر',
    channel: 'القناة',
    mentions: 'الإشارات',
    language: 'اللغة',
    measure: 'المؤشر',
    value: 'القيمة',
    reason: 'السبب',
    cases: 'الحالات',
    status: 'الحالة',
    ideas: 'الأفكار',
  },
  measure: {
    opened: 'حالات فُتحت',
    answered: 'رُدّ عليها',
    median: 'الوسيط لأول رد',
    p90: 'المئين التسعون',
    breaches: 'مهل متجاوزة',
    resolved: 'محلولة',
    reopened: 'أُعيد فتحها',
    notEngaged: 'بلا تفاعل بقرار الفريق',
    followUp: (o) => `المتابعة: ${o}`,
  },
  notEngagedReasons: 'حالات بلا تفاعل، مع الأسباب:',
  trollPolicyReason: 'وفق السياسة: تصيّد — لا نُطعم المتصيّدين (رد علني واحد قصير وهادئ على الأكثر)',
  noIdeas: 'لا أفكار في هذه الفترة.',
  noSystemic: 'لم يرتفع أي موضوع فوق مستواه المعتاد.',
  noCampaigns: 'لم يُعثر على شيء.',
  spike: (o, e, at) => `${o} خلال 3 ساعات مقابل ${e} عادةً (${at})`,
  campaign: (s, a, at) => `${s} منشورات شبه متطابقة من ${a} كاتبًا، ابتداءً من ${at}`,
  minutes: (n) => `${n} دقيقة`,
  minuteUnit: 'بالدقائق',
  hours: (n) => `${n} ساعة`,
  table: {
    by_kind: 'الإشارات حسب النوع',
    by_topic: 'حسب الموضوع',
    by_channel: 'حسب القناة',
    by_language: 'حسب اللغة',
    kind_by_topic: 'النوع × الموضوع',
    sentiment_by_week: 'الانطباع أسبوعيًا',
    responses: 'الردود',
    cases: 'الحالات',
    not_engaging_reasons: 'بلا تفاعل: الأسباب',
    follow_ups: 'المتابعات',
    ideas: 'الأفكار',
    systemic_problems: 'المشكلات المتكررة',
    campaigns: 'الحملات المنسّقة',
  },
  kinds: {
    constructive: 'بنّاء',
    impulsive: 'انفعالي',
    trolling: 'تصيّد',
    black_pr: 'تشويه متعمّد',
    question: 'سؤال',
    praise: 'إشادة',
    idea: 'فكرة',
    neutral: 'محايد',
  },
  topics: {
    service: 'الخدمة',
    product_quality: 'جودة المنتج',
    staff: 'الموظفون',
    price: 'السعر',
    website: 'الموقع الإلكتروني',
    delivery: 'التوصيل',
    billing: 'الفواتير والدفع',
    other: 'أخرى',
  },
  sentiments: { negative: 'سلبي', neutral: 'محايد', positive: 'إيجابي' },
  languages: { en: 'الإنجليزية', ru: 'الروسية', ro: 'الرومانية', ar: 'العربية', und: 'غير محددة' },
  followUps: { solved: 'حُلّت', not_solved: 'لم تُحل', dismissed: 'أُلغيت' },
  ideaStatuses: { new: 'جديدة', discussed: 'قيد النقاش', planned: 'مخطط لها', declined: 'مرفوضة', done: 'منفّذة' },
};

const WORDS: Record<ReportLanguage, Words> = { en, ru, ro, ar };

/** The report's words and formats in one language. */
export interface ReportText extends Words {
  lang: ReportLanguage;
  dir: 'ltr' | 'rtl';
  /** A label by its key in a group (kinds, topics…); an unknown key is shown as it is. */
  label: (group: 'kinds' | 'topics' | 'sentiments' | 'languages' | 'followUps' | 'ideaStatuses' | 'table', key: string) => string;
  number: (n: number, fractionDigits?: number) => string;
  percent: (share: number) => string;
  /** "1 of 27": a share's counts beside it. */
  ofCases: (k: number, n: number) => string;
  /** A signed change in percent ("+12%"). */
  signedPercent: (pct: number) => string;
  /** A UTC day (YYYY-MM-DD…) as a date. */
  day: (iso: string) => string;
  /** A UTC day without its year, for chart axes. */
  shortDay: (iso: string) => string;
  /** A UTC moment as date and time. */
  moment: (iso: string) => string;
  /** A period label (2026-Q3, 2026-09, 2026, or a range of dates) in words. */
  period: (label: string) => string;
}

export function reportText(language: string | null | undefined): ReportText {
  const lang: ReportLanguage = isReportLanguage(language) ? language : 'en';
  const w = WORDS[lang];
  const nf = (o: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat(lang, o);
  const dayFormat = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const momentFormat = new Intl.DateTimeFormat(lang, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  const shortDayFormat = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const monthFormat = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const day = (iso: string) => dayFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  return {
    ...w,
    lang,
    dir: RTL_REPORT_LANGUAGES.has(lang) ? 'rtl' : 'ltr',
    label: (group, key) => w[group][key] ?? key,
    number: (n, d) => nf(d === undefined ? {} : { minimumFractionDigits: d, maximumFractionDigits: d }).format(n),
    percent: (share) => nf({ style: 'percent', maximumFractionDigits: 0 }).format(share),
    ofCases: (k, n) => w.countOf(nf().format(k), nf().format(n)),
    signedPercent: (pct) => nf({ style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(pct / 100),
    day,
    shortDay: (iso) => shortDayFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
    moment: (iso) => momentFormat.format(new Date(iso)),
    period: (label) => {
      const q = /^(\d{4})-Q([1-4])$/.exec(label);
      if (q) return w.quarter(Number(q[1]), Number(q[2]));
      const m = /^(\d{4})-(\d{2})$/.exec(label);
      if (m) return monthFormat.format(new Date(`${m[1]}-${m[2]}-01T00:00:00Z`));
      const range = /^(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})$/.exec(label);
      if (range) return `${day(range[1]!)} – ${day(range[2]!)}`;
      return label;
    },
  };
}
