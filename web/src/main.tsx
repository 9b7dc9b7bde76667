import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { wordErrorsWith } from './api';
import { errorWords } from './api-errors';
import { App } from './App';

// The API's refusals in the desk's language (the server's English for what it does not know).
wordErrorsWith(errorWords);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
