import { defineConfig } from "vite";

// Static files only: `composure serve` serves dist/ at / (config `web: {root: web/dist}`).
// During development `npm run dev` proxies the API to a server on COMPOSURE_URL.
const api = process.env["COMPOSURE_URL"] ?? "http://127.0.0.1:8080";

export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  server: {
    proxy: {
      "/calls": api,
      "/healthz": api,
      "/live": { target: api, ws: true },
    },
  },
});
