/// <reference types="vitest/config" />
import fs from 'node:fs'
import path from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const backend = process.env.WAYBILL_BACKEND ?? 'http://127.0.0.1:8080'
const outDir = path.resolve(import.meta.dirname, 'dist')

// The Go binary embeds dist/ with `//go:embed all:dist`, so the folder (and its committed
// placeholder) must survive `emptyOutDir`: recreate dist/.gitkeep after every build.
function keepDistPlaceholder(): Plugin {
  return {
    name: 'waybill-keep-dist-placeholder',
    apply: 'build',
    closeBundle() {
      fs.mkdirSync(outDir, { recursive: true })
      fs.writeFileSync(path.join(outDir, '.gitkeep'), '')
    },
  }
}

export default defineConfig({
  plugins: [react(), keepDistPlaceholder()],
  build: {
    outDir,
    emptyOutDir: true,
  },
  server: {
    proxy: {
      // the server accepts WebSocket upgrades from its own origin only: present the backend's
      '/graphql': { target: backend, ws: true, changeOrigin: true, headers: { origin: backend } },
      '/healthz': { target: backend, changeOrigin: true },
      '/qr': { target: backend, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    environmentOptions: { jsdom: { url: 'http://localhost/' } },
  },
})
