/**
 * Child process of reportSet.test.ts: writes one of the test's report sets into a folder with
 * writeReportSet (LEASECHECK_TEST_KILL_AT=k makes it SIGKILL itself at its k-th write boundary).
 * usage: node --import tsx reportSetChild.ts DIR SET complete|incomplete
 */
import { writeReportSet } from '../../src/cli/reportSet.ts';
import { SETS } from './reportSets.ts';

const [dir, name, complete] = process.argv.slice(2);
writeReportSet(dir, SETS[name], { complete: complete === 'complete' });
