import { Ctx, Extensions, Query, Resolver } from 'type-graphql';
import type { Context } from '../context/context';
import { DIMENSIONS } from '../cache/cache-hints';
import { Dataset } from './dataset.type';
import { datasetState, DEMO_DATASET } from './dataset.service';

const OWN_DATA = {
  name: "This deployment's data",
  description: 'Figures imported by the operators of this server; the made-up demo data set is not loaded.',
};

@Resolver()
export class DatasetResolver {
  @Extensions(DIMENSIONS)
  @Query(() => Dataset, {
    description:
      'Whether the figures are the made-up demo data set or real data; read it before showing figures to ' +
      'anyone. One SQL statement.',
  })
  async dataset(@Ctx() ctx: Context): Promise<Dataset> {
    const state = await datasetState(ctx.prisma);
    const text = state.demo ? DEMO_DATASET : OWN_DATA;
    return { demo: state.demo, name: text.name, description: text.description, referenceData: state.reference };
  }
}
