// "Needs attention" on the idle screen: what the operator should fix, as message keys (the screens translate and
// show the times in Hong Kong time). Faults the core words itself stay in state.faults.
import type { AttentionItem, DeviceStatus, StatusListInfo } from '../api/state.ts';
import { isListWarning } from '../status/resolver.ts';

export function attentionItems(s: { devices: DeviceStatus[]; list: StatusListInfo; demoPin: boolean; now: number }): AttentionItem[] {
  const out: AttentionItem[] = [];
  if (s.demoPin) out.push({ key: 'demoPin' });
  for (const d of s.devices) {
    if (!d.configured || d.state === 'connected') continue;
    out.push({ key: 'scannerDisconnected', scanner: String(d.configured.number), ...(d.since ? { at: d.since } : {}) });
  }
  const l = s.list;
  if (l.loaded && l.stale && l.expiresAt) out.push({ key: 'listExpired', at: Date.parse(l.expiresAt) });
  if (l.loaded && l.issuedAt && Date.parse(l.issuedAt) > s.now) out.push({ key: 'listFuture', at: Date.parse(l.issuedAt) });
  // an expired or future list was accepted: it has its own item above, and is no failed update
  const failed = l.lastSyncError?.split('; ').filter((p) => !isListWarning(p)).join('; ');
  if (failed) out.push({ key: 'listRejected', detail: failed.slice(0, 500) });
  return out.slice(0, 50);
}
