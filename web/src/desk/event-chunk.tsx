// The event form's chunk entry: the form, its sections and the conflict view are fetched when an
// event is first opened (most visits to the desk are triage in the inbox), with their messages.
import en from '../../i18n/en.json' with { type: 'json' };
import kk from '../../i18n/kk.json' with { type: 'json' };
import ru from '../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../shared/i18n.js';

// The build gives this chunk only the `desk.event.*`, `desk.conflict.*` and `desk.form.*`
// messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

export { EventFormView } from './event-form.js';
