import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

/**
 * Three projects: `unit` (pure domain code), `integration` (services and models against a
 * real database: a temporary SQLite file, or PostgreSQL when DATABASE_URL says so) and
 * `e2e` (the built server, driven over HTTP and through a real Chromium).
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Fails a test during which console.error is called or a rejection goes unhandled.
    setupFiles: ["test/setup-test-env.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          // One shared server and browser-heavy files: run them one after another.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
