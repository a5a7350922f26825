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
      '@accord/i18n': fromRepository('libs/i18n/src/index.ts'),
    },
  },
  build: {
    outDir: fromRepository('dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    // TipTap, ProseMirror and Yjs make one ~560 kB chunk (175 kB gzipped), loaded by the editor page only.
    chunkSizeWarningLimit: 600,
    // Flags stay files (fetched only when shown) rather than data URIs in the bundle.
    assetsInlineLimit: (file) => (file.includes('flag-icons') ? false : undefined),
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'editor-engine', test: /node_modules[\\/](@tiptap|prosemirror-[a-z-]+|yjs|y-[a-z-]+|lib0|linkifyjs|orderedmap|rope-sequence|w3c-keyname|fast-equals)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/health': { target: SERVER, changeOrigin: true },
      // Host kept as the page's: the server admits a cookie socket only when Origin matches Host (or PUBLIC_URL).
      '/collab': { target: SERVER, ws: true },
    },
  },
});
