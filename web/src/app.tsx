/** The console's shell: the header with the signed-in identity, the role's pages, and the router. */

import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
// The field pages come with the shell: on a 3G phone each further chunk costs a round trip.
import Round from './pages/round.tsx';
import Scan from './pages/scan.tsx';
import { type Role, session, signOutEverywhere } from './session.ts';
import { ROLE } from './words.ts';

const Home = lazy(() => import('./pages/home.tsx'));
const SignIn = lazy(() => import('./pages/sign-in.tsx'));
const SignInCallback = lazy(() => import('./pages/sign-in-callback.tsx'));
const Counter = lazy(() => import('./pages/counter.tsx'));
const Agency = lazy(() => import('./pages/agency.tsx'));
const Finance = lazy(() => import('./pages/finance.tsx'));
const Supervisor = lazy(() => import('./pages/supervisor.tsx'));
const Track = lazy(() => import('./pages/track.tsx'));
const ReceiptLookup = lazy(() => import('./pages/receipt-lookup.tsx'));
const NotFound = lazy(() => import('./pages/not-found.tsx'));

/** The payer's receipt lookup, the address printed on every fee receipt. */
export const RECEIPT_LOOKUP_PATH = '/bien-lai';

/** Citizens' pages: no header, no sign-in, no service worker. */
export const isPublicPage = (path: string): boolean =>
  path.startsWith('/track/') || path === RECEIPT_LOOKUP_PATH;

export interface PageLink {
  readonly href: string;
  readonly label: string;
  readonly roles: readonly Role[];
}

const POSTAL: readonly Role[] = ['postal-staff', 'postal-supervisor', 'admin'];

export const PAGES: readonly PageLink[] = [
  { href: '/scan', label: 'Quét mã', roles: POSTAL },
  { href: '/round', label: 'Chuyến phát', roles: POSTAL },
  { href: '/counter', label: 'Quầy', roles: POSTAL },
  { href: '/supervisor', label: 'Trưởng bưu cục', roles: ['postal-supervisor', 'admin'] },
  { href: '/agency', label: 'Cơ quan', roles: ['agency', 'admin'] },
  { href: '/finance', label: 'Kế toán', roles: ['finance', 'admin'] },
];

/** A page that needs a signed-in user sends the others to the sign-in page. */
function SignedIn({ children }: { children: ComponentChildren }) {
  const { route, url } = useLocation();
  const current = session.value;
  useEffect(() => {
    // A page kept on screen while the next one loads must not send the sign-in page to itself.
    if (!current && !url.startsWith('/sign-in')) route(`/sign-in?next=${encodeURIComponent(url)}`, true);
  }, [current, url]);
  return current ? <>{children}</> : null;
}

function Header() {
  const { path } = useLocation();
  const current = session.value;
  if (isPublicPage(path)) return null;
  const links = current ? PAGES.filter((page) => page.roles.includes(current.role)) : [];
  return (
    <header class="top">
      <a class="brand" href="/">
        BCCI
      </a>
      {links.length > 0 && (
        <nav aria-label="Trang">
          {links.map((link) => (
            <a key={link.href} href={link.href} aria-current={path === link.href ? 'page' : undefined}>
              {link.label}
            </a>
          ))}
        </nav>
      )}
      {current && (
        <div class="who">
          <span>
            {ROLE[current.role] ?? current.role}
            {current.postOfficeCode ? ` · ${current.postOfficeCode}` : ''}
            {current.agencyCode ? ` · ${current.agencyCode}` : ''}
          </span>
          <button type="button" class="link" onClick={() => void signOutEverywhere()}>
            Đăng xuất
          </button>
        </div>
      )}
    </header>
  );
}

const guarded = (Page: () => preact.JSX.Element | null) => () => (
  <SignedIn>
    <Page />
  </SignedIn>
);
const HomePage = guarded(Home);
const ScanPage = guarded(Scan);
const RoundPage = guarded(Round);
const CounterPage = guarded(Counter);
const AgencyPage = guarded(Agency);
const FinancePage = guarded(Finance);
const SupervisorPage = guarded(Supervisor);

export function App() {
  return (
    <LocationProvider>
      <Header />
      <main id="main">
        <ErrorBoundary>
          <Router>
            <Route path="/" component={HomePage} />
            <Route path="/sign-in" component={SignIn} />
            <Route path="/auth/callback" component={SignInCallback} />
            <Route path="/scan" component={ScanPage} />
            <Route path="/round" component={RoundPage} />
            <Route path="/counter" component={CounterPage} />
            <Route path="/agency" component={AgencyPage} />
            <Route path="/finance" component={FinancePage} />
            <Route path="/supervisor" component={SupervisorPage} />
            <Route path="/track/:ref" component={Track} />
            <Route path={RECEIPT_LOOKUP_PATH} component={ReceiptLookup} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  );
}
