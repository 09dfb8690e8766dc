// `prisma dev` imports this to start its local streams server; this project does not use `prisma dev`.
export async function startLocalDurableStreamsServer() {
  throw new Error(
    'prisma dev is not supported in this project: @prisma/streams-local is replaced by a stub (stubs/README.md)',
  );
}
