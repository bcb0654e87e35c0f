// A collective's tasks: each with its status changed by one button (done, dropped, open again),
// its assignee and due day edited in place, and the form to add one. Open tasks due today or
// earlier also show among the follow-ups due, with the same "Done".
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Field } from '../controls.js';
import { formatDay, t } from '../i18n.js';
import { Failure } from './collective-parts.js';
import type { CollectiveState } from './collective-state.js';
import { addTaskApi, type CollectiveView, dayFromToday, editTaskApi, type TaskView } from './organize-api.js';

type Status = TaskView['status'];
type TaskEdit = { status?: Status; assignee?: string | null; due?: string | null };

/** The versions an edit builds on: all of them when desk nodes edited the task apart. */
const prevOf = (task: TaskView) =>
  ('versions' in task && task.versions ? task.versions : [task]).map((v) => v.version);

/** Save an edit of a task; the page reloads and says what changed. */
export function editTask(state: CollectiveState, task: TaskView, edit: TaskEdit, form: string) {
  const said = edit.status
    ? t('desk.organize.task.status_set', {
        title: task.title,
        status: t(`desk.organize.task.status.${edit.status}`),
      })
    : t('desk.organize.task.saved', { title: task.title });
  return state.write(
    form,
    () => editTaskApi(state.csrf, state.id, task.id, { prev: prevOf(task), ...edit }),
    said,
  );
}

/** Open tasks due today or earlier (UTC, as the node dates them), soonest first. */
export function tasksDue(view: CollectiveView, today = dayFromToday(0)): TaskView[] {
  return view.tasks
    .filter((task) => task.status === 'open' && task.due !== null && task.due <= today)
    .sort((a, b) => (a.due! < b.due! ? -1 : 1));
}

/** The buttons that move a task on: done or dropped when open, open again otherwise. */
export function StatusButtons({ state, task }: { state: CollectiveState; task: TaskView }): JSX.Element {
  const form = `task-${task.id}`;
  const busy = state.busy.value === form;
  const to = (status: Status) => void editTask(state, task, { status }, form);
  const label = (status: Status) => t(`desk.organize.task.mark.${status}`);
  const named = (status: Status) => `${label(status)}: ${task.title}`;
  return (
    <span class="actions">
      {task.status === 'open' ? (
        <>
          <button type="button" disabled={busy} aria-label={named('done')} onClick={() => to('done')}>
            {label('done')}
          </button>
          <button type="button" disabled={busy} aria-label={named('dropped')} onClick={() => to('dropped')}>
            {label('dropped')}
          </button>
        </>
      ) : (
        <button type="button" disabled={busy} aria-label={named('open')} onClick={() => to('open')}>
          {label('open')}
        </button>
      )}
    </span>
  );
}

function EditTask({ state, task, close }: { state: CollectiveState; task: TaskView; close: () => void }) {
  const [assignee, setAssignee] = useState(task.assignee ?? '');
  const [due, setDue] = useState(task.due ?? '');
  const id = `task-${task.id}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await editTask(state, task, { assignee: assignee.trim() || null, due: due || null }, id);
    if (ok) close();
  };
  return (
    <form class="org-form pair" onSubmit={(e) => void submit(e)}>
      <Field id={`${id}-assignee`} label={t('desk.organize.task.assignee')}>
        <input
          maxLength={64}
          list="task-assignees"
          value={assignee}
          onInput={(e) => setAssignee(e.currentTarget.value)}
        />
      </Field>
      <Field id={`${id}-due`} label={t('desk.organize.task.due')}>
        <input type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
      </Field>
      <p class="actions">
        <button type="submit" class="primary" disabled={state.busy.value === id}>
          {t('desk.organize.task.save')}
        </button>
        <button type="button" onClick={close}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
  );
}

function TaskItem({ state, task }: { state: CollectiveState; task: TaskView }): JSX.Element {
  const [editing, setEditing] = useState(false);
  const meta = [
    task.assignee,
    task.due ? formatDay(task.due) : null,
    t(`desk.organize.task.status.${task.status}`),
    task.conflict ? t('desk.organize.conflict.short') : null,
  ].filter(Boolean);
  return (
    <li data-task={task.id} data-status={task.status}>
      <p>
        <strong>{task.title}</strong>
        {meta.map((part) => ` · ${part}`).join('')}
      </p>
      <p class="actions">
        <StatusButtons state={state} task={task} />
        {editing ? null : (
          <button
            type="button"
            aria-label={`${t('desk.organize.task.edit')}: ${task.title}`}
            onClick={() => setEditing(true)}
          >
            {t('desk.organize.task.edit')}
          </button>
        )}
      </p>
      {editing ? <EditTask state={state} task={task} close={() => setEditing(false)} /> : null}
      <Failure state={state} form={`task-${task.id}`} />
    </li>
  );
}

export function Tasks({ state, view }: { state: CollectiveState; view: CollectiveView }): JSX.Element {
  const [title, setTitle] = useState('');
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState('');
  // Who may be named: the collective's organizers and its creator (any desk user name is taken).
  const people = [...new Set([view.collective.created_by, ...view.collective.organizers])];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!title.trim()) return;
    const ok = await state.write(
      'task',
      () =>
        addTaskApi(state.csrf, state.id, {
          title: title.trim(),
          assignee: assignee.trim() || null,
          due: due || null,
        }),
      t('desk.organize.task.done'),
    );
    if (ok) setTitle('');
  };
  return (
    <section class="panel" aria-labelledby="tasks-heading" id="tasks">
      <h2 id="tasks-heading">{t('desk.organize.task.heading')}</h2>
      <datalist id="task-assignees">
        {people.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <ul class="items">
        {view.tasks.map((task) => (
          <TaskItem key={`${task.id}-${task.version}`} state={state} task={task} />
        ))}
      </ul>
      <form class="org-form" id="task-form" onSubmit={(e) => void submit(e)}>
        <Field id="task-title" label={t('desk.organize.task.title')}>
          <input required maxLength={300} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </Field>
        <div class="pair">
          <Field id="task-assignee" label={t('desk.organize.task.assignee')}>
            <input
              maxLength={64}
              list="task-assignees"
              value={assignee}
              onInput={(e) => setAssignee(e.currentTarget.value)}
            />
          </Field>
          <Field id="task-due" label={t('desk.organize.task.due')}>
            <input type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
          </Field>
        </div>
        <Failure state={state} form="task" />
        <button type="submit" class="primary" disabled={state.busy.value === 'task'}>
          {t('desk.organize.task.add')}
        </button>
      </form>
    </section>
  );
}
