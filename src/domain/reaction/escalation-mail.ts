/**
 * The e-mail legal receives when a case is escalated for black PR or a threat
 * (PRODUCT.md rule 9: "legal is looped in" with the evidence): why, the case,
 * and every message of it as evidence — who wrote it, where, when, the link
 * and the text exactly as received. Plain text: nothing of a mention is ever
 * rendered as HTML.
 */
import type { EscalationReason } from './kind-policy.js';

export interface EvidenceItem {
  author: string;
  channel: string;
  postedAt: string;
  link: string | null;
  text: string;
}

const REASON_TEXT: Record<EscalationReason, string> = {
  black_pr: 'black PR (a smear: fake or paid negativity)',
  threat: 'a threat of harm',
  legal_threat: 'a legal threat',
  due_soon: 'a deadline due soon',
  breached: 'a breached deadline',
};

/** Each message's text is quoted in full up to this many characters. */
const MAX_TEXT = 4000;

export function escalationMail(input: {
  brandName: string;
  caseId: string;
  caseUrl: string | null;
  reasons: readonly EscalationReason[];
  signals: readonly string[];
  evidence: readonly EvidenceItem[];
}): { subject: string; text: string } {
  const why = input.reasons.map((r) => REASON_TEXT[r]).join(', ');
  const subject = `[${input.brandName}] For legal: ${why} (case ${input.caseId})`;
  const lines = [
    `A case on ${input.brandName} was escalated to legal: ${why}.`,
    input.signals.length ? `Signals the desk found: ${input.signals.join(', ')}.` : '',
    `Case: ${input.caseUrl ?? input.caseId}`,
    '',
    `Evidence (${input.evidence.length} message${input.evidence.length === 1 ? '' : 's'}, oldest first, exactly as received):`,
    ...input.evidence.flatMap((e, i) => [
      '',
      `${i + 1}. ${e.author} on ${e.channel}, ${e.postedAt}`,
      `   Link: ${e.link ?? '(none)'}`,
      ...e.text
        .slice(0, MAX_TEXT)
        .split(/\r?\n/)
        .map((l) => `   > ${l}`),
    ]),
    '',
    'Nothing was deleted or edited; the whole conversation can be exported from the case as evidence.',
  ];
  return { subject, text: lines.filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n') };
}
