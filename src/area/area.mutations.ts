import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context/context';
import { AreaInput } from './area.inputs';
import { Area, PeerGroup } from './area.type';
import { deleteArea, moveArea, renamePeerGroup, upsertArea, upsertPeerGroup } from './area.writes';

@Resolver(() => Area)
export class AreaMutationResolver {
  @Authorized('STEWARD')
  @Mutation(() => Area, {
    description:
      'Creates an area, or updates the one with this code: validated like a row of areas.csv. A change of ' +
      'parent rebuilds the subtree sums of every figure. Audited as UPSERT_AREA. Needs a STEWARD key (or ' +
      'ADMIN).',
  })
  upsertArea(
    @Arg('input', () => AreaInput, { description: 'The area, as a row of areas.csv.' }) input: AreaInput,
    @Ctx() ctx: Context,
  ) {
    return upsertArea(ctx, input);
  }

  @Authorized('STEWARD')
  @Mutation(() => Area, {
    description:
      'Moves an area (with everything below it) under another parent; every figure of its old and new ' +
      "ancestors follows. A move under the area's own subtree is rejected (BAD_USER_INPUT). Audited as " +
      'MOVE_AREA. Needs a STEWARD key (or ADMIN).',
  })
  moveArea(
    @Arg('code', () => String, { description: 'Code of the area to move, e.g. BLABY.' }) code: string,
    @Arg('parentCode', () => String, {
      nullable: true,
      description: 'Required: code of the new parent, e.g. CITY; null makes the area a root.',
    })
    parentCode: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return moveArea(ctx, code, parentCode);
  }

  @Authorized('STEWARD')
  @Mutation(() => Area, {
    description:
      'Deletes an area that nothing refers to: no child areas, facts, objectives or LSOA lookups (otherwise ' +
      'BAD_USER_INPUT says what refers to it). Its populations and peer group memberships go with it. ' +
      'Returns the area as it was. Audited as DELETE_AREA. Needs a STEWARD key (or ADMIN).',
  })
  deleteArea(
    @Arg('code', () => String, { description: 'Code of the area to delete.' }) code: string,
    @Ctx() ctx: Context,
  ) {
    return deleteArea(ctx, code);
  }
}

@Resolver(() => PeerGroup)
export class PeerGroupMutationResolver {
  @Authorized('STEWARD')
  @Mutation(() => PeerGroup, {
    description:
      'Creates a peer group, or updates the one with this code: its name, and its membership, which is ' +
      'replaced by memberCodes. Audited as UPSERT_PEER_GROUP. Needs a STEWARD key (or ADMIN).',
  })
  upsertPeerGroup(
    @Arg('code', () => String, { description: 'Stable code of the group, e.g. LEICESTERSHIRE_MSG.' }) code: string,
    @Arg('name', () => String, { description: 'Name of the group.' }) name: string,
    @Arg('memberCodes', () => [String], {
      description: 'Codes of every member area (each once); replaces the current membership.',
    })
    memberCodes: string[],
    @Ctx() ctx: Context,
  ) {
    return upsertPeerGroup(ctx, code, name, memberCodes);
  }

  @Authorized('STEWARD')
  @Mutation(() => PeerGroup, {
    description:
      'Renames a peer group; its membership stays. Audited as RENAME_PEER_GROUP. Needs a STEWARD key (or ADMIN).',
  })
  renamePeerGroup(
    @Arg('code', () => String, { description: 'Code of the group.' }) code: string,
    @Arg('name', () => String, { description: 'The new name.' }) name: string,
    @Ctx() ctx: Context,
  ) {
    return renamePeerGroup(ctx, code, name);
  }
}
