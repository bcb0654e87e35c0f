// The Transfer panel's chunk entry: exports and imports of bundles are rare (a courier, a
// restore), so the panel and its messages are fetched when it is first opened.
import en from '../../i18n/en.json' with { type: 'json' };
import kk from '../../i18n/kk.json' with { type: 'json' };
import ru from '../../i18n/ru.json' with { type: 'json' };
import { addMessages } from '../shared/i18n.js';

// The build gives this chunk only the `desk.transfer.*` messages (scripts/build-web.mjs).
addMessages({ ru, kk, en });

export { TransferView } from './transfer.js';
