import { describeOperator } from './operator-table';

describeOperator('provider-azure', {
  ProviderConfig: ['v1beta1 served storage'],
});
