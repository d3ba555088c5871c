import { fetchWithin } from './fetch-within.js';

/** Whether a URL answers 2xx within 2 s: a service's readiness, as a health check asks it. */
export async function probeHttp(url: string): Promise<boolean> {
  try {
    const res = await fetchWithin(url, 2000);
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
