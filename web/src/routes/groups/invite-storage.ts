/** Where an invite token waits while its holder signs in (perhaps in another tab). */
export const INVITE_STORAGE_KEY = 'kindred.invite';
