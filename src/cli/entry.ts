/**
 * The leasecheck program: the engine's commands plus those of the DAX layout-lease model, which plugs
 * in here like any other model would (the engine knows nothing of it).
 */
import { commands, main } from './main.ts';
import { runCheck } from './commands/check.ts';
import { runList } from '../../specs/dax/cli/listCommand.ts';
import { runCompare } from '../../specs/dax/cli/compareCommand.ts';
import { runReplay } from '../../specs/dax/cli/replayCommand.ts';
import { runCheckDesign } from '../../specs/dax/cli/checkDesignCommand.ts';
import { runGate } from '../../specs/dax/cli/gateCommand.ts';

commands.check = (argv) => (argv.some((a) => a === '--design' || a.startsWith('--design=')) ? runCheckDesign(argv) : runCheck(argv));
commands.list = runList;
commands.compare = runCompare;
commands.replay = runReplay;
commands.gate = runGate;
commands.simulate = async (argv) => (argv.some((a) => a === '--design' || a.startsWith('--design=')) ? (await import('../../specs/dax/cli/simulateDesign.ts')).runSimulateDesign(argv) : (await import('./commands/simulate.ts')).runSimulate(argv));

export { main };
