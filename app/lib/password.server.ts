import argon2 from "argon2";

/**
 * argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 iterations, 1 lane.
 * Parameters are stored in the hash, so raising them later keeps old hashes valid.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Same work as a real check, so timing does not reveal accounts without a password.
    await argon2.hash(password, OPTIONS);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
