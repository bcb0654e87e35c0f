// What is due today or earlier: one-on-ones to follow up (picking one opens the person's panel)
// and open tasks, each marked done (or dropped) where it is listed.
import type { JSX } from 'preact';
import { formatDay, t } from '../i18n.js';
import type { CollectiveState } from './collective-state.js';
import type { CollectiveView } from './organize-api.js';
import { StatusButtons, tasksDue } from './tasks.js';

export function FollowUps({ state, view }: { state: CollectiveState; view: CollectiveView }): JSX.Element {
  const due = view.follow_ups_due;
  const tasks = tasksDue(view);
  return (
    <section class="panel" aria-labelledby="follow-ups-heading" id="follow-ups">
      <h2 id="follow-ups-heading">{t('desk.organize.follow_ups.heading', { n: due.length })}</h2>
      {due.length === 0 ? <p class="muted">{t('desk.organize.follow_ups.none')}</p> : null}
      <ul class="items">
        {due.map((f) => (
          <li key={f.conversation}>
            <button type="button" class="link" onClick={() => (state.picked.value = f.person)}>
              {state.pseudonymOf(f.person)}
            </button>
            {` · ${formatDay(f.follow_up!)}`}
          </li>
        ))}
      </ul>
      {tasks.length > 0 ? (
        <>
          <h3 id="tasks-due-heading">{t('desk.organize.follow_ups.tasks', { n: tasks.length })}</h3>
          <ul class="items" aria-labelledby="tasks-due-heading" id="tasks-due">
            {tasks.map((task) => (
              <li key={`${task.id}-${task.version}`} data-task={task.id}>
                <p>
                  <strong>{task.title}</strong>
                  {[task.assignee, formatDay(task.due!)]
                    .filter(Boolean)
                    .map((part) => ` · ${part}`)
                    .join('')}
                </p>
                <StatusButtons state={state} task={task} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
