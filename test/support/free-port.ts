/** Free ports for the tests: the CLI's own helper (course check --run picks its ports with it). */
export { freePort, freeUdpPort } from '../../cli/util/free-port.js';
