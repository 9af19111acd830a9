/**
 * The console's build: Preact, code split per page, and a Workbox service worker that
 * precaches the shell and every page's code, so that the round and scan pages work with no
 * network after one load. API answers are never cached by the service worker: the pages keep
 * what they need offline in IndexedDB themselves.
 */
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    preact(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'BCCI — Hồ sơ qua bưu chính',
        short_name: 'BCCI',
        lang: 'vi',
        start_url: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5394',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/v1\//, /^\/health/, /^\/local\//],
        cleanupOutdatedCaches: true,
        // The camera's barcode reader (WebAssembly, 1 MB) is kept after its first use rather than
        // precached: a 3G phone's first load stays small, and the camera then works offline too.
        runtimeCaching: [
          {
            urlPattern: /\/assets\/.*\.wasm$/,
            handler: 'CacheFirst',
            options: { cacheName: 'barcode-reader', expiration: { maxEntries: 2 } },
          },
        ],
        // The first load's page is controlled at once: it works offline without a second load.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000', '/local': 'http://127.0.0.1:3000' },
  },
});
