import { defineConfig } from 'vite';

// The console is built into dist/web, which the server serves at `/`; `npm run dev:web` proxies the API.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); a browser bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.CUSTOS_API_URL ?? 'http://localhost:3000',
      '/docs': process.env.CUSTOS_API_URL ?? 'http://localhost:3000',
    },
  },
});
