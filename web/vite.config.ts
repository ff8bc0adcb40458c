import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm run dev` talks to the local stack (bin/orbitlend up) through this proxy, so the app uses the same
// same-origin URLs (/api/..., /ws) as behind the edge. Ports follow bin/orbitlend's ORBITLEND_*_PORT variables.
const port = (name: string, fallback: number) => Number(process.env[`ORBITLEND_${name}_PORT`] ?? fallback);
const http = (p: number) => ({ target: `http://127.0.0.1:${p}`, changeOrigin: false });
const kyc = http(port('KYC', 8082));
const loan = http(port('LOAN', 8081));
const marketplace = http(port('MARKETPLACE', 8083));
const gateway = http(port('GATEWAY', 8080));

const proxy = {
  '/api/auth': kyc,
  '/api/kyc': kyc,
  '/api/admin/kyc': kyc,
  '/api/loans': loan,
  '/api/admin/loans': loan,
  '/api/marketplace': marketplace,
  '/api/notifications': gateway,
  '/api/admin/simulate': gateway,
  '/ws': { ...gateway, ws: true },
  '/socket.io': { ...gateway, ws: true },
};

export default defineConfig({
  plugins: [react()],
  server: { port: Number(process.env.ORBITLEND_WEB_DEV_PORT ?? 5173), proxy },
  preview: { port: Number(process.env.ORBITLEND_WEB_PREVIEW_PORT ?? 4173), proxy },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 10_000,
  },
});
