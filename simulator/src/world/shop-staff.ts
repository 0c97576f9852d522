import { randomBytes } from 'node:crypto';
import { hashStaffPassword } from '@regiobox/edge';
import type { StaffLogin } from '../station/counter-terminal.js';

/** Cheaper than a real staff hash (16 MiB): the demo starts quickly and its passwords live one run. */
const DEMO_COST = { ln: 12, r: 8, p: 1 } as const;

/**
 * The staff of a simulated farm shop: two people taking turns at the till, each with a fresh
 * password per run; the hashes go into the station's config, the passwords to the staff actors
 * (and the demo prints one, so a person can log in on the staff page too).
 */
export const shopStaff = async (): Promise<{
  readonly logins: StaffLogin[];
  readonly config: { id: string; name: string; passwordHash: string }[];
}> => {
  const logins: StaffLogin[] = [
    { id: 'lena', name: 'Lena', password: randomBytes(9).toString('base64url') },
    { id: 'tom', name: 'Tom', password: randomBytes(9).toString('base64url') },
  ];
  const random = { bytes: (n: number) => randomBytes(n) };
  const config = await Promise.all(
    logins.map(async (l) => ({
      id: l.id,
      name: l.name,
      passwordHash: await hashStaffPassword(l.password, random, DEMO_COST),
    })),
  );
  return { logins, config };
};
