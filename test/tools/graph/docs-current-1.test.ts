import { describeGraphDocsShard } from './graph-docs';

describeGraphDocsShard(0, 2);
