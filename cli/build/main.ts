/** `npm run build`'s last step, after `tsc -b`: the bundles the CLI loads instead of many modules. */
import { bundleApiClient } from './api-client-bundle.js';
import { bundleEntry } from './bundle-entry.js';

await Promise.all([bundleEntry(), bundleApiClient()]);
