// The editorial desk's entry: pick the language, draw the app, follow the hash.
import './desk.css';
import { render } from 'preact';
import { App } from './app.js';
import { AppState } from './app-state.js';
import { initI18n } from './i18n.js';

initI18n();
const state = new AppState();
window.addEventListener('hashchange', () => state.openRoute());
render(<App state={state} />, document.getElementById('app')!);
void state.boot();
