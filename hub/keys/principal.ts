/** Who is asking: the holder of a key, or the local command line (which owns the data dir). */
import type { AuditActor } from '../model.ts';

/** The caller of a use case; the same shape is written to the audit log as the actor. */
export type Principal = AuditActor;

/** The `hub` CLI on the hub's own machine: it can open the store, so it can do anything. */
export const LOCAL_CLI: Principal = { keyId: 'cli', role: 'admin', label: 'local command line' };

/** The hub itself, loading its demo content at start (so the demo's portals and sources are audited too). */
export const DEMO_LOADER: Principal = { keyId: 'demo', role: 'admin', label: 'demo content loaded at start' };

export const isAdmin = (p: Principal) => p.role === 'admin';
