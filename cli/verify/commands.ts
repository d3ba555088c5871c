import type { Command } from 'commander';

/** Registers the verify commands. Keep this file light: load the work inside each action. */
export function register(_program: Command): void {}
