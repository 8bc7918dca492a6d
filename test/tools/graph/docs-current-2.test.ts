import { describeGraphDocsShard } from './graph-docs';

describeGraphDocsShard(1, 2);
