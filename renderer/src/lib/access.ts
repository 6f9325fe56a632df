// The contract's access rule (the same one the backend enforces), for showing only what a user may do.
export { actionableRepairStatuses, canCall } from '../../../shared/api/access.ts';
