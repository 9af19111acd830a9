import { registerSW } from 'virtual:pwa-register';
import { render } from 'preact';
import { App, isPublicPage } from './app.tsx';
import './styles.css';

render(<App />, document.getElementById('app')!);
// The service worker precaches the shell and the pages, so that staff pages open with no
// network after one load. A citizen opening a tracking link or the receipt lookup once is
// spared that download.
if (!isPublicPage(location.pathname)) registerSW({ immediate: true });
