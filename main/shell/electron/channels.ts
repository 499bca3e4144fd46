// IPC channel names shared by the Electron main process and the preload.
export const CALL_CHANNEL = 'kiosk:call';
export const EVENT_CHANNEL = 'kiosk:event';
