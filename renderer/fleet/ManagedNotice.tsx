// "Managed centrally": which settings this kiosk's fleet sets through its signed configuration. A local change to
// one of them lasts only until the fleet's next configuration.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskState } from '../../main/api/state.ts';

const NAMES = ['verdictSeconds', 'volume', 'muted', 'languageOrder', 'operatorLanguage', 'unknownColourPolicy', 'venueCheck', 'ruleProfile', 'retentionDays', 'statusSync', 'trustStores', 'ruleFiles'];

/** The small "managed centrally" mark beside one setting the fleet sets (nothing when it does not). */
export function ManagedTag({ fleet, names }: { fleet: KioskState['fleet']; names: string[] }): ReactNode {
  const { t } = useTranslation();
  if (!fleet || !names.some((n) => fleet.managed.includes(n))) return null;
  return <span className="managed-tag" data-testid={`managed-${names[0]}`}>{t('op.fleet.tag')}</span>;
}

export function ManagedNotice({ fleet }: { fleet: KioskState['fleet'] }): ReactNode {
  const { t } = useTranslation();
  if (!fleet || fleet.managed.length === 0) return null;
  const list = fleet.managed.filter((m) => NAMES.includes(m)).map((m) => t(`op.fleet.names.${m}`)).join(t('op.fleet.separator'));
  return (
    <p className="managed-notice" role="note" data-testid="managed-centrally">
      <strong>{t('op.fleet.managed')}</strong> {t('op.fleet.detail', { site: fleet.site, kiosk: fleet.kioskId, list })}
    </p>
  );
}
