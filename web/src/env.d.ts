/** A GraphQL document bundled by scripts/build-web.ts with its SHA-256 (for persisted queries). */
declare module '*.graphql' {
  const document: { query: string; hash: string };
  export default document;
}
declare module '*.css';
