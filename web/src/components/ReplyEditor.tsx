import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Finding, type Reply } from '../api';
import { SendAnyway } from './SendAnyway';

/**
 * The reply editor: a textarea over a mirror of its text in which the
 * checker's findings are underlined (as text spans, never HTML), with the
 * explanation and a better wording for each finding below.
 */
export function ReplyEditor({
  caseId,
  lang,
  channel,
  delivery,
  opened,
  onSent,
}: {
  caseId: string;
  lang: string | null;
  channel: string;
  /** How the case's channel sends replies: by hand (Send records the reply as posted), through an adapter, or published by the channel's connector. */
  delivery: 'manual' | 'webhook' | 'email' | 'channel';
  /** A saved draft reopened from the case page: the editor edits and sends that reply. */
  opened: Reply | null;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [draftId, setDraftId] = useState<string | null>(null);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState('');
  const [blocked, setBlocked] = useState(false);
  /** The rules the server held the reply back for (said with their names in the UI language). */
  const [blockedRules, setBlockedRules] = useState<string[]>([]);
  const mirror = useRef<HTMLDivElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!body.trim()) {
      setFindings([]);
      return;
    }
    setChecking(true);
    const h = setTimeout(() => {
      api<{ findings: Finding[] }>('POST', `/cases/${caseId}/replies/check`, { body })
        .then((r) => setFindings(r.findings))
        .catch(() => setFindings([]))
        .finally(() => setChecking(false));
    }, 300);
    return () => clearTimeout(h);
  }, [body, caseId]);

  useEffect(() => {
    if (!opened) return;
    setDraftId(opened.id);
    setBody(opened.body);
    setError('');
    setBlocked(false);
    area.current?.focus();
  }, [opened]);

  const syncScroll = () => {
    if (mirror.current && area.current) mirror.current.scrollTop = area.current.scrollTop;
  };

  const draft = async () => {
    const d = await api<{ text: string }>('POST', `/cases/${caseId}/draft`, {});
    setBody(d.text);
    // A new text: the checker's verdict on the old one (and its "Send anyway") no longer holds.
    setBlocked(false);
    setError('');
  };

  const submit = async (mode: 'draft' | 'send' | 'anyway', reason?: string) => {
    setError('');
    // A channel answered by hand: the responder posts the text there; Send records it as posted (sent).
    const going = delivery === 'manual' ? { sent: true } : { send: true };
    const ack = mode === 'anyway' ? { acknowledge_findings: true, override_reason: reason } : { acknowledge_findings: false };
    try {
      if (draftId && mode === 'draft') await api<Reply>('PATCH', `/replies/${draftId}`, { body });
      else if (draftId) await api<Reply>('POST', `/replies/${draftId}/send`, { body, ...going, ...ack });
      else await api<Reply>('POST', `/cases/${caseId}/replies`, { body, ...(mode === 'draft' ? {} : going), ...ack });
      if (mode !== 'draft' && delivery === 'manual' && typeof navigator !== 'undefined')
        void navigator.clipboard?.writeText(body).catch(() => undefined);
      setBody('');
      setDraftId(null);
      setBlocked(false);
      onSent();
    } catch (e) {
      const held = e instanceof ApiError && e.status === 409 && e.field === 'body';
      setBlocked(held);
      if (held) {
        // The server names the rules in its (English) message; the desk says them in its own language.
        const named = /found: ([a-z_, ]+)\./.exec((e as Error).message)?.[1]?.split(/,\s*/) ?? [];
        setBlockedRules(named.length ? named : [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.rule))]);
        setError('');
      } else setError((e as Error).message);
    }
  };

  // The mirror: plain text with the findings' spans marked.
  const pieces: Array<{ text: string; finding?: Finding }> = [];
  const spans = findings.filter((f) => f.span).sort((a, b) => a.span![0] - b.span![0]);
  let at = 0;
  for (const f of spans) {
    const [s, e] = f.span!;
    if (s < at) continue;
    if (s > at) pieces.push({ text: body.slice(at, s) });
    pieces.push({ text: body.slice(s, e), finding: f });
    at = e;
  }
  pieces.push({ text: body.slice(at) + '\n' });

  return (
    <div className="reply-editor">
      <div className="editor">
        <div className="mirror" ref={mirror} aria-hidden="true" dir="auto">
          {pieces.map((p, i) =>
            p.finding ? (
              <mark key={i} className={`finding-${p.finding.severity}`} data-rule={p.finding.rule}>
                {p.text}
              </mark>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}
        </div>
        <textarea
          ref={area}
          dir="auto"
          lang={lang ?? undefined}
          aria-label={t('case.reply')}
          placeholder={t('case.replyPlaceholder')}
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            setError('');
            setBlocked(false);
          }}
          onScroll={syncScroll}
          rows={6}
        />
      </div>
      <div className="findings" data-testid="findings" aria-live="polite">
        {checking ? (
          <p className="muted">{t('case.checking')}</p>
        ) : findings.length === 0 && body.trim() ? (
          <p className="ok">{t('case.clean')}</p>
        ) : null}
        <ul>
          {findings.map((f, i) => (
            <li key={i} className={`finding finding-${f.severity}`} data-rule={f.rule}>
              <strong title={f.rule}>{t(`checker.rules.${f.rule}.name`, { defaultValue: f.rule })}</strong>
              {f.quote && (
                <>
                  {' '}
                  — «<span dir="auto">{f.quote}</span>»
                </>
              )}
              <div className="explanation">{t(`checker.rules.${f.rule}.explanation`, { defaultValue: f.explanation })}</div>
              <div className="suggestion" dir="auto">
                {f.suggestion}
              </div>
            </li>
          ))}
        </ul>
        {findings.length > 0 && (
          <p className="muted" data-testid="suggestions-language">
            {t('checker.suggestionsLanguage')}
          </p>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {blocked && (
        <p className="error" role="alert" data-testid="checker-blocked">
          {t('checker.blocked', {
            rules: blockedRules.map((r) => t(`checker.rules.${r}.name`, { defaultValue: r })).join(t('case.listSeparator')),
            anyway: t('case.sendAnyway'),
          })}
        </p>
      )}
      {delivery === 'manual' && (
        <p className="muted manual-hint" data-testid="manual-hint">
          {t('flow.editor.manualHint', { channel })}
        </p>
      )}
      {delivery === 'channel' && (
        <p className="muted channel-hint" data-testid="channel-hint">
          {t('flow.editor.channelHint', { channel })}
        </p>
      )}
      {draftId && (
        <p className="muted" data-testid="editing-draft">
          {t('flow.editor.editingDraft')}{' '}
          <button
            type="button"
            onClick={() => {
              setDraftId(null);
              setBody('');
              setBlocked(false);
            }}
          >
            {t('flow.editor.closeDraft')}
          </button>
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void draft()}>
          {t('case.draft')}
        </button>
        <button type="button" onClick={() => void submit('draft')} disabled={!body.trim()}>
          {t('case.saveDraft')}
        </button>
        <button type="button" className="primary" onClick={() => void submit('send')} disabled={!body.trim()}>
          {t('case.send')}
        </button>
        {blocked && <SendAnyway onSend={(reason) => void submit('anyway', reason)} />}
      </div>
    </div>
  );
}
