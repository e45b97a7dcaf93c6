/**
 * The FS-DAX / RDMA layout-lease model as a spec: `leasecheck compare specs/dax.model.ts` (what
 * `npm start` runs) checks its seven designs side by side. The model lives in specs/dax/.
 */
export { dax as default } from './dax/system.ts';
