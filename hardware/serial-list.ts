// Serial port enumeration that survives a process out of file descriptors. On Linux serialport spawns `udevadm`;
// when spawn hits EMFILE it returns a child without stdio and emits 'error' a tick later, which (with nobody
// listening yet) would end the whole kiosk. Here the child always has an error listener, and a child that could
// not be started is a rejected listing: the device manager shows it as a fault and tries again on its next poll.
import { spawn } from 'node:child_process';
import { linuxList } from '@serialport/bindings-cpp/dist/linux-list.js';
import { SerialPort } from 'serialport';
import type { SerialPortInfo } from './types.ts';

type Spawn = typeof spawn;

export function guardedSpawn(real: Spawn = spawn): Spawn {
  return ((cmd: string, args: readonly string[], opts?: object) => {
    const child = real(cmd, args, opts ?? {});
    child.on('error', () => { /* reported through the listing's own rejection */ });
    if (!child.stdout) throw Object.assign(new Error(`cannot start ${cmd} (out of file descriptors?)`), { code: 'EMFILE' });
    return child;
  }) as Spawn;
}

export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  if (process.platform === 'linux') return (await linuxList(guardedSpawn())) as SerialPortInfo[];
  return (await SerialPort.list()) as SerialPortInfo[];
}
