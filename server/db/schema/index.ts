export * from './accounts.ts';
export * from './groups.ts';
export * from './mail.ts';
export * from './matching.ts';
export * from './moderation.ts';
export * from './notifications.ts';
export * from './posts.ts';
