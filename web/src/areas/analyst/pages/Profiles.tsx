/**
 * Weight profiles and their versions: which version of each name is active, each version's weights,
 * activating any version (an older one rolls back), and saving a new version by hand.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useLanguage, useT } from '../../../i18n/index.tsx';
import { Field, fieldError, Loading, Page, ProblemMessage } from '../../../ui/components.tsx';
import {
  activeDefault,
  AnalystTabs,
  ColumnHeads,
  componentsOf,
  profileRef,
  useActivate,
  useComponentName,
  useProfiles,
  useSaveVersion,
  VersionFormEnd,
  versionExtras,
  WeightsText,
  type Weights,
  type WeightProfile,
} from '../shared.tsx';

export default function Profiles() {
  const t = useT();
  const profiles = useProfiles();
  const activate = useActivate();
  const byName = new Map<string, WeightProfile[]>();
  for (const p of profiles.data ?? []) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);

  return (
    <Page title={t('analyst.profiles.title')}>
      <AnalystTabs />
      <p className="lead">{t('analyst.profiles.lead')}</p>
      {profiles.isPending ? <Loading /> : <ProblemMessage error={profiles.error} onRetry={() => void profiles.refetch()} />}
      <ProblemMessage error={activate.error} />
      {activate.isSuccess ? (
        <p role="status" className="ok">
          {t('analyst.profiles.activated', { profile: profileRef(activate.data) })}
        </p>
      ) : null}
      {[...byName].map(([name, versions]) => {
        const active = versions.find((v) => v.active);
        return (
          <section key={name} aria-labelledby={`profile-${name}`}>
            <h2 id={`profile-${name}`}>
              {name} {versions[0]?.isDefault ? <span className="tag">{t('analyst.profiles.default')}</span> : null}
            </h2>
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('analyst.profiles.versionsOf', { name })}</caption>
                <ColumnHeads labels={[t('analyst.profiles.version'), t('analyst.weights'), t('analyst.fusion'), t('analyst.profiles.made'), t('analyst.profiles.note'), t('analyst.profiles.state')]} />
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.version} className={v.active ? 'row-active' : undefined} data-profile={profileRef(v)}>
                      <th scope="row">v{v.version}</th>
                      <td>
                        <WeightsText weights={v.weights} />
                      </td>
                      <td>{t(`analyst.fusion.${v.fusion}`)}</td>
                      <td>
                        <Made profile={v} />
                      </td>
                      <td>{v.note ?? ''}</td>
                      <td className="state-cell">
                        {v.active ? (
                          <strong className="ok">{t('analyst.profiles.active')}</strong>
                        ) : (
                          <button type="button" disabled={activate.isPending} onClick={() => activate.mutate(profileRef(v))}>
                            {active && v.version < active.version ? t('analyst.profiles.rollBackTo', { profile: profileRef(v) }) : t('analyst.profiles.activate', { profile: profileRef(v) })}
                          </button>
                        )}
                        <Link href={`/analysis/what-if?profile=${encodeURIComponent(profileRef(v))}`}>{t('analyst.profiles.tryWhatIf')}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {profiles.data ? <NewVersion profiles={profiles.data} /> : null}
    </Page>
  );
}

function Made({ profile }: { profile: WeightProfile }) {
  const { lang } = useLanguage();
  const when = new Date(profile.createdAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      {when}
      {profile.createdBy ? <span className="muted"> · {profile.createdBy}</span> : null}
    </>
  );
}

/** A new version of a profile, weights in percent; the server checks them as it checks every profile. */
function NewVersion({ profiles }: { profiles: WeightProfile[] }) {
  const t = useT();
  const componentName = useComponentName();
  const base = activeDefault(profiles) ?? profiles[0];
  const [name, setName] = useState(base?.name ?? 'default');
  const [percents, setPercents] = useState<Record<string, string>>(() => Object.fromEntries(componentsOf(base?.weights ?? ({} as Weights)).map((c) => [c, String(Math.round((base?.weights[c] ?? 0) * 1000) / 10)])));
  const [fusion, setFusion] = useState(base?.fusion ?? 'searcher-harmonic');
  const save = useSaveVersion();
  const sum = Object.values(percents).reduce((s, v) => s + (Number(v) || 0), 0);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A new version of a stored name keeps that name's size matrix.
    const sizeMatrix = profiles.find((p) => p.name === name && p.active)?.sizeMatrix;
    const weights = Object.fromEntries(Object.entries(percents).map(([c, v]) => [c, Number(v) / 100])) as Weights;
    save.mutate({ name, weights, fusion, ...(sizeMatrix ? { sizeMatrix } : {}), ...versionExtras(event.currentTarget) });
  }

  return (
    <section aria-labelledby="new-version">
      <h2 id="new-version">{t('analyst.profiles.newVersion')}</h2>
      <p className="muted">{t('analyst.profiles.newVersionHint')}</p>
      <form className="form" onSubmit={submit}>
        <div className="form-row">
          <Field label={t('analyst.profiles.name')} error={fieldError(save.error, 'name')} hint={t('analyst.profiles.nameHint')}>
            {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} list="profile-names" required />}
          </Field>
          <datalist id="profile-names">
            {[...new Set(profiles.map((p) => p.name))].map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          {Object.keys(percents).map((c) => (
            <Field key={c} label={t('analyst.profiles.weightPercent', { component: componentName(c) })} error={fieldError(save.error, `weights.${c}`)}>
              {(props) => <input {...props} type="number" min={0} max={100} step="any" value={percents[c]} onChange={(e) => setPercents({ ...percents, [c]: e.target.value })} className="narrow-number" required />}
            </Field>
          ))}
          <Field label={t('analyst.fusion')} error={fieldError(save.error, 'fusion')}>
            {(props) => (
              <select {...props} value={fusion} onChange={(e) => setFusion(e.target.value as typeof fusion)}>
                {(['searcher-harmonic', 'harmonic', 'geometric', 'arithmetic', 'min'] as const).map((f) => (
                  <option key={f} value={f}>
                    {t(`analyst.fusion.${f}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <p className={Math.abs(sum - 100) < 0.01 ? 'muted' : 'warn'} aria-live="polite">
          {t('analyst.profiles.sum', { sum: Math.round(sum * 10) / 10 })}
        </p>
        {fieldError(save.error, 'weights') ? (
          <p className="field-error" role="alert">
            {fieldError(save.error, 'weights')}
          </p>
        ) : null}
        <VersionFormEnd save={save} submitLabel={t('analyst.profiles.save')} shownFields={['weights', 'name', 'fusion']} />
      </form>
    </section>
  );
}
