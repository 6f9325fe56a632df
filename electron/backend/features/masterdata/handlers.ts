import { MASTER_AREAS, type MasterArea } from '../../../../shared/api/masterdata.ts';
import type { Handlers } from '../../core/context.ts';
import { createEntity, getEntity, listEntities, reactivateEntity, retireEntity, updateEntity } from './service.ts';

type MasterMethod = Extract<keyof Handlers, `${MasterArea}.${string}`>;

function areaHandlers(area: MasterArea) {
  return {
    [`${area}.list`]: (input: never, ctx: never) => listEntities(ctx, area, input),
    [`${area}.get`]: (input: { id: number }, ctx: never) => getEntity(ctx, area, input.id),
    [`${area}.create`]: (input: never, ctx: never) => createEntity(ctx, area, input),
    [`${area}.update`]: (input: never, ctx: never) => updateEntity(ctx, area, input),
    [`${area}.retire`]: (input: never, ctx: never) => retireEntity(ctx, area, input),
    [`${area}.reactivate`]: (input: never, ctx: never) => reactivateEntity(ctx, area, input),
  };
}

/** The five methods of every master-data area; the entity types are checked by the output schemas. */
export const masterHandlers = Object.assign({}, ...MASTER_AREAS.map(areaHandlers)) as Pick<Handlers, MasterMethod>;
