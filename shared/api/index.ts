// The contract between the renderer and the backend: one entry per method `area.verb`,
// with its input and output schemas, who may call it and the errors it can answer.
import { z } from 'zod';
import type { Role } from '../domain/roles.ts';
import {
  changePasswordInput,
  createAdminInput,
  loginInput,
  resetPasswordInput,
  sessionOutput,
  setupStatusOutput,
  userCreate,
  userEntity,
  usersListInput,
  userUpdate,
} from './accounts.ts';
import { backupConfigureInput, backupEntity, backupRestoreInput, backupRestoreOutput, backupStatusOutput, healthOutput } from './backup.ts';
import { idInput, listInput, listOutput, okOutput, retireInput } from './common.ts';
import { defineMethod } from './define.ts';
import {
  auditHistoryInput,
  auditRowEntity,
  auditVerifyOutput,
  policyGetInput,
  policyGetOutput,
  policyUpdateInput,
  policyVersionEntity,
} from './governance.ts';
import {
  dispatchApproveInput,
  dispatchBoardInput,
  dispatchBoardOutput,
  dispatchCheckInInput,
  dispatchCheckOutInput,
  dispatchCloseInput,
  dispatchListInput,
  dispatchReasonInput,
  dispatchRequestInput,
  dispatchResolveFlagInput,
  monthlyKmInput,
  monthlyKmOutput,
  odometerInput,
  odometerOutput,
  ticketDetail,
  ticketSummary,
} from './dispatch.ts';
import { masterSchemas, type MasterArea } from './masterdata.ts';
import {
  adjustmentEntity,
  prerequisitesOutput,
  settlementAdjustInput,
  settlementAdjustmentsInput,
  settlementEntity,
  settlementListOutput,
  settlementMonthInput,
  settlementReturnInput,
  settlementSlipInput,
  settlementSlipOutput,
  settlementArchiveEntity,
  settlementArchiveInput,
} from './settlement.ts';
import { dashboardAccidentsOutput, dashboardFuelOutput, dashboardMoneyOutput, dashboardMonthInput, dashboardOverviewOutput, dashboardRepairsOutput } from './dashboard.ts';
import {
  accidentAttachInput,
  accidentAttachmentInput,
  accidentCloseInput,
  accidentCreateInput,
  accidentEntity,
  accidentListInput,
  accidentReopenInput,
  accidentSummary,
  accidentUpdateInput,
} from './accidents.ts';
import {
  assessmentDeductInput,
  assessmentItemEntity,
  assessmentItemRetireInput,
  assessmentItemSaveInput,
  assessmentItemsInput,
  assessmentMonthInput,
  assessmentMonthOutput,
  assessmentRemoveInput,
  assessmentReopenInput,
  assessmentSheetInput,
  assessmentSheetOutput,
  assessmentSignInput,
  violationCatalogueInput,
  violationCatalogueOutput,
  violationCreateInput,
  violationEntity,
  violationFromFlagInput,
  violationListInput,
  violationVoidInput,
  postHoldersOutput,
} from './conduct.ts';
import {
  repairCheckOldPartInput,
  repairCorrectInput,
  repairCreateInput,
  repairEnterWorkInput,
  repairListInput,
  repairOrderEntity,
  repairPhoneApproveInput,
  fileOutput,
  repairReasonInput,
  repairSeizureInput,
  repairSettleInput,
  repairStatementInput,
  repairStatementOutput,
  repairStepInput,
  repairSummary,
} from './repairs.ts';
import {
  fillupBatchInput,
  fillupBatchOutput,
  fillupCreateInput,
  fillupEntity,
  fillupListInput,
  fuelAuditInput,
  fuelAuditOutput,
  fuelMonthInput,
  fuelMonthOutput,
  fuelReopenInput,
  fuelResolveInput,
  fuelTrendInput,
  fuelTrendOutput,
  fuelVehicleInput,
  fuelVehicleOutput,
  importChunkInput,
  importChunkOutput,
  importCommitInput,
  importCommitOutput,
  importPreviewInput,
  importPreviewOutput,
  importProfilesOutput,
  importStartInput,
  importStartOutput,
} from './fuel.ts';
import {
  personnelDecideInput,
  personnelFlagEntity,
  personnelFlagsInput,
  purchaseBuyInput,
  purchaseCreateInput,
  purchaseEntity,
  purchaseListInput,
  purchaseReasonInput,
  purchaseStepInput,
  routineDueInput,
  routineDueOutput,
  routineHistoryInput,
  routineRecordInput,
  routineServiceEntity,
} from './maintenance.ts';

import { ADMIN, BACKUP_OPERATORS, DISPATCH_APPROVERS, DISPATCH_DRIVERS, DISPATCH_REQUESTERS, DISPATCH_REVIEWERS, FUEL_IMPORTERS, MASTER_EDITORS, POLICY_EDITORS, STAFF, STATEMENT_READERS } from './role-groups.ts';

export { DISPATCH_DRIVERS, DISPATCH_REQUESTERS, DISPATCH_REVIEWERS, MASTER_EDITORS } from './role-groups.ts';

const empty = z.object({}).default({});
interface AreaSchemas<C extends z.ZodType, U extends z.ZodType, E extends z.ZodType> {
  create: C;
  update: U;
  entity: E;
}

function masterMethods<A extends MasterArea, C extends z.ZodType, U extends z.ZodType, E extends z.ZodType>(area: A, s: AreaSchemas<C, U, E>) {
  const verbs = {
    list: defineMethod({ summary: `List ${area}`, input: listInput, output: listOutput(s.entity), access: 'any', errors: ['INVALID_INPUT'] }),
    get: defineMethod({ summary: `Get one of ${area}`, input: idInput, output: s.entity, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
    create: defineMethod({ summary: `Create one of ${area}`, input: s.create, output: s.entity, access: MASTER_EDITORS, errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'] }),
    update: defineMethod({ summary: `Edit one of ${area}`, input: s.update, output: s.entity, access: MASTER_EDITORS, errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'] }),
    retire: defineMethod({ summary: `Retire one of ${area} (never deleted)`, input: retireInput, output: s.entity, access: MASTER_EDITORS, errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'] }),
    reactivate: defineMethod({ summary: `Bring a retired one of ${area} back into use`, input: retireInput, output: s.entity, access: MASTER_EDITORS, errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'] }),
  };
  return Object.fromEntries(Object.entries(verbs).map(([verb, def]) => [`${area}.${verb}`, def])) as {
    [V in keyof typeof verbs as `${A}.${V}`]: (typeof verbs)[V];
  };
}


const coreMethods = {
  'setup.status': defineMethod({ summary: 'Is the database initialised (an administrator exists)?', input: empty, output: setupStatusOutput, access: 'public', errors: [] }),
  'setup.createAdmin': defineMethod({ summary: 'First run: create the administrator and log in', input: createAdminInput, output: sessionOutput, access: 'public', errors: ['INVALID_INPUT', 'CONFLICT'] }),
  'setup.loadDemo': defineMethod({ summary: 'First run: load the demo depot into an empty database', input: empty, output: okOutput, access: ADMIN, errors: ['CONFLICT'] }),

  'auth.login': defineMethod({ summary: 'Log in with username and password', input: loginInput, output: sessionOutput, access: 'public', errors: ['INVALID_INPUT', 'UNAUTHENTICATED', 'RATE_LIMITED'] }),
  'auth.logout': defineMethod({ summary: 'End the session', input: empty, output: okOutput, access: 'any', errors: [] }),
  'auth.me': defineMethod({ summary: 'The logged-in user', input: empty, output: userEntity, access: 'any', errors: [] }),
  'auth.changePassword': defineMethod({ summary: 'Change own password', input: changePasswordInput, output: okOutput, access: 'any', errors: ['INVALID_INPUT', 'UNAUTHENTICATED'] }),

  'users.list': defineMethod({ summary: 'List users', input: usersListInput, output: z.object({ items: z.array(userEntity) }), access: ADMIN, errors: [] }),
  'users.create': defineMethod({ summary: 'Create a user with roles', input: userCreate, output: userEntity, access: ADMIN, errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'] }),
  'users.update': defineMethod({ summary: 'Edit a user: name, roles, linked driver', input: userUpdate, output: userEntity, access: ADMIN, errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'] }),
  'users.deactivate': defineMethod({ summary: 'Deactivate a user (never deleted)', input: idInput, output: userEntity, access: ADMIN, errors: ['NOT_FOUND', 'CONFLICT'] }),
  'users.reactivate': defineMethod({ summary: 'Reactivate a user', input: idInput, output: userEntity, access: ADMIN, errors: ['NOT_FOUND'] }),
  'users.resetPassword': defineMethod({ summary: "Set a user's password", input: resetPasswordInput, output: okOutput, access: ADMIN, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),

  'policy.get': defineMethod({ summary: 'The policy in force for a month (default: this month)', input: policyGetInput, output: policyGetOutput, access: 'any', errors: ['INVALID_INPUT'] }),
  'policy.history': defineMethod({ summary: 'Every policy version (the policy page; not for drivers)', input: empty, output: z.object({ items: z.array(policyVersionEntity) }), access: STAFF, errors: [] }),
  'policy.update': defineMethod({ summary: 'A new policy version from a month onward', input: policyUpdateInput, output: policyVersionEntity, access: POLICY_EDITORS, errors: ['INVALID_INPUT', 'PERIOD_LOCKED'] }),

  'audit.history': defineMethod({ summary: "A record's history", input: auditHistoryInput, output: z.object({ items: z.array(auditRowEntity) }), access: STAFF, errors: ['INVALID_INPUT', 'FORBIDDEN'] }),
  'audit.verify': defineMethod({ summary: 'Verify the hash chain of the whole audit trail', input: empty, output: auditVerifyOutput, access: ['admin', 'director', 'deputy_director', 'fleet_office'], errors: [] }),

  // Shown before login too: a database that failed its start-up checks must be seen at once.
  'system.health': defineMethod({ summary: "The database's start-up checks: quick_check, the audit chain, a restore just applied", input: empty, output: healthOutput, access: 'public', errors: [] }),
  'backup.status': defineMethod({ summary: 'The backup folder, its generations and the backups in it', input: empty, output: backupStatusOutput, access: BACKUP_OPERATORS, errors: [] }),
  'backup.run': defineMethod({ summary: 'Back up now: copy, verify (integrity and audit chain), keep the newest generations', input: empty, output: backupEntity, access: BACKUP_OPERATORS, errors: ['INVALID_INPUT', 'CONFLICT'] }),
  'backup.configure': defineMethod({ summary: 'Choose the backup folder and how many generations to keep', input: backupConfigureInput, output: okOutput, access: ADMIN, errors: ['INVALID_INPUT'] }),
  'backup.acceptTail': defineMethod({ summary: "Accept the database as it is after the start-up check found its newest audit records missing (the check's alarm ends; records are marked again)", input: empty, output: healthOutput, access: ADMIN, errors: ['CONFLICT'] }),
  'backup.restore': defineMethod({ summary: 'Restore from a backup: validated, the current database kept aside, applied by restarting the backend', input: backupRestoreInput, output: backupRestoreOutput, access: ADMIN, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
};

const ticketErrors = ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'PERIOD_LOCKED'] as const;
const dispatchMethods = {
  'dispatch.request': defineMethod({ summary: 'Ask for a vehicle: a new dispatch ticket', input: dispatchRequestInput, output: ticketDetail, access: DISPATCH_REQUESTERS, errors: ticketErrors }),
  'dispatch.approve': defineMethod({ summary: 'Approve a requested ticket (also an approval given by phone)', input: dispatchApproveInput, output: ticketDetail, access: DISPATCH_APPROVERS, errors: ticketErrors }),
  'dispatch.reject': defineMethod({ summary: 'Reject a requested ticket, with a reason', input: dispatchReasonInput, output: ticketDetail, access: DISPATCH_APPROVERS, errors: ticketErrors }),
  'dispatch.cancel': defineMethod({ summary: 'Cancel a requested or approved ticket, with a reason', input: dispatchReasonInput, output: ticketDetail, access: DISPATCH_REQUESTERS, errors: ticketErrors }),
  'dispatch.checkOut': defineMethod({ summary: 'Check out: departure time and odometer', input: dispatchCheckOutInput, output: ticketDetail, access: DISPATCH_DRIVERS, errors: ticketErrors }),
  'dispatch.checkIn': defineMethod({ summary: 'Check in: return time, odometer and parking', input: dispatchCheckInInput, output: ticketDetail, access: DISPATCH_DRIVERS, errors: ticketErrors }),
  'dispatch.close': defineMethod({ summary: 'Close a returned ticket after review (all flags resolved)', input: dispatchCloseInput, output: ticketDetail, access: DISPATCH_REVIEWERS, errors: ticketErrors }),
  'dispatch.resolveFlag': defineMethod({ summary: "Resolve a ticket's flag with an explanation", input: dispatchResolveFlagInput, output: ticketDetail, access: DISPATCH_REVIEWERS, errors: ticketErrors }),
  'dispatch.get': defineMethod({ summary: 'One ticket with its flags and timeline (drivers: their own)', input: idInput, output: ticketDetail, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'dispatch.list': defineMethod({ summary: 'Search, filter, sort and page all tickets (drivers: their own)', input: dispatchListInput, output: listOutput(ticketSummary), access: 'any', errors: ['INVALID_INPUT'] }),
  'dispatch.board': defineMethod({ summary: "A day's board and its end-of-day review list", input: dispatchBoardInput, output: dispatchBoardOutput, access: 'any', errors: ['INVALID_INPUT'] }),
  'dispatch.monthlyKm': defineMethod({ summary: 'Kilometres of official trips per vehicle and per driver in a month (by return month)', input: monthlyKmInput, output: monthlyKmOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'dispatch.odometer': defineMethod({ summary: "A vehicle's odometer history", input: odometerInput, output: odometerOutput, access: STAFF, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
};

const repairErrors = ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'] as const;
const repair = <I extends z.ZodType>(summary: string, input: I, access: readonly Role[], extra: readonly 'PERIOD_LOCKED'[] = []) => defineMethod({ summary, input, output: repairOrderEntity, access, errors: [...repairErrors, ...extra] });
const repairMethods = {
  'repairs.create': repair('A repair request (draft): symptoms, requested work, a designated shop', repairCreateInput, ['driver', 'fleet_office']),
  'repairs.report': repair('Report the draft to the director in advance', repairStepInput, ['director', 'deputy_director']),
  'repairs.approve': repair('Approve the repair: the vehicle may go to the shop', repairStepInput, ['fleet_office']),
  'repairs.reject': repair('Reject the repair request, with a reason', repairReasonInput, ['fleet_office']),
  'repairs.phoneApprove': repair('Urgent: record the approval the director gave by phone; the form is filed after the fact', repairPhoneApproveInput, ['director', 'deputy_director']),
  'repairs.toShop': repair('The vehicle is at the shop (in repair: no dispatch)', repairStepInput, ['fleet_office', 'fleet_captain']),
  'repairs.enterWork': repair("Enter the shop's list of parts and labour (totals computed by the backend)", repairEnterWorkInput, ['fleet_office', 'fleet_captain']),
  'repairs.sign': repair("The vehicle's driver signs the list as it is", repairStepInput, ['driver']),
  'repairs.refuseSignature': repair('The driver refuses to sign, with a comment: back to the shop list', repairReasonInput, ['driver']),
  'repairs.checkOldPart': repair('The old part of a major-part line was returned and inspected', repairCheckOldPartInput, ['fleet_office']),
  'repairs.verifyParts': repair('Every major part checked: on to settlement', repairStepInput, ['fleet_office']),
  'repairs.correct': repair('The fleet captain corrects a line, with a reason (the driver signs again)', repairCorrectInput, ['fleet_captain'], ['PERIOD_LOCKED']),
  'repairs.settle': repair('The fleet captain settles, line by line against the catalogue', repairSettleInput, ['fleet_captain'], ['PERIOD_LOCKED']),
  'repairs.review': repair('The fleet office reviews the settlement', repairStepInput, ['fleet_office'], ['PERIOD_LOCKED']),
  'repairs.approvePayment': repair('The manager office approves the payment', repairStepInput, ['manager_office'], ['PERIOD_LOCKED']),
  'repairs.pay': repair('Finance records the payment', repairStepInput, ['finance'], ['PERIOD_LOCKED']),
  'repairs.get': defineMethod({ summary: 'One repair order with its lines and timeline (drivers: their own)', input: idInput, output: repairOrderEntity, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'repairs.list': defineMethod({ summary: 'Repair orders, newest first (drivers: their own)', input: repairListInput, output: listOutput(repairSummary), access: 'any', errors: ['INVALID_INPUT'] }),
  'repairs.markSeizure': repair("Engine seizure from neglect (no oil / no coolant): the overhaul is the driver's, who is flagged for dismissal", repairSeizureInput, ['fleet_office', 'fleet_captain'], ['PERIOD_LOCKED']),
  'repairs.statement': defineMethod({ summary: "A shop's monthly statement: orders approved for payment that month, with totals", input: repairStatementInput, output: repairStatementOutput, access: STATEMENT_READERS, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
  'repairs.statementXlsx': defineMethod({ summary: "A shop's monthly statement as an Excel file", input: repairStatementInput, output: fileOutput, access: STATEMENT_READERS, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
};

const fuelMethods = {
  'fuel.create': defineMethod({ summary: 'Record a fill-up by hand (a driver for themselves)', input: fillupCreateInput, output: fillupEntity, access: ['driver', 'fleet_office', 'fleet_captain'], errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'PERIOD_LOCKED'] }),
  'fuel.list': defineMethod({ summary: 'Fill-ups, newest first, by month and vehicle (drivers: their own)', input: fillupListInput, output: listOutput(fillupEntity), access: 'any', errors: ['INVALID_INPUT'] }),
  'fuel.register': defineMethod({ summary: "The fleet captain signs and registers fill-up invoices", input: fillupBatchInput, output: fillupBatchOutput, access: ['fleet_captain'], errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'PERIOD_LOCKED'] }),
  'fuel.approve': defineMethod({ summary: 'The manager office approves registered invoices for reimbursement, many at once', input: fillupBatchInput, output: fillupBatchOutput, access: ['manager_office'], errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'PERIOD_LOCKED'] }),
  'fuel.audit': defineMethod({ summary: "The month's fuel audit: one row per vehicle against its model's limit", input: fuelAuditInput, output: fuelAuditOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'fuel.vehicle': defineMethod({ summary: "One vehicle's month: the fill-ups, trips, drivers' km, anomalies and the computation in words", input: fuelVehicleInput, output: fuelVehicleOutput, access: STAFF, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
  'fuel.trend': defineMethod({ summary: "One vehicle's twelve months: actual L/100 km against each month's limit", input: fuelTrendInput, output: fuelTrendOutput, access: STAFF, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
  'fuel.month': defineMethod({ summary: "The captain's month: what must be resolved, the signature and the penalties per driver", input: fuelMonthInput, output: fuelMonthOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'fuel.resolve': defineMethod({ summary: 'The fleet captain explains or penalises an over-limit vehicle or an anomaly', input: fuelResolveInput, output: fuelMonthOutput, access: ['fleet_captain'], errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'PERIOD_LOCKED'] }),
  'fuel.sign': defineMethod({ summary: "The fleet captain signs the month's fuel audit; the penalties are shared between the drivers", input: fuelMonthInput, output: fuelMonthOutput, access: ['fleet_captain'], errors: ['INVALID_INPUT', 'CONFLICT', 'PERIOD_LOCKED'] }),
  'fuel.reopen': defineMethod({ summary: 'The director reopens a signed month, with a reason, before its settlement is locked', input: fuelReopenInput, output: fuelMonthOutput, access: ['director'], errors: ['INVALID_INPUT', 'CONFLICT', 'PERIOD_LOCKED'] }),
  'fuel.importStart': defineMethod({ summary: 'Begin uploading a fuel-card statement (CSV or .xlsx)', input: importStartInput, output: importStartOutput, access: FUEL_IMPORTERS, errors: ['INVALID_INPUT'] }),
  'fuel.importChunk': defineMethod({ summary: 'One chunk of a statement being uploaded', input: importChunkInput, output: importChunkOutput, access: FUEL_IMPORTERS, errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
  'fuel.importPreview': defineMethod({ summary: "A statement's rows through a column mapping, each with its problems; nothing is saved", input: importPreviewInput, output: importPreviewOutput, access: FUEL_IMPORTERS, errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
  'fuel.importCommit': defineMethod({ summary: "Save a statement's valid rows in one transaction and remember the mapping; the rejected rows come back with reasons", input: importCommitInput, output: importCommitOutput, access: FUEL_IMPORTERS, errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
  'fuel.importProfiles': defineMethod({ summary: 'The card companies and stations whose column mapping is remembered', input: z.object({}), output: importProfilesOutput, access: FUEL_IMPORTERS, errors: [] }),
};

/** Who records accidents and violations: the director's office and the fleet's office-holders. */
export const SAFETY_KEEPERS: readonly Role[] = ['director', 'deputy_director', 'fleet_office', 'fleet_captain'];
const safetyErrors = ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'] as const;
const accident = <I extends z.ZodType>(summary: string, input: I, access: readonly Role[], extra: readonly ('POLICY_UNSET' | 'PERIOD_LOCKED')[] = []) =>
  defineMethod({ summary, input, output: accidentEntity, access, errors: [...safetyErrors, ...extra] });
const accidentMethods = {
  'accidents.create': accident('Record an accident: on a dispatch ticket or in private use (also from an unlogged-mileage flag)', accidentCreateInput, SAFETY_KEEPERS, ['PERIOD_LOCKED']),
  'accidents.update': accident('Edit an open accident: details, the police finding when it arrives, costs and insurance', accidentUpdateInput, SAFETY_KEEPERS, ['PERIOD_LOCKED']),
  'accidents.close': accident("Close (settle) the accident: the driver's share is fixed and charged to this month's settlement", accidentCloseInput, ['director', 'deputy_director', 'fleet_captain'], ['POLICY_UNSET', 'PERIOD_LOCKED']),
  'accidents.reopen': accident('The director reopens a closed accident, with a reason (the share is no longer charged)', accidentReopenInput, ['director'], ['PERIOD_LOCKED']),
  'accidents.attach': accident("Attach a photo or the police report (JPEG, PNG or PDF), copied into the app's data folder", accidentAttachInput, SAFETY_KEEPERS),
  'accidents.attachment': defineMethod({ summary: "One attachment's file (drivers: their own accidents)", input: accidentAttachmentInput, output: fileOutput, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'accidents.get': defineMethod({ summary: 'One accident with its share computed in words, flags and attachments (drivers: their own)', input: idInput, output: accidentEntity, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'accidents.list': defineMethod({ summary: 'Accidents, newest first, with filters (drivers: their own)', input: accidentListInput, output: listOutput(accidentSummary), access: 'any', errors: ['INVALID_INPUT'] }),
};

const violation = <I extends z.ZodType>(summary: string, input: I, access: readonly Role[]) => defineMethod({ summary, input, output: violationEntity, access, errors: [...safetyErrors, 'PERIOD_LOCKED'] });
const violationMethods = {
  'violations.create': violation('Record a violation against a person and a date; the fine, points and consequences follow the policy', violationCreateInput, SAFETY_KEEPERS),
  'violations.fromFlag': violation("Record the violation a dispatch flag shows (unlogged mileage, overnight, not parked); the flag is resolved with it", violationFromFlagInput, SAFETY_KEEPERS),
  'violations.void': violation('Void a violation recorded in error, with a reason (kept, no longer charged)', violationVoidInput, ['director', 'deputy_director']),
  'violations.get': defineMethod({ summary: 'One violation (drivers: their own)', input: idInput, output: violationEntity, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'violations.list': defineMethod({ summary: 'Violations, newest first, with filters (drivers: their own)', input: violationListInput, output: listOutput(violationEntity), access: 'any', errors: ['INVALID_INPUT'] }),
  'violations.postHolders': defineMethod({ summary: "The active users holding the director's and the deputy's posts (whom a director's violation may fine)", input: empty, output: postHoldersOutput, access: SAFETY_KEEPERS, errors: [] }),
  'violations.catalogue': defineMethod({ summary: "The violation catalogue with the month's fines per role, points and consequences", input: violationCatalogueInput, output: violationCatalogueOutput, access: 'any', errors: ['INVALID_INPUT'] }),
};

const ASSESSORS: readonly Role[] = ['fleet_office'];
const sheetErrors = ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'PERIOD_LOCKED'] as const;
const assessmentMethods = {
  'assessment.items': defineMethod({ summary: 'The catalogue of deduction items', input: assessmentItemsInput, output: z.object({ items: z.array(assessmentItemEntity) }), access: STAFF, errors: ['INVALID_INPUT'] }),
  'assessment.saveItem': defineMethod({ summary: 'Add or edit a deduction item (fleet office)', input: assessmentItemSaveInput, output: assessmentItemEntity, access: ASSESSORS, errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
  'assessment.retireItem': defineMethod({ summary: 'Retire a deduction item or bring it back (never deleted)', input: assessmentItemRetireInput, output: assessmentItemEntity, access: ASSESSORS, errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
  'assessment.month': defineMethod({ summary: "A month's sheets for drivers or vehicles, with scores and the signature", input: assessmentMonthInput, output: assessmentMonthOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'assessment.sheet': defineMethod({ summary: "One sheet: every deduction, from items and from violations (drivers: their own)", input: assessmentSheetInput, output: assessmentSheetOutput, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'assessment.deduct': defineMethod({ summary: 'Take points off a sheet for an item', input: assessmentDeductInput, output: assessmentSheetOutput, access: ASSESSORS, errors: sheetErrors }),
  'assessment.removeDeduction': defineMethod({ summary: 'Remove a deduction entered in error, before the month is signed', input: assessmentRemoveInput, output: assessmentSheetOutput, access: ASSESSORS, errors: sheetErrors }),
  'assessment.sign': defineMethod({ summary: "The fleet office signs the month's sheets once the month has ended", input: assessmentSignInput, output: assessmentMonthOutput, access: ASSESSORS, errors: ['INVALID_INPUT', 'CONFLICT', 'PERIOD_LOCKED'] }),
  'assessment.reopen': defineMethod({ summary: 'The director reopens a signed month, with a reason', input: assessmentReopenInput, output: assessmentMonthOutput, access: ['director'], errors: ['INVALID_INPUT', 'CONFLICT', 'PERIOD_LOCKED'] }),
};

const stepErrors = ['INVALID_INPUT', 'CONFLICT', 'PERIOD_LOCKED'] as const;
const settlementStep = (summary: string, access: readonly Role[]) => defineMethod({ summary, input: settlementMonthInput, output: settlementEntity, access, errors: stepErrors });
/** Who prints the settlement sheet: the office that prepares it, those who sign it, and finance. */
const SETTLEMENT_PRINTERS: readonly Role[] = ['fleet_office', 'fleet_captain', 'manager_office', 'finance'];
const settlementMethods = {
  'settlement.list': defineMethod({ summary: 'The months with a settlement, newest first, with their status and net', input: empty, output: settlementListOutput, access: STAFF, errors: [] }),
  'settlement.prerequisites': defineMethod({ summary: "What must be done before a month's settlement can be prepared, each with where to do it", input: settlementMonthInput, output: prerequisitesOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'settlement.get': defineMethod({ summary: "A month's settlement: a row per person with its totals per kind, the workflow's signatures", input: settlementMonthInput, output: settlementEntity, access: STAFF, errors: ['INVALID_INPUT'] }),
  'settlement.prepare': settlementStep('Compute (or recompute) the draft once the prerequisites are met (制表)', ['fleet_office']),
  'settlement.review': settlementStep('The fleet captain signs the draft (车队审核签字)', ['fleet_captain']),
  'settlement.approve': settlementStep('The manager office approves the reviewed settlement (经理室审批)', ['manager_office']),
  'settlement.lock': settlementStep('Finance locks the approved settlement: nothing feeding the month may change any more', ['finance']),
  'settlement.return': defineMethod({ summary: 'Send a reviewed or approved settlement back to draft, with a reason', input: settlementReturnInput, output: settlementEntity, access: ['fleet_captain', 'manager_office'], errors: stepErrors }),
  'settlement.slip': defineMethod({ summary: "One person's lines with their sources (a driver: their own)", input: settlementSlipInput, output: settlementSlipOutput, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'settlement.adjust': defineMethod({ summary: 'Correct a locked month: an adjustment carried into the next month not yet locked', input: settlementAdjustInput, output: adjustmentEntity, access: ['fleet_office'], errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
  'settlement.xlsx': defineMethod({ summary: "A month's settlement as an Excel file: the summary and the lines with their sources", input: settlementMonthInput, output: fileOutput, access: STAFF, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
  'settlement.archivePdf': defineMethod({ summary: 'Archive the printed sheet (a PDF made by the desktop shell) with the settlement, in the data folder', input: settlementArchiveInput, output: settlementArchiveEntity, access: SETTLEMENT_PRINTERS, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
  'settlement.archives': defineMethod({ summary: "The archived printouts of a month's settlement", input: settlementMonthInput, output: z.object({ items: z.array(settlementArchiveEntity) }), access: STAFF, errors: ['INVALID_INPUT'] }),
  'settlement.adjustments': defineMethod({ summary: 'Adjustments, by the month that carries them', input: settlementAdjustmentsInput, output: z.object({ items: z.array(adjustmentEntity) }), access: STAFF, errors: ['INVALID_INPUT'] }),
};

const purchaseErrors = ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'] as const;
const purchase = <I extends z.ZodType>(summary: string, input: I, access: readonly Role[], extra: readonly 'PERIOD_LOCKED'[] = []) => defineMethod({ summary, input, output: purchaseEntity, access, errors: [...purchaseErrors, ...extra] });
const maintenanceMethods = {
  'purchases.create': purchase('Ask to buy oil or small parts for self-maintenance', purchaseCreateInput, ['driver', 'fleet_office']),
  'purchases.confirm': purchase('The group leader confirms the purchase request', purchaseStepInput, ['group_leader']),
  'purchases.approve': purchase('The director approves the confirmed purchase', purchaseStepInput, ['director', 'deputy_director']),
  'purchases.reject': purchase('Refuse the purchase request, with a reason', purchaseReasonInput, ['group_leader', 'director', 'deputy_director']),
  'purchases.buy': purchase("Record the purchase (amount, receipt): reimbursable only when approved before, else the driver's", purchaseBuyInput, ['driver', 'fleet_office'], ['PERIOD_LOCKED']),
  'purchases.get': defineMethod({ summary: 'One purchase (drivers: their own)', input: idInput, output: purchaseEntity, access: 'any', errors: ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN'] }),
  'purchases.list': defineMethod({ summary: 'Purchases, newest first (drivers: their own)', input: purchaseListInput, output: listOutput(purchaseEntity), access: 'any', errors: ['INVALID_INPUT'] }),
  'routine.due': defineMethod({ summary: 'Routine maintenance per vehicle: due, overdue, last service', input: routineDueInput, output: routineDueOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'routine.record': defineMethod({ summary: 'Record a routine service done on a vehicle', input: routineRecordInput, output: routineServiceEntity, access: ['fleet_office', 'fleet_captain'], errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
  'routine.history': defineMethod({ summary: "A vehicle's routine services, newest first", input: routineHistoryInput, output: z.object({ items: z.array(routineServiceEntity) }), access: STAFF, errors: ['INVALID_INPUT', 'NOT_FOUND'] }),
  'personnel.flags': defineMethod({ summary: 'Dismissal flags for the director to act on', input: personnelFlagsInput, output: listOutput(personnelFlagEntity), access: ['director', 'deputy_director', 'fleet_office', 'fleet_captain'], errors: ['INVALID_INPUT'] }),
  'personnel.decide': defineMethod({ summary: "The director's (or deputy's) decision on a dismissal flag", input: personnelDecideInput, output: personnelFlagEntity, access: ['director', 'deputy_director'], errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'] }),
};

const dashboardMethods = {
  'dashboard.overview': defineMethod({ summary: "What waits for the caller's roles: approvals, flags, the closing month's fuel audit, settlements to lock and pay", input: empty, output: dashboardOverviewOutput, access: STAFF, errors: [] }),
  'dashboard.money': defineMethod({ summary: 'Twelve months of settlements: bonuses, subsidies, deductions, adjustments and net', input: dashboardMonthInput, output: dashboardMoneyOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'dashboard.accidents': defineMethod({ summary: 'Accidents by liability level per quarter, the last eight quarters', input: dashboardMonthInput, output: dashboardAccidentsOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'dashboard.repairs': defineMethod({ summary: 'Repair cost of twelve months by vehicle and by shop', input: dashboardMonthInput, output: dashboardRepairsOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
  'dashboard.fuel': defineMethod({ summary: "The fleet's fuel of twelve months against the litres its limits allow", input: dashboardMonthInput, output: dashboardFuelOutput, access: STAFF, errors: ['INVALID_INPUT'] }),
};

export const api = {
  ...coreMethods,
  ...dispatchMethods,
  ...repairMethods,
  ...maintenanceMethods,
  ...fuelMethods,
  ...accidentMethods,
  ...violationMethods,
  ...assessmentMethods,
  ...settlementMethods,
  ...dashboardMethods,
  ...masterMethods('vehicles', masterSchemas.vehicles),
  ...masterMethods('models', masterSchemas.models),
  ...masterMethods('drivers', masterSchemas.drivers),
  ...masterMethods('shops', masterSchemas.shops),
  ...masterMethods('stations', masterSchemas.stations),
  ...masterMethods('parts', masterSchemas.parts),
};

export type Api = typeof api;
export type Method = keyof Api;
export type MethodInput<M extends Method> = z.input<Api[M]['input']>;
export type MethodOutput<M extends Method> = z.output<Api[M]['output']>;

export * from './errors.ts';
export type { Access, MethodDef } from './define.ts';
