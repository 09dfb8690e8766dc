/** Every canonical kind's handler, by kind: a kind without one is a compile error. */
import type { CsvKind } from '../kinds';
import { areas } from './areas';
import { categories } from './categories';
import { crimes, investigations, outcomes } from './crime-facts';
import type { KindHandler } from './kind';
import { objectives } from './objectives';
import { peerGroups } from './peer-groups';
import { plans } from './plans';
import { crimeTypeMapping, lsoaLookup } from './police-uk-lookups';
import { satisfaction } from './satisfaction';

export const KIND_HANDLERS: Record<CsvKind, KindHandler<unknown>> = {
  areas,
  categories,
  peer_groups: peerGroups,
  plans,
  objectives,
  crimes,
  outcomes,
  investigations,
  satisfaction,
  lsoa_lookup: lsoaLookup,
  crime_type_mapping: crimeTypeMapping,
};
