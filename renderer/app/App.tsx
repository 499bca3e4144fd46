// The kiosk's one screen switcher: connecting -> idle <-> verdict, group, operator login and operator screens.
import { useEffect, type ReactNode } from 'react';
import type { KioskApi } from '../../main/api/contract.ts';
import { Bi, OrderContext } from '../components/Bi.tsx';
import { useKiosk } from './useKiosk.ts';
import { Idle } from '../screens/Idle.tsx';

export function App({ api }: { api: KioskApi }): ReactNode {
  const { state, ready } = useKiosk(api);
  const order = state?.settings.languageOrder ?? 'zh-en';

  useEffect(() => {
    document.documentElement.lang = order === 'en-zh' ? 'en' : 'zh-Hant-HK';
  }, [order]);

  return (
    <OrderContext.Provider value={order}>
      <div className="app" id="kiosk-root" data-ready={ready ? 'true' : 'false'}>
        {!state ? (
          <main className="screen connecting" data-screen="connecting">
            <h1 className="visually-hidden"><Bi k="app.title" /></h1>
            <p className="connecting-text" role="status" aria-live="polite"><Bi k="app.connecting" /></p>
          </main>
        ) : (
          <>
            {!ready && <p className="banner-connecting" role="status" aria-live="polite"><Bi k="app.connecting" /></p>}
            <Idle state={state} onOperator={() => {}} onStartGroup={() => {}} />
          </>
        )}
      </div>
    </OrderContext.Provider>
  );
}
