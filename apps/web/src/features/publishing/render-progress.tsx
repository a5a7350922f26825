import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Shown while the server renders files (a PDF takes a second or more): an indeterminate progress
 * bar with what is happening and the seconds so far, so a long render does not look like a hang.
 */
export function RenderProgress({ label }: { label: string }) {
  const { t } = useTranslation();
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setSeconds((value) => value + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="render-progress" role="status" data-testid="render-progress">
      <progress aria-label={label} />
      <span>{label}</span>
      {seconds > 0 && <span className="render-progress__elapsed">{t('publishing.elapsed', { count: seconds })}</span>}
    </div>
  );
}
