import { registerSW } from 'virtual:pwa-register';
import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

render(<App />, document.getElementById('app')!);
// The service worker precaches the shell and every page: after one load, the pages open with no network.
registerSW({ immediate: true });
