// USB vendors whose scanners the kiosk picks up on its own, and what some of them need once opened.
// Serial (CDC-ACM) ports are auto-opened only for these vendors: any other serial port might be a modem or a
// relay. HID interfaces are auto-opened when their report descriptor says barcode scanner (usage page 0x8C),
// whoever made them; keyboard-mode scanners only when configured (vendor:product), since they look like keyboards.
// Generic USB-serial chips (CH340, CP210x, FTDI) are not here: relay boards and modems use them too; configure
// such a scanner by path.
export const SCANNER_VENDORS: Record<number, string> = {
  0x0c2e: 'Honeywell (Metrologic)',
  0x05e0: 'Zebra (Symbol)',
  0x0536: 'Honeywell (Hand Held Products)',
  0x05f9: 'Datalogic',
  0x1eab: 'Newland',
  0x065a: 'Opticon',
};

/** Feature report that switches a Honeywell scanner's HID POS interface to deliver scans (report 0xFE, value 1). */
export function hidPosEnableReport(vendorId: number): number[] | undefined {
  if (vendorId === 0x0c2e || vendorId === 0x0536) return [0xfe, 0x01];
  return undefined;
}

export function scannerVendor(vendorId: number | undefined): string | undefined {
  return vendorId === undefined ? undefined : SCANNER_VENDORS[vendorId];
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
