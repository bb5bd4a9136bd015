export { default, default as init, initSync } from './certcentral_orders.js';
export type { InitInput, InitOutput, SyncInitInput } from './certcentral_orders.js';
export * from './certcentral_orders.js';
