/**
 * The pure domain code the renderer may use (DESIGN §2: renderer → preload only).
 *
 * Re-exports, no logic: the renderer imports derived metrics and the live-state types from here,
 * so the import direction stays renderer → preload → mpc and nothing with I/O slips in.
 */
export * from '../mpc/metrics'
export { ROLES } from '../mpc/events'
export type * from '../mpc/state'
export type * from '../mpc/events'
