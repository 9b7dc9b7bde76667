/**
 * Going private, as the playbooks advise for a case with personal data,
 * billing or a heated exchange: the public thread gets a short, human answer
 * saying the company has written privately (or will call), and the details
 * go in a private message or a phone call. Grounded in the sources: the
 * Russian case study's advice to ask an unhappy customer for their phone so
 * that the company calls them itself, and the Arabic article's case 3, where
 * the team talked to each upset participant directly (a call) before
 * putting things right in public.
 *
 * The short public replies, one set per language. Each starts with thanks
 * and an apology and, for a call, gives its time, so it passes the reply
 * checker (test: going-private.test.ts).
 */
import type { CheckLanguage } from './reply-checker.js';

export type GoingPrivateMode = 'message' | 'call';

const PUBLIC_REPLIES: Record<CheckLanguage, Record<GoingPrivateMode, string>> = {
  en: {
    message:
      'Thank you for telling us, and we are sorry this happened. We have written to you in a private message so we can sort it out with your details there. Please check your messages.',
    call: 'Thank you for telling us, and we are sorry this happened. One of our team will call you {when} to go through it with you.',
  },
  ru: {
    message:
      'Спасибо, что написали, и простите, что так вышло. Мы написали вам в личные сообщения, чтобы разобраться с вашими данными там. Пожалуйста, проверьте сообщения.',
    call: 'Спасибо, что написали, и простите, что так вышло. Наш сотрудник сам перезвонит вам {when}, чтобы всё обсудить.',
  },
  ro: {
    message:
      'Vă mulțumim că ne-ați scris și ne pare rău pentru ce s-a întâmplat. V-am trimis un mesaj privat, ca să lămurim acolo totul cu datele dumneavoastră; îl găsiți în mesajele private.',
    call: 'Vă mulțumim că ne-ați scris și ne pare rău pentru ce s-a întâmplat. Un coleg vă sună {when}, ca să discutăm totul.',
  },
  ar: {
    message: 'شكرًا لأنك أخبرتنا، ونعتذر عمّا حدث. لقد كتبنا إليك في رسالة خاصة لنكمل الحديث هناك ببياناتك. يرجى التحقق من رسائلك.',
    call: 'شكرًا لأنك أخبرتنا، ونعتذر عمّا حدث. سيتصل بك أحد زملائنا {when} لنتحدث في الأمر معًا.',
  },
};

const AT: Record<CheckLanguage, string> = { en: 'at', ru: 'в', ro: 'la', ar: 'الساعة' };
const ON: Record<CheckLanguage, string> = { en: 'on', ru: '', ro: 'pe', ar: 'يوم' };

/** "on 3 December at 15:00" in the reply's language and the brand's time zone. */
export function formatCallTime(when: Date, lang: CheckLanguage, timeZone = 'UTC'): string {
  const locale = lang === 'ar' ? 'ar-u-nu-latn' : lang;
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone }).format(when);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(when);
  return [ON[lang], day, AT[lang], time].filter(Boolean).join(' ');
}

/** The short public reply of a "go private" pair, in the customer's language; a call gives its time. */
export function publicGoingPrivateReply(lang: CheckLanguage, mode: GoingPrivateMode, callAt?: { when: Date; timeZone?: string }): string {
  const text = PUBLIC_REPLIES[lang][mode];
  if (mode === 'message') return text;
  return text.replace('{when}', callAt ? formatCallTime(callAt.when, lang, callAt.timeZone) : '');
}

/** The languages with a template set (every language the checker knows). */
export const GOING_PRIVATE_LANGUAGES = Object.keys(PUBLIC_REPLIES) as CheckLanguage[];
