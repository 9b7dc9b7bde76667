/**
 * A case's tags as chips: added from a field that completes from the brand's tags (a comma adds several), removed
 * with ×. Tags are people's words: shown as text (never HTML), each in its own direction.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CaseItem, type TagCount } from '../api';

/** The tags typed in a field: split at commas, trimmed, empty ones dropped. */
export const typedTags = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The brand's tags, most used first (for completion), and a reload for after a change; empty when not readable. */
export function useBrandTags(brandId: string): { tags: TagCount[]; reload: () => Promise<void> } {
  const [tags, setTags] = useState<TagCount[]>([]);
  const reload = useCallback(async () => {
    if (!brandId) return;
    setTags((await api<{ items: TagCount[] }>('GET', `/brands/${brandId}/tags?limit=200`)).items);
  }, [brandId]);
  useEffect(() => {
    void reload().catch(() => setTags([]));
  }, [reload]);
  return { tags, reload };
}

/** A <datalist> of the brand's tags, for an input's `list`. */
export function TagOptions({ id, tags }: { id: string; tags: TagCount[] }) {
  return (
    <datalist id={id}>
      {tags.map((x) => (
        <option key={x.tag} value={x.tag} />
      ))}
    </datalist>
  );
}

export function CaseTags({ c, canEdit, run }: { c: CaseItem; canEdit: boolean; run: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const { tags: known, reload } = useBrandTags(c.brand_id);
  const change = (body: { add?: string[]; remove?: string[] }) =>
    run(async () => {
      await api('PUT', `/cases/${c.id}/tags`, body);
      await reload().catch(() => undefined);
    });
  const add = () => {
    const tags = typedTags(text);
    if (!tags.length) return;
    void change({ add: tags }).then(() => setText(''));
  };
  return (
    <div className="case-tags" data-testid="case-tags">
      <span className="label">{t('tags.title')}</span> {c.tags.length === 0 && !canEdit && <span className="muted">{t('tags.none')}</span>}
      <ul className="tag-list">
        {c.tags.map((tag) => (
          <li key={tag} className="tag-chip" data-tag={tag}>
            <span dir="auto">{tag}</span>
            {canEdit && (
              <button type="button" className="link" aria-label={t('tags.remove', { tag })} onClick={() => void change({ remove: [tag] })}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form
          className="tag-form"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <input
            dir="auto"
            list={`tags-${c.id}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('tags.new')}
            aria-label={t('tags.new')}
            title={t('tags.hint')}
            data-testid="tag-input"
          />
          <TagOptions id={`tags-${c.id}`} tags={known.filter((x) => !c.tags.includes(x.tag))} />{' '}
          <button type="submit" disabled={!typedTags(text).length} data-testid="tag-add">
            {t('tags.add')}
          </button>
        </form>
      )}
    </div>
  );
}
