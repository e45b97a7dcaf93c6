/**
 * One or two sentences per violated cell of the design comparison, in the debate's terms, keyed
 * "design / property". The sources are paraphrased, not quoted (no text of theirs is kept here to
 * check a quotation against): Martin Kleppmann, "How to do distributed locking", Feb 8, 2016;
 * Salvatore Sanfilippo (antirez), "Is Redlock safe?", Feb 2016; antirez, "Distributed locks with
 * Redis" (the Redlock description on redis.io). test/examples/lock.test.ts checks that every violated
 * cell has one and no other cell does.
 */
export const EXPLANATIONS: Readonly<Record<string, string>> = {
  'redlock / no-late-write':
    "Kleppmann's scenario (Feb 8, 2016, paraphrased): c1 takes the lock and pauses, its lease expires, c2 takes the lock, and c1 resumes believing it still holds it and writes; the storage has nothing to check, so it accepts the write.",
  'redlock / writes-in-lease-order':
    "Kleppmann's first figure (Feb 8, 2016, paraphrased): c2 writes under its new lease, then c1 wakes from its pause and overwrites it, and nothing in Redlock can stop it, because Redlock hands out no number the storage could compare.",
  'redlock / late-write-rejected': 'The storage checks nothing, so no write is ever rejected: a lease alone leaves the late write to chance.',
  'fencing-tokens / no-late-write':
    "Where the checker and the usual summary of the debate part: fencing rejects a token lower than one the storage has already seen (Kleppmann, Feb 8, 2016, paraphrased), so c1's late write with token 1 is accepted when it reaches the storage before c2's first write with token 2. The storage cannot know the lease has moved on until the new holder tells it; what fencing does keep is writes-in-lease-order (c1's write after c2's is rejected, as in Kleppmann's figure).",
  'fencing-api-only / no-late-write':
    "As under fencing-tokens: the late write with token 1 reaches the storage before any write with token 2, so even the checked path accepts it.",
  'fencing-api-only / writes-in-lease-order':
    "c2 writes with token 2 through the API, then c1's late write with token 1 takes the batch path, which does not check tokens, and overwrites it. Kleppmann's fencing (Feb 8, 2016, paraphrased) has every write carry the token and the storage check it: one path that does not is enough.",
  'random-token-cas / no-late-write':
    "c1 pauses between taking the lock and marking the resource; after its lease has gone to c2 it resumes, marks the resource with its own token and writes: the mark is its own, so the check-and-set passes.",
  'random-token-cas / writes-in-lease-order':
    "antirez (Is Redlock safe?, Feb 2016, paraphrased) proposes the lock's random token with check-and-set instead of a counter: set the resource to your token, then modify it only if it still holds your token. The checker finds that the pause can fall before the marking: c2 marks and writes, then c1 resumes, marks over c2's token (a random token has no order, so the storage cannot refuse the older mark) and writes after c2. This is leasecheck's finding under our reading of the proposal, not a claim made in the debate.",
  'redlock-timing-assumed / pause-outlives-lease':
    "Under Redlock's timing assumptions no pause outlasts a lease, so the case Kleppmann builds cannot occur; his argument (Feb 8, 2016, paraphrased) is that a real system cannot bound GC pauses, network delays or clock jumps. antirez (Feb 2016, paraphrased) answers that Redlock needs clocks that run at about the same rate, not synchronized ones, and that a pause after the client has checked its lock is a problem of every lock with automatic release, not of Redlock alone.",
  'redlock-timing-assumed / late-write-rejected': 'With no pause outlasting a lease there is no late write, so nothing is ever rejected.',
  'no-expiry / pause-outlives-lease': 'There is no lease to outlive: the lock is held until its holder releases it.',
  'no-expiry / late-write-rejected': 'No lease ever expires, so no write is late and nothing is rejected.',
  'no-expiry / lease-ends':
    "c1 takes the lock and crashes, and nothing ever frees it: the reason leases exist. Redlock's description on redis.io lists this as its first liveness property (paraphrased: the lock can always be acquired eventually, even if its holder crashed).",
  'no-expiry / every-client-finishes': 'c1 crashes holding the lock, and c2 waits for it forever.',
  'no-expiry / deadlock-free': "c1 crashes holding the lock: c2 can only wait, and no step is enabled.",
};

export function explanationFor(design: string, property: string): string | undefined {
  return EXPLANATIONS[`${design} / ${property}`];
}
