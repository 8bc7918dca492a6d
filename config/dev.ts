/** dev: one replica of everything, no autoscaling, the Let's Encrypt staging issuer. */
import type { DeepPartial } from '../lib/config-check';
import type { PlatformConfig } from './types';

export const dev: DeepPartial<PlatformConfig> = {
  dns: { apiHost: 'api.dev.matih.ai', tenantDomain: 'dev.matih.ai' },
  services: {
    'ai-service': { tag: '2.4.0-rc.1' },
    'query-engine': { tag: '1.10.0-rc.2' },
  },
};
