/**
 * The enums of the data model, registered once for GraphQL with descriptions. Their values
 * come from the Prisma schema, so the database and the API cannot drift apart.
 */
import { registerEnumType } from 'type-graphql';
import { AreaLevel, CategoryKind, Harm, Measure, OutcomeType, SatisfactionAspect, Survey } from '../generated/prisma/enums';

export { AreaLevel, CategoryKind, Harm, Measure, OutcomeType, SatisfactionAspect, Survey };

registerEnumType(AreaLevel, {
  name: 'AreaLevel',
  description: 'Level of an area in the geography tree, top down: NATIONAL, REGION, FORCE, BCU (basic command unit), LPU (local policing unit), NEIGHBOURHOOD.',
});
registerEnumType(CategoryKind, {
  name: 'CategoryKind',
  description: 'CRIME for notifiable recorded crime; INCIDENT for non-crime incidents such as anti-social behaviour.',
});
registerEnumType(OutcomeType, {
  name: 'OutcomeType',
  description: 'How a crime was resolved.',
  valuesConfig: {
    CHARGE_SUMMONS: { description: 'Charged or summonsed.' },
    CAUTION: { description: 'Caution (adult or youth).' },
    TIC: { description: 'Taken into consideration by a court when sentencing for another offence.' },
    PENALTY_NOTICE: { description: 'Penalty notice for disorder.' },
    CANNABIS_WARNING: { description: 'Cannabis warning.' },
    COMMUNITY_RESOLUTION: { description: 'Community resolution.' },
  },
});
registerEnumType(Survey, {
  name: 'Survey',
  description: 'Victim satisfaction survey. ALL_USERS covers the burglary, vehicle and violent surveys together.',
});
registerEnumType(SatisfactionAspect, {
  name: 'SatisfactionAspect',
  description: 'Aspect of the service a survey asks about; WHOLE_EXPERIENCE is the headline satisfaction.',
});
registerEnumType(Measure, {
  name: 'Measure',
  description: 'What an objective measures.',
  valuesConfig: {
    RECORDED_CRIME: { description: 'Recorded crime, with a reduction target in percent on the same months a year earlier.' },
    OUTCOME_RATE: { description: 'Outcomes as a percentage of recorded crimes, with a rate target.' },
    SATISFACTION: { description: 'Rolling 12-month victim satisfaction (whole experience), with a rate target.' },
  },
});
registerEnumType(Harm, {
  name: 'Harm',
  description: 'Harm level of an objective, used by the scorecard: HIGH, MEDIUM or LOW.',
});
