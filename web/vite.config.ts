/**
 * The workbench's build: `npm run build:web` (run by `npm install` through `prepare`) writes web/dist,
 * which `npm start` serves at `/`. `npm run dev:web` serves it with reload on port 5173 and passes API
 * calls to the server on :3000.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// Every path the API answers on; the dev server forwards them, the rest is the interface.
const API_PREFIXES = ['/health', '/openapi.json', '/docs', '/auth', '/cities', '/industries', '/companies', '/search', '/history', '/keys', '/matches', '/weight-profiles', '/events', '/jobs', '/outcomes', '/features.csv', '/evaluations', '/tuning-runs', '/imports'];

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The budget is 250 kB gzipped for the first page; charts and the map load on demand.
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: 'http://127.0.0.1:3000', changeOrigin: false }])),
  },
});
