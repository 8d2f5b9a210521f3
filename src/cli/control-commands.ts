import type { Command } from 'commander';
import { addClockCommand } from './control/clock-command.js';
import { addDeviceFaultCommands } from './control/device-faults-command.js';
import { addFaultsCommand } from './control/faults-command.js';
import { addLogCommand } from './control/log-command.js';
import { addStateCommand } from './control/state-command.js';

/** The control plane from the command line: `opendep faults|clock|log|state ...`. */
export function addControlCommands(program: Command): void {
  addDeviceFaultCommands(addFaultsCommand(program));
  addClockCommand(program);
  addLogCommand(program);
  addStateCommand(program);
}
