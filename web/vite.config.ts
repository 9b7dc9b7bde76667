import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web desk: built into web/dist and served by the Defuse process itself.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
