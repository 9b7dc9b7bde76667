import { useEffect, useState } from 'react';
import { SendAnyway } from './SendAnyway';
import { LocalDateInput } from './LocalDateInput';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Reply, type Task } from '../api';

/** The call's suggested time: in an hour (on the quarter), moved to 10:00 when that falls outside 09:00–18:00. */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000);
  d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15, 0, 0);
  if (d.getHours() < 9 || d.getHours() >= 18) {
    if (d.getHours() >= 18) d.setDate(d.getDate() + 1);
    d.setHours(10, 0, 0, 0);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "Go private", as the playbooks advise for personal data, billing or a
 * heated case: a short public reply in the customer's language (the
 * template, editable) and the private message with the full text, or a
 * call-back (phone, time, who calls) — sent as one pair through the checker
 * and review like any reply.
 */
export function GoPrivate({
  caseId,
  isPublic,
  privateByHand = false,
  channel = '',
  meId,
  onDone,
}: {
  caseId: string;
  /** The conversation is public: the pair includes a short public reply. */
  isPublic: boolean;
  /** The channel cannot send a private message from the desk (RSS, a connector without private messages): offer the call-back first. */
  privateByHand?: boolean;
  channel?: string;
  meId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'message' | 'call'>(privateByHand ? 'call' : 'message');
  const [publicBody, setPublicBody] = useState('');
  const [privateBody, setPrivateBody] = useState('');
  const [phone, setPhone] = useState('');
  const [when, setWhen] = useState(inAnHour);
  const [note, setNote] = useState('');
  const [callMyself, setCallMyself] = useState(true);
  const [error, setError] = useState('');
  const [blocked, setBlocked] = useState(false);

  const dueAt = (): string | null => {
    const d = new Date(when);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  };

  // The public reply's template, in the customer's language (for a call, with its time).
  useEffect(() => {
    if (!open || !isPublic) return;
    const d = new Date(when);
    const at = mode === 'call' && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
    if (mode === 'call' && !at) return;
    const h = setTimeout(() => {
      api<{ text: string }>('POST', `/cases/${caseId}/draft`, { going_private: mode, ...(at ? { call_at: at } : {}), engine: 'template' })
        .then((d) => setPublicBody(d.text))
        .catch(() => undefined);
    }, 200);
    return () => clearTimeout(h);
  }, [open, mode, when, caseId, isPublic]);

  if (!open) {
    return (
      <button type="button" className="go-private-open" onClick={() => setOpen(true)} title={t('goPrivate.hint')}>
        {t('goPrivate.open')}
      </button>
    );
  }

  const submit = async (anyway: boolean, reason?: string) => {
    setError('');
    const at = dueAt();
    try {
      await api<{ public: Reply | null; private: Reply | null; task: Task | null }>('POST', `/cases/${caseId}/go-private`, {
        ...(isPublic && publicBody.trim() ? { public_body: publicBody } : {}),
        ...(mode === 'message' ? { private_body: privateBody } : {}),
        ...(mode === 'call' ? { call: { phone, due_at: at, note: note.trim() || null, assignee_id: callMyself ? meId : null } } : {}),
        acknowledge_findings: anyway,
        ...(anyway ? { override_reason: reason } : {}),
      });
      setOpen(false);
      setPrivateBody('');
      setPhone('');
      setNote('');
      setBlocked(false);
      onDone();
    } catch (e) {
      setError((e as Error).message);
      setBlocked(e instanceof ApiError && e.status === 409 && e.field === 'body');
    }
  };
  const ready = mode === 'message' ? privateBody.trim().length > 0 : phone.trim().length > 0 && dueAt() !== null;

  return (
    <div className="go-private" data-testid="go-private" role="group" aria-label={t('goPrivate.title')}>
      <h3>{t('goPrivate.title')}</h3>
      <p className="muted">{t('goPrivate.hint')}</p>
      {privateByHand && (
        <p className="notice private-by-hand" data-testid="private-by-hand">
          {t('goPrivate.privateByHand', { channel })}
        </p>
      )}
      <fieldset>
        <legend>{t('goPrivate.how')}</legend>
        <label>
          <input type="radio" name="go-private-mode" checked={mode === 'message'} onChange={() => setMode('message')} /> {t('goPrivate.message')}
        </label>
        <label>
          <input type="radio" name="go-private-mode" checked={mode === 'call'} onChange={() => setMode('call')} /> {t('goPrivate.call')}
        </label>
      </fieldset>
      {isPublic && (
        <label>
          {t('goPrivate.publicReply')}
          <textarea
            dir="auto"
            rows={3}
            value={publicBody}
            onChange={(e) => {
              setPublicBody(e.target.value);
              setBlocked(false);
            }}
            aria-label={t('goPrivate.publicReply')}
          />
        </label>
      )}
      {mode === 'message' ? (
        <label>
          {t('goPrivate.privateReply')}
          <textarea
            dir="auto"
            rows={5}
            value={privateBody}
            onChange={(e) => {
              setPrivateBody(e.target.value);
              setBlocked(false);
            }}
            aria-label={t('goPrivate.privateReply')}
          />
        </label>
      ) : (
        <div className="call-back-form">
          <label>
            {t('tasks.phone')}
            <input
              type="tel"
              inputMode="tel"
              dir="ltr"
              maxLength={24}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              aria-label={t('tasks.phone')}
              placeholder="+373 22 123 456"
            />
          </label>
          <label>
            {t('tasks.when')}
            <LocalDateInput type="datetime-local" value={when} onChange={setWhen} label={t('tasks.when')} />
          </label>
          <label>
            {t('tasks.note')}
            <input dir="auto" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-label={t('tasks.note')} />
          </label>
          <label>
            <input type="checkbox" checked={callMyself} onChange={(e) => setCallMyself(e.target.checked)} /> {t('tasks.callMyself')}
          </label>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={!ready} onClick={() => void submit(false)}>
          {t(mode === 'message' ? 'goPrivate.send' : 'goPrivate.schedule')}
        </button>{' '}
        {blocked && <SendAnyway onSend={(reason) => void submit(true, reason)} />}{' '}
        <button type="button" onClick={() => setOpen(false)}>
          {t('goPrivate.cancel')}
        </button>
      </div>
    </div>
  );
}
