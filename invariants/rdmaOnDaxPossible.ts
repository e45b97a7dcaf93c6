import { sometimes, type Property } from '../src/index.ts';
import type { Names } from '../specs/dax/names.ts';
import { registered } from '../specs/dax/queries.ts';

/**
 * rdma-on-dax-possible (witness): some reachable state has an MR registered on the DAX file, i.e. the
 * design lets RDMA use FS-DAX at all. Verdict `holds` with the shortest witness; `violated` when no
 * state has one (mainline-2019: Ira Weiny, Jun 5, long-term pins of FS-DAX pages "are currently disallowed").
 */
export function rdmaOnDaxPossible(n: Names): Property {
  return sometimes('rdma-on-dax-possible', (s) => registered(s, n).length > 0, {
    description: 'some reachable state has an MR registered on a DAX file',
  });
}
