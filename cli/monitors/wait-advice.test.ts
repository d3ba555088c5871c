import { describe, expect, it } from 'vitest';
import { waitAdvice } from './run-monitors.js';

describe('waitAdvice', () => {
  it('says what happens for each state --wait can miss', () => {
    expect(waitAdvice('Alert', 'OK')).toMatch(/traffic errors/);
    expect(waitAdvice('OK', 'Alert')).toMatch(/wait one evaluation window/);
    expect(waitAdvice('OK', 'No Data')).toMatch(/traffic quick/);
    expect(waitAdvice('OK', 'No Data')).not.toMatch(/traffic to stop/);
  });
});
