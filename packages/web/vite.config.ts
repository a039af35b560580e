import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// A static build: the local stack serves dist/ at / and in AWS it goes to the web bucket behind CloudFront.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  logLevel: 'warn',
});
