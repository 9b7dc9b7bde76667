import { useTranslation } from 'react-i18next';
import { api, type Task } from '../api';
import { formatDateTime } from '../format';
import { UserText } from './common';

/** The `tel:` link's number: digits and the leading "+" (the server stores only those and spaces). */
const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

/** The case's call-back tasks: when, the number to call (a tel: link), the note, and "Done". */
export function CaseTasks({ tasks, run }: { tasks: Task[]; run: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  if (!tasks.length) return null;
  const now = new Date().toISOString();
  return (
    <div className="case-tasks" data-testid="case-tasks">
      <h2>{t('tasks.title')}</h2>
      <ul>
        {tasks.map((task) => (
          <li key={task.id} className={`task ${task.done_at ? 'task-done' : task.due_at <= now ? 'task-due' : ''}`} data-testid="task">
            <strong>{t('tasks.callBack')}</strong>{' '}
            <time dateTime={task.due_at} data-testid="task-due">
              {formatDateTime(task.due_at, i18n.language)}
            </time>
            {task.phone && (
              <>
                {' · '}
                <a href={telHref(task.phone)} dir="ltr" data-testid="task-phone">
                  {task.phone}
                </a>
              </>
            )}
            {task.note && (
              <>
                {' · '}
                <UserText text={task.note} />
              </>
            )}{' '}
            {task.done_at ? (
              <small className="ok">{t('tasks.doneAt', { time: formatDateTime(task.done_at, i18n.language) })}</small>
            ) : (
              <button type="button" onClick={() => void run(() => api('POST', `/tasks/${task.id}/done`))}>
                {t('tasks.done')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
