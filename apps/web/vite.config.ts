import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRepository = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

// The Nest server (port 3000) serves the built app; in development Vite forwards it everything
// that is not the app itself, so the browser sees one origin either way.
const SERVER = 'http://localhost:3000';

export default defineConfig({
  root: fromRepository('apps/web'),
  plugins: [react()],
  resolve: {
    alias: {
      '@accord/contracts': fromRepository('libs/contracts/src/index.ts'),
      '@accord/editor': fromRepository('libs/editor/src/index.ts'),
    },
  },
  build: {
    outDir: fromRepository('dist/web'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/health': { target: SERVER, changeOrigin: true },
      '/collab': { target: SERVER, ws: true, changeOrigin: true },
    },
  },
});
