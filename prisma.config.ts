import { defineConfig } from 'prisma/config';

// Migrations are applied by our own runner (src/db/migrate.ts) through Prisma's WebAssembly
// schema engine; this config serves `prisma generate` and, for people with the native
// engine, `prisma migrate deploy` against DATABASE_URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
