import { always, type Property } from '../src/index.ts';
import type { Names } from '../specs/dax/names.ts';
import { blockOwner, registered } from '../specs/dax/queries.ts';

/**
 * no-truncate-of-pinned (safety): never a state in which a block pinned by an MR is no longer the
 * block of the file it was pinned from (freed, or reused by another file). The hazard of the whole
 * thread: "the filesystem frees the block and may hand it to another file; the NIC keeps writing into
 * it" (DOMAIN.md; Ira Weiny, Aug 9 cover letter, goal A "Prevents file system corruption or data leaks").
 */
export function noTruncateOfPinned(n: Names): Property {
  return always(
    'no-truncate-of-pinned',
    (s) => registered(s, n).every((m) => blockOwner(s)[m.phys!] === `${m.file}[${m.block}]`),
    { description: 'a block pinned by an MR is never freed or reused while pinned', subject: (s) => registered(s, n).length > 0 },
  );
}
