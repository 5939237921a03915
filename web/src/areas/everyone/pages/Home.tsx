import { useT } from '../../../i18n/index.tsx';
import { Page } from '../../../ui/components.tsx';

/** The start page. */
export default function Home() {
  const t = useT();
  return (
    <Page title={t('app.title')}>
      <p className="lead">{t('app.subtitle')}</p>
    </Page>
  );
}
