import { useState, type FormEvent } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { ApiProblem } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';
import { useSession } from '../session/session.tsx';
import { Field, Page } from './components.tsx';

/** Sign-in with an API key; afterwards back to the page that asked for it. */
export default function SignIn() {
  const t = useT();
  const { signIn } = useSession();
  const [, navigate] = useLocation();
  const [search] = useSearchParams();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(key);
      navigate(search.get('next') ?? '/');
    } catch (err) {
      setError(err instanceof ApiProblem && err.status === 401 ? t('signIn.wrongKey') : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('signIn.title')}>
      <p className="lead">{t('signIn.explain')}</p>
      <form onSubmit={submit} className="form narrow">
        <Field label={t('signIn.key')} error={error}>
          {(props) => <input {...props} type="password" autoComplete="off" required value={key} onChange={(e) => setKey(e.target.value)} />}
        </Field>
        <button type="submit" className="primary" disabled={busy || key.trim() === ''}>
          {t('signIn.submit')}
        </button>
      </form>
    </Page>
  );
}
