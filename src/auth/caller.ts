import type { Role } from '../generated/prisma/enums';

/** Who is calling: an API key's name and role, or null for an anonymous caller. */
export interface Caller {
  keyId: number;
  name: string;
  role: Role;
}

/** The actor recorded in the audit log for work done from the command line. */
export const CLI_ACTOR = 'cli';
