// Renderer entry: i18n first (synchronous resources), then the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.ts';
import { getKioskApi } from './api/index.ts';
import { App } from './app/App.tsx';
import './fonts/noto-sans-hk.css';
import './styles.css';

initI18n();
const el = document.getElementById('root');
if (el) {
  createRoot(el).render(
    <StrictMode>
      <App api={getKioskApi()} />
    </StrictMode>,
  );
}
