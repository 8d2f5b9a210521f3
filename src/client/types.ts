/** Every request and response shape of the client, in one import. */
export type * from './account-types.js';
export type * from './device-types.js';
export type * from './profile-types.js';
