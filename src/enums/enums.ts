/**
 * The enums of the data model, registered once for GraphQL with descriptions. Their values
 * come from the Prisma schema, so the database and the API cannot drift apart.
 */
import { registerEnumType } from 'type-graphql';
import {
  AreaLevel,
  CategoryKind,
  Harm,
  Measure,
  OutcomeType,
  SatisfactionAspect,
  Survey,
} from '../generated/prisma/enums';

export { AreaLevel, CategoryKind, Harm, Measure, OutcomeType, SatisfactionAspect, Survey };

registerEnumType(AreaLevel, {
  name: 'AreaLevel',
  description:
    'Level of an area in the geography tree, top down: NATIONAL, REGION, FORCE, BCU (basic command unit), ' +
    'LPU (local policing unit), NEIGHBOURHOOD.',
  valuesConfig: {
    NATIONAL: { description: 'A whole country, e.g. England and Wales.' },
    REGION: { description: 'A region grouping forces.' },
    FORCE: { description: 'A police force area, e.g. Leicestershire Police.' },
    BCU: { description: 'A basic command unit within a force.' },
    LPU: { description: 'A local policing unit within a BCU.' },
    NEIGHBOURHOOD: { description: 'A neighbourhood within an LPU.' },
  },
});
registerEnumType(CategoryKind, {
  name: 'CategoryKind',
  description: 'CRIME for notifiable recorded crime; INCIDENT for non-crime incidents such as anti-social behaviour.',
  valuesConfig: {
    CRIME: { description: 'Notifiable recorded crime.' },
    INCIDENT: { description: 'A non-crime incident, such as anti-social behaviour.' },
  },
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
  valuesConfig: {
    ALL_USERS: { description: 'All users: the burglary, vehicle and violent crime surveys together.' },
    BURGLARY: { description: 'Victims of burglary.' },
    VEHICLE: { description: 'Victims of vehicle crime.' },
    VIOLENT: { description: 'Victims of violent crime.' },
    RACIST_INCIDENT: { description: 'Victims of racist incidents.' },
    ASB: { description: 'Callers reporting anti-social behaviour.' },
  },
});
registerEnumType(SatisfactionAspect, {
  name: 'SatisfactionAspect',
  description: 'Aspect of the service a survey asks about; WHOLE_EXPERIENCE is the headline satisfaction.',
  valuesConfig: {
    EASE_OF_CONTACT: { description: 'Ease of contacting the police.' },
    ACTIONS: { description: 'Actions taken by the police.' },
    FOLLOW_UP: { description: 'Being kept informed of progress.' },
    TREATMENT: { description: 'How the victim was treated.' },
    WHOLE_EXPERIENCE: { description: 'The whole experience: the headline satisfaction.' },
  },
});
registerEnumType(Measure, {
  name: 'Measure',
  description: 'What an objective measures.',
  valuesConfig: {
    RECORDED_CRIME: {
      description: 'Recorded crime, with a reduction target in percent on the same months a year earlier.',
    },
    OUTCOME_RATE: { description: 'Outcomes as a percentage of recorded crimes, with a rate target.' },
    SATISFACTION: { description: 'Rolling 12-month victim satisfaction (whole experience), with a rate target.' },
  },
});
registerEnumType(Harm, {
  name: 'Harm',
  description: 'Harm level of an objective, used by the scorecard: HIGH, MEDIUM or LOW.',
  valuesConfig: {
    HIGH: { description: 'High harm (or a high-threat classification).' },
    MEDIUM: { description: 'Medium harm.' },
    LOW: { description: 'Low harm.' },
  },
});
